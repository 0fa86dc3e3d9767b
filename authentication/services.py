"""Sign-up, where becoming a creator may need staff approval; profile photos."""

from django.conf import settings
from django.db import transaction
from django.db.models import Q

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
