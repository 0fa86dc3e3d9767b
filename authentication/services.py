"""Sign-up, where becoming a creator may need staff approval; profile photos."""

from django.conf import settings
from django.db import transaction

from blog.images import AVATAR_SIZES, ProcessedImage, delete_stored, store
from blog.services import stored_files_removed_on_failure

from .forms import SignupForm
from .models import CreatorRequest, User


def creator_signup_needs_approval() -> bool:
    """Whether a creator sign-up starts as a subscriber with a pending request."""
    return settings.FOTOBLOG_CREATOR_SIGNUP == "approval"


def sign_up(*, form: SignupForm) -> User:
    """Create the user from a valid sign-up form, holding back the creator role when
    it needs approval."""
    wants_creator = form.cleaned_data["role"] == User.CREATOR
    with transaction.atomic():
        user = form.save(commit=False)
        if wants_creator and creator_signup_needs_approval():
            user.role = User.SUBSCRIBER
            user.save()
            CreatorRequest.objects.create(user=user)
        else:
            user.save()
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
