"""Personal access tokens: how a member's own programs use the API as them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    """What a token may ask for; never more than its member may do on the site."""

    READ = "read", _("Read what you can see")
    WRITE = "write", _("Post, edit, delete, follow and block as you")
    MODERATE = "moderate", _("Moderate, as far as you may")


class AccessTokenQuerySet(models.QuerySet):
    def live(self) -> "AccessTokenQuerySet":
        """Tokens neither revoked nor expired, of active members."""
        return self.filter(revoked_at=None, user__is_active=True).exclude(
            expires_at__lte=timezone.now()
        )


class AccessToken(models.Model):
    """A secret a member made for a program; only its hash is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="access_tokens",
        verbose_name=_("member"),
    )
    name = models.CharField(_("name"), max_length=100)
    # The secret's first characters, to tell tokens apart in a list; not enough to
    # guess the rest.
    prefix = models.CharField(_("starts with"), max_length=12, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    date_created = models.DateTimeField(_("date created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    last_used_ip = models.GenericIPAddressField(
        _("last used from"), null=True, blank=True
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = AccessTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("access token")
        verbose_name_plural = _("access tokens")
        ordering = ["-date_created", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def allows(self, scope: str) -> bool:
        return scope in self.scopes

    @property
    def has_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None and not self.has_expired
