"""Users, posts, photos and pictures made for tests, the sign-up form filled in,
and moments in the past."""

import io
from datetime import datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from authentication.models import User
from blog import services
from blog.models import Blog, BlogContributor, Photo
from images.pipeline import process_photo

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


def make_photo(
    uploader: User, caption: str = "", date_created: datetime | None = None
) -> Photo:
    """Publish a generated picture as a photo of `uploader`, with its stored file."""
    (photo,) = services.create_photos(
        uploader=uploader, pictures=[(process_photo(image_upload()), caption)]
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
    is_published: bool = True,
    date_created: datetime | None = None,
    visibility: str = "members",
) -> Blog:
    """Create a blog owned by the first of `authors`, co-written by the others;
    `photo` is taken as uploaded with it, as the site does."""
    if photo is not None and photo.shown_alone:
        photo.shown_alone = False
        photo.save(update_fields=["shown_alone"])
    blog = Blog.objects.create(
        owner=authors[0],
        title=title,
        content=content,
        photo=photo,
        starred=starred,
        is_published=is_published,
        visibility=visibility,
    )
    BlogContributor.objects.bulk_create(
        BlogContributor(blog=blog, contributor=author) for author in authors
    )
    if date_created is not None:
        # Written then, and published then unless it is a draft.
        Blog.objects.filter(pk=blog.pk).update(
            date_created=date_created,
            date_published=date_created if is_published else None,
        )
        blog.refresh_from_db()
    return blog


def ago(minutes: int = 0, *, days: int = 0) -> datetime:
    """The moment `minutes` (and `days`) before now."""
    return timezone.now() - timedelta(days=days, minutes=minutes)


def signup_data(**overrides) -> dict[str, str]:
    """The sign-up form filled in for dora, a creator, but the overrides."""
    return {
        "username": "dora",
        "email": "dora@example.com",
        "first_name": "Dora",
        "last_name": "Maar",
        "role": User.CREATOR,
        "password1": PASSWORD,
        "password2": PASSWORD,
        **overrides,
    }
