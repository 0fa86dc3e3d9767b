"""media_gc: stored files that no row refers to are listed, then removed."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from authentication.services import set_profile_photo
from blog import services
from blog.models import Photo
from images.pipeline import process_avatar, process_photo
from images.storage import rendition_name
from testsupport.factories import image_bytes
from testsupport.storage import stored_files

pytestmark = pytest.mark.django_db


def media_gc(*args: str) -> list[str]:
    """Run the command; return its file lines, sorted, then its summary line."""
    out = io.StringIO()
    call_command("media_gc", *args, stdout=out)
    *files, summary = out.getvalue().splitlines()
    return [*sorted(files), summary]


def orphan(name: str) -> str:
    """Write a file no row refers to, as a failed upload or a lost delete leaves."""
    return default_storage.save(name, ContentFile(b"left behind"))


def photo_with_a_rendition(uploader) -> Photo:
    buffer = io.BytesIO()
    Image.new("RGB", (500, 250), "teal").save(buffer, "JPEG")
    upload = SimpleUploadedFile("sea.jpg", buffer.getvalue())
    (photo,) = services.create_photos(
        uploader=uploader, pictures=[(process_photo(upload), "")]
    )
    return photo


@pytest.fixture
def in_use(creator, subscriber) -> list[str]:
    """A photo with its 400-px rendition, and a profile photo with its two."""
    photo = photo_with_a_rendition(creator)
    avatar = process_avatar(SimpleUploadedFile("me.jpg", image_bytes()))
    set_profile_photo(user=subscriber, picture=avatar)
    profile = subscriber.profile_photo.name
    names = sorted(
        [
            photo.image.name,
            rendition_name(photo.image.name, 400),
            profile,
            rendition_name(profile, 64),
            rendition_name(profile, 192),
        ]
    )
    assert stored_files() == names
    return names


def test_it_lists_orphans_in_a_dry_run_and_keeps_them(in_use):
    orphans = [orphan("photos/2020/01/lost.jpg"), orphan("profiles/2020/01/old.jpg")]

    output = media_gc("--dry-run", "--min-age", "0")

    assert output == [
        "would remove photos/2020/01/lost.jpg",
        "would remove profiles/2020/01/old.jpg",
        "2 orphan file(s) would be removed; 5 file(s) in use.",
    ]
    assert stored_files() == sorted(in_use + orphans)


def test_it_removes_orphans_and_keeps_every_file_in_use(in_use):
    orphan("photos/2020/01/lost.jpg")
    orphan("photos/2020/01/lost_400.webp")
    orphan("profiles/old.jpg")

    output = media_gc("--min-age", "0")

    assert output == [
        "removed photos/2020/01/lost.jpg",
        "removed photos/2020/01/lost_400.webp",
        "removed profiles/old.jpg",
        "3 orphan file(s) removed; 5 file(s) in use.",
    ]
    assert stored_files() == in_use


def test_it_never_removes_a_photo_a_profile_photo_or_their_renditions(in_use):
    assert media_gc("--min-age", "0") == ["0 orphan file(s) removed; 5 file(s) in use."]
    assert stored_files() == in_use


def test_it_removes_a_rendition_size_the_photo_does_not_have(creator):
    photo = photo_with_a_rendition(creator)
    stray = orphan(rendition_name(photo.image.name, 800))

    output = media_gc("--min-age", "0")

    assert output == [
        f"removed {stray}",
        "1 orphan file(s) removed; 2 file(s) in use.",
    ]
    assert stored_files() == sorted(
        [photo.image.name, rendition_name(photo.image.name, 400)]
    )


def test_it_keeps_a_young_orphan_by_default(db):
    young = orphan("photos/2020/01/uploading.jpg")

    assert media_gc() == ["0 orphan file(s) removed; 0 file(s) in use."]
    assert media_gc("--dry-run") == [
        "0 orphan file(s) would be removed; 0 file(s) in use."
    ]
    assert stored_files() == [young]
    # It was kept for its age alone.
    assert media_gc("--min-age", "0")[0] == f"removed {young}"
    assert stored_files() == []


def test_it_leaves_files_outside_the_upload_folders_alone(db):
    elsewhere = orphan("exports/report.txt")

    assert media_gc("--min-age", "0") == ["0 orphan file(s) removed; 0 file(s) in use."]
    assert stored_files() == [elsewhere]


def test_it_reports_nothing_to_do_on_an_empty_media_folder(db):
    assert media_gc("--min-age", "0") == ["0 orphan file(s) removed; 0 file(s) in use."]
