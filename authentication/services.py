"""Sign-up, where becoming a creator may need staff approval; profile photos;
private accounts, follow requests and blocks."""

import contextlib

import rules
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from audit.record import record
from images.pipeline import AVATAR_SIZES, ProcessedImage
from images.storage import delete_stored, store, stored_files_removed_on_failure

from .models import Block, CreatorRequest, FollowRequest, User, UserFollows
from .relations import forget_relations


def creator_signup_needs_approval() -> bool:
    """Whether a creator sign-up starts as a subscriber with a pending request."""
    return settings.FOTOBLOG_CREATOR_SIGNUP == "approval"


def sign_up(
    *,
    username: str,
    password: str,
    role: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
) -> User:
    """Create the user, holding back the creator role when it needs approval."""
    held_back = role == User.CREATOR and creator_signup_needs_approval()
    with transaction.atomic():
        user = User.objects.create_user(
            username=username,
            password=password,
            email=email,
            first_name=first_name,
            last_name=last_name,
            role=User.SUBSCRIBER if held_back else role,
        )
        if held_back:
            CreatorRequest.objects.create(user=user)
    return user


def set_profile_photo(*, user: User, picture: ProcessedImage) -> None:
    """Give `user` a new profile photo; the old one's files go once committed."""
    storage = User._meta.get_field("profile_photo").storage
    replaced = user.profile_photo.name
    with stored_files_removed_on_failure(storage) as written, transaction.atomic():
        user.profile_photo = store(storage, "profiles", picture, written)
        user.save(update_fields=["profile_photo"])
        if replaced:
            transaction.on_commit(
                lambda: delete_stored(storage, replaced, AVATAR_SIZES)
            )


@transaction.atomic
def block(*, blocker: User, blocked: User) -> None:
    """Block `blocked`: follows between the two, both ways, and pending follow
    requests end; what they co-wrote stays."""
    _, created = Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    pair = Q(user=blocker, followed=blocked) | Q(user=blocked, followed=blocker)
    UserFollows.objects.filter(pair).delete()
    FollowRequest.objects.filter(pair, status=FollowRequest.Status.PENDING).delete()
    if created:
        record(AuditEvent.Action.BLOCK, blocked, actor=blocker)
    forget_relations(blocker)


@transaction.atomic
def unblock(*, blocker: User, blocked: User) -> None:
    """Lift a block; follows it ended stay ended."""
    deleted, _ = Block.objects.filter(blocker=blocker, blocked=blocked).delete()
    if deleted:
        record(AuditEvent.Action.UNBLOCK, blocked, actor=blocker)
    forget_relations(blocker)


# Sent when an account goes private and its owner asks that what they showed to
# everyone be for their followers only: blog does it (blog/services.py), as
# authentication knows nothing of posts.
followers_only_asked = Signal()


@transaction.atomic
def set_private(
    *, user: User, private: bool, remove_followers: bool, restrict_posts: bool
) -> None:
    """Make `user`'s account private or open again. Going private may remove their
    followers and show their public and members items to followers only; going open
    approves every pending follow request."""
    if private == user.is_private:
        return
    user.is_private = private
    user.save(update_fields=["is_private"])
    if private:
        if remove_followers:
            UserFollows.objects.filter(followed=user).delete()
        if restrict_posts:
            followers_only_asked.send(sender=User, owner=user)
        record(AuditEvent.Action.ACCOUNT_PRIVATE, user, actor=user)
    else:
        pending = FollowRequest.objects.filter(
            followed=user, status=FollowRequest.Status.PENDING
        )
        for follow_request in pending.select_related("user", "followed"):
            # One who may no longer follow stays asking, and the rest go through.
            with contextlib.suppress(ValidationError):
                decide_follow_request(follow_request=follow_request, approve=True)
        record(AuditEvent.Action.ACCOUNT_PUBLIC, user, actor=user)


@transaction.atomic
def ask_to_follow(*, user: User, creator: User) -> None:
    """Ask `creator`, a private account, to let `user` follow them: one pending
    request per pair, renewed after a refusal; nothing if `user` follows already."""
    if UserFollows.objects.filter(user=user, followed=creator).exists():
        return
    FollowRequest.objects.update_or_create(
        user=user,
        followed=creator,
        defaults={
            "status": FollowRequest.Status.PENDING,
            "date_created": timezone.now(),
            "date_decided": None,
        },
    )


def set_following(*, user: User, creator: User, follow: bool) -> None:
    """Follow `creator` (ask to, when their account is private), or stop following
    them and withdraw any request to."""
    if follow and creator.is_private:
        ask_to_follow(user=user, creator=creator)
    elif follow:
        # A double click sends two follows at once: the second finds the first done.
        with contextlib.suppress(IntegrityError), transaction.atomic():
            user.follows.add(creator)
    else:
        user.follows.remove(creator)
        cancel_follow_request(user=user, creator=creator)


def cancel_follow_request(*, user: User, creator: User) -> None:
    """Withdraw `user`'s pending request to follow `creator`."""
    FollowRequest.objects.filter(
        user=user, followed=creator, status=FollowRequest.Status.PENDING
    ).delete()


@transaction.atomic
def decide_follow_request(*, follow_request: FollowRequest, approve: bool) -> None:
    """Approve (the asker now follows) or refuse a pending follow request; refuse
    to approve one the asker may no longer act on (a role or an account changed)."""
    asker, owner = follow_request.user, follow_request.followed
    if approve and not rules.test_rule("authentication.follow_user", asker, owner):
        raise ValidationError(
            _("%(name)s can no longer follow you.") % {"name": asker.get_username()}
        )
    status = FollowRequest.Status
    follow_request.status = status.APPROVED if approve else status.REFUSED
    follow_request.date_decided = timezone.now()
    follow_request.save(update_fields=["status", "date_decided"])
    if approve:
        # Through the model, so its checks run (only active creators are followed).
        UserFollows.objects.get_or_create(
            user=follow_request.user, followed=follow_request.followed
        )
    actions = AuditEvent.Action
    action = actions.FOLLOW_APPROVE if approve else actions.FOLLOW_REFUSE
    record(action, follow_request.user, actor=follow_request.followed)
    forget_relations(follow_request.user)


def remove_follower(*, user: User, follower: User) -> None:
    """Stop `follower` following `user`."""
    UserFollows.objects.filter(user=follower, followed=user).delete()
