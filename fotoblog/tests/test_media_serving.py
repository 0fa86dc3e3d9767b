"""Local media (the embedded default): for members only, with a fixed type, unsniffed.

Files are written straight into the storage, as the upload pipeline would, or as
someone with access to the disk might: whatever is there, only pictures are shown
inline, and nothing outside MEDIA_ROOT is reachable.
"""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from blog.images import rendition_name
from fotoblog.testing import assert_sent_to_login, image_bytes, make_blog, make_photo

pytestmark = pytest.mark.django_db


def stored(name: str, content: bytes) -> str:
    """Write `content` into the media storage; return the URL that serves it."""
    saved = default_storage.save(name, ContentFile(content))
    assert saved == name
    return f"/media/{name}"


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_an_anonymous_visitor_is_sent_to_log_in_and_gets_no_bytes(client):
    url = stored("photos/dawn.jpg", image_bytes("JPEG"))

    response = client.get(url)

    assert_sent_to_login(response, url)


def test_a_member_gets_a_jpeg_as_image_jpeg_unsniffed_and_inline(client, subscriber):
    content = image_bytes("JPEG")
    url = stored("photos/dawn.jpg", content)
    client.force_login(subscriber)

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == "inline"
    assert response["Cache-Control"] == "private, max-age=86400"
    assert body(response) == content


def test_a_member_gets_a_webp_as_image_webp(client, subscriber):
    url = stored("photos/dusk.webp", image_bytes("WEBP"))
    client.force_login(subscriber)

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_type_comes_from_the_extension_not_the_content(client, subscriber):
    # PNG bytes under a .jpg name: still announced as a JPEG, and never sniffed.
    url = stored("photos/odd.jpg", image_bytes("PNG"))
    client.force_login(subscriber)

    response = client.get(url)

    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("name", ["photos/evil.html", "photos/evil.svg", "evil"])
def test_a_stored_file_that_is_not_a_picture_is_a_download_never_a_page(
    client, subscriber, name
):
    url = stored(name, b"<html><script>alert(document.cookie)</script></html>")
    client.force_login(subscriber)

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == "attachment"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_missing_file_is_a_404(client, subscriber):
    client.force_login(subscriber)

    assert client.get("/media/photos/nothing-here.jpg").status_code == 404


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
    stored("photos/dawn.jpg", image_bytes("JPEG"))
    client.force_login(subscriber)

    response = client.get(path)

    # Refused before any file is opened: a path that is not its own normal form.
    assert response.status_code in (400, 404)
    assert b"SECRET_KEY" not in response.content


def test_only_get_is_answered(client, subscriber):
    url = stored("photos/dawn.jpg", image_bytes("JPEG"))
    client.force_login(subscriber)

    assert client.post(url).status_code == 405


def test_a_second_spelling_of_a_path_is_refused(client, subscriber):
    url = stored("photos/dawn.jpg", image_bytes("JPEG"))
    client.force_login(subscriber)
    doubled = url.replace("photos/", "photos//")
    dotted = url.replace("photos/", "photos/./")
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
