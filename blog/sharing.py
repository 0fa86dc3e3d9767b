"""Share links: a secret link that opens one post for whoever holds it.

The secret is shown to the owner once, when the link is made; only its SHA-256 is
kept, so a copy of the database opens nothing. Whether a link opens is the rule
`blog.open_share_link` (blog/rules.py), with its twin `ShareLink.objects.usable()`.
"""

import hashlib
import secrets
from datetime import datetime

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from audit.models import AuditEvent
from audit.record import record

from .models import Blog, ShareLink


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def create_share_link(
    *,
    blog: Blog,
    by,
    recipient: str,
    expires_at: datetime | None = None,
    password: str = "",
) -> tuple[ShareLink, str]:
    """Make a link to `blog` for `recipient`; return it and its secret, shown once."""
    token = secrets.token_urlsafe(24)
    link = ShareLink.objects.create(
        blog=blog,
        recipient=recipient,
        token_hash=hash_token(token),
        password=make_password(password) if password else "",
        expires_at=expires_at,
        created_by=by,
    )
    record(AuditEvent.Action.SHARE_LINK_CREATE, blog, detail={"link": link.pk})
    return link, token


def find_share_link(token: str) -> ShareLink | None:
    """The link whose secret is `token`, whatever its state, or None."""
    return (
        ShareLink.objects.select_related("blog")
        .filter(token_hash=hash_token(token))
        .first()
    )


@transaction.atomic
def revoke_share_link(link: ShareLink) -> None:
    """Stop the link for good; its row stays, so the owner sees what it was."""
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        record(AuditEvent.Action.SHARE_LINK_REVOKE, link.blog, detail={"link": link.pk})
