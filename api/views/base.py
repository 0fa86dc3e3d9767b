"""What every API view shares: reachable without the site's login page, its
objects found through the site's own guards, its lists paged by the feeds' cursor."""

from django.contrib.auth.decorators import login_not_required
from django.utils.cache import patch_cache_control, patch_vary_headers
from rest_framework.response import Response
from rest_framework.views import APIView

from web.body_limits import UPLOAD_FILES_ATTRIBUTE


class ApiView(APIView):
    """An API endpoint: members by token or session; visitors only where
    `open_to_visitors` says, to read what anyone may see."""

    open_to_visitors = False
    # How many pictures one request may carry (web.body_limits): none by default.
    uploads: str | None = None

    @classmethod
    def as_view(cls, **initkwargs):
        # Who may call is the API's business (401 as JSON), not the login page's.
        view = login_not_required(super().as_view(**initkwargs))
        if cls.uploads:
            setattr(view, UPLOAD_FILES_ATTRIBUTE, cls.uploads)
        return view

    def finalize_response(self, request, response, *args, **kwargs):
        """Every answer is the caller's own: no shared cache may keep it."""
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_cache_control(response, private=True)
        patch_vary_headers(response, ["Authorization"])
        return response


def page_response(request, results: list, next_cursor: str | None) -> Response:
    """A page of results, with the address of the next page (null on the last)."""
    following = None
    if next_cursor:
        query = request.GET.copy()
        query["after"] = next_cursor
        following = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return Response({"results": results, "next": following})
