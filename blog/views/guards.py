"""Fetch an object for a view and check the user's permission on it, in one call."""

from typing import NoReturn

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from blog.models import Blog, Photo
from web.middleware import LoginNeeded


def object_or_deny(
    request: HttpRequest, queryset: QuerySet, pk: int, permission: str, *, view: str
) -> Model:
    """Return the object, or 404 when the user may not see it, 403 when they may see
    it but lack `permission`.

    A 404 for what the user may not see keeps drafts and hidden items from leaking;
    a visitor who is not logged in is asked to log in instead, whether or not the
    object exists.
    """
    obj = queryset.filter(pk=pk).first()
    if obj is None or not request.user.has_perm(view, obj):
        refuse_to_see(request)
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied
    return obj


def refuse_to_see(request: HttpRequest) -> NoReturn:
    """Answer what the user may not see: a 404, or the login page for a visitor."""
    if not request.user.is_authenticated:
        raise LoginNeeded
    raise Http404


def blog_or_deny(request: HttpRequest, blog_id: int, permission: str) -> Blog:
    """Return the blog with its authors, if the user holds `permission` on it."""
    return object_or_deny(
        request, Blog.objects.with_authors(), blog_id, permission, view="blog.view_blog"
    )


def photo_or_deny(request: HttpRequest, photo_id: int, permission: str) -> Photo:
    """Return the photo with its uploader, if the user holds `permission` on it."""
    return object_or_deny(
        request,
        Photo.objects.select_related("uploader"),
        photo_id,
        permission,
        view="blog.view_photo",
    )
