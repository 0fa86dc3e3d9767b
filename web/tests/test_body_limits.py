"""Request bodies refused by their headers alone: larger than the page takes (413),
or a multipart body where no upload is taken (415), before a byte of them is read.

The refused requests carry a body that fails the test if anything reads it.
"""

import pytest
from django.conf import settings
from django.urls import reverse

from blog.models import Photo
from testsupport.factories import image_upload, make_blog
from web.body_limits import ONE, form_bytes, upload_bytes

pytestmark = pytest.mark.django_db
MULTIPART = "multipart/form-data; boundary=fotoblog"
URLENCODED = "application/x-www-form-urlencoded"
MIB = 1024 * 1024
TOO_LARGE = "That is more than this page takes"
NO_FILES = "This page takes no files"


class UnreadBody:
    """A request body that must never be read."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def send(client, method, path, content_type, length):
    """A request announcing a body of `length` bytes that nobody may read."""
    return client.generic(
        method,
        path,
        CONTENT_TYPE=content_type,
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": UnreadBody()},
    )


def test_a_visitors_100_mib_body_to_the_get_only_healthz_is_refused_unread(client):
    response = send(client, "POST", reverse("healthz"), MULTIPART, 100 * MIB)

    assert response.status_code == 413
    assert TOO_LARGE in response.text


def test_a_visitors_small_multipart_body_is_refused_unread_even_on_the_login_page(
    client,
):
    response = send(client, "POST", reverse("login"), MULTIPART, 1000)

    assert response.status_code == 415
    assert NO_FILES in response.text


def test_a_login_form_larger_than_any_form_is_refused_unread(client):
    response = send(client, "POST", reverse("login"), URLENCODED, form_bytes() + 1)

    assert response.status_code == 413


def test_a_visitors_upload_is_sent_to_log_in_unread(client):
    path = reverse("photo_upload")

    response = send(client, "POST", path, MULTIPART, 5 * MIB)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={path}"


def test_a_members_multipart_body_to_a_page_without_uploads_is_refused(client, creator):
    client.force_login(creator)

    response = send(client, "POST", reverse("account_privacy"), MULTIPART, 1000)

    assert response.status_code == 415


def test_a_multipart_body_with_a_get_is_refused_even_on_an_upload_page(client, creator):
    client.force_login(creator)

    response = send(client, "GET", reverse("photo_upload"), MULTIPART, 1000)

    assert response.status_code == 415


@pytest.mark.parametrize(
    ("name", "pictures"),
    [
        ("photo_upload", settings.FOTOBLOG_MAX_FILES_PER_UPLOAD),
        ("blog_and_photo_upload", settings.FOTOBLOG_MAX_FILES_PER_UPLOAD),
        ("upload_profile_photo", 1),
        ("create_multiple_photos", settings.FOTOBLOG_MAX_FILES_PER_UPLOAD),
    ],
)
def test_an_upload_page_takes_its_pictures_at_their_largest_and_no_more(
    client, creator, name, pictures
):
    client.force_login(creator)
    limit = pictures * settings.FOTOBLOG_MAX_UPLOAD_BYTES + form_bytes()

    response = send(client, "POST", reverse(name), MULTIPART, limit + 1)

    assert response.status_code == 413
    assert TOO_LARGE in response.text


def test_editing_a_blog_takes_one_new_picture_and_no_more(client, creator):
    blog = make_blog(creator)
    client.force_login(creator)

    response = send(
        client,
        "POST",
        reverse("edit_blog", args=[blog.pk]),
        MULTIPART,
        upload_bytes(ONE) + 1,
    )

    assert response.status_code == 413


def test_the_limit_follows_the_upload_settings(client, creator, settings):
    settings.FOTOBLOG_MAX_UPLOAD_BYTES = 10 * MIB
    settings.FOTOBLOG_MAX_FILES_PER_UPLOAD = 2
    client.force_login(creator)
    length = 2 * 10 * MIB + form_bytes() + 1
    path = reverse("create_multiple_photos")

    response = send(client, "POST", path, MULTIPART, length)

    assert response.status_code == 413


def test_a_creators_upload_within_the_limit_is_stored(client, creator):
    client.force_login(creator)

    response = client.post(
        reverse("photo_upload"), {"image": image_upload(), "caption": "Harbour"}
    )

    assert response.status_code == 302
    assert Photo.objects.get().caption == "Harbour"
