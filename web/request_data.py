"""What the site's form views share: binding POST data, going back safely."""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def submitted(request: HttpRequest) -> dict:
    """Return form kwargs binding the POST data and files, or none for other methods.

    Not `request.POST or None`: an empty POST must be validated, not ignored.
    """
    if request.method != "POST":
        return {}
    return {"data": request.POST, "files": request.FILES}


def safe_next(request: HttpRequest) -> str | None:
    """The page to go back to (`next` in the form or the URL), if it is a path on this
    site. Pages always send one from the root: anything else ("0", "photo_feed",
    "../x") is no page of ours, and `redirect()` would take a bare word for a view's
    name."""
    target = request.POST.get("next") or request.GET.get("next")
    if (
        target
        and target.startswith("/")
        and url_has_allowed_host_and_scheme(
            target,
            allowed_hosts={request.get_host()},
            require_https=request.is_secure(),
        )
    ):
        return target
    return None
