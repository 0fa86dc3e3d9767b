"""Writes that touch several rows or files: each all or nothing."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models.fields.files import FieldFile

from authentication.models import User

from .models import Blog, BlogContributor, Photo

PRIMARY_AUTHOR_NOTE = "Primary author"


@contextmanager
def stored_files_removed_on_failure() -> Iterator[list[FieldFile]]:
    """Yield a list to record stored files in; remove them all if the block fails."""
    written: list[FieldFile] = []
    try:
        yield written
    except BaseException:
        for stored in written:
            stored.storage.delete(stored.name)
        raise


def create_photos(
    *, uploader: User, images: Iterable[UploadedFile], caption: str = ""
) -> list[Photo]:
    """Store every image as a photo of `uploader`, or none of them."""
    with stored_files_removed_on_failure() as written, transaction.atomic():
        return [_save_photo(uploader, image, caption, written) for image in images]


def create_blog_with_photo(
    *, author: User, title: str, content: str, image: UploadedFile, caption: str = ""
) -> Blog:
    """Create a photo and a blog illustrated by it, with `author` as primary author."""
    with stored_files_removed_on_failure() as written, transaction.atomic():
        photo = _save_photo(author, image, caption, written)
        blog = Blog(photo=photo, title=title, content=content)
        blog.full_clean()
        blog.save()
        BlogContributor.objects.create(
            blog=blog, contributor=author, contribution=PRIMARY_AUTHOR_NOTE
        )
    return blog


def _save_photo(
    uploader: User, image: UploadedFile, caption: str, written: list[FieldFile]
) -> Photo:
    """Store `image` and save its photo row, recording the stored file in `written`."""
    photo = Photo(uploader=uploader, caption=caption)
    photo.image.save(image.name, image, save=False)
    written.append(photo.image)
    photo.full_clean()
    photo.save()
    return photo
