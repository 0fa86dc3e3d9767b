"""create_multiple_photos: a creator publishes several photos at once, or none."""

import io

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from blog.models import Photo
from images.storage import rendition_name
from testsupport.factories import image_upload
from testsupport.storage import fail_the_nth_save, stored_files, waiting_uploads

pytestmark = pytest.mark.django_db
URL = reverse("create_multiple_photos")
JSON = {"HTTP_ACCEPT": "application/json"}


def three_images() -> list[SimpleUploadedFile]:
    return [image_upload(f"photo-{number}.jpg") for number in range(3)]


def three_wide_images() -> list[SimpleUploadedFile]:
    """Three 500-px pictures: each is stored with a 400-px rendition."""
    uploads = []
    for number in range(3):
        buffer = io.BytesIO()
        Image.new("RGB", (500, 250), "teal").save(buffer, "JPEG")
        uploads.append(SimpleUploadedFile(f"wide-{number}.jpg", buffer.getvalue()))
    return uploads


def captions() -> list[str]:
    return list(Photo.objects.order_by("pk").values_list("caption", flat=True))


def test_it_has_the_course_path():
    assert URL == "/photo/upload-multiple/"


def test_it_shows_a_creator_a_file_input_taking_several_files(client, creator):
    client.force_login(creator)
    response = client.get(URL)
    assert response.status_code == 200
    assert (
        '<input type="file" name="images" accept="image/jpeg,image/png,image/webp,'
        'image/heic,image/heif,.heic,.heif" multiple required'
    ) in response.text


def test_it_publishes_every_photo_of_one_upload(client, creator, photo_worker):
    client.force_login(creator)
    with photo_worker():
        response = client.post(URL, {"images": three_images(), "caption": "Coast"})

    assert response.status_code == 302
    assert response["Location"] == reverse("photo_feed")
    photos = Photo.objects.all()
    assert len(photos) == 3
    assert {(photo.uploader, photo.caption) for photo in photos} == {(creator, "Coast")}
    assert {photo.status for photo in photos} == {Photo.Status.READY}
    assert stored_files() == sorted(photo.image.name for photo in photos)
    assert waiting_uploads() == []
    page = client.get(response["Location"]).text
    assert "3 photos uploaded: they are being prepared." in page


def test_it_publishes_nothing_when_one_file_is_not_an_image(client, creator):
    not_an_image = SimpleUploadedFile("notes.jpg", b"<html>hi</html>", "image/jpeg")
    client.force_login(creator)
    response = client.post(
        URL, {"images": [image_upload("a.jpg"), not_an_image, image_upload("b.jpg")]}
    )

    assert response.status_code == 200
    assert "notes.jpg is not a JPEG, PNG, WebP or HEIC picture." in response.text
    assert not Photo.objects.exists()
    assert stored_files() == []


def test_it_publishes_nothing_when_one_image_has_a_refused_format(client, creator):
    client.force_login(creator)
    response = client.post(
        URL, {"images": [image_upload("a.jpg"), image_upload("anim.gif", "GIF")]}
    )

    assert response.status_code == 200
    assert "anim.gif is not a JPEG, PNG, WebP or HEIC picture" in response.text
    assert not Photo.objects.exists()
    assert stored_files() == []


def test_it_asks_for_at_least_one_file(client, creator):
    client.force_login(creator)
    response = client.post(URL, {"caption": "Nothing"})
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert not Photo.objects.exists()


def test_it_refuses_more_files_than_the_limit(client, creator, settings):
    settings.FOTOBLOG_MAX_FILES_PER_UPLOAD = 2
    client.force_login(creator)
    response = client.post(URL, {"images": three_images()})

    assert response.status_code == 200
    assert "Send at most 2 photos at once." in response.text
    assert not Photo.objects.exists()
    assert stored_files() == []


@pytest.mark.parametrize(
    "failing_save",
    [
        pytest.param(2, id="the second upload, once the first row is saved"),
        pytest.param(3, id="the last upload"),
    ],
)
def test_it_keeps_nothing_when_storage_fails_midway(
    client, creator, monkeypatch, failing_save
):
    calls = fail_the_nth_save(monkeypatch, FileSystemStorage, failing_save)
    client.raise_request_exception = False
    client.force_login(creator)
    response = client.post(URL, {"images": three_wide_images()})

    assert len(calls) == failing_save
    assert response.status_code == 503
    assert "fotoblog is briefly unavailable" in response.text
    assert not Photo.objects.exists()
    assert (stored_files(), waiting_uploads()) == ([], [])


