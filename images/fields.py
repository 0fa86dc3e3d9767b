"""The form field every uploaded picture comes through."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .pipeline import CheckedPhoto, ProcessedImage, check_photo

UPLOAD_HELP = _("JPEG, PNG, WebP or HEIC.")


# HEIC by extension too: some browsers know no type for it.
ACCEPT = "image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif"


class PictureField(forms.FileField):
    """A file field whose clean value is the upload run through the image pipeline:
    by default, its checks, the work being left to a worker."""

    widget = forms.ClearableFileInput(attrs={"accept": ACCEPT})

    def __init__(self, *args, process=check_photo, **kwargs):
        super().__init__(*args, **kwargs)
        self.process = process

    def clean(self, data, initial=None) -> CheckedPhoto | ProcessedImage | None:
        upload = super().clean(data, initial)
        return self.process(upload) if upload else None
