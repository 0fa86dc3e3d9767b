"""Serve media from local disk in the embedded default, safely."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET
from django.views.static import serve

# Only what the upload pipeline writes is ever served, with its own type.
MEDIA_TYPES = {".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}


@login_required
@require_GET
def serve_media(request, path: str):
    """Send a stored picture to a member, with a fixed type and no sniffing."""
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    suffix = "." + path.rsplit(".", 1)[-1].lower() if "." in path else ""
    response["Content-Type"] = MEDIA_TYPES.get(suffix, "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = (
        "inline" if suffix in MEDIA_TYPES else "attachment"
    )
    response["Cache-Control"] = "private, max-age=86400"
    return response
