"""The form a member makes a personal access token with, on the site."""

from datetime import datetime, timedelta
from uuid import uuid4

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Scope
from .tokens import scopes_offered

NEVER = "never"
EXPIRY_CHOICES = [
    ("30", _("In 30 days")),
    ("90", _("In 90 days")),
    ("365", _("In a year")),
    (NEVER, _("Never")),
]


class ScopeCheckboxes(forms.CheckboxSelectMultiple):
    """Scope checkboxes where reading is always ticked and cannot be unticked: every
    token may read."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value == Scope.READ:
            option["selected"] = True
            option["attrs"].update(checked=True, disabled=True)
        return option


class OfferedScopesField(forms.MultipleChoiceField):
    """The scopes ticked, among those offered; any other is dropped, not refused:
    create_token would drop it anyway, and a forged form learns nothing."""

    def clean(self, value):
        offered = {str(choice) for choice, _label in self.choices}
        return super().clean([scope for scope in value or [] if scope in offered])


class AccessTokenForm(forms.Form):
    """A new token's name, scopes among those `user` may give, and lifetime."""

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, so that you can tell it apart later."),
    )
    scopes = OfferedScopesField(
        label=_("It may"), required=False, widget=ScopeCheckboxes
    )
    expires_in = forms.ChoiceField(
        label=_("Expires"), choices=EXPIRY_CHOICES, initial="30"
    )
    # Which showing of the form this is: sent again (a reload), it makes nothing.
    once = forms.UUIDField(required=False, initial=uuid4, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scopes"].choices = [
            (scope.value, scope.label) for scope in scopes_offered(user)
        ]
        self.fields["scopes"].initial = [Scope.READ.value]

    def expires_at(self) -> datetime | None:
        """When the token stops working, counted from now; None for never."""
        choice = self.cleaned_data["expires_in"]
        if choice == NEVER:
            return None
        return timezone.now() + timedelta(days=int(choice))
