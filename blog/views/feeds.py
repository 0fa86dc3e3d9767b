"""The home feed, the photo feed."""

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from blog.feed import FEED_PAGE_SIZE, home_feed_page
from blog.models import Photo


@login_required
@permission_required(["blog.view_blog", "blog.view_photo"], raise_exception=True)
@require_http_methods(["GET"])
def home(request):
    page, items = home_feed_page(request.user, request.GET.get("page"))
    context = {
        "page": page,
        "items": items,
        "follows_anyone": request.user.follows.exists(),
    }
    return render(request, "blog/home.html", context)


@login_required
@permission_required("blog.view_photo", raise_exception=True)
@require_http_methods(["GET"])
def photo_feed(request):
    photos = Photo.objects.feed_for(request.user).select_related("uploader")
    page = Paginator(photos, FEED_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "blog/photo_feed.html", {"page": page})
