"""Serve media from local disk in the embedded default, to those who may see it."""

import posixpath
import re

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AnonymousUser
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET
from django.views.static import serve

from blog.atom import reader_for
from blog.models import Photo
from images.storage import media_served_here, rendition_name

from .guards import refuse_to_see

# Only what the upload pipeline writes is ever served, with its own type.
MEDIA_TYPES = {".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}
# photos/2026/11/<hex>.jpg, or a rendition of it: photos/2026/11/<hex>_800.jpg;
# profile photos the same under profiles/.
PICTURE_FILE = re.compile(
    r"(?P<stem>(?P<folder>photos|profiles)/\d{4}/\d{2}/[0-9a-f]{32})(?:_\d+)?"
    r"\.(?:jpg|png|webp)"
)


def picture_names(photo: Photo) -> list[str]:
    """The stored names of a photo's original and its renditions."""
    name = photo.image.name
    return [name, *(rendition_name(name, width) for width in photo.rendition_widths)]


@require_GET
def serve_media(request, path: str):
    """Send a stored picture to whoever may see it, with a fixed type."""
    if not may_have(request.user, path):
        refuse_to_see(request)  # a file no photo owns, or a photo they may not see
    return send_picture(request, path)


@login_not_required
@require_GET
def feed_media(request, path: str, token: str | None = None):
    """A picture of an Atom feed, for a feed reader, which cannot log in: a private
    feed link's secret stands for its reader, who must be allowed the file; a
    public feed's pictures are what anyone may see. From object storage, a URL
    signed now: readers keep entries for longer than a signature lasts."""
    reader = reader_for(token) if token else AnonymousUser()
    if not may_have(reader, path):
        raise Http404
    if media_served_here():
        return send_picture(request, path)
    response = redirect(default_storage.url(path))
    patch_cache_control(response, private=True, no_cache=True)
    return response


def send_picture(request: HttpRequest, path: str):
    """Send the stored picture `path` from local disk, typed by its extension,
    unsniffed and inline; the caller has checked who may have it."""
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Content-Type"] = MEDIA_TYPES[posixpath.splitext(path)[1]]
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, max-age=86400"
    return response


def may_have(user, path: str) -> bool:
    """A photo's files follow its `blog.view_photo` rule (a hidden photo is not
    served to others); profile photos are for anyone, as the pages showing them
    are; nothing else is served."""
    if posixpath.normpath(path) != path:
        return False  # "a//b", "a/./b": one file, several spellings; serve one
    match = PICTURE_FILE.fullmatch(path)
    if match is None:
        # Not a name the pipeline writes: another spelling of one (upper case on a
        # case-insensitive disk) would open a file the rules were never asked about.
        return False
    if match["folder"] == "profiles":
        return True
    originals = [f"{match['stem']}{extension}" for extension in MEDIA_TYPES]
    photo = (
        Photo.objects.filter(image__in=originals)
        .only("pk", "uploader_id", "is_hidden", "shown_alone", "status", "visibility")
        .first()
    )
    return photo is not None and user.has_perm("blog.view_photo", photo)
