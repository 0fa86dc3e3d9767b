"""Saving what a call uploads, refused as the site refuses it."""

from collections.abc import Callable

from rest_framework.exceptions import Throttled, ValidationError

from blog import services
from blog.forms import quota_message, waiting_message
from web.ratelimit import WINDOW_SECONDS, over_limit

# When to try again while photos wait for a worker: most are ready by then.
WAIT_FOR_WORKER = 60


def upload_or_refuse(request, save: Callable):
    """`save()`'s result; a 429 past the hourly upload limit or while too many of
    the member's photos wait for a worker, a 400 past their storage quota. Nothing
    is kept of a refused upload."""
    if request.FILES and over_limit(request, "upload"):
        raise Throttled(wait=WINDOW_SECONDS)
    try:
        return save()
    except services.TooManyWaiting:
        raise Throttled(wait=WAIT_FOR_WORKER, detail=waiting_message()) from None
    except services.UploadRefused:
        raise ValidationError({"images": [quota_message()]}) from None
