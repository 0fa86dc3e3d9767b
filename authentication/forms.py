"""Login, sign-up, profile photo and follow forms."""

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from images.fields import PictureField
from images.pipeline import process_avatar

from .models import User


class LoginForm(AuthenticationForm):
    """Django's login form, refusing a username longer than any member's.

    Django only sets the field's `max_length` as a widget attribute: a longer name
    would reach django-axes, whose record of the failure cannot hold it.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))


class SignupForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "email", "first_name", "last_name", "role"]
        widgets = {"role": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if settings.FOTOBLOG_CREATOR_SIGNUP == "approval":
            self.fields["role"].help_text = _(
                "Creator accounts are approved by the site's staff; until then you "
                "can read and follow as a subscriber."
            )


class ProfilePhotoForm(forms.Form):
    profile_photo = PictureField(
        label=_("Profile photo"),
        process=process_avatar,
        help_text=_("JPEG, PNG, WebP or HEIC. It is cropped to a centred square."),
    )


class UserChoicesField(forms.ModelMultipleChoiceField):
    """Refuses an id no primary key can hold before it reaches the query, where
    SQLite would fail on it instead of finding nothing."""

    def clean(self, value):
        self._refuse_out_of_range(value)
        return super().clean(value)

    def _refuse_out_of_range(self, value) -> None:
        """Refuse a submitted id outside the primary key's range."""
        low, high = connection.ops.integer_field_range(
            User._meta.pk.get_internal_type()
        )
        for pk in value if isinstance(value, list | tuple) else ():
            try:
                out_of_range = not low <= int(pk) <= high
            except (TypeError, ValueError):
                out_of_range = False  # not an integer: Django's own check refuses it
            if out_of_range:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )


class FollowUsersForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["follows"]
        field_classes = {"follows": UserChoicesField}
        widgets = {"follows": forms.CheckboxSelectMultiple}
        labels = {"follows": _("Creators you follow")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A private account is followed once its owner approves a request, never
        # by ticking a box; one already followed may still be unticked.
        followed = self.instance.follows.values("pk") if self.instance.pk else []
        self.fields["follows"].queryset = (
            User.objects.followable_or_followed_by(self.instance)
            .exclude(Q(is_private=True) & ~Q(pk__in=followed))
            .order_by("username")
        )


class PrivacyForm(forms.Form):
    """Make the account private or open; what going private does to what exists."""

    KEEP, REMOVE = "keep", "remove"

    is_private = forms.BooleanField(
        label=_(
            "Private account — people must ask to follow you; you approve each one."
        ),
        required=False,
    )
    followers = forms.ChoiceField(
        label=_("Your current followers, when you go private"),
        choices=[(KEEP, _("Keep them")), (REMOVE, _("Remove them"))],
        initial=KEEP,
        widget=forms.RadioSelect,
    )
    restrict_posts = forms.BooleanField(
        label=_(
            "Also show my Public and Members posts and photos to my followers only"
        ),
        help_text=_(
            "Otherwise each keeps the audience you chose for it. Going open again "
            "does not undo this."
        ),
        required=False,
    )

    def __init__(self, *args, is_private: bool, **kwargs):
        super().__init__(*args, initial={"is_private": is_private}, **kwargs)
        if is_private:  # the choices of going private mean nothing any more
            del self.fields["followers"]
            del self.fields["restrict_posts"]
