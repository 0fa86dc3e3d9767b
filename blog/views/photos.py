"""Upload photos, one or many; edit a caption; delete a photo."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from blog import services
from blog.forms import DeletePhotoForm, MultiplePhotoForm, PhotoCaptionForm, PhotoForm
from fotoblog.forms import submitted

from .access import photo_or_deny


@login_required
@permission_required("blog.add_photo", raise_exception=True)
@require_http_methods(["GET", "POST"])
def photo_upload(request):
    form = PhotoForm(**submitted(request))
    if form.is_valid():
        services.create_photos(
            uploader=request.user,
            images=[form.cleaned_data["image"]],
            caption=form.cleaned_data["caption"],
        )
        messages.success(request, _("Your photo is published."))
        return redirect("home")
    return render(request, "blog/photo_upload.html", {"form": form})


@login_required
@permission_required("blog.add_photo", raise_exception=True)
@require_http_methods(["GET", "POST"])
def create_multiple_photos(request):
    form = MultiplePhotoForm(**submitted(request))
    if form.is_valid():
        photos = services.create_photos(
            uploader=request.user,
            images=form.cleaned_data["images"],
            caption=form.cleaned_data["caption"],
        )
        count = len(photos)
        messages.success(
            request,
            ngettext("%(count)d photo published.", "%(count)d photos published.", count)
            % {"count": count},
        )
        return redirect("photo_feed")
    return render(request, "blog/create_multiple_photos.html", {"form": form})


@login_required
@permission_required("blog.change_photo", raise_exception=True)
@require_http_methods(["GET", "POST"])
def photo_edit(request, photo_id):
    photo = photo_or_deny(request, photo_id, "blog.change_photo")
    form = PhotoCaptionForm(**submitted(request), instance=photo)
    if form.is_valid():
        form.save()  # the caption only: the image is not touched
        messages.success(request, _("The caption is saved."))
        return redirect("photo_feed")
    return render(request, "blog/photo_edit.html", {"photo": photo, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def photo_delete(request, photo_id):
    photo = photo_or_deny(request, photo_id, "blog.delete_photo")
    form = DeletePhotoForm(**submitted(request))
    if form.is_valid():
        services.delete_photo(photo=photo, by=request.user)
        messages.success(request, _("The photo is deleted."))
        return redirect("photo_feed")
    context = {"photo": photo, "form": form, "blogs": photo.blogs.order_by("title")}
    return render(request, "blog/photo_delete.html", context)
