"""Search engines may index a page only when anyone may see all of it.

A view that shows what anyone may see says so with `allow_if`; every other response
carries `X-Robots-Tag: noindex`, and its page `<meta name="robots" content="noindex">`
(templates/base.html reads `indexable`). FOTOBLOG_SEARCH_INDEXING off keeps every
page out of search engines.
"""

from django.conf import settings

INDEXABLE = "fotoblog_indexable"


def allow_if(request, anyone_may_see: bool) -> None:
    """Let search engines index this page if anyone may see it and the site agrees."""
    setattr(request, INDEXABLE, anyone_may_see and settings.FOTOBLOG_SEARCH_INDEXING)


def is_indexable(request) -> bool:
    return getattr(request, INDEXABLE, False)


def robots(request) -> dict:
    """Context processor: whether the page may be indexed."""
    return {"indexable": is_indexable(request)}


class NoIndexMiddleware:
    """Ask search engines to leave out every response no view allowed them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not is_indexable(request):
            response.setdefault("X-Robots-Tag", "noindex")
        return response
