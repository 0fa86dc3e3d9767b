"""Sign-up, profile photo and follow forms."""

from django import forms
from django.conf import settings
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from blog.images import check_image

from .models import User


class SignupForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "email", "first_name", "last_name", "role"]
        widgets = {"role": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = User.Role.choices
        if settings.FOTOBLOG_CREATOR_SIGNUP == "approval":
            self.fields["role"].help_text = _(
                "Creator accounts are approved by the site's staff; until then you "
                "can read and follow as a subscriber."
            )


class ProfilePhotoForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["profile_photo"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profile_photo"].required = True
        self.fields["profile_photo"].widget = forms.FileInput()

    def clean_profile_photo(self):
        return check_image(self.cleaned_data["profile_photo"])


class FollowUsersForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["follows"]
        widgets = {"follows": forms.CheckboxSelectMultiple}
        labels = {"follows": _("Creators you follow")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["follows"].queryset = (
            User.objects.filter(role=User.CREATOR, is_active=True)
            .exclude(pk=self.instance.pk)
            .order_by("username")
        )
