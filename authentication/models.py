"""The site's user: a role (creator or subscriber), a profile photo and follows."""

import secrets

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.db.models.signals import m2m_changed, post_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEvent
from audit.record import record
from images.pipeline import AVATAR_SIZES
from images.storage import delete_stored, rendition_name

from .roles import role_groups

# Where the authentication backend keeps a user's permissions for the request.
KEPT = "permissions_this_request"

_UNKNOWN = object()


# Who may be followed, whoever asks: an active creator. The one definition behind
# the `follows` field's choices, UserFollows.clean, the m2m guard below and the twin
# of authentication.follow_user.
FOLLOWABLE = Q(role="CREATOR", is_active=True)


class UserQuerySet(models.QuerySet):
    def followable_by(self, user) -> "UserQuerySet":
        """Twin of `authentication.follow_user`: active creators other than `user`,
        neither blocking nor blocked by them, for an active user."""
        if not user.is_active:
            return self.none()
        return self.filter(FOLLOWABLE).exclude(pk=user.pk).exclude(blocked_with(user))

    def blockable_by(self, user) -> "UserQuerySet":
        """Twin of `authentication.block_user`: everyone else, for an active user."""
        if not user.is_active:
            return self.none()
        return self.exclude(pk=user.pk)

    def coauthors_for(self, user) -> "UserQuerySet":
        """Twin of `authentication.invite_coauthor`: active creators other than
        `user`, neither blocking nor blocked by them, for an active user."""
        if not user.is_active:
            return self.none()
        return self.eligible_coauthors().exclude(pk=user.pk).exclude(blocked_with(user))

    def followable_or_followed_by(self, user) -> "UserQuerySet":
        """Whom `user` may follow or follows already: unfollowing is always possible,
        even a creator deactivated since."""
        return self.filter(
            Q(pk__in=self.followable_by(user).values("pk"))
            | Q(pk__in=UserFollows.objects.filter(user=user.pk).values("followed"))
        )

    def to_follow_or_not(self, user, follow: bool) -> "UserQuerySet":
        """Whom `user` may follow (`follow`), or stop following."""
        if follow:
            return self.followable_by(user)
        return self.followable_or_followed_by(user)

    def eligible_coauthors(self) -> "UserQuerySet":
        """Who may be asked to co-write a blog: an active creator."""
        return self.filter(role=User.CREATOR, is_active=True)

    def creators_for(self, viewer, search: str = "") -> "UserQuerySet":
        """Active creators who did not block `viewer`, by name, with their follower
        counts, whether `viewer` follows them and whether `viewer` asked to;
        matching `search` in their names when given."""
        blockers = Block.objects.filter(blocked=viewer.pk).values("blocker")
        creators = self.filter(FOLLOWABLE).exclude(pk__in=blockers)
        if search:
            creators = creators.filter(
                Q(username__icontains=search)
                | Q(first_name__icontains=search)
                | Q(last_name__icontains=search)
            )
        asked = FollowRequest.objects.filter(
            user=viewer.pk, followed=OuterRef("pk"), status=FollowRequest.Status.PENDING
        )
        return (
            creators.with_follows_seen_by(viewer)
            .annotate(is_requested=Exists(asked))
            .order_by("username")
        )

    def with_recent_photos_seen_by(self, viewer, count: int) -> "UserQuerySet":
        """Fetch as `recent_photos` each user's `count` newest ready photos that
        `viewer` may see in lists, in one query whatever the number of users."""
        # The photo model through the relation: blog imports this app, not the
        # other way round.
        photo_model = self.model._meta.get_field("photos").related_model
        photos = (
            photo_model.objects.visible_to(viewer)
            .listed_for(viewer)
            .filter(status=photo_model.Status.READY)
            .order_by("-date_created", "-pk")
        )
        return self.prefetch_related(
            Prefetch("photos", queryset=photos[:count], to_attr="recent_photos")
        )

    def with_follows_seen_by(self, viewer) -> "UserQuerySet":
        """Annotate each user's follower count and whether `viewer` follows them."""
        followed_by_viewer = UserFollows.objects.filter(
            user=viewer.pk, followed=OuterRef("pk")
        )
        return self.annotate(
            follower_count=Count("followed_by", distinct=True),
            is_followed=Exists(followed_by_viewer),
        )


