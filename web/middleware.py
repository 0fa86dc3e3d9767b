"""Site-wide request and response rules: a Permissions-Policy header; pages kept from
shared caches; the login page for visitors asking for members' things; 400 for a NUL
character; 503 when a service is down."""

import logging
import sys

from botocore.exceptions import BotoCoreError
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, QueryDict, UnreadablePostError
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.views import defaults

logger = logging.getLogger("fotoblog")

# Failures of a service the site depends on, not of its own code: the database
# refusing connections, the storage unreachable or the disk failing.
SERVICE_ERRORS = (OperationalError, InterfaceError, BotoCoreError, OSError)


class PermissionsPolicyMiddleware:
    """Tell browsers the site never uses the camera, microphone, location and such."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class LoginNeeded(Exception):
    """A visitor who is not logged in asked for what only members may see."""


class VisitorLoginMiddleware:
    """Send a visitor to the login page, and back, when a view open to visitors
    finds they may not see what they asked for: what a member would get a 404 for
    is not told apart from what exists for members only."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, LoginNeeded):
            return redirect_to_login(request.get_full_path())
        return None


class PrivateCacheMiddleware:
    """Mark every response that depends on the visitor's cookies private: a shared
    cache must not hand one member's page, or one visitor's CSRF token, to another.

    Such a response says `Vary: Cookie`: the session (whoever is logged in) or the
    CSRF token shaped it. One that sets its own Cache-Control (media, the login
    page) keeps it; static files never come this far.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Cache-Control" not in response and _varies_on_cookies(response):
            patch_cache_control(response, private=True)
        return response


def _varies_on_cookies(response: HttpResponse) -> bool:
    """Whether the response's Vary header names Cookie (or everything)."""
    varies = {name.strip().lower() for name in response.get("Vary", "").split(",")}
    return bool(varies & {"cookie", "*"})


NUL = "\x00"


class RefuseNulMiddleware:
    """Answer the 400 page when a NUL character is in the address, a query or form
    field or a cookie: no page uses one, and PostgreSQL refuses text holding one,
    even in a lookup.

    The address and cookies are checked before anything reads the session or the
    database; the form fields just before the view, once the CSRF check has read
    them (uploaded files are not looked at: pictures hold NUL bytes).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cookies = request.COOKIES.items()
        if (
            NUL in request.path
            or _holds_nul(request.GET)
            or any(NUL in name + value for name, value in cookies)
        ):
            raise BadRequest("NUL character in the address or a cookie")
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method == "POST" and _holds_nul(request.POST):
            raise BadRequest("NUL character in a form field")


def _holds_nul(fields: QueryDict) -> bool:
    """Whether a field name or value holds a NUL character."""
    return any(
        NUL in name or any(NUL in value for value in values)
        for name, values in fields.lists()
    )


class ServiceUnavailableMiddleware:
    """Answer a clean 503 page while the database or the storage is down.

    Nothing is kept between requests, so the site recovers by itself when the
    service returns.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, SERVICE_ERRORS) or isinstance(
            exception, UnreadablePostError
        ):  # a client that hung up mid-upload is not an outage
            return None
        logger.error("service unavailable: %r", exception, exc_info=exception)
        return service_unavailable()


def service_unavailable() -> HttpResponse:
    response = HttpResponse(render_to_string("503.html", request=None), status=503)
    response["Retry-After"] = "30"
    return response


def server_error(request):
    """handler500: the 503 page too when a service failed outside a view.

    process_exception sees only the view's exceptions; the database can also fail
    in a middleware (the login check loading the user, the session being saved).
    """
    if isinstance(sys.exc_info()[1], SERVICE_ERRORS):
        return service_unavailable()
    return defaults.server_error(request)
