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
from django.http import JsonResponse
from django.shortcuts import resolve_url
from rest_framework import exceptions

from web.middleware import LoginNeeded

API_PREFIX = "/api/"
# Django's own error pages, by status, in words a program can switch on.
CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    429: "throttled",
    500: "server_error",
    503: "unavailable",
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

    if isinstance(exc, LoginNeeded):  # the site's guards, for a visitor
        exc = exceptions.NotAuthenticated()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # Django's 500, which ApiErrorMiddleware shapes
    detail = response.data
    if isinstance(exc, exceptions.ValidationError):
        fields = detail if isinstance(detail, dict) else {"non_field_errors": detail}
        message, code = "The request is not valid.", "invalid"
    else:
        fields = None
        message = str(exc.detail) if hasattr(exc, "detail") else str(detail)
        code = getattr(exc, "default_code", CODES.get(response.status_code, "error"))
        if isinstance(getattr(exc, "detail", None), exceptions.ErrorDetail):
            code = exc.detail.code
    response.data = {
        "error": {
            "status": response.status_code,
            "code": code,
            "message": message,
            **({"fields": fields} if fields else {}),
        }
    }
    return response


class ApiErrorMiddleware:
    """Turn any error answered under /api/ that is not JSON into the API's shape."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX):
            return response
        if _sends_to_login(response):  # a visitor's upload, refused by its headers
            return error_response(401, "not_authenticated", "Log in, or send a token.")
        if response.status_code >= 400 and not response.get(
            "Content-Type", ""
        ).startswith("application/json"):
            status = response.status_code
            shaped = error_response(
                status, CODES.get(status, "error"), HTTPStatus(status).phrase + "."
            )
            for header in ("Retry-After", "Allow", "WWW-Authenticate"):
                if header in response:
                    shaped[header] = response[header]
            return shaped
        return response


def _sends_to_login(response) -> bool:
    location = urlsplit(response.get("Location", "")).path
    return response.status_code == 302 and location == resolve_url(settings.LOGIN_URL)
