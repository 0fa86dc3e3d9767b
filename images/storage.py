"""Where processed pictures are written: generated names, renditions beside the
original, and the files' own rollback."""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.utils import timezone

from .pipeline import ProcessedImage, rendition_suffix


@contextmanager
def stored_files_removed_on_failure(storage: Storage) -> Iterator[list[str]]:
    """Yield a list to record stored names in; delete them all if the block fails.

    Files are not rolled back with the database: this is their rollback.
    """
    written: list[str] = []
    try:
        yield written
    except BaseException:
        for name in written:
            storage.delete(name)
        raise


def media_served_here() -> bool:
    """Media is on local disk (the embedded default), served by this site; object
    storage serves its own signed URLs."""
    return settings.STORAGES["default"]["BACKEND"].endswith(".FileSystemStorage")


def uploads_storage() -> Storage:
    """Where uploads wait for a worker: never served, by any URL."""
    return storages["uploads"]


def generated_name(folder: str, extension: str) -> str:
    """Return a new `folder/YYYY/MM/<uuid><extension>`, free of the upload name."""
    return f"{folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


def rendition_name(name: str, width: int) -> str:
    """Return the storage name of the rendition `width` of the stored image `name`."""
    path = PurePosixPath(name)
    suffix = rendition_suffix(path.suffix)
    return str(path.with_name(f"{path.stem}_{width}{suffix}"))


def store(
    storage: Storage, folder: str, picture: ProcessedImage, written: list[str]
) -> str:
    """Save a processed picture and its renditions under a new name; record every
    name in `written`."""
    name = generated_name(folder, picture.extension)
    return store_as(storage, name, picture, written)


def store_as(
    storage: Storage, name: str, picture: ProcessedImage, written: list[str]
) -> str:
    """Save a processed picture as `name` and its renditions beside it; record every
    name in `written`."""
    name = storage.save(name, ContentFile(picture.content))
    written.append(name)
    for width, content in picture.renditions.items():
        written.append(storage.save(rendition_name(name, width), ContentFile(content)))
    return name


def delete_stored(storage: Storage, name: str, widths) -> None:
    """Delete a stored image and its renditions."""
    for stored in [name, *(rendition_name(name, width) for width in widths)]:
        storage.delete(stored)
