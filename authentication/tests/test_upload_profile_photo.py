"""upload_profile_photo: a member's picture, stored under a name we choose."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from authentication.models import User
from images.pipeline import AVATAR_SIZES
from images.storage import rendition_name
from testsupport.factories import image_upload
from testsupport.storage import stored_files

pytestmark = pytest.mark.django_db
URL = reverse("upload_profile_photo")


def avatar_files(name: str) -> list[str]:
    """The stored profile photo `name` and its square renditions."""
    return sorted([name, *(rendition_name(name, size) for size in AVATAR_SIZES)])


def test_it_shows_the_form_to_a_member(client, subscriber):
    client.force_login(subscriber)
    response = client.get(URL)
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.text
    assert 'type="file" name="profile_photo"' in response.text


def test_it_stores_an_opaque_png_as_a_jpeg_under_a_generated_name_in_the_header(
    client, subscriber
):
    client.force_login(subscriber)

    response = client.post(
        URL, {"profile_photo": image_upload("../../Charlie Portrait.png", "PNG")}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("edit_profile")
    name = User.objects.get(pk=subscriber.pk).profile_photo.name
    # Without transparency there is nothing a PNG keeps that a JPEG loses.
    assert re.fullmatch(r"profiles/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", name)
    assert stored_files() == avatar_files(name)

    home = client.get(reverse("home"))
    assert "Your profile photo is updated." in home.text
    small, large = (rendition_name(name, size) for size in AVATAR_SIZES)
    assert (
        f'<img class="avatar" src="/media/{small}" srcset="/media/{small} 64w, '
        f'/media/{large} 192w" sizes="32px" alt="Profile photo of charlie"'
    ) in home.text


def test_it_refuses_a_file_that_is_not_an_image_and_stores_nothing(client, subscriber):
    client.force_login(subscriber)

    response = client.post(
        URL,
        {
            "profile_photo": SimpleUploadedFile(
                "me.png", b"<script>alert(1)</script>", "image/png"
            )
        },
    )

    assert response.status_code == 200
    assert "me.png is not a JPEG, PNG, WebP or HEIC picture." in response.text
    assert User.objects.get(pk=subscriber.pk).profile_photo.name == ""
    assert stored_files() == []


def test_it_refuses_an_image_format_the_site_does_not_accept(client, subscriber):
    client.force_login(subscriber)

    response = client.post(URL, {"profile_photo": image_upload("me.gif", "GIF")})

    assert response.status_code == 200
    assert "me.gif is not a JPEG, PNG, WebP or HEIC picture." in response.text
    assert User.objects.get(pk=subscriber.pk).profile_photo.name == ""
    assert stored_files() == []


def test_it_asks_for_a_file_when_none_is_sent(client, subscriber):
    client.force_login(subscriber)
    response = client.post(URL, {})
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert stored_files() == []


def test_it_deletes_the_replaced_photo_once_the_new_one_is_saved(
    client, subscriber, django_capture_on_commit_callbacks
):
    client.force_login(subscriber)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {"profile_photo": image_upload("first.png", "PNG")})
    first = User.objects.get(pk=subscriber.pk).profile_photo.name

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"profile_photo": image_upload("second.jpg")})

    assert response.status_code == 302
    second = User.objects.get(pk=subscriber.pk).profile_photo.name
    assert second.endswith(".jpg")
    assert second != first
    assert stored_files() == avatar_files(second)


def test_it_keeps_the_current_photo_when_the_new_one_is_refused(client, subscriber):
    client.force_login(subscriber)
    client.post(URL, {"profile_photo": image_upload("first.png", "PNG")})
    first = User.objects.get(pk=subscriber.pk).profile_photo.name

    response = client.post(URL, {"profile_photo": image_upload("me.gif", "GIF")})

    assert response.status_code == 200
    assert User.objects.get(pk=subscriber.pk).profile_photo.name == first
    assert stored_files() == avatar_files(first)
    assert f'src="/media/{rendition_name(first, 64)}"' in response.text
