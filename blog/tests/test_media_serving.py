"""Local media (the embedded default): for members only, with a fixed type, unsniffed.

Files are written straight into the storage, as the upload pipeline would, or as
someone with access to the disk might: only the names the pipeline writes are
served, a photo's files only to those who may see the photo, and nothing outside
MEDIA_ROOT is reachable.
"""

import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from blog.models import Photo
from images.storage import rendition_name
from testsupport.factories import image_bytes, make_blog, make_photo

pytestmark = pytest.mark.django_db


def stored(name: str, content: bytes) -> str:
    """Write `content` into the media storage; return the URL that serves it."""
    saved = default_storage.save(name, ContentFile(content))
    assert saved == name
    return f"/media/{name}"


def profile_photo_name(extension: str = ".jpg") -> str:
    """Return a name the upload pipeline could give a profile photo."""
    return f"profiles/2026/12/{uuid.uuid4().hex}{extension}"


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_member_gets_a_jpeg_as_image_jpeg_unsniffed_and_inline(client, subscriber):
    content = image_bytes("JPEG")
    url = stored(profile_photo_name(), content)
    client.force_login(subscriber)

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == "inline"
    assert response["Cache-Control"] == "private, max-age=86400"
    assert body(response) == content


def test_a_member_gets_a_webp_as_image_webp(client, subscriber):
    url = stored(profile_photo_name(".webp"), image_bytes("WEBP"))
    client.force_login(subscriber)

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_type_comes_from_the_extension_not_the_content(client, subscriber):
    # PNG bytes under a .jpg name: still announced as a JPEG, and never sniffed.
    url = stored(profile_photo_name(), image_bytes("PNG"))
    client.force_login(subscriber)

    response = client.get(url)

    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "name",
    [
        "photos/evil.html",
        "photos/dawn.jpg",
        "evil",
        "profiles/2026/12/0123456789abcdef0123456789abcdef.html",
        "profiles/2026/12/0123456789abcdef0123456789abcdef.JPG",
        "exports/2026/12/0123456789abcdef0123456789abcdef.jpg",
    ],
)
def test_a_stored_file_the_upload_pipeline_would_not_name_so_is_a_404(
    client, subscriber, name
):
    url = stored(name, b"<html><script>alert(document.cookie)</script></html>")
    client.force_login(subscriber)

    assert client.get(url).status_code == 404


def test_a_missing_file_is_a_404(client, subscriber):
    client.force_login(subscriber)

    assert client.get(f"/media/{profile_photo_name()}").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/media/../../settings.py",
        "/media/photos/../../fotoblog/settings.py",
        "/media/%2e%2e/%2e%2e/fotoblog/settings.py",
        "/media/..%2f..%2ffotoblog%2fsettings.py",
    ],
)
def test_a_path_leaving_the_media_folder_serves_nothing_and_is_logged(
    client, subscriber, caplog, path
):
    stored(profile_photo_name(), image_bytes("JPEG"))
    client.force_login(subscriber)

    response = client.get(path)

    # Refused before any file is opened: a path that is not its own normal form.
    assert response.status_code in (400, 404)
    assert b"SECRET_KEY" not in response.content


def test_a_second_spelling_of_a_path_is_refused(client, subscriber):
    url = stored(profile_photo_name(), image_bytes("JPEG"))
    client.force_login(subscriber)
    doubled = url.replace("/2026/", "//2026/")
    dotted = url.replace("/2026/", "/./2026/")
    assert client.get(url).status_code == 200
    assert client.get(doubled).status_code == 404
    assert client.get(dotted).status_code == 404


def test_the_files_of_a_photo_only_in_someone_elses_draft_are_not_served(
    client, creator, subscriber
):
    photo = make_photo(creator, "Before the reveal")
    make_blog(creator, title="Not yet", photo=photo, is_published=False)
    storage = photo.image.storage
    urls = [photo.image.url] + [
        storage.url(rendition_name(photo.image.name, width))
        for width in photo.rendition_widths
    ]
    client.force_login(subscriber)

    assert [client.get(url).status_code for url in urls] == [404] * len(urls)
    client.force_login(creator)
    assert [client.get(url).status_code for url in urls] == [200] * len(urls)


def test_an_uppercase_spelling_of_a_hidden_photos_file_is_not_served(
    client, creator, subscriber
):
    # On a case-insensitive disk the uppercase name opens the photo's own file.
    photo = make_photo(creator, "Taken down")
    make_blog(creator, title="Out", photo=photo)
    Photo.objects.filter(pk=photo.pk).update(is_hidden=True)
    stem, extension = photo.image.name.rsplit(".", 1)
    folder, uuid_hex = stem.rsplit("/", 1)
    url = stored(f"{folder}/{uuid_hex.upper()}.{extension}", photo.image.read())
    client.force_login(subscriber)

    assert client.get(f"/media/{photo.image.name}").status_code == 404
    assert client.get(url).status_code == 404


def test_a_visible_photos_files_and_a_profile_photo_are_served_to_a_member(
    client, creator, subscriber
):
    photo = make_photo(creator, "In the open")
    make_blog(creator, title="Out", photo=photo)
    storage = photo.image.storage
    urls = [photo.image.url] + [
        storage.url(rendition_name(photo.image.name, width))
        for width in photo.rendition_widths
    ]
    urls.append(stored(profile_photo_name(".png"), image_bytes("PNG")))
    client.force_login(subscriber)

    assert [client.get(url).status_code for url in urls] == [200] * len(urls)
