"""The audit trail: who did what to which object, and when."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEventQuerySet(models.QuerySet):
    """Audit events, with the moderators' share of them."""

    def moderation(self) -> "AuditEventQuerySet":
        """Stars, hiding and showing, and deletions of other people's blogs and
        photos."""
        return self.filter(action__in=MODERATION)


class AuditEvent(models.Model):
    """One security-relevant action, recorded in the transaction that made it."""

    class Action(models.TextChoices):
        LOGIN = "login", _("logged in")
        LOGIN_FAILED = "login_failed", _("failed to log in")
        LOCKOUT = "lockout", _("was locked out")
        ROLE_CHANGE = "role_change", _("role changed")
        GROUPS_CHANGE = "groups_change", _("group membership changed")
        USER_PERMISSIONS_CHANGE = (
            "user_permissions_change",
            _("direct permissions changed"),
        )
        GROUP_PERMISSIONS_CHANGE = (
            "group_permissions_change",
            _("group permissions changed"),
        )
        USER_DELETE = "user_delete", _("account deleted")
        GROUP_CREATE = "group_create", _("group created")
        GROUP_DELETE = "group_delete", _("group deleted")
        BLOG_PUBLISH = "blog_publish", _("blog published")
        BLOG_UNPUBLISH = "blog_unpublish", _("blog back to draft")
        BLOG_DELETE = "blog_delete", _("blog deleted")
        COAUTHOR_ADD = "coauthor_add", _("co-author added")
        COAUTHOR_REMOVE = "coauthor_remove", _("co-author removed")
        COAUTHOR_NOTE = "coauthor_note", _("contribution note changed")
        PHOTO_DELETE = "photo_delete", _("photo deleted")
        VISIBILITY_CHANGE = "visibility_change", _("visibility changed")
        SHARE_LINK_CREATE = "share_link_create", _("share link created")
        SHARE_LINK_REVOKE = "share_link_revoke", _("share link revoked")
        ACCOUNT_PRIVATE = "account_private", _("account made private")
        ACCOUNT_PUBLIC = "account_public", _("account made open")
        FOLLOW_APPROVE = "follow_approve", _("follow request approved")
        FOLLOW_REFUSE = "follow_refuse", _("follow request refused")
        BLOCK = "block", _("member blocked")
        UNBLOCK = "unblock", _("member unblocked")
        TOKEN_CREATE = "token_create", _("access token created")
        TOKEN_NEW_ADDRESS = (
            "token_new_address",
            _("access token used from a new address"),
        )
        TOKEN_REVOKE = "token_revoke", _("access token revoked")
        # Moderation: see MODERATION below.
        BLOG_STAR = "blog_star", _("blog starred")
        BLOG_UNSTAR = "blog_unstar", _("blog unstarred")
        BLOG_HIDE = "blog_hide", _("blog hidden")
        BLOG_SHOW = "blog_show", _("blog shown again")
        BLOG_MODERATOR_DELETE = (
            "blog_moderator_delete",
            _("blog deleted by a moderator"),
        )
        PHOTO_HIDE = "photo_hide", _("photo hidden")
        PHOTO_SHOW = "photo_show", _("photo shown again")
        PHOTO_MODERATOR_DELETE = (
            "photo_moderator_delete",
            _("photo deleted by a moderator"),
        )

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_label = models.CharField(_("who, as named then"), max_length=150, blank=True)
    action = models.CharField(_("what"), max_length=40, choices=Action.choices)
    target_type = models.CharField(_("on a"), max_length=40, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_label = models.CharField(_("target"), max_length=255, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    date_created = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-date_created", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
            models.Index(fields=["action", "-date_created"], name="audit_action"),
        ]

    def __str__(self) -> str:
        who = self.actor_label or _("the system")
        return f"{who}: {self.get_action_display()} {self.target_label}".strip()


Action = AuditEvent.Action
MODERATION = frozenset(
    {
        Action.BLOG_STAR,
        Action.BLOG_UNSTAR,
        Action.BLOG_HIDE,
        Action.BLOG_SHOW,
        Action.BLOG_MODERATOR_DELETE,
        Action.PHOTO_HIDE,
        Action.PHOTO_SHOW,
        Action.PHOTO_MODERATOR_DELETE,
    }
)


class ModerationRecordManager(models.Manager.from_queryset(AuditEventQuerySet)):
    def get_queryset(self) -> AuditEventQuerySet:
        return super().get_queryset().moderation()


class ModerationRecord(AuditEvent):
    """The moderators' actions alone: the audit trail seen from moderation."""

    objects = ModerationRecordManager()

    class Meta:
        proxy = True
        verbose_name = _("moderation record")
        verbose_name_plural = _("moderation records")
