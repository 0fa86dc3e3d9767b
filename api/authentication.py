"""Who calls the API: a member by a personal access token, or by the site's session.

A token is read once per request, by BearerTokenMiddleware, for the API and for the
media files its answers link to; the API's views then see that member as Django
does, with the token beside them (`request.auth`). A token that is unknown, revoked
or expired is refused with 401, never taken for a visitor.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication

from web.ratelimit import WINDOW_SECONDS, over_limit

from . import tokens
from .errors import error_response

BEARER = "bearer"
# The API's calls; its schema and reference page are for anyone, as the site sees them.
API_CALLS = "/api/v1/"


class BearerTokenMiddleware:
    """Log the request in as the member whose token it carries, on the API's calls
    and the media's addresses only: the site's own pages know only their session."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.paths = (API_CALLS, settings.MEDIA_URL)

    def __call__(self, request):
        secret = bearer_secret(request)
        if secret is None or not request.path.startswith(self.paths):
            return self.get_response(request)
        token = tokens.find_token(secret)
        if token is None and over_limit(request, "tokens_tried"):
            return error_response(
                429,
                "throttled",
                _("Too many unknown tokens from this address: wait and try again."),
                headers={"Retry-After": str(WINDOW_SECONDS)},
            )
        if token is None:
            return error_response(
                401,
                "not_authenticated",
                _("This token is unknown, revoked or expired."),
                headers={"WWW-Authenticate": 'Bearer realm="api"'},
            )
        tokens.note_use(token, request)
        request.user, request.api_token = token.user, token
        return self.get_response(request)


def bearer_secret(request) -> str | None:
    """The secret of an `Authorization: Bearer` header, if there is one."""
    kind, _, secret = request.headers.get("Authorization", "").partition(" ")
    if kind.lower() != BEARER:
        return None
    return secret.strip()


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """The member BearerTokenMiddleware found, and their token."""

    def authenticate(self, request):
        token = getattr(request._request, "api_token", None)
        return (token.user, token) if token is not None else None

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


class SessionAuthentication(authentication.SessionAuthentication):
    """The site's own pages, logged in by their session, with Django's CSRF check."""

    def authenticate(self, request):
        if getattr(request._request, "api_token", None) is not None:
            return None
        return super().authenticate(request)
