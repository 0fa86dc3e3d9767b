"""Who is acting now: the request being served, if any, for the audit trail."""

from contextvars import ContextVar

from django.http import HttpRequest

_current_request: ContextVar[HttpRequest | None] = ContextVar(
    "audit_request", default=None
)


def current_request() -> HttpRequest | None:
    """The request being served in this thread or task, or None (shell, commands)."""
    return _current_request.get()


class AuditContextMiddleware:
    """Make the request available to the audit trail while it is served."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)
