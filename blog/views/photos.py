"""Upload photos, as photos or as a post; follow one being prepared; edit a caption;
delete a photo."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from blog import services, tasks
from blog.audiences import VisibilityForm
from blog.forms import (
    PHOTOS,
    POST,
    DeletePhotoForm,
    NewBlogForm,
    PhotoCaptionForm,
    UploadForm,
    quota_message,
    too_many_files_message,
    waiting_message,
)
from blog.models import Blog
from web.body_limits import accepts_uploads
from web.ratelimit import rate_limited
from web.request_data import safe_next, submitted

from .guards import photo_or_deny

# A model permission that the creators group holds, with no per-object rule: who may
# write posts at all.
ADD_POST = "blog.add_blog"


@accepts_uploads(many=True)
@permission_required("blog.add_photo", raise_exception=True)
@require_http_methods(["GET", "POST"])
@rate_limited("upload")
def photo_upload(request):
    return upload_page(request, mode=PHOTOS)


@accepts_uploads(many=True)
@permission_required("blog.add_photo", raise_exception=True)
@require_http_methods(["GET", "POST"])
@rate_limited("upload")
def create_multiple_photos(request):
    """The course's page for several photos: the upload page takes several."""
    return upload_page(request, mode=PHOTOS)


def upload_page(request, *, mode: str):
    """The one upload flow: photos sent together, each with its caption and alt
    text, published as photos or as a post (`mode` is the choice it opens with).

    The page's script sends it with `Accept: application/json` for a progress bar:
    it answers where to go, or the errors, per file and the rest.
    """
    may_post = request.user.has_perm(ADD_POST)
    form = UploadForm(
        **submitted(request), uploader=request.user, mode=mode, may_post=may_post
    )
    post_form = NewBlogForm(**submitted(request))
    wants_json = "application/json" in request.headers.get("Accept", "")
    status = 200
    if form.is_bound and is_complete(form, post_form):
        try:
            target, message = publish(request.user, form, post_form)
        except services.UploadRefused as refusal:
            status = refuse_upload(form, refusal)
        else:
            messages.success(request, message)
            if wants_json:
                return JsonResponse({"redirect": target})
            return redirect(target)
    if wants_json and form.is_bound:
        errors = upload_errors(form, post_form)
        return JsonResponse(errors, status=429 if status == 429 else 400)
    if not form.makes_a_post:
        post_form = NewBlogForm()  # hidden: its fields say nothing yet
    context = {
        "form": form,
        "post_form": post_form,
        "opened_as_post": mode == POST,
        "max_files": settings.FOTOBLOG_MAX_FILES_PER_UPLOAD,
        "too_many_files": too_many_files_message(),
    }
    return render(request, "blog/upload.html", context, status=status)


def is_complete(form: UploadForm, post_form: NewBlogForm) -> bool:
    """Whether the upload, and the post if one is chosen, are valid."""
    photos_valid = form.is_valid()  # first: it reads which was chosen
    return photos_valid and (not form.makes_a_post or post_form.is_valid())


def save_upload(user, form: UploadForm, post_form: NewBlogForm) -> Blog | list:
    """Save a valid upload as chosen: the post made, or the photos."""
    photos = form.cleaned_data["photos"]
    visibility = form.cleaned_data["visibility"]
    if form.makes_a_post:
        return services.create_post_with_photos(
            author=user, photos=photos, visibility=visibility, **post_form.cleaned_data
        )
    return services.create_photos(uploader=user, pictures=photos, visibility=visibility)


def publish(user, form: UploadForm, post_form: NewBlogForm) -> tuple[str, str]:
    """Save the upload as chosen; return where to go next and what to say."""
    saved = save_upload(user, form, post_form)
    if isinstance(saved, Blog):
        if saved.is_published:
            return saved.get_absolute_url(), _("Your post is published.")
        return saved.get_absolute_url(), _(
            "Your draft is saved. Only its authors see it."
        )
    count = len(saved)
    message = ngettext(
        "%(count)d photo uploaded: it is being prepared.",
        "%(count)d photos uploaded: they are being prepared.",
        count,
    ) % {"count": count}
    return reverse("photo_feed"), message