def blocked_with(user) -> Q:
    """Users who blocked `user`, or whom `user` blocked."""
    return Q(pk__in=Block.objects.filter(blocked=user.pk).values("blocker")) | Q(
        pk__in=Block.objects.filter(blocker=user.pk).values("blocked")
    )


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A member of the site; `role` decides which group, and so which permissions."""

    class Role(models.TextChoices):
        CREATOR = "CREATOR", _("Creator")
        SUBSCRIBER = "SUBSCRIBER", _("Subscriber")

    CREATOR = Role.CREATOR
    SUBSCRIBER = Role.SUBSCRIBER

    role = models.CharField(
        _("role"), max_length=30, choices=Role.choices, default=Role.SUBSCRIBER
    )
    # A square picture written by images/pipeline.py, with renditions AVATAR_SIZES.
    profile_photo = models.ImageField(
        _("profile photo"), max_length=200, blank=True, editable=False
    )
    # The secret in the user's private Atom feed links; None when revoked.
    feed_token = models.CharField(
        _("feed token"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
    )

    # Following a private account needs its owner's approval (FollowRequest).
    is_private = models.BooleanField(
        _("private account"),
        default=False,
        db_default=False,
        help_text=_("Following this account needs its owner's approval."),
    )
    bio = models.TextField(
        _("bio"),
        max_length=500,
        blank=True,
        db_default="",
        help_text=_("A few words about you and your photos, shown on your page."),
    )
    shows_camera_details = models.BooleanField(
        _("show camera details"),
        default=False,
        db_default=False,
        help_text=_(
            "Show the camera, lens and settings read from your photos on their pages. "
            "Their location is never kept."
        ),
    )

    objects = UserManager()

    follows = models.ManyToManyField(
        "self",
        through="UserFollows",
        symmetrical=False,
        related_name="followed_by",
        limit_choices_to=FOLLOWABLE,
        verbose_name=_("follows"),
        blank=True,
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._saved_role = _UNKNOWN

    @classmethod
    def from_db(cls, db, field_names, values):
        user = super().from_db(db, field_names, values)
        user._saved_role = user.__dict__.get("role", _UNKNOWN)
        return user

    @property
    def is_creator(self) -> bool:
        return self.role == self.CREATOR

    @property
    def bio_first_line(self) -> str:
        """The bio's first line: what lists of people show of it."""
        lines = self.bio.strip().splitlines()
        return lines[0] if lines else ""

    @property
    def shown_name(self) -> str:
        """The member's name as the site shows it: their full name, else username."""
        return self.get_full_name() or self.get_username()

    def renew_feed_token(self) -> str:
        """Give the user a new secret for their feed links; the old links stop."""
        self.feed_token = secrets.token_urlsafe(32)
        self.save(update_fields=["feed_token"])
        return self.feed_token

    def revoke_feed_token(self) -> None:
        """Stop every feed link of the user."""
        self.feed_token = None
        self.save(update_fields=["feed_token"])

    @property
    def avatar_src(self) -> str:
        """URL of the smallest square rendition of the profile photo."""
        return self._avatar_url(AVATAR_SIZES[0])

    @property
    def avatar_srcset(self) -> str:
        """Every square rendition of the profile photo, for an `<img srcset>`."""
        return ", ".join(f"{self._avatar_url(size)} {size}w" for size in AVATAR_SIZES)

    def _avatar_url(self, size: int) -> str:
        storage = self.profile_photo.storage
        return storage.url(rendition_name(self.profile_photo.name, size))

    def save(self, *args, **kwargs):
        """Save; move the user to their role's group if the role is new or changed."""
        if self.role == self._saved_role:
            return super().save(*args, **kwargs)
        previous_role = self._saved_role
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.sync_role_group()
            if previous_role is not _UNKNOWN:
                record(
                    AuditEvent.Action.ROLE_CHANGE,
                    self,
                    detail={"from": previous_role, "to": self.role},
                )

    def sync_role_group(self) -> None:
        """Make the user's role groups exactly the one their role names."""
        groups = role_groups()
        others = [group for role, group in groups.items() if role != self.role]
        # Remove only real memberships, so the audit trail records only real changes.
        self.groups.remove(*self.groups.filter(pk__in=[group.pk for group in others]))
        self.groups.add(groups[self.role])
        if self.role != self.CREATOR:
            # Only creators can be followed.
            UserFollows.objects.filter(followed=self).delete()
        self._saved_role = self.role
        self.__dict__.pop(KEPT, None)  # the permissions kept just changed


