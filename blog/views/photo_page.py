"""A photo's own page: the picture as large as the window allows, who took it, the
posts it is in, and the photos before and after it among its uploader's."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.shortcuts import render
from django.views.decorators.http import require_GET

from blog.models import DATE_SHOWN, GALLERY_POSTS, PHOTO_POSTS, Blog, Photo
from web import indexing

from .guards import object_or_deny

CAMERA_FIELDS = ("camera", "lens", "focal_length", "f_number", "exposure_time", "iso")


@require_GET
def photo_detail(request, photo_id):
    # The posts and their bylines come with the photo: `blog.view_photo` reads them.
    photos = Photo.objects.select_related("uploader").prefetch_related(
        PHOTO_POSTS, GALLERY_POSTS
    )
    photo = object_or_deny(
        request, photos, photo_id, "blog.view_photo", view="blog.view_photo"
    )
    indexing.allow_if(request, AnonymousUser().has_perm("blog.view_photo", photo))
    newer, older = neighbours(photo, request.user)
    context = {
        "photo": photo,
        "posts": posts_showing(photo, request.user),
        "newer": newer,
        "older": older,
        "shows_camera": shows_camera(photo),
    }
    return render(request, "blog/photo_detail.html", context)


def posts_showing(photo: Photo, user) -> list[Blog]:
    """The posts the user may view that have `photo` as cover or in their gallery."""
    posts = Blog.objects.visible_to(user).showing(photo)
    return list(posts.order_by(DATE_SHOWN.desc(), "-pk"))


def neighbours(photo: Photo, user) -> tuple[int | None, int | None]:
    """The ids of the uploader's photos just newer and just older than `photo` among
    those the user may view: its neighbours on the creator page, newest first."""
    theirs = Photo.objects.visible_to(user).filter(uploader=photo.uploader_id)
    same_date = Q(date_created=photo.date_created)
    newer = theirs.filter(
        Q(date_created__gt=photo.date_created) | (same_date & Q(pk__gt=photo.pk))
    ).order_by("date_created", "pk")
    older = theirs.filter(
        Q(date_created__lt=photo.date_created) | (same_date & Q(pk__lt=photo.pk))
    ).order_by("-date_created", "-pk")
    return (
        newer.values_list("pk", flat=True).first(),
        older.values_list("pk", flat=True).first(),
    )


def shows_camera(photo: Photo) -> bool:
    """The uploader lets the site show what their camera recorded, and it did."""
    return photo.uploader.shows_camera_details and any(
        getattr(photo, name) not in ("", None) for name in CAMERA_FIELDS
    )