def refuse_upload(form, refusal: services.UploadRefused, field=None) -> int:
    """Tell the form why the upload is refused; return the page's status: 429 when
    the uploader must wait for their photos being prepared."""
    if isinstance(refusal, services.TooManyWaiting):
        form.add_error(field, waiting_message())
        return 429
    form.add_error(field, quota_message())
    return 200


def upload_errors(form: UploadForm, post_form: NewBlogForm) -> dict:
    """The errors for the page's script: per file index, and the others, each
    named by its field."""
    per_file = {str(index): errors for index, errors in form.file_errors.items()}
    per_file_messages = {m for errors in form.file_errors.values() for m in errors}
    checked = [form, post_form] if form.makes_a_post else [form]
    others = [
        message if name == NON_FIELD_ERRORS else f"{each[name].label}: {message}"
        for each in checked
        for name, field_errors in each.errors.items()
        for message in field_errors
        if message not in per_file_messages
    ]
    return {"files": per_file, "errors": others}


@require_GET
def photo_status(request, photo_id):
    """The photo as its uploader's page shows it: the picture once it is ready, the
    reason if it failed, else the placeholder again, which asks again."""
    photo = photo_or_deny(request, photo_id, "blog.view_photo")
    tasks.requeue_if_stalled(photo)
    shown_as = {
        "sizes": request.GET.get("sizes", ""),
        "linked": request.GET.get("linked") == "1",  # a grid's tile links its page
    }
    return render(request, "includes/photo.html", {"photo": photo, **shown_as})


@require_http_methods(["GET", "POST"])
def photo_edit(request, photo_id):
    photo = photo_or_deny(request, photo_id, "blog.change_photo")
    form = PhotoCaptionForm(**submitted(request), instance=photo)
    if form.is_valid():
        form.save()  # the caption only: the image is not touched
        messages.success(request, _("The caption is saved."))
        # A URL, never a view name: `redirect("x")` would try to reverse "x".
        return HttpResponseRedirect(safe_next(request) or reverse("photo_feed"))
    context = {
        "photo": photo,
        "form": form,
        "next": safe_next(request),
        "visibility_form": visibility_form(photo),
    }
    return render(request, "blog/photo_edit.html", context)


@require_POST
def photo_visibility(request, photo_id):
    """Choose who sees a photo posted on its own; one uploaded with a post follows
    its posts."""
    photo = photo_or_deny(request, photo_id, "blog.change_photo")
    form = visibility_form(photo, request.POST)
    if form is None:
        messages.error(
            request,
            _("This photo is seen with its posts: choose who sees the posts instead."),
        )
        return redirect("photo_edit", photo.pk)
    if form.is_valid():
        services.set_visibility(
            item=photo, visibility=form.cleaned_data["visibility"], by=request.user
        )
        messages.success(request, _("Who can see this photo is saved."))
        return redirect("photo_edit", photo.pk)
    context = {"photo": photo, "form": PhotoCaptionForm(instance=photo)}
    context["visibility_form"] = form
    return render(request, "blog/photo_edit.html", context, status=400)


def visibility_form(photo, data=None) -> VisibilityForm | None:
    """The audience control of a photo posted on its own; None for another."""
    if not photo.shown_alone:
        return None
    return VisibilityForm(data, kind="photo", initial_visibility=photo.visibility)


@require_http_methods(["GET", "POST"])
def photo_delete(request, photo_id):
    photo = photo_or_deny(request, photo_id, "blog.delete_photo")
    form = DeletePhotoForm(**submitted(request))
    if form.is_valid():
        services.delete_photo(photo=photo, by=request.user)
        messages.success(request, _("The photo is deleted."))
        return redirect("photo_feed")
    # Only the posts this user may see: a draft's title is its authors' business.
    blogs = Blog.objects.showing(photo).visible_to(request.user).order_by("title")
    context = {"photo": photo, "form": form, "blogs": blogs}
    return render(request, "blog/photo_delete.html", context)
