"""Uploads prepared by a worker: until then the uploader alone sees a placeholder
that becomes the photo by itself; nobody else sees anything of it, anywhere.

The queued work runs here in the test's process, when the test says (the real
workers, killed and failing, are in test_workers.py).
"""

import io
import re
from datetime import timedelta
from html import unescape

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from authentication.models import User
from blog.models import Photo
from blog.tasks import requeue_stalled_photos
from images.storage import rendition_name, uploads_storage
from testsupport.factories import image_bytes, image_upload, make_user
from testsupport.storage import stored_files, waiting_uploads

pytestmark = pytest.mark.django_db
UPLOAD = reverse("photo_upload")
MULTI_UPLOAD = reverse("create_multiple_photos")
PLACEHOLDER = "Preparing your photo…"
CAPTION = "Kestrel at dusk"


@pytest.fixture
def queued(client, creator, django_capture_on_commit_callbacks):
    """Alice's photo, uploaded and waiting for a worker; calling `queued.work()`
    runs the worker's job."""
    client.force_login(creator)
    with django_capture_on_commit_callbacks() as jobs:
        response = client.post(UPLOAD, {"image": wide_upload(), "caption": CAPTION})
    assert response.status_code == 302
    photo = Photo.objects.get()
    photo.work = lambda: [job() for job in jobs]
    return photo


def wide_upload():
    """A 900 x 600 JPEG: prepared with renditions 400 and 800 pixels wide."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("wide.jpg", image_bytes("JPEG", (900, 600)))


def status_url(photo: Photo) -> str:
    return reverse("photo_status", args=[photo.pk])


def pages_of(client, user: User) -> dict[str, str]:
    """Every page and feed where a photo of alice's could show, as `user` sees it."""
    client.force_login(user)
    user.renew_feed_token()
    urls = [
        reverse("home"),
        reverse("photo_feed"),
        reverse("creator_detail", args=["alice"]),
        f"/feeds/{user.feed_token}/home.atom",
        f"/feeds/{user.feed_token}/creators/alice.atom",
    ]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.text
    return pages


def test_a_photo_being_prepared_is_its_uploaders_alone(client, creator, queued):
    follower = make_user("fred", User.SUBSCRIBER)
    follower.follows.add(creator)
    moderator = make_user("mo", User.SUBSCRIBER)
    moderator.user_permissions.add(*moderation_permissions())
    moderator.follows.add(creator)

    assert queued.status == Photo.Status.PROCESSING
    assert stored_files() == []  # nothing under a media URL
    assert waiting_uploads() == [queued.pending_upload]
    for user in (follower, moderator):
        for url, text in pages_of(client, user).items():
            assert CAPTION not in text, (user, url)
        assert client.get(status_url(queued)).status_code == 404
        assert client.get(reverse("photo_edit", args=[queued.pk])).status_code == 404
    client.force_login(creator)
    for url in (reverse("home"), reverse("photo_feed")):
        page = client.get(url).text
        assert PLACEHOLDER in page and CAPTION in page
        assert f'hx-get="{status_url(queued)}' in page


def moderation_permissions():
    from django.contrib.auth.models import Permission

    codenames = ["view_photo", "view_blog", "moderate_photo", "moderate_blog"]
    return Permission.objects.filter(codename__in=codenames)


def test_the_placeholder_becomes_the_photo_once_it_is_prepared(client, creator, queued):
    placeholder = client.get(status_url(queued)).text
    assert PLACEHOLDER in placeholder
    assert 'hx-trigger="every 2s"' in placeholder

    queued.work()

    photo = Photo.objects.get()
    assert (photo.status, photo.rendition_widths) == (Photo.Status.READY, [400, 800])
    shown = client.get(status_url(photo)).text
    assert f'srcset="{photo.srcset}"' in shown
    assert "hx-get" not in shown and PLACEHOLDER not in shown
    assert waiting_uploads() == []
    follower = make_user("fred", User.SUBSCRIBER)
    follower.follows.add(creator)
    assert photo.image.name in pages_of(client, follower)[reverse("photo_feed")]


def test_a_placeholder_asks_less_often_the_longer_its_photo_waits(client, queued):
    intervals = []
    for waited in (0, 60, 600):
        Photo.objects.filter(pk=queued.pk).update(
            date_created=timezone.now() - timedelta(seconds=waited)
        )
        placeholder = client.get(status_url(queued)).text
        intervals.append(placeholder.split('hx-trigger="every ', 1)[1].split('"')[0])

    assert intervals == ["2s", "5s", "15s"]


def test_a_second_attempt_removes_what_an_interrupted_one_left(creator, queued):
    stem = queued.pending_upload
    leftovers = [f"{stem}.png", rendition_name(f"{stem}.png", 400), f"{stem}.jpg"]
    for name in leftovers:
        default_storage.save(name, image_upload())
    # A worker took the photo and was killed: its hold has ended since.
    Photo.objects.filter(pk=queued.pk).update(
        attempts=1, processing_until=timezone.now() - timedelta(seconds=1)
    )

    assert requeue_stalled_photos() == 1

    photo = Photo.objects.get()
    assert (photo.status, photo.attempts) == (Photo.Status.READY, 2)
    assert photo.image.name == f"{stem}.jpg"
    assert stored_files() == sorted(
        [photo.image.name, *(rendition_name(photo.image.name, w) for w in (400, 800))]
    )
    with default_storage.open(photo.image.name) as stored:
        assert stored.read() != image_upload().read()  # the prepared picture


