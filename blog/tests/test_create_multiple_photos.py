"""create_multiple_photos: a creator publishes several photos at once, or none."""

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from blog.models import Photo
from fotoblog.testing import image_upload, stored_files

pytestmark = pytest.mark.django_db
URL = reverse("create_multiple_photos")


def three_images() -> list[SimpleUploadedFile]:
    return [image_upload(f"photo-{number}.jpg") for number in range(3)]


def test_it_has_the_course_path():
    assert URL == "/photo/upload-multiple/"


def test_it_sends_an_anonymous_visitor_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={URL}"


def test_it_sends_an_anonymous_upload_to_the_login_page_and_stores_nothing(client):
    response = client.post(URL, {"images": three_images()})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Photo.objects.exists()
    assert stored_files() == []


def test_it_forbids_a_subscriber_and_stores_nothing(client, subscriber):
    client.force_login(subscriber)
    assert client.get(URL).status_code == 403
    response = client.post(URL, {"images": three_images()})
    assert response.status_code == 403
    assert "You are not allowed to do this" in response.text
    assert not Photo.objects.exists()
    assert stored_files() == []


def test_it_shows_a_creator_a_file_input_taking_several_files(client, creator):
    client.force_login(creator)
    response = client.get(URL)
    assert response.status_code == 200
    assert 'type="file" name="images" multiple' in response.text


def test_it_publishes_every_photo_of_one_upload(client, creator):
    client.force_login(creator)
    response = client.post(URL, {"images": three_images(), "caption": "Coast"})

    assert response.status_code == 302
    assert response["Location"] == reverse("photo_feed")
    photos = Photo.objects.all()
    assert len(photos) == 3
    assert {(photo.uploader, photo.caption) for photo in photos} == {(creator, "Coast")}
    assert stored_files() == sorted(photo.image.name for photo in photos)
    assert "3 photos published." in client.get(response["Location"]).text


def test_it_publishes_nothing_when_one_file_is_not_an_image(client, creator):
    not_an_image = SimpleUploadedFile("notes.jpg", b"<html>hi</html>", "image/jpeg")
    client.force_login(creator)
    response = client.post(
        URL, {"images": [image_upload("a.jpg"), not_an_image, image_upload("b.jpg")]}
    )

    assert response.status_code == 200
    assert "notes.jpg: Upload a valid image" in response.text
    assert not Photo.objects.exists()
    assert stored_files() == []


def test_it_publishes_nothing_when_one_image_has_a_refused_format(client, creator):
    client.force_login(creator)
    response = client.post(
        URL, {"images": [image_upload("a.jpg"), image_upload("anim.gif", "GIF")]}
    )

    assert response.status_code == 200
    assert "anim.gif is not a JPEG, PNG or WebP picture" in response.text
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


def test_it_removes_stored_files_when_storage_fails_midway(
    client, creator, monkeypatch
):
    real_save = FileSystemStorage._save
    calls = []

    def fail_on_second_file(storage, name, content):
        calls.append(name)
        if len(calls) == 2:
            raise OSError("disk full")
        return real_save(storage, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", fail_on_second_file)
    client.raise_request_exception = False
    client.force_login(creator)
    response = client.post(URL, {"images": three_images()})

    assert len(calls) == 2
    assert response.status_code == 500
    assert "Something went wrong" in response.text
    assert not Photo.objects.exists()
    assert stored_files() == []