@pytest.mark.parametrize(
    "failing_save",
    [
        pytest.param(1, id="the picture"),
        pytest.param(2, id="its rendition"),
    ],
)
def test_a_worker_whose_storage_fails_leaves_a_message_and_no_file(
    client, creator, monkeypatch, photo_worker, failing_save
):
    client.force_login(creator)
    with photo_worker():
        client.post(URL, {"images": three_wide_images()[:1]})
        calls = fail_the_nth_save(monkeypatch, FileSystemStorage, failing_save)

    assert len(calls) == failing_save  # the worker's saves: picture, then rendition
    photo = Photo.objects.get()
    assert photo.status == Photo.Status.FAILED
    assert (stored_files(), waiting_uploads()) == ([], [])
    page = client.get(reverse("photo_feed")).text
    assert "This photo could not be prepared. Please upload it again." in page


def test_it_answers_a_script_with_where_to_go_after_publishing(
    client, creator, photo_worker
):
    client.force_login(creator)

    with photo_worker():
        response = client.post(URL, {"images": three_wide_images()}, **JSON)

    assert response.status_code == 200
    assert response.json() == {"redirect": "/photos/"}
    photos = Photo.objects.all()
    assert len(photos) == 3
    assert stored_files() == sorted(
        name
        for photo in photos
        for name in (photo.image.name, rendition_name(photo.image.name, 400))
    )
    assert "3 photos uploaded: they are being prepared." in client.get("/photos/").text


def test_it_answers_a_script_with_the_error_of_each_refused_file(client, creator):
    not_an_image = SimpleUploadedFile("notes.jpg", b"<html>hi</html>", "image/jpeg")
    client.force_login(creator)

    response = client.post(
        URL,
        {"images": [image_upload("a.jpg"), not_an_image, image_upload("b.jpg")]},
        **JSON,
    )

    assert response.status_code == 400
    assert response.json() == {
        "files": {"1": ["notes.jpg is not a JPEG, PNG, WebP or HEIC picture."]},
        "errors": [],
    }
    assert not Photo.objects.exists()
    assert stored_files() == []


def test_it_answers_a_script_with_errors_that_concern_no_single_file(
    client, creator, settings
):
    settings.FOTOBLOG_MAX_FILES_PER_UPLOAD = 2
    client.force_login(creator)

    too_many = client.post(URL, {"images": three_images()}, **JSON)
    none = client.post(URL, {"caption": "Nothing"}, **JSON)

    assert too_many.status_code == none.status_code == 400
    assert too_many.json() == {
        "files": {},
        "errors": ["Send at most 2 photos at once."],
    }
    assert none.json() == {"files": {}, "errors": ["Photos: This field is required."]}
    assert not Photo.objects.exists()
    assert stored_files() == []


def test_it_gives_each_photo_its_own_caption_or_else_the_common_one(client, creator):
    client.force_login(creator)

    response = client.post(
        URL,
        {
            "images": three_images(),
            "captions": ["Dawn", "", "  Dusk  "],
            "caption": "Coast",
        },
        **JSON,
    )

    assert response.status_code == 200
    assert captions() == ["Dawn", "Coast", "Dusk"]


def test_it_gives_the_common_caption_to_photos_sent_without_one(client, creator):
    client.force_login(creator)

    response = client.post(
        URL, {"images": three_images(), "captions": ["Dawn"], "caption": "Coast"}
    )

    assert response.status_code == 302
    assert captions() == ["Dawn", "Coast", "Coast"]


def test_it_refuses_a_photo_whose_own_caption_is_too_long(client, creator):
    client.force_login(creator)
    data = {"images": three_images(), "captions": ["Dawn", "x" * 129, "Dusk"]}

    response = client.post(URL, data, **JSON)

    assert response.status_code == 400
    assert response.json() == {
        "files": {"1": ["The caption of photo-1.jpg is longer than 128 characters."]},
        "errors": [],
    }
    assert not Photo.objects.exists()
    assert stored_files() == []


def test_it_takes_a_caption_of_exactly_the_longest_length(client, creator):
    client.force_login(creator)
    data = {"images": three_images()[:1], "captions": ["x" * 128]}

    response = client.post(URL, data, **JSON)

    assert response.status_code == 200
    assert captions() == ["x" * 128]
