"""Site-wide response rules: a Permissions-Policy header; 503 when a service is down."""

import logging

from botocore.exceptions import BotoCoreError
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

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
        if not isinstance(exception, SERVICE_ERRORS):
            return None
        logger.error("service unavailable: %r", exception, exc_info=exception)
        response = HttpResponse(render_to_string("503.html", request=None), status=503)
        response["Retry-After"] = "30"
        return response
