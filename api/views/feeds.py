"""The home feed and the Photos grid, page by page, as the site shows them."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import PermissionDenied

from blog.facts import GRID_FACTS, HOME_FACTS
from blog.pager import (
    FeedPage,
    home_feed_sources,
    photo_feed_sources,
    prepared_feed_page,
)

from ..serializers import (
    FeedItemSerializer,
    FeedPageSerializer,
    PhotoPageSerializer,
    PhotoSerializer,
)
from .base import ApiView, page_response

AFTER = OpenApiParameter(
    "after",
    str,
    description="The `next` address of the page before gives it; absent for the first.",
)


def item_context(request, page: FeedPage) -> dict:
    """What the items' serializers read: whether each post's cover is shown, from
    the page's facts when its query told, else from the rule."""
    facts = {entry.item.pk: entry.facts for entry in page.items if entry.kind == "blog"}

    def cover_shown(blog) -> bool:
        known = facts.get(blog.pk, {})
        if "cover_shown" in known:
            return bool(known["cover_shown"])
        return request.user.has_perm("blog.view_photo", blog.photo)

    return {"request": request, "cover_shown": cover_shown}


def feed_items(request, page: FeedPage) -> list[dict]:
    context = item_context(request, page)
    items = [
        {
            "kind": "post" if entry.kind == "blog" else "photo",
            "post": entry.item if entry.kind == "blog" else None,
            "photo": entry.item if entry.kind == "photo" else None,
        }
        for entry in page.items
    ]
    return FeedItemSerializer(items, many=True, context=context).data


def require(request, *permissions: str) -> None:
    """Refuse with 403 a member without every model permission the page needs."""
    if not request.user.has_perms(permissions):
        raise PermissionDenied


class HomeFeed(ApiView):
    """The home feed: posts by the creators you follow and yours, starred posts,
    and photos of the creators you follow, newest first."""

    @extend_schema(
        parameters=[AFTER], responses=FeedPageSerializer, operation_id="feed"
    )
    def get(self, request):
        require(request, "blog.view_blog", "blog.view_photo")
        after = request.GET.get("after")
        page = prepared_feed_page(
            home_feed_sources, request.user, after, facts=HOME_FACTS
        )
        return page_response(request, feed_items(request, page), page.next_cursor)


class PhotoFeed(ApiView):
    """Photos: the photos of the creators you follow and yours, newest first."""

    @extend_schema(
        parameters=[AFTER], responses=PhotoPageSerializer, operation_id="photos_list"
    )
    def get(self, request):
        """The Photos grid: photos of those you follow and yours, newest first."""
        require(request, "blog.view_photo")
        after = request.GET.get("after")
        page = prepared_feed_page(
            photo_feed_sources, request.user, after, facts=GRID_FACTS
        )
        photos = [entry.item for entry in page.items]
        results = PhotoSerializer(photos, many=True, context={"request": request}).data
        return page_response(request, results, page.next_cursor)