def test_a_photo_held_past_its_lease_is_queued_again_when_its_uploader_looks(
    client, queued
):
    Photo.objects.filter(pk=queued.pk).update(
        attempts=1, processing_until=timezone.now() - timedelta(seconds=1)
    )

    assert PLACEHOLDER in client.get(status_url(queued)).text

    assert Photo.objects.get().status == Photo.Status.READY
    assert "<img" in client.get(status_url(queued)).text


def test_a_photo_queued_and_never_taken_is_queued_again_after_a_lease(queued):
    assert requeue_stalled_photos() == 0  # its job may just wait its turn
    Photo.objects.filter(pk=queued.pk).update(
        date_created=timezone.now() - timedelta(hours=1)
    )

    assert requeue_stalled_photos() == 1
    assert Photo.objects.get().status == Photo.Status.READY


def test_a_photo_deleted_while_it_waits_leaves_no_file_when_its_job_runs(
    client, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("photo_delete", args=[queued.pk]), {"confirm": "on"}
        )
    assert response.status_code == 302

    queued.work()

    assert not Photo.objects.exists()
    assert (stored_files(), waiting_uploads()) == ([], [])


@pytest.mark.parametrize("as_json", [False, True], ids=["page", "script"])
def test_too_many_photos_waiting_get_a_429_and_nothing_is_kept(
    client, creator, settings, as_json
):
    settings.FOTOBLOG_MAX_PROCESSING_PER_USER = 2
    client.force_login(creator)
    two = [image_upload("a.jpg"), image_upload("b.jpg")]
    assert client.post(MULTI_UPLOAD, {"images": two}).status_code == 302
    waiting = waiting_uploads()

    headers = {"HTTP_ACCEPT": "application/json"} if as_json else {}
    response = client.post(MULTI_UPLOAD, {"images": [image_upload()]}, **headers)

    assert response.status_code == 429
    message = (
        "Only 2 of your photos may wait to be prepared at once. Send these when "
        "some of them are ready."
    )
    if as_json:
        assert response.json()["errors"] == [message]
    else:
        assert message in response.text
    assert Photo.objects.count() == 2
    assert waiting_uploads() == waiting


def test_one_photo_more_than_may_wait_is_refused_on_the_single_upload_page(
    client, creator, settings
):
    settings.FOTOBLOG_MAX_PROCESSING_PER_USER = 1
    client.force_login(creator)
    assert client.post(UPLOAD, {"image": image_upload()}).status_code == 302

    response = client.post(UPLOAD, {"image": image_upload()})

    assert response.status_code == 429
    assert "Only 1 of your photos may wait to be prepared at once." in response.text
    assert Photo.objects.count() == 1


def test_photos_over_the_pixel_budget_of_one_upload_are_refused_together(
    client, creator, settings
):
    settings.FOTOBLOG_MAX_REQUEST_PIXELS = 2 * 64 * 48  # two test pictures
    client.force_login(creator)
    three = [image_upload(f"{n}.jpg") for n in range(3)]

    response = client.post(MULTI_UPLOAD, {"images": three})

    assert response.status_code == 200
    assert (
        "These photos have more than 0.006144 megapixels together. Send them in "
        "smaller groups."
    ) in response.text
    assert not Photo.objects.exists()
    assert waiting_uploads() == []


@pytest.mark.parametrize(
    ("language", "reason"),
    [
        ("en", "This photo could not be published: its file is damaged or incomplete."),
        (
            "fr",
            "Cette photo n’a pas pu être publiée\u202f: son fichier est endommagé ou "
            "incomplet.",
        ),
    ],
)
def test_a_failed_photo_tells_its_uploader_why_in_their_language(
    client, queued, language, reason
):
    cut = image_bytes("JPEG", (900, 600))[:300]
    uploads_storage().delete(queued.pending_upload)  # a damaged file instead
    uploads_storage().save(queued.pending_upload, io.BytesIO(cut))
    queued.work()

    page = client.get(reverse("photo_feed"), HTTP_ACCEPT_LANGUAGE=language).text

    assert Photo.objects.get().status == Photo.Status.FAILED
    assert escape(reason) in page
    assert f'href="{reverse("photo_delete", args=[queued.pk])}"' in page
    assert (stored_files(), waiting_uploads()) == ([], [])


@pytest.mark.parametrize("grid", ["/photos/", "/creators/alice/"])
def test_a_grid_tile_that_becomes_its_photo_links_to_the_photo_page(
    client, queued, grid
):
    (placeholder,) = re.findall(r'hx-get="([^"]+)"', client.get(grid).text)

    queued.work()

    tile = client.get(unescape(placeholder)).text.strip()
    assert tile.startswith(f'<a class="photo-link" href="{queued.get_absolute_url()}">')
    assert tile in client.get(grid).text  # the very tile a reload shows
