"""Serve media from local disk in the embedded default, to those who may see it."""

import posixpath
import re

from django.conf import settings
from django.http import Http404
from django.views.decorators.http import require_GET
from django.views.static import serve

from blog.models import Photo

from .guards import refuse_to_see

# Only what the upload pipeline writes is ever served, with its own type.
MEDIA_TYPES = {".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}
# photos/2026/11/<hex>.jpg, or a rendition of it: photos/2026/11/<hex>_800.jpg;
# profile photos the same under profiles/.
PICTURE_FILE = re.compile(
    r"(?P<stem>(?P<folder>photos|profiles)/\d{4}/\d{2}/[0-9a-f]{32})(?:_\d+)?"
    r"\.(?:jpg|png|webp)"
)


@require_GET
def serve_media(request, path: str):
    """Send a stored picture to whoever may see it, with a fixed type."""
    if posixpath.normpath(path) != path:
        raise Http404  # "a//b", "a/./b": one file, several spellings; serve one
    _check_access(request, path)
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Content-Type"] = MEDIA_TYPES[posixpath.splitext(path)[1]]
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, max-age=86400"
    return response


def _check_access(request, path: str) -> None:
    """A photo's files follow its `blog.view_photo` rule (a hidden photo is not
    served to others); profile photos are for anyone, as the pages showing them
    are; nothing else is served."""
    match = PICTURE_FILE.fullmatch(path)
    if match is None:
        # Not a name the pipeline writes: another spelling of one (upper case on a
        # case-insensitive disk) would open a file the rules were never asked about.
        raise Http404
    if match["folder"] == "profiles":
        return
    originals = [f"{match['stem']}{extension}" for extension in MEDIA_TYPES]
    photo = (
        Photo.objects.filter(image__in=originals)
        .only("pk", "uploader_id", "is_hidden", "shown_alone", "status", "visibility")
        .first()
    )
    if photo is None or not request.user.has_perm("blog.view_photo", photo):
        refuse_to_see(request)  # a file no photo owns, or a photo they may not see
