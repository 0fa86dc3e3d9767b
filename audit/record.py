"""Record an audit event from anywhere: views, services, signals."""

from django.db import models

from web.client_ip import client_ip

from .context import current_request
from .models import AuditEvent


def record(
    action: str,
    target: models.Model | None = None,
    *,
    detail: dict | None = None,
    actor=None,
    request=None,
) -> AuditEvent:
    """Record `action` on `target`; the actor and address default to the request's."""
    request = request or current_request()
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
    return AuditEvent.objects.create(
        actor=actor,
        actor_label=actor.get_username() if actor else "",
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:255] if target is not None else "",
        detail=detail or {},
        ip_address=_client_address(request),
    )


def _client_address(request) -> str | None:
    return client_ip(request) if request is not None else None
