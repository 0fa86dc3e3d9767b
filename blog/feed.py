"""The home feed: blogs and photos in one list, paged in the database."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, QuerySet, Value

from .models import Blog, Photo

FEED_PAGE_SIZE = 12


@dataclass(frozen=True)
class FeedItem:
    kind: str  # "blog" or "photo"
    item: Blog | Photo


def home_feed_entries(user) -> QuerySet:
    """Return (kind, pk, date_created) rows of the user's feed, newest first.

    A photo already shown as the illustration of a blog in the feed is left out.
    """
    blogs = Blog.objects.feed_for(user)
    photos = Photo.objects.feed_for(user).exclude(
        Exists(blogs.filter(photo=OuterRef("pk")))
    )
    columns = ("kind", "pk", "date_created")
    # Each side drops its Meta ordering: SQL orders the union as a whole.
    return (
        blogs.order_by()
        .annotate(kind=Value("blog"))
        .values_list(*columns)
        .union(photos.order_by().annotate(kind=Value("photo")).values_list(*columns))
        .order_by("-date_created", "-pk")
    )


def home_feed_page(user, page_number) -> tuple[Page, list[FeedItem]]:
    """Return the requested page of the user's feed and its items, fully loaded."""
    page = Paginator(home_feed_entries(user), FEED_PAGE_SIZE).get_page(page_number)
    wanted = {"blog": [], "photo": []}
    for kind, pk, _ in page.object_list:
        wanted[kind].append(pk)
    loaded = {
        "blog": Blog.objects.with_authors().in_bulk(wanted["blog"]),
        "photo": Photo.objects.select_related("uploader").in_bulk(wanted["photo"]),
    }
    items = [FeedItem(kind, loaded[kind][pk]) for kind, pk, _ in page.object_list]
    return page, items
