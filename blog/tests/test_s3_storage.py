"""Media on S3: uploads, links, deletions, media_gc and /readyz against moto's server.

moto runs in server mode on loopback and the application reaches it over HTTP, as it
would reach a real bucket; the tests look into the bucket with their own boto3 client.
"""

import io
import re
import urllib.request
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from PIL import Image
from storages.backends.s3 import S3Storage

from authentication.models import User
from blog import services
from blog.models import Photo
from images.pipeline import AVATAR_SIZES
from images.storage import rendition_name
from testsupport.factories import image_upload
from testsupport.pages import images_of
from testsupport.s3 import closed_port, use_s3
from testsupport.storage import fail_the_nth_save

pytestmark = pytest.mark.django_db
NAME = r"photos/\d{4}/\d{2}/[0-9a-f]{32}"


def wide_upload(name: str = "wide.jpg") -> SimpleUploadedFile:
    """A 900-px JPEG: stored with 400- and 800-px renditions."""
    buffer = io.BytesIO()
    Image.new("RGB", (900, 600), "teal").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/jpeg")


def photo_names(photo: Photo) -> list[str]:
    name = photo.image.name
    return sorted([name, *(rendition_name(name, w) for w in photo.rendition_widths)])


def fetch(url: str) -> tuple[int, str, bytes]:
    """GET `url` directly, as a browser following the link would (no proxy)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=5) as response:
        return response.status, response.headers["Content-Type"], response.read()


def test_the_default_storage_and_every_file_field_use_s3(s3_storage):
    fields = [
        Photo._meta.get_field("image").storage,
        User._meta.get_field("profile_photo").storage,
        services.PHOTO_STORAGE,
    ]
    # They hold the lazy default_storage itself, which Django resets on STORAGES.
    assert all(storage is default_storage for storage in fields)
    assert isinstance(default_storage, S3Storage)
    assert default_storage.bucket_name == s3_storage.bucket
    assert default_storage.endpoint_url == s3_storage.endpoint_url


def test_a_creators_upload_lands_in_the_bucket_with_its_renditions(
    client, creator, s3_storage, photo_worker
):
    client.force_login(creator)

    with photo_worker():
        response = client.post(
            reverse("photo_upload"), {"image": wide_upload(), "caption": "Dawn"}
        )
        (waiting,) = s3_storage.names()  # until the worker has prepared it

    assert re.fullmatch(rf"uploads/{NAME}", waiting)
    assert response.status_code == 302
    original = Photo.objects.get().image.name
    assert re.fullmatch(rf"{NAME}\.jpg", original)
    stem = original.removesuffix(".jpg")
    # A JPEG's renditions are JPEG too (blog.images.rendition_suffix).
    assert s3_storage.names() == [original, f"{stem}_400.jpg", f"{stem}_800.jpg"]


def test_the_feed_shows_signed_links_to_the_bucket_that_serve_the_pictures(
    client, creator, s3_storage, photo_worker
):
    client.force_login(creator)
    with photo_worker():
        client.post(
            reverse("photo_upload"), {"image": wide_upload(), "caption": "Dawn"}
        )
    photo = Photo.objects.get()

    response = client.get(reverse("photo_feed"))

    assert response.status_code == 200
    (img,) = [i for i in images_of(response.text) if i.get("alt") == "Dawn"]
    links = [img["src"]] + [
        candidate.rsplit(" ", 1)[0] for candidate in img["srcset"].split(", ")
    ]
    assert len(links) == 4  # the 800-px src, then 400, 800 and the original
    for link in links:
        url = urlsplit(link)
        assert f"{url.scheme}://{url.netloc}" == s3_storage.endpoint_url
        assert url.path.startswith(f"/{s3_storage.bucket}/photos/")
        query = parse_qs(url.query)
        assert "Expires" in query or "X-Amz-Expires" in query
        assert "Signature" in query or "X-Amz-Signature" in query
    original = img["srcset"].split(", ")[-1].rsplit(" ", 1)[0]
    assert urlsplit(original).path == f"/{s3_storage.bucket}/{photo.image.name}"

    status, content_type, body = fetch(original)

    assert (status, content_type) == (200, "image/jpeg")
    stored = s3_storage.client.get_object(
        Bucket=s3_storage.bucket, Key=photo.image.name
    )
    assert body == stored["Body"].read()
    assert Image.open(io.BytesIO(body)).size == (900, 600)
    status, content_type, body = fetch(img["src"])
    assert (status, content_type) == (200, "image/jpeg")
    assert Image.open(io.BytesIO(body)).size == (800, 533)


def test_a_feed_readers_picture_is_signed_afresh_each_time_it_is_asked_for(
    client, creator, subscriber, s3_storage, photo_worker
):
    # Feed readers keep entries for days, longer than a signature lasts: the entry
    # names the picture through the feed link, which sends a newly signed URL.
    client.force_login(creator)
    with photo_worker():
        client.post(
            reverse("photo_upload"), {"image": wide_upload(), "caption": "Dawn"}
        )
    photo = Photo.objects.get()
    subscriber.follows.add(creator)
    token = subscriber.renew_feed_token()
    feed = Client().get(reverse("home_atom", args=[token])).text
    (img,) = images_of(unescape(feed))
    assert img["src"] == f"http://testserver/feeds/{token}/media/{photo.display_name}"

    answer = Client().get(img["src"])

    assert answer.status_code == 302
    signed = urlsplit(answer["Location"])
    assert f"{signed.scheme}://{signed.netloc}" == s3_storage.endpoint_url
    assert signed.path == f"/{s3_storage.bucket}/{photo.display_name}"
    status, content_type, body = fetch(answer["Location"])
    assert (status, content_type) == (200, "image/jpeg")
    assert Image.open(io.BytesIO(body)).size == (800, 533)
    subscriber.follows.remove(creator)
    Photo.objects.filter(pk=photo.pk).update(visibility="followers")
    assert Client().get(img["src"]).status_code == 404
    public = f"/feeds/media/{photo.display_name}"
    assert Client().get(public).status_code == 404
    Photo.objects.filter(pk=photo.pk).update(visibility="public")
    assert Client().get(public)["Location"].startswith(s3_storage.endpoint_url)


def test_a_multi_upload_failing_on_the_second_object_leaves_nothing_behind(
    client, creator, s3_storage, monkeypatch
):
    calls = fail_the_nth_save(monkeypatch, S3Storage, 2)
    client.raise_request_exception = False
    client.force_login(creator)

    response = client.post(
        reverse("create_multiple_photos"),
        {"images": [image_upload(f"photo-{n}.jpg") for n in range(3)]},
    )

    assert len(calls) == 2
    assert response.status_code == 503
    assert not Photo.objects.exists()
    assert s3_storage.names() == []


def test_deleting_a_photo_removes_every_object_once_committed(
    client, creator, s3_storage, django_capture_on_commit_callbacks, photo_worker
):
    client.force_login(creator)
    for caption in ("Gone", "Kept"):
        with photo_worker():
            client.post(
                reverse("photo_upload"), {"image": wide_upload(), "caption": caption}
            )
    gone, kept = (Photo.objects.get(caption=c) for c in ("Gone", "Kept"))
    assert s3_storage.names() == sorted(photo_names(gone) + photo_names(kept))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("photo_delete", args=[gone.pk]), {"confirm": "on"}
        )

    assert response.status_code == 302
    assert not Photo.objects.filter(pk=gone.pk).exists()
    assert s3_storage.names() == photo_names(kept)


def test_replacing_a_profile_photo_removes_the_old_objects(
    client, subscriber, s3_storage, django_capture_on_commit_callbacks
):
    url = reverse("upload_profile_photo")
    client.force_login(subscriber)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"profile_photo": image_upload("first.png", "PNG")})
    first = User.objects.get(pk=subscriber.pk).profile_photo.name
    first_files = sorted([first, *(rendition_name(first, s) for s in AVATAR_SIZES)])
    assert s3_storage.names() == first_files

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"profile_photo": image_upload("second.jpg")})

    assert response.status_code == 302
    second = User.objects.get(pk=subscriber.pk).profile_photo.name
    assert second != first
    assert s3_storage.names() == sorted(
        [second, *(rendition_name(second, size) for size in AVATAR_SIZES)]
    )


def test_media_gc_removes_an_orphan_object_and_keeps_those_in_use(
    client, creator, s3_storage, photo_worker
):
    client.force_login(creator)
    with photo_worker():
        client.post(
            reverse("photo_upload"), {"image": wide_upload(), "caption": "Kept"}
        )
    in_use = photo_names(Photo.objects.get())
    orphan = s3_storage.put("photos/2020/01/lost.jpg")
    out = io.StringIO()

    call_command("media_gc", "--min-age", "0", stdout=out)

    assert out.getvalue().splitlines() == [
        f"removed {orphan}",
        "1 orphan file(s) removed; 3 file(s) in use.",
    ]
    assert s3_storage.names() == in_use


def test_media_gc_leaves_a_young_orphan_object_alone(s3_storage):
    orphan = s3_storage.put("profiles/2020/01/just-uploaded.jpg")
    out = io.StringIO()

    call_command("media_gc", stdout=out)

    assert out.getvalue() == "0 orphan file(s) removed; 0 file(s) in use.\n"
    assert s3_storage.names() == [orphan]


def test_readyz_reports_the_bucket_ok_and_leaves_nothing_in_it(client, s3_storage):
    response = client.get(reverse("readyz"))

    assert response.status_code == 200
    assert response.json()["checks"]["storage"] == "ok"
    assert s3_storage.names() == []


def test_readyz_answers_503_when_the_endpoint_is_unreachable(
    client, settings, s3_storage
):
    use_s3(settings, f"http://127.0.0.1:{closed_port()}")

    response = client.get(reverse("readyz"))

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["storage"].startswith("error: ")
    assert body["checks"]["database"] == body["checks"]["cache"] == "ok"
