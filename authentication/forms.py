"""Login, sign-up, profile photo and follow forms."""

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core.validators import MaxLengthValidator
from django.utils.html import format_html
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


ROLE_SENTENCES = {
    User.Role.CREATOR: _("Publish photos and posts, alone or with co-authors."),
    User.Role.SUBSCRIBER: _("Follow photographers and read their work in your feed."),
}


class SignupForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "email", "first_name", "last_name", "role"]
        widgets = {"role": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices()
        if length := minimum_password_length():
            # The browser refuses a too-short password before sending it.
            for name in ("password1", "password2"):
                self.fields[name].widget.attrs["minlength"] = length
        if settings.FOTOBLOG_CREATOR_SIGNUP == "approval":
            self.fields["role"].help_text = _(
                "Creator accounts are approved by the site's staff; until then you "
                "can read and follow as a subscriber."
            )

    def validate_password_for_user(self, user, **kwargs):
        """Show what is wrong with the password under it, not under its repetition."""
        super().validate_password_for_user(user, password_field_name="password1")


def role_choices() -> list[tuple[str, str]]:
    """The roles as radio choices, each with what it lets one do."""
    return [
        (
            role.value,
            format_html(
                '<span class="choice-name">{}</span> '
                '<span class="choice-help">{}</span>',
                role.label,
                ROLE_SENTENCES[role],
            ),
        )
        for role in User.Role
    ]


def minimum_password_length() -> int | None:
    """The shortest password the configured validators accept, if one says so."""
    lengths = [
        validator.min_length
        for validator in password_validation.get_default_password_validators()
        if isinstance(validator, password_validation.MinimumLengthValidator)
    ]
    return max(lengths, default=None)


class ProfilePhotoForm(forms.Form):
    profile_photo = PictureField(
        label=_("Profile photo"),
        process=process_avatar,
        help_text=_("JPEG, PNG, WebP or HEIC. It is cropped to a centred square."),
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
