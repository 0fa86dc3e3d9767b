"""Deleting a photo, or a user with their photos, removes every stored file of theirs
(original and renditions), and only once the deletion is committed."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from PIL import Image

from authentication.models import User
from authentication.services import set_profile_photo
from blog import services
from blog.models import Blog, Photo
from images.pipeline import AVATAR_SIZES, process_avatar, process_photo
from images.storage import rendition_name
from testsupport.factories import image_bytes, make_blog
from testsupport.storage import stored_files

pytestmark = pytest.mark.django_db


def wide_photo(uploader: User, caption: str = "") -> Photo:
    """A 900-px photo, stored with its 400- and 800-px renditions."""
    buffer = io.BytesIO()
    Image.new("RGB", (900, 600), "teal").save(buffer, "JPEG")
    upload = SimpleUploadedFile("wide.jpg", buffer.getvalue())
    (photo,) = services.create_photos(
        uploader=uploader, pictures=[(process_photo(upload), caption)]
    )
    assert photo.rendition_widths == [400, 800]
    return photo


def photo_files(photo: Photo) -> list[str]:
    name = photo.image.name
    return [name, *(rendition_name(name, width) for width in photo.rendition_widths)]


def give_profile_photo(user: User) -> list[str]:
    """Give `user` a profile photo; return its stored files."""
    upload = SimpleUploadedFile("me.jpg", image_bytes())
    set_profile_photo(user=user, picture=process_avatar(upload))
    name = user.profile_photo.name
    return [name, *(rendition_name(name, size) for size in AVATAR_SIZES)]


def delete_photo_url(photo: Photo) -> str:
    return reverse("photo_delete", args=[photo.pk])


def run(callbacks) -> None:
    """Run the on-commit callbacks captured in a test, as a commit would."""
    for callback in callbacks:
        callback()


def test_it_removes_a_deleted_photos_files_and_renditions_once_committed(
    client, creator, django_capture_on_commit_callbacks
):
    photo = wide_photo(creator)
    kept = wide_photo(creator)
    client.force_login(creator)

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(delete_photo_url(photo), {"confirm": "on"})

    assert response.status_code == 302
    assert not Photo.objects.filter(pk=photo.pk).exists()
    assert stored_files() == sorted(photo_files(photo) + photo_files(kept))
    run(callbacks)
    assert stored_files() == sorted(photo_files(kept))


def test_it_removes_the_files_of_a_photo_a_moderator_deletes(
    client, creator, moderator, django_capture_on_commit_callbacks
):
    photo = wide_photo(creator)
    client.force_login(moderator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete_photo_url(photo), {"confirm": "on"})

    assert response.status_code == 302
    assert stored_files() == []


def test_it_removes_the_files_of_a_blogs_photo_and_keeps_the_blog(
    client, creator, other_creator, django_capture_on_commit_callbacks
):
    photo = wide_photo(creator, "Harbour")
    blogs = [
        make_blog(creator, title="Harbour at noon", photo=photo),
        make_blog(other_creator, title="Borrowed light", photo=photo),
    ]
    client.force_login(creator)

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(delete_photo_url(photo), {"confirm": "on"})

    assert response.status_code == 302
    assert [Blog.objects.get(pk=blog.pk).photo for blog in blogs] == [None, None]
    assert stored_files() == sorted(photo_files(photo))
    run(callbacks)
    assert stored_files() == []


def test_it_keeps_a_photos_files_when_its_blog_is_deleted(
    client, creator, django_capture_on_commit_callbacks
):
    photo = wide_photo(creator)
    blog = make_blog(creator, title="Harbour at noon", photo=photo)
    client.force_login(creator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("blog_delete", args=[blog.pk]), {"confirm": "on"}
        )

    assert response.status_code == 302
    assert not Blog.objects.exists()
    assert Photo.objects.get() == photo
    assert stored_files() == sorted(photo_files(photo))


def test_it_removes_a_deleted_users_photos_and_profile_photo_once_committed(
    creator, other_creator, django_capture_on_commit_callbacks
):
    photos = [wide_photo(creator), wide_photo(creator)]
    profile = give_profile_photo(creator)
    others = photo_files(wide_photo(other_creator)) + give_profile_photo(other_creator)
    theirs = profile + [name for photo in photos for name in photo_files(photo)]

    with django_capture_on_commit_callbacks() as callbacks:
        User.objects.get(pk=creator.pk).delete()

    assert list(Photo.objects.values_list("uploader", flat=True)) == [other_creator.pk]
    assert stored_files() == sorted(theirs + others)
    run(callbacks)
    assert stored_files() == sorted(others)


def test_it_keeps_every_file_when_the_deletion_is_rolled_back(
    creator, django_capture_on_commit_callbacks
):
    photo = wide_photo(creator)
    profile = give_profile_photo(creator)

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        User.objects.get(pk=creator.pk).delete()
        raise RuntimeError("the request failed after the delete")

    assert Photo.objects.get() == photo
    assert stored_files() == sorted(photo_files(photo) + profile)
