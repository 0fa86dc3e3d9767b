"""Every error from /api/ is JSON of one shape, whoever raised it:

    {"error": {"status": 404, "code": "not_found", "message": "...", "fields": {...}}}

`fields` appears for invalid input only: each field's messages. DRF's own errors go
through `exception_handler`; what Django answers before or around the API's views
(an unknown address, a body too large, a NUL character, a server error, the 503
page) is turned into the same shape by ApiErrorMiddleware.
"""

from http import HTTPStatus
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import resolve_url
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions

from web.middleware import LoginNeeded

API_PREFIX = "/api/"
# Django's own error pages, by status: a code a program can switch on, and words
# in the language asked for (DRF's own catalog has several of them).
DJANGO_ERRORS = {
    400: ("bad_request", _("The request is not valid.")),
    401: ("not_authenticated", _("Log in, or send a token.")),
    403: ("permission_denied", _("You do not have permission to perform this action.")),
    404: ("not_found", _("Not found.")),
    405: ("method_not_allowed", _("This address does not take this method.")),
    413: ("too_large", _("The body is too large.")),
    415: ("unsupported_media_type", _("This address takes no such body.")),
    429: ("throttled", _("Too many calls: wait and try again.")),
    500: ("server_error", _("Something went wrong on our side.")),
    503: ("unavailable", _("The site is unavailable for a moment: try again.")),
}


def error_response(
    status: int,
    code: str,
    message: str,
    *,
    fields: dict | None = None,
    headers: dict | None = None,
) -> JsonResponse:
    """The API's answer for an error."""
    error = {"status": status, "code": code, "message": message}
    if fields:
        error["fields"] = fields
    return JsonResponse({"error": error}, status=status, headers=headers)


def exception_handler(exc, context):
    """DRF's answer to `exc`, in the API's error shape."""
    # Imported here: rest_framework.views reads the settings that name this module.
    from rest_framework.views import exception_handler as drf_exception_handler

    exc = _as_api_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # Django's 500, which ApiErrorMiddleware shapes
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        fields = detail if isinstance(detail, dict) else {"non_field_errors": detail}
        message, code = _("The request is not valid."), "invalid"
    else:
        fields, message = None, str(exc.detail)
        code = getattr(exc.detail, "code", None) or exc.default_code
    response.data = {
        "error": {
            "status": response.status_code,
            "code": code,
            "message": message,
            **({"fields": fields} if fields else {}),
        }
    }
    return response


def _as_api_exception(exc: Exception) -> Exception:
    """The site's guards raise Django's 404 and 403, and ask a visitor to log in:
    the API's own exceptions, with their own words (a lookup's names none of the
    site's models)."""
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(*exc.args[:1])
    if isinstance(exc, LoginNeeded):
        return exceptions.NotAuthenticated()
    return exc


class ApiErrorMiddleware:
    """Turn any error answered under /api/ that is not JSON into the API's shape."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX):
            return response
        if _sends_to_login(response):  # a visitor's upload, refused by its headers
            return error_response(401, *DJANGO_ERRORS[401])
        if response.status_code >= 400 and not response.get(
            "Content-Type", ""
        ).startswith("application/json"):
            status = response.status_code
            code, message = DJANGO_ERRORS.get(
                status, ("error", HTTPStatus(status).phrase + ".")
            )
            shaped = error_response(status, code, message)
            for header in ("Retry-After", "Allow", "WWW-Authenticate"):
                if header in response:
                    shaped[header] = response[header]
            return shaped
        return response


def _sends_to_login(response) -> bool:
    location = urlsplit(response.get("Location", "")).path
    return response.status_code == 302 and location == resolve_url(settings.LOGIN_URL)
