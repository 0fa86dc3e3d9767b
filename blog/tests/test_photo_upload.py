"""photo_upload: creators publish a photo; nobody else can."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from blog.models import Photo
from testsupport.factories import image_upload
from testsupport.storage import stored_files

pytestmark = pytest.mark.django_db
URL = reverse("photo_upload")


def test_it_has_the_course_path():
    assert URL == "/photo/upload/"


def test_it_opens_the_upload_page_with_publish_as_photos_chosen(client, creator):
    client.force_login(creator)
    response = client.get(URL)
    assert response.status_code == 200
    assert re.search(r'<input type="file" name="images"[^>]* multiple', response.text)
    assert re.search(r'<input [^>]*value="photos"[^>]*checked', response.text)
    assert not re.search(r'<input [^>]*value="post"[^>]*checked', response.text)


def test_it_publishes_a_creators_photo_under_a_generated_name(
    client, creator, photo_worker
):
    client.force_login(creator)
    with photo_worker():
        response = client.post(
            URL, {"image": image_upload("../../My Holiday.jpg"), "caption": "Dawn"}
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("photo_feed")
    photo = Photo.objects.get()
    assert (photo.uploader, photo.caption) == (creator, "Dawn")
    assert (photo.width, photo.height) == (64, 48)
    assert "Holiday" not in photo.image.name
    assert photo.image.name.startswith("photos/")
    assert stored_files() == [photo.image.name]


def test_it_refuses_a_file_that_is_not_an_image(client, creator):
    client.force_login(creator)
    response = client.post(
        URL,
        {"image": SimpleUploadedFile("notes.jpg", b"<html>hi</html>", "image/jpeg")},
    )
    assert response.status_code == 200
    assert "notes.jpg is not a JPEG, PNG, WebP or HEIC picture." in response.text
    assert not Photo.objects.exists()
    assert stored_files() == []


def test_it_refuses_an_image_format_the_site_does_not_accept(client, creator):
    client.force_login(creator)
    response = client.post(URL, {"image": image_upload("a.gif", "GIF")})
    assert "is not a JPEG, PNG, WebP or HEIC picture" in response.text
    assert not Photo.objects.exists()
