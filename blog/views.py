"""Views for photos and blogs: guard, fetch, act, redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from fotoblog.forms import submitted

from . import services
from .feed import FEED_PAGE_SIZE, home_feed_page
from .forms import BlogForm, DeleteBlogForm, MultiplePhotoForm, PhotoForm
from .models import Blog, Photo


@login_required
@permission_required(["blog.view_blog", "blog.view_photo"], raise_exception=True)
def home(request):
    page, items = home_feed_page(request.user, request.GET.get("page"))
    return render(request, "blog/home.html", {"page": page, "items": items})


@login_required
@permission_required("blog.view_photo", raise_exception=True)
def photo_feed(request):
    photos = Photo.objects.feed_for(request.user).select_related("uploader")
    page = Paginator(photos, FEED_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "blog/photo_feed.html", {"page": page})


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
        messages.success(
            request,
            ngettext(
                "%(count)d photo published.", "%(count)d photos published.", len(photos)
            )
            % {"count": len(photos)},
        )
        return redirect("photo_feed")
    return render(request, "blog/create_multiple_photos.html", {"form": form})


@login_required
@permission_required(["blog.add_blog", "blog.add_photo"], raise_exception=True)
@require_http_methods(["GET", "POST"])
def blog_and_photo_upload(request):
    blog_form = BlogForm(**submitted(request))
    photo_form = PhotoForm(**submitted(request))
    if all([blog_form.is_valid(), photo_form.is_valid()]):
        blog = services.create_blog_with_photo(
            author=request.user,
            **blog_form.cleaned_data,
            **photo_form.cleaned_data,
        )
        messages.success(request, _("Your blog is published."))
        return redirect(blog)
    context = {"blog_form": blog_form, "photo_form": photo_form}
    return render(request, "blog/blog_and_photo_upload.html", context)


@login_required
@require_http_methods(["GET"])
def view_blog(request, blog_id):
    blog = get_object_or_404(Blog.objects.with_authors(), pk=blog_id)
    if not request.user.has_perm("blog.view_blog", blog):
        raise PermissionDenied
    return render(request, "blog/view_blog.html", {"blog": blog})


@login_required
@permission_required("blog.change_blog", raise_exception=True)
@require_http_methods(["GET", "POST"])
def edit_blog(request, blog_id):
    blog = get_object_or_404(Blog.objects.with_authors(), pk=blog_id)
    if not request.user.has_perm("blog.change_blog", blog):
        raise PermissionDenied
    can_delete = request.user.has_perm("blog.delete_blog", blog)
    edit_form = BlogForm(
        request.POST if "edit_blog" in request.POST else None,
        instance=blog,
        can_edit_title=request.user.has_perm("blog.change_blog_title", blog),
    )
    delete_form = DeleteBlogForm(
        request.POST if "delete_blog" in request.POST else None
    )
    if edit_form.is_bound and edit_form.is_valid():
        edit_form.save()
        messages.success(request, _("Your changes are saved."))
        return redirect(blog)
    if edit_form.is_bound:
        # Validation copied the refused input onto `blog`: show what is saved.
        blog.refresh_from_db(fields=["title", "content"])
    if delete_form.is_bound:
        if not can_delete:
            raise PermissionDenied
        if delete_form.is_valid():
            blog.delete()
            messages.success(
                request, _("The blog “%(title)s” is deleted.") % {"title": blog.title}
            )
            return redirect("home")
    context = {
        "blog": blog,
        "edit_form": edit_form,
        "delete_form": delete_form,
        "can_delete": can_delete,
    }
    return render(request, "blog/edit_blog.html", context)
