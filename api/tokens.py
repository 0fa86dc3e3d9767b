"""Make, find, use and revoke personal access tokens; each step leaves an audit row."""

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from audit.models import AuditEvent
from audit.record import record
from blog.sharing import hash_token
from web.client_ip import client_ip

from .models import AccessToken, Scope

Action = AuditEvent.Action
# What every token starts with: a secret scanner, or a person, can tell one apart.
PREFIX = "fbt_"
# A token's last use is written at most this often, and whenever its address changes.
LAST_USE_EVERY = timedelta(minutes=1)
MODERATION_PERMISSIONS = ("blog.moderate_blog", "blog.moderate_photo")


def scopes_offered(user) -> list[Scope]:
    """The scopes `user` may give a token: moderation only to who moderates."""
    offered = [Scope.READ, Scope.WRITE]
    if any(user.has_perm(permission) for permission in MODERATION_PERMISSIONS):
        offered.append(Scope.MODERATE)
    return offered


@transaction.atomic
def create_token(
    *, user, name: str, scopes: list[str], expires_at=None
) -> tuple[AccessToken, str]:
    """Make a token for `user`; return it and its secret, which is never kept.

    Reading is in every token's scopes; a scope `user` may not give is dropped."""
    offered = scopes_offered(user)
    chosen = [scope for scope in offered if scope == Scope.READ or scope in scopes]
    secret = PREFIX + secrets.token_urlsafe(32)
    token = AccessToken.objects.create(
        user=user,
        name=name,
        prefix=secret[: len(PREFIX) + 4],
        token_hash=hash_token(secret),
        scopes=[str(scope) for scope in chosen],
        expires_at=expires_at,
    )
    record(
        Action.TOKEN_CREATE,
        token,
        actor=user,
        detail={"scopes": token.scopes, "expires": _iso(expires_at)},
    )
    return token, secret


def find_token(secret: str) -> AccessToken | None:
    """The live token whose secret this is, with its member; None for any other."""
    if not secret.startswith(PREFIX):
        return None
    return (
        AccessToken.objects.live()
        .select_related("user")
        .filter(token_hash=hash_token(secret))
        .first()
    )


def note_use(token: AccessToken, request) -> None:
    """Remember when and from where the token was last used; the first use from an
    address it was never used from before leaves an audit row."""
    address, now = client_ip(request), timezone.now()
    moved = address != token.last_used_ip
    if not moved and token.last_used_at and now - token.last_used_at < LAST_USE_EVERY:
        return
    AccessToken.objects.filter(pk=token.pk).update(
        last_used_at=now, last_used_ip=address
    )
    token.last_used_at, token.last_used_ip = now, address
    if moved and not _used_from(token, address):
        record(Action.TOKEN_NEW_ADDRESS, token, actor=token.user, request=request)


def _used_from(token: AccessToken, address: str | None) -> bool:
    return AuditEvent.objects.filter(
        action=Action.TOKEN_NEW_ADDRESS,
        target_type=token._meta.label_lower,
        target_id=str(token.pk),
        ip_address=address,
    ).exists()


@transaction.atomic
def revoke_token(token: AccessToken, *, by) -> None:
    """Stop the token at once; revoking one already revoked changes nothing."""
    updated = AccessToken.objects.filter(pk=token.pk, revoked_at=None).update(
        revoked_at=timezone.now()
    )
    if updated:
        record(Action.TOKEN_REVOKE, token, actor=by)


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None
