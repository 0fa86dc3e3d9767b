"""The form a member edits their own profile with: names, bio, camera details."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "bio", "shows_camera_details"]
        labels = {"shows_camera_details": _("Show camera details on my photos’ pages")}
        widgets = {"bio": forms.Textarea(attrs={"rows": 4, "data-counter": ""})}