class UserFollows(models.Model):
    """One user following one creator."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    followed = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("followed creator"),
    )
    date_created = models.DateTimeField(_("date created"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(fields=["user", "followed"], name="follow_once"),
            models.CheckConstraint(
                condition=~models.Q(user=models.F("followed")),
                name="no_self_follow",
                violation_error_message=_("You cannot follow yourself."),
            ),
        ]
        indexes = [
            models.Index(fields=["followed", "user"], name="followers_of_creator")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.followed}"

    def save(self, *args, **kwargs):
        self.clean()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if not self.followed_id:
            return
        # A follow made before its creator was deactivated stays until unfollowed.
        kept = UserFollows.objects.filter(pk=self.pk, followed=self.followed_id)
        if not kept.exists():
            refuse_unfollowable(User.objects.filter(pk=self.followed_id))


def refuse_unfollowable(followed: models.QuerySet) -> None:
    """Refuse a follow of anyone in `followed` whom nobody may follow."""
    if followed.exclude(FOLLOWABLE).exists():
        raise ValidationError(_("Only active creators can be followed."))


@receiver(m2m_changed, sender=UserFollows)
def refuse_following_the_unfollowable(
    sender, instance, action, reverse, pk_set, **kwargs
):
    """Refuse following oneself or whom nobody may follow, from the shell and the
    admin too."""
    if action != "pre_add" or not pk_set:
        return
    if instance.pk in pk_set:
        raise ValidationError(_("You cannot follow yourself."))
    followed = {instance.pk} if reverse else pk_set
    refuse_unfollowable(User.objects.filter(pk__in=followed))


class FollowRequestQuerySet(models.QuerySet):
    def addressed_to(self, user) -> "FollowRequestQuerySet":
        """The requests to follow `user`, with who asked: only they may answer."""
        return self.filter(followed=user.pk).select_related("user", "followed")

    def pending(self) -> "FollowRequestQuerySet":
        return self.filter(status=FollowRequest.Status.PENDING)


class FollowRequest(models.Model):
    """A member asking to follow a private account; its owner approves or refuses."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        APPROVED = "approved", _("approved")
        REFUSED = "refused", _("refused")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="+", verbose_name=_("asked by")
    )
    followed = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="follow_requests",
        verbose_name=_("asked of"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    date_created = models.DateTimeField(_("asked"), auto_now_add=True)
    date_decided = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = FollowRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow request")
        verbose_name_plural = _("follow requests")
        ordering = ["-date_created", "-id"]
        constraints = [
            # Asking again after a refusal asks anew: one row per pair.
            models.UniqueConstraint(fields=["user", "followed"], name="ask_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.followed} ({self.get_status_display()})"


class Block(models.Model):
    """A member blocking another: the blocked member sees nothing of the blocker."""

    blocker = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="+", verbose_name=_("blocker")
    )
    blocked = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="+", verbose_name=_("blocked")
    )
    date_created = models.DateTimeField(_("date created"), auto_now_add=True)

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once"),
            models.CheckConstraint(
                condition=~models.Q(blocker=models.F("blocked")),
                name="no_self_block",
                violation_error_message=_("You cannot block yourself."),
            ),
        ]
        indexes = [models.Index(fields=["blocked", "blocker"], name="blocks_of_user")]

    def __str__(self) -> str:
        return f"{self.blocker} ⊘ {self.blocked}"


class CreatorRequest(models.Model):
    """A subscriber's request to become a creator, where sign-up needs approval."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        APPROVED = "approved", _("approved")
        REFUSED = "refused", _("refused")

    user = models.OneToOneField(
        User,
        on_delete=models.CASCADE,
        related_name="creator_request",
        verbose_name=_("user"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    date_created = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    date_decided = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("creator request")
        verbose_name_plural = _("creator requests")
        ordering = ["-date_created"]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_status_display()})"

    @transaction.atomic
    def decide(self, *, approve: bool, by: User) -> None:
        """Approve (the user becomes a creator) or refuse the request."""
        self.status = self.Status.APPROVED if approve else self.Status.REFUSED
        self.decided_by = by
        self.date_decided = timezone.now()
        self.save()
        if approve:
            self.user.role = User.CREATOR
            self.user.save()


@receiver(post_delete, sender=User)
def delete_profile_photo_files(sender, instance: User, **kwargs) -> None:
    """Remove a deleted user's profile photo files, once the deletion is committed."""
    if instance.profile_photo:
        storage, name = instance.profile_photo.storage, instance.profile_photo.name
        transaction.on_commit(lambda: delete_stored(storage, name, AVATAR_SIZES))
