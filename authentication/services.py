"""Sign-up, where becoming a creator may need staff approval."""

from django.conf import settings
from django.db import transaction

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
