"""Share links: a secret link that opens one post, with its photos, for whoever
holds it.

The secret is shown to the owner once, when the link is made; only its SHA-256 is
kept, so a copy of the database opens nothing. Whether a link opens is the rule
`blog.open_share_link` (blog/rules.py), with its twin `ShareLink.objects.usable()`.
"""

import hashlib
import secrets
from datetime import datetime

from django.contrib.auth.hashers import check_password, make_password
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEvent
from audit.record import record

from .models import Blog, Photo, ShareLink, ShareLinkQuerySet
from .rules import is_hidden, is_ready

# A link shows its post's photos only once ready and while no moderator hides them.
photo_is_shown = is_ready & ~is_hidden


class LinkState(models.TextChoices):
    """What the owner reads of a link: it opens, it ran out, or they stopped it."""

    LIVE = "live", _("live")
    EXPIRED = "expired", _("expired")
    REVOKED = "revoked", _("revoked")


def hash_token(token: str) -> str:
    """The SHA-256 of a link's secret, as the database keeps it."""
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


def password_matches(link: ShareLink, password: str) -> bool:
    """The link needs no password, or `password` is its password."""
    return not link.password or check_password(password, link.password)


def count_open(link: ShareLink) -> None:
    """Count one showing of the link's post, in one UPDATE that concurrent
    openings cannot undo."""
    ShareLink.objects.filter(pk=link.pk).update(
        open_count=F("open_count") + 1, last_opened_at=timezone.now()
    )


def shown_photo(blog: Blog) -> Photo | None:
    """The post's photo as its links show it, or None when there is none to show."""
    photo = blog.photo
    if photo is None or not photo_is_shown.test(None, photo):
        return None
    return photo


def shown_gallery(blog: Blog) -> list[Photo]:
    """The post's gallery photos as its links show them, in order (uses a prefetch:
    models.gallery_lookups())."""
    return [photo for photo in blog.gallery_photos if photo_is_shown.test(None, photo)]


def shown_photos(blog: Blog) -> list[Photo]:
    """Every photo the post's links show: its cover, then its gallery."""
    cover = shown_photo(blog)
    return [*([cover] if cover else []), *shown_gallery(blog)]


def state_of(link: ShareLink) -> LinkState:
    """Whether the link is live, expired or revoked (revoked first)."""
    if link.is_revoked:
        return LinkState.REVOKED
    if link.has_expired:
        return LinkState.EXPIRED
    return LinkState.LIVE


def links_managed_by(user) -> ShareLinkQuerySet:
    """The links of every post `user` may manage, newest first, with their post."""
    return ShareLink.objects.filter(
        blog__in=Blog.objects.managed_by(user)
    ).select_related("blog")
