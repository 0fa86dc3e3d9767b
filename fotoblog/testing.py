"""Helpers for the test suite: users, generated pictures, stored files."""

import io
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from authentication.models import User

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
