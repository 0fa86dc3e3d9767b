"""Forms for photos and blogs; they validate input and nothing else."""

import rules
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from authentication.models import User
from images.fields import ACCEPT, UPLOAD_HELP, PictureField
from images.pipeline import check_photo

from .audiences import audience_field, default_for
from .models import Blog, BlogContributor, Photo
from .services import NewPhoto

CAPTION_MAX_LENGTH = Photo._meta.get_field("caption").max_length


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files and returns them as a list."""

    widget = MultipleFileInput(attrs={"accept": ACCEPT})

    def clean(self, data, initial=None) -> list:
        files = [upload for upload in (data or []) if upload]
        if not files:
            raise ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(upload) for upload in files]

    def bound_data(self, data, initial):
        return data


def too_many_files_message() -> str:
    """The error shown when one upload carries more files than the site takes."""
    limit = settings.FOTOBLOG_MAX_FILES_PER_UPLOAD
    message = ngettext(
        "Send at most %(limit)d photo at once.",
        "Send at most %(limit)d photos at once.",
        limit,
    )
    return message % {"limit": limit}


def too_many_pixels_message() -> str:
    """The error shown when the photos of one upload are too large together."""
    return _(
        "These photos have more than %(limit)g megapixels together. Send them in "
        "smaller groups."
    ) % {"limit": settings.FOTOBLOG_MAX_REQUEST_PIXELS / 1_000_000}


PHOTOS, POST = "photos", "post"
ALT_MAX_LENGTH = Photo._meta.get_field("alt").max_length


def publish_choices(may_post: bool) -> list[tuple[str, str]]:
    """How an upload may be published, each with its sentence; a post only for
    those who may write one."""
    photos = (
        PHOTOS,
        format_html(
            '<span class="choice-name">{}</span> <span class="choice-help">{}</span>',
            _("Publish as photos"),
            _("Each photo on its own, shown together."),
        ),
    )
    post = (
        POST,
        format_html(
            '<span class="choice-name">{}</span> <span class="choice-help">{}</span>',
            _("Make a post"),
            _("Write about them: the first photo is its cover, the others follow."),
        ),
    )
    return [photos, post] if may_post else [photos]


class UploadForm(forms.Form):
    """Photos sent together, published as photos or as one post: all, or none.

    Each file may come with its own caption and alt text (the `captions` and `alts`
    values, in file order, which the page's script sends); otherwise the common
    caption applies. The course's one-photo forms send their picture as `image`: it
    is read as one of the `images`.
    """

    images = MultipleFileField(label=_("Photos"), help_text=UPLOAD_HELP)
    caption = forms.CharField(
        label=_("Caption"),
        max_length=CAPTION_MAX_LENGTH,
        required=False,
        help_text=_("Given to every photo that has no caption of its own."),
    )
    publish_as = forms.ChoiceField(
        label=_("How to publish"),
        widget=forms.RadioSelect,
        required=False,
        error_messages={
            "invalid_choice": _("Your account may not make posts: publish as photos.")
        },
    )

    def __init__(
        self,
        data=None,
        files=None,
        *,
        uploader: User,
        mode: str,
        may_post: bool,
        **kwargs,
    ):
        if files is not None and "image" in files:
            files = files.copy()
            files.setlist("images", files.getlist("images") + files.getlist("image"))
        super().__init__(data, files, **kwargs)
        self.mode = mode if may_post else PHOTOS
        publish_as = self.fields["publish_as"]
        publish_as.choices = publish_choices(may_post)
        publish_as.initial = self.mode
        if not may_post:
            publish_as.widget = forms.HiddenInput()
        # Who can see it depends on what the upload becomes, which may change.
        kind = "upload" if may_post else "photo"
        self.fields["visibility"] = audience_field(kind, default_for(uploader))
        self.file_errors: dict[int, list[str]] = {}

    @property
    def makes_a_post(self) -> bool:
        """The upload becomes a post (as chosen, or as the page opened)."""
        return self.mode == POST

    def clean_publish_as(self) -> str:
        # Sent without it (a course form, an older page), it publishes as its page.
        self.mode = self.cleaned_data["publish_as"] or self.mode
        return self.mode

    def clean(self):
        cleaned = super().clean()
        files = cleaned.get("images") or []
        if len(files) > settings.FOTOBLOG_MAX_FILES_PER_UPLOAD:
            raise ValidationError(too_many_files_message(), code="too_many_files")
        captions, alts = self._sent("captions"), self._sent("alts")
        cleaned["photos"] = []
        for index, upload in enumerate(files):
            try:
                cleaned["photos"].append(
                    NewPhoto(
                        check_photo(upload),
                        own_caption(captions, index, upload.name)
                        or cleaned.get("caption", ""),
                        own_alt(alts, index, upload.name),
                    )
                )
            except ValidationError as error:
                self.file_errors[index] = error.messages
        for messages in self.file_errors.values():
            for message in messages:
                self.add_error("images", message)
        pixels = sum(photo.picture.pixels for photo in cleaned["photos"])
        if pixels > settings.FOTOBLOG_MAX_REQUEST_PIXELS:
            raise ValidationError(too_many_pixels_message(), code="too_many_pixels")
        return cleaned

    def _sent(self, name: str) -> list[str]:
        return self.data.getlist(name) if hasattr(self.data, "getlist") else []


def own_caption(captions: list[str], index: int, name: str) -> str:
    """The caption sent for the file at `index`, or "" if none."""
    message = _("The caption of %(name)s is longer than %(limit)d characters.")
    return _own_text(
        captions,
        index,
        CAPTION_MAX_LENGTH,
        message % {"name": name, "limit": CAPTION_MAX_LENGTH},
    )


def own_alt(alts: list[str], index: int, name: str) -> str:
    """The alt text sent for the file at `index`, or "" if none."""
    message = _("The alt text of %(name)s is longer than %(limit)d characters.")
    return _own_text(
        alts, index, ALT_MAX_LENGTH, message % {"name": name, "limit": ALT_MAX_LENGTH}
    )


def _own_text(values: list[str], index: int, limit: int, too_long: str) -> str:
    text = (values[index] if index < len(values) else "").strip()
    if len(text) > limit:
        raise ValidationError(too_long, code="max_length")
    # What a CharField checks: PostgreSQL refuses to store a NUL character.
    ProhibitNullCharactersValidator()(text)
    return text


class PhotoCaptionForm(forms.ModelForm):
    class Meta:
        model = Photo
        fields = ["caption"]


class BlogForm(forms.ModelForm):
    """Title and content of a blog; the title is read-only unless `can_edit_title`."""

    new_image = PictureField(
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


class NewBlogForm(forms.ModelForm):
    """A post's title and text, on the upload page (its photos and audience are the
    upload's)."""

    # Hidden while "Publish as photos" is chosen: the browser must not insist on a
    # title there (the page's script asks for one when a post is chosen).
    use_required_attribute = False

    class Meta:
        model = Blog
        fields = ["title", "content", "is_published"]
        widgets = {"content": forms.Textarea(attrs={"rows": 8})}
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
        if not User.objects.eligible_coauthors().filter(pk=user.pk).exists():
            raise ValidationError(
                _("%(name)s is not a creator.") % {"name": user.username}
            )
        # Why not (a block, either way) is nobody else's business.
        if not rules.test_rule("authentication.invite_coauthor", self.blog.owner, user):
            raise ValidationError(
                _("You cannot invite %(name)s.") % {"name": user.username}
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


def waiting_message() -> str:
    """The error shown when too many of the user's photos wait for a worker."""
    limit = settings.FOTOBLOG_MAX_PROCESSING_PER_USER
    return ngettext(
        "Only %(limit)d of your photos may wait to be prepared at once. Send "
        "these when it is ready.",
        "Only %(limit)d of your photos may wait to be prepared at once. Send "
        "these when some of them are ready.",
        limit,
    ) % {"limit": limit}


def quota_message() -> str:
    """The error shown when an upload would pass the user's storage quota."""
    return _(
        "This would take you past your storage space of %(limit)s. Delete some "
        "photos first."
    ) % {"limit": filesizeformat(settings.FOTOBLOG_STORAGE_QUOTA_BYTES)}
