"""Helpers for the test suite: users, generated pictures, stored files."""

import io
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from authentication.models import User
from blog import services
from blog.models import Blog, BlogContributor, Photo

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "correct-horse-battery-staple"


def make_user(username: str, role: str = User.CREATOR, **fields) -> User:
    """Create an active user with the test password."""
    return User.objects.create_user(
        username=username, password=PASSWORD, role=role, **fields
    )


def image_bytes(image_format: str = "JPEG", size=(64, 48), color="teal") -> bytes:
    """Return a small generated picture encoded in `image_format`."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=image_format)
    return buffer.getvalue()


def image_upload(
    name: str = "photo.jpg", image_format: str = "JPEG"
) -> SimpleUploadedFile:
    """Return an uploaded-file object holding a real picture."""
    return SimpleUploadedFile(name, image_bytes(image_format), "image/jpeg")


def stored_files() -> list[str]:
    """Return every file under the test MEDIA_ROOT, relative to it."""
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return []
    return sorted(
        str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()
    )


def make_photo(
    uploader: User, caption: str = "", date_created: datetime | None = None
) -> Photo:
    """Publish a generated picture as a photo of `uploader`, with its stored file."""
    (photo,) = services.create_photos(
        uploader=uploader, images=[image_upload()], caption=caption
    )
    if date_created is not None:
        Photo.objects.filter(pk=photo.pk).update(date_created=date_created)
        photo.refresh_from_db()
    return photo


def make_blog(
    *authors: User,
    title: str = "A blog",
    content: str = "Words about light.",
    photo: Photo | None = None,
    starred: bool = False,
    date_created: datetime | None = None,
) -> Blog:
    """Create a blog written by `authors`, each with no contribution note."""
    blog = Blog.objects.create(
        title=title, content=content, photo=photo, starred=starred
    )
    BlogContributor.objects.bulk_create(
        BlogContributor(blog=blog, contributor=author) for author in authors
    )
    if date_created is not None:
        Blog.objects.filter(pk=blog.pk).update(date_created=date_created)
        blog.refresh_from_db()
    return blog
