"""The one upload flow: photos sent together, each with its caption and alt text,
published as photos (one batch) or as a post (cover and gallery), all or nothing."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from blog.models import Blog, BlogContributor, GalleryPhoto, Photo, Visibility
from images.pipeline import process_photo
from testsupport.factories import image_upload
from testsupport.storage import fail_the_nth_save, stored_files, waiting_uploads

pytestmark = pytest.mark.django_db
UPLOAD = reverse("photo_upload")
NEW_POST = reverse("blog_and_photo_upload")
JSON = {"HTTP_ACCEPT": "application/json"}
NAMES = ["dawn.jpg", "noon.jpg", "dusk.jpg"]


def three_photos(**changes) -> dict:
    """Three photos with their own captions and alt texts, as the page's script
    sends them."""
    data = {
        "images": [image_upload(name) for name in NAMES],
        "captions": ["First light", "", "Last light"],
        "alts": ["A red sky over the sea", "Boats in a harbour", ""],
        "visibility": "followers",
    }
    return {**data, **changes}


def a_post(**changes) -> dict:
    post = {
        "publish_as": "post",
        "title": "A day on the coast",
        "content": "From dawn to dusk.",
        "is_published": "on",
    }
    return three_photos(**{**post, **changes})


def photos_in_upload_order() -> list[Photo]:
    return list(Photo.objects.order_by("pk"))


def in_gallery(blog: Blog) -> list[Photo]:
    """The post's gallery in its order (a photo's own ordering is newest first)."""
    return list(blog.gallery.order_by("galleryphoto__position"))


def assert_nothing_saved() -> None:
    assert not Blog.objects.exists()
    assert not Photo.objects.exists()
    assert not GalleryPhoto.objects.exists()
    assert not BlogContributor.objects.exists()
    assert (stored_files(), waiting_uploads()) == ([], [])


def test_photos_are_published_in_their_order_as_one_batch(
    client, creator, photo_worker
):
    client.force_login(creator)
    with photo_worker():
        response = client.post(UPLOAD, three_photos())

    assert response.status_code == 302
    assert response["Location"] == reverse("photo_feed")
    photos = photos_in_upload_order()
    assert [(p.caption, p.alt) for p in photos] == [
        ("First light", "A red sky over the sea"),
        ("", "Boats in a harbour"),
        ("Last light", ""),
    ]
    assert [p.width for p in photos] == [64, 64, 64]
    batches = {photo.upload_batch for photo in photos}
    assert len(batches) == 1
    assert None not in batches
    assert {(p.shown_alone, p.visibility) for p in photos} == {
        (True, Visibility.FOLLOWERS)
    }
    assert not Blog.objects.exists()
    page = client.get(response["Location"]).text
    assert "3 photos uploaded: they are being prepared." in page


def test_two_uploads_are_two_batches(client, creator):
    client.force_login(creator)
    client.post(UPLOAD, {"images": [image_upload(), image_upload()]})
    client.post(UPLOAD, {"images": [image_upload()]})

    first, second, third = [p.upload_batch for p in photos_in_upload_order()]
    assert first == second != third


def test_a_post_gets_the_first_photo_as_cover_and_the_others_as_its_gallery(
    client, creator, photo_worker
):
    client.force_login(creator)
    with photo_worker():
        response = client.post(UPLOAD, a_post(), **JSON)

    blog = Blog.objects.get()
    assert response.status_code == 200
    assert response.json() == {"redirect": blog.get_absolute_url()}
    dawn, noon, dusk = photos_in_upload_order()
    assert (blog.title, blog.content, blog.owner) == (
        "A day on the coast",
        "From dawn to dusk.",
        creator,
    )
    assert (blog.is_published, blog.visibility) == (True, Visibility.FOLLOWERS)
    assert blog.photo == dawn
    assert in_gallery(blog) == [noon, dusk]
    assert [(p.caption, p.alt) for p in (dawn, noon, dusk)] == [
        ("First light", "A red sky over the sea"),
        ("", "Boats in a harbour"),
        ("Last light", ""),
    ]
    assert {photo.shown_alone for photo in (dawn, noon, dusk)} == {False}
    assert {photo.status for photo in (dawn, noon, dusk)} == {Photo.Status.READY}
    assert list(BlogContributor.objects.values_list("contributor", flat=True)) == [
        creator.pk
    ]
    assert "Your post is published." in client.get(blog.get_absolute_url()).text


def test_the_gallery_keeps_the_order_the_photos_were_sent_in(client, creator):
    client.force_login(creator)
    names = ["c.jpg", "a.jpg", "d.jpg", "b.jpg"]
    images = [image_upload(name) for name in names]
    captions = [name.removesuffix(".jpg") for name in names]

    client.post(UPLOAD, a_post(images=images, captions=captions, alts=[]))

    blog = Blog.objects.get()
    assert blog.photo.caption == "c"
    assert [photo.caption for photo in in_gallery(blog)] == ["a", "d", "b"]


def test_a_post_of_one_photo_has_a_cover_and_no_gallery(client, creator):
    client.force_login(creator)

    client.post(NEW_POST, a_post(images=[image_upload()], captions=["Alone"]))

    blog = Blog.objects.get()
    assert blog.photo.caption == "Alone"
    assert not blog.gallery.exists()


def test_a_post_without_a_title_is_refused_and_nothing_is_saved(client, creator):
    client.force_login(creator)

    page = client.post(NEW_POST, a_post(title=""))
    answer = client.post(NEW_POST, a_post(title=""), **JSON)

    assert page.status_code == 200
    assert "This field is required." in page.text
    assert answer.status_code == 400
    assert answer.json() == {"files": {}, "errors": ["Title: This field is required."]}
    assert_nothing_saved()


def test_photos_need_no_title(client, creator):
    client.force_login(creator)

    response = client.post(NEW_POST, three_photos(publish_as="photos"))

    assert response.status_code == 302
    assert Photo.objects.count() == 3
    assert not Blog.objects.exists()


@pytest.mark.parametrize("choice", ["photos", "post"])
def test_one_bad_file_among_five_is_named_and_nothing_is_saved(client, creator, choice):
    not_an_image = SimpleUploadedFile("notes.jpg", b"<html>hi</html>", "image/jpeg")
    images = [image_upload(f"{n}.jpg") for n in range(4)]
    images.insert(2, not_an_image)
    client.force_login(creator)

    page = client.post(UPLOAD, a_post(images=images, publish_as=choice))

    assert page.status_code == 200
    assert "notes.jpg is not a JPEG, PNG, WebP or HEIC picture." in page.text
    assert_nothing_saved()


def test_it_names_the_photo_whose_alt_text_is_too_long(client, creator):
    client.force_login(creator)

    response = client.post(UPLOAD, a_post(alts=["", "x" * 251, ""]), **JSON)

    assert response.status_code == 400
    assert response.json() == {
        "files": {"1": ["The alt text of noon.jpg is longer than 250 characters."]},
        "errors": [],
    }
    assert_nothing_saved()


def test_it_takes_an_alt_text_of_exactly_the_longest_length(client, creator):
    client.force_login(creator)

    client.post(UPLOAD, three_photos(alts=["x" * 250]))

    assert photos_in_upload_order()[0].alt == "x" * 250


@pytest.mark.parametrize("failing_save", [2, 3])
def test_a_post_keeps_nothing_when_storage_fails_midway(
    client, creator, monkeypatch, failing_save
):
    calls = fail_the_nth_save(monkeypatch, FileSystemStorage, failing_save)
    client.raise_request_exception = False
    client.force_login(creator)

    response = client.post(NEW_POST, a_post())

    assert len(calls) == failing_save
    assert response.status_code == 503
    assert_nothing_saved()


def test_a_post_past_the_storage_quota_is_refused_whole(client, creator, settings):
    one_photo = process_photo(image_upload()).stored_bytes
    settings.FOTOBLOG_STORAGE_QUOTA_BYTES = 2 * one_photo
    client.force_login(creator)

    response = client.post(NEW_POST, a_post())

    assert response.status_code == 200
    assert "This would take you past your storage space" in response.text
    assert_nothing_saved()


@pytest.fixture
def photographer(subscriber):
    """A member who may upload photos but not write posts."""
    subscriber.user_permissions.add(
        Permission.objects.get(codename="add_photo", content_type__app_label="blog")
    )
    return subscriber


def test_who_may_not_write_posts_is_offered_photos_only(client, photographer):
    client.force_login(photographer)

    page = client.get(UPLOAD).text

    assert 'type="file" name="images"' in page
    assert "Make a post" not in page
    assert 'name="title"' not in page
    assert re.search(r'<input type="hidden" name="publish_as" value="photos"', page)


def test_who_may_not_write_posts_cannot_send_one(client, photographer):
    client.force_login(photographer)

    response = client.post(UPLOAD, a_post())

    assert response.status_code == 200
    assert "Your account may not make posts: publish as photos." in response.text
    assert_nothing_saved()
    assert client.post(UPLOAD, three_photos()).status_code == 302
    assert Photo.objects.count() == 3


def test_who_may_not_write_posts_cannot_open_the_new_post_page(client, photographer):
    client.force_login(photographer)

    assert client.get(NEW_POST).status_code == 403
