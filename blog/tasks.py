"""Work done by a worker, away from the request: preparing uploaded photos.

An upload is checked in the request and kept, as sent, in the private "uploads"
storage; its photo waits in the *processing* state, seen by its uploader alone.
`prepare_photo` reads its camera's settings, turns it upright, strips it, re-encodes
it and makes its renditions.
It may run more than once for one photo (a worker killed mid-job, a job queued
twice) and always ends the same: one worker at a time holds the photo, for a lease;
its files have names fixed by the upload, and a second attempt first removes what
the first may have left.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from images.pipeline import ACCEPTED_FORMATS, PHOTO_WIDTHS, process_photo
from images.storage import (
    delete_stored,
    store_as,
    stored_files_removed_on_failure,
    uploads_storage,
)

from .models import Photo

logger = logging.getLogger(__name__)
PHOTO_STORAGE = Photo._meta.get_field("image").storage
Status = Photo.Status


class PhotoGone(Exception):
    """The photo was deleted, or made ready, while it was being prepared."""


def queue_preparation(photo: Photo) -> None:
    """Queue `photo`'s preparation once the upload's transaction commits."""
    transaction.on_commit(lambda: prepare_photo.enqueue(photo.pk))


@task(queue_name=settings.FOTOBLOG_TASK_QUEUE)  # the site's own (settings.py)
def prepare_photo(photo_id: int) -> str:
    """Make an uploaded photo ready, or failed with the reason; say which."""
    if not _claim(photo_id):
        return "skipped"  # ready, failed, deleted, or held by another worker
    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None:
        return "gone"  # deleted since
    try:
        _publish(photo)
    except PhotoGone:
        return "gone"
    except ValidationError as refusal:
        _fail(photo, refusal.code or Photo.Failure.REFUSED)
        return "refused"
    except Exception:
        _fail(photo, Photo.Failure.ERROR)
        raise  # for the worker's log and the task's result
    uploads_storage().delete(photo.pending_upload)
    return "ready"


def requeue_stalled_photos() -> int:
    """Queue again the photos whose worker died (held past their lease) or whose
    job was lost (queued a lease ago and never started); return how many."""
    now = timezone.now()
    lease = timedelta(seconds=settings.FOTOBLOG_PHOTO_LEASE_SECONDS)
    stalled = Photo.objects.processing().filter(
        Q(processing_until__lt=now)
        | Q(processing_until__isnull=True, date_created__lt=now - lease)
    )
    photo_ids = list(stalled.values_list("pk", flat=True))
    for photo_id in photo_ids:
        prepare_photo.enqueue(photo_id)
    return len(photo_ids)


def requeue_if_stalled(photo: Photo) -> None:
    """Queue `photo` again if a worker held it past its lease (its uploader waits)."""
    held_until = photo.processing_until
    if photo.status == Status.PROCESSING and held_until and held_until < timezone.now():
        prepare_photo.enqueue(photo.pk)


def _claim(photo_id: int) -> bool:
    """Hold the photo for one lease, if it waits and no other worker holds it."""
    now = timezone.now()
    free = Q(processing_until__isnull=True) | Q(processing_until__lt=now)
    lease = timedelta(seconds=settings.FOTOBLOG_PHOTO_LEASE_SECONDS)
    claimed = Photo.objects.filter(free, pk=photo_id, status=Status.PROCESSING)
    return bool(
        claimed.update(processing_until=now + lease, attempts=F("attempts") + 1)
    )


def _publish(photo: Photo) -> None:
    """Prepare the upload and store it under its fixed name; make the photo ready."""
    if photo.attempts > 1:
        _remove_leftovers(photo.pending_upload)
    with uploads_storage().open(photo.pending_upload) as upload:
        picture = process_photo(File(upload, name=f"photo {photo.pk}"))
    with (
        stored_files_removed_on_failure(PHOTO_STORAGE) as written,
        transaction.atomic(),
    ):
        name = photo.pending_upload + picture.extension
        name = store_as(PHOTO_STORAGE, name, picture, written)
        made_ready = Photo.objects.filter(pk=photo.pk, status=Status.PROCESSING).update(
            status=Status.READY,
            image=name,
            width=picture.width,
            height=picture.height,
            rendition_widths=sorted(picture.renditions),
            stored_bytes=picture.stored_bytes,
            pending_upload="",
            processing_until=None,
            **picture.camera.as_fields(),
        )
        if not made_ready:
            raise PhotoGone


def _remove_leftovers(stem: str) -> None:
    """Remove whatever an interrupted attempt may have stored for this upload."""
    for extension in set(ACCEPTED_FORMATS.values()):
        delete_stored(PHOTO_STORAGE, stem + extension, PHOTO_WIDTHS)


def _fail(photo: Photo, reason: str) -> None:
    """Keep why (the pipeline's code for it), free what the upload counted against
    the quota, and delete the upload."""
    Photo.objects.filter(pk=photo.pk, status=Status.PROCESSING).update(
        status=Status.FAILED,
        failure=reason,
        stored_bytes=0,
        pending_upload="",
        processing_until=None,
    )
    uploads_storage().delete(photo.pending_upload)
    logger.warning("Photo %s could not be prepared: %s", photo.pk, reason)
