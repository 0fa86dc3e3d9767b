"""Checks and names for every uploaded image, whatever form it comes through."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

# Pillow format name -> the extension files of that format are stored under.
ACCEPTED_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}


def check_image(upload: UploadedFile) -> UploadedFile:
    """Refuse an upload that is too large or not a JPEG, PNG or WebP picture."""
    limit = settings.FOTOBLOG_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is larger than %(limit)s.")
            % {"name": upload.name, "limit": filesizeformat(limit)},
            code="too_large",
        )
    # forms.ImageField has opened the file with Pillow and attached the result.
    image_format = getattr(getattr(upload, "image", None), "format", None)
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(
            _("%(name)s is not a JPEG, PNG or WebP picture.") % {"name": upload.name},
            code="unsupported_format",
        )
    # The name decides the stored extension: take it from the content, not the user.
    upload.name = "upload" + ACCEPTED_FORMATS[image_format]
    return upload


def _generated_name(folder: str, filename: str) -> str:
    """Return a fresh `folder/YYYY/MM/<uuid>.<ext>` name; only the extension is kept."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in ACCEPTED_FORMATS.values():
        suffix = ".jpg"
    return f"{folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


def photo_path(instance, filename: str) -> str:
    """Storage name of a photo."""
    return _generated_name("photos", filename)


def profile_photo_path(instance, filename: str) -> str:
    """Storage name of a profile photo."""
    return _generated_name("profiles", filename)
