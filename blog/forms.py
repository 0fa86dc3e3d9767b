"""Forms for photos and blogs; they validate input and nothing else."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from authentication.models import User

from .images import check_image
from .models import Blog, BlogContributor, Photo


class PhotoForm(forms.ModelForm):
    class Meta:
        model = Photo
        fields = ["image", "caption"]

    def clean_image(self):
        return check_image(self.cleaned_data["image"])


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.ImageField):
    """An image field that takes several files, checking each one."""

    widget = MultipleImageInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        files = [upload for upload in files if upload]
        if not files:
            raise ValidationError(self.error_messages["required"], code="required")
        limit = settings.FOTOBLOG_MAX_FILES_PER_UPLOAD
        if len(files) > limit:
            raise ValidationError(
                ngettext(
                    "Send at most %(limit)d photo at once.",
                    "Send at most %(limit)d photos at once.",
                    limit,
                )
                % {"limit": limit}
            )
        cleaned, errors = [], []
        for upload in files:
            try:
                cleaned.append(check_image(super().clean(upload, initial)))
            except ValidationError as error:
                errors.extend(f"{upload.name}: {message}" for message in error.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned


class MultiplePhotoForm(forms.Form):
    images = MultipleImageField(label=_("Photos"))
    caption = forms.CharField(
        label=_("Caption"),
        max_length=128,
        required=False,
        help_text=_("Given to every photo of this upload."),
    )


class PhotoCaptionForm(forms.ModelForm):
    class Meta:
        model = Photo
        fields = ["caption"]


class BlogForm(forms.ModelForm):
    """Title and content of a blog; the title is read-only unless `can_edit_title`."""

    new_image = forms.ImageField(
        label=_("New photo"),
        required=False,
        help_text=_("Optional: replaces the blog's photo. The old one stays yours."),
    )

    class Meta:
        model = Blog
        fields = ["title", "content"]
        widgets = {"content": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, can_edit_title: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        # A disabled field ignores whatever a forged POST sends for it.
        self.fields["title"].disabled = not can_edit_title
        if not can_edit_title:
            self.fields["title"].help_text = _(
                "You do not have permission to change the title."
            )

    def clean_new_image(self):
        image = self.cleaned_data["new_image"]
        return check_image(image) if image else None


class NewBlogForm(forms.ModelForm):
    class Meta:
        model = Blog
        fields = ["title", "content", "is_published"]
        widgets = {"content": forms.Textarea(attrs={"rows": 10})}
        labels = {"is_published": _("Publish now")}
        help_texts = {"is_published": _("Untick to keep it as a draft only you see.")}


class DeleteBlogForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, delete this blog for good."), required=True
    )


class DeletePhotoForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, delete this photo for good."), required=True
    )


class CoauthorForm(forms.ModelForm):
    """Invite another creator, by username, to write a blog."""

    username = forms.CharField(label=_("Creator's username"), max_length=150)

    class Meta:
        model = BlogContributor
        fields = ["contribution"]
        labels = {"contribution": _("Their contribution")}

    def __init__(self, *args, blog: Blog, **kwargs):
        super().__init__(*args, **kwargs)
        self.blog = blog
        self.order_fields(["username", "contribution"])

    def clean_username(self) -> User:
        username = self.cleaned_data["username"]
        user = User.objects.filter(username__iexact=username, is_active=True).first()
        if user is None:
            raise ValidationError(
                _("No active member is called %(name)s.") % {"name": username}
            )
        if user.pk == self.blog.owner_id:
            raise ValidationError(_("The owner already writes this blog."))
        if user.role != User.CREATOR:
            raise ValidationError(
                _("%(name)s is not a creator.") % {"name": user.username}
            )
        if self.blog.contributors.filter(pk=user.pk).exists():
            raise ValidationError(
                _("%(name)s is already a co-author.") % {"name": user.username}
            )
        return user


class ContributionForm(forms.ModelForm):
    class Meta:
        model = BlogContributor
        fields = ["contribution"]
        labels = {"contribution": _("Contribution")}
