"""The home feed, the photo feed, "Load more" pages of both."""

from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from blog.facts import GRID_FACTS, HOME_FACTS
from blog.pager import home_feed_sources, photo_feed_sources, prepared_feed_page


@permission_required(["blog.view_blog", "blog.view_photo"], raise_exception=True)
@require_http_methods(["GET"])
def home(request):
    after = request.GET.get("after")
    # Its cards ask no photo rule: the page's query says which covers to show.
    page = prepared_feed_page(home_feed_sources, request.user, after, facts=HOME_FACTS)
    if request.htmx:  # "Load more": only the next items and the next button
        return render(request, "blog/includes/feed_items.html", {"page": page})
    context = {"page": page, "follows_anyone": request.user.follows.exists()}
    return render(request, "blog/home.html", context)


@permission_required("blog.view_photo", raise_exception=True)
@require_http_methods(["GET"])
def photo_feed(request):
    after = request.GET.get("after")
    # Its grid asks no photo rule either: the page's query says which controls.
    page = prepared_feed_page(photo_feed_sources, request.user, after, facts=GRID_FACTS)
    if request.htmx:
        return render(request, "blog/includes/photo_grid_items.html", {"page": page})
    return render(request, "blog/photo_feed.html", {"page": page})
