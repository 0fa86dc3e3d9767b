"""Feeds of blogs and photos, newest first, paged in the database with a cursor.

A page is ordered by (date, kind, id) and cut after the cursor — the last item already
shown — so posts published while someone reads neither shift nor repeat what comes
next. The date is the one each kind shows (DATES): a post's publication date (its
creation date while a draft never published, in "My posts"), a photo's upload date.
Each source is read along its index on that date and cut to one page in the database,
with what its cards show: one query per source, however many rows there are; once
the sources read so far fill a page, the next reads only what could still make it.
Their pages are merged here. One more query reads the bylines of the page's posts; on
pages that show photos, one reads the posts each photo on the page appears in, which
`blog.view_photo` asks, and their bylines come with the others.

The home feed and Photos go faster (prepared_feed_page): one query, compiled once per
shape of question (blog/prepared.py), reads which items of all sources make the page,
with what the rules' twins say of each for the reader (blog/facts.py), so their cards
ask no rule; then one query per kind on the page fetches the items.
"""

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import (
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from . import prepared
from .facts import CARD_FACTS, gallery_shown
from .models import DATE_SHOWN, Blog, BlogContributor, Photo
from .rules import posts_showing

# The date each kind is ordered and paged by, read along its index: the blog indexes
# blog_shown_newest and blog_starred_shown_newest, the photo index photo_by_uploader.
DATES = {"blog": DATE_SHOWN, "photo": F("date_created")}
# What the cards of each kind show, fetched with the page.
JOINS = {"blog": ["photo__uploader"], "photo": ["uploader"]}
_MODELS = {"blog": Blog, "photo": Photo}


def _gallery_count() -> Coalesce:
    """facts.gallery_shown() of each post, counted in the page's own query."""
    return Coalesce(Subquery(gallery_shown(OuterRef("pk"))), 0)


# What the cards of each kind count, read with the page.
COUNTS = {"blog": {"gallery_count": _gallery_count}, "photo": {}}


def feed_page_size() -> int:
    """Items per feed page: the setting FOTOBLOG_FEED_PAGE_SIZE, read at each call."""
    return settings.FOTOBLOG_FEED_PAGE_SIZE


@dataclass(frozen=True, order=True)
class Cursor:
    """The position of an item in a feed: where the next page starts after."""

    date: datetime
    kind: str
    pk: int

    def encode(self) -> str:
        raw = f"{self.date.isoformat()}|{self.kind}|{self.pk}".encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str | None) -> "Cursor | None":
        """Read a cursor from a URL; anything malformed means the first page."""
        if not text:
            return None
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
            date, kind, pk = raw.split("|")
            cursor = cls(datetime.fromisoformat(date), kind, int(pk))
        except (ValueError, binascii.Error, UnicodeDecodeError):
            return None
        # Cursors carry aware dates (USE_TZ); a naive one was not made here.
        return cursor if cursor.date.tzinfo is not None else None


@dataclass(frozen=True)
class FeedItem:
    kind: str  # "blog" or "photo"
    item: Blog | Photo
    # What the page's query said of the item for its reader (prepared_feed_page's
    # facts): the templates ask the rules only what is not here.
    facts: dict = field(default_factory=dict, compare=False)

    @property
    def date(self) -> datetime:
        """The date the item shows, and DATES orders it by in the database."""
        return self.item.date_shown if self.kind == "blog" else self.item.date_created

    @property
    def cursor(self) -> Cursor:
        """The item's position: feeds show items by descending cursor."""
        return Cursor(self.date, self.kind, self.item.pk)


@dataclass(frozen=True)
class FeedPage:
    items: list[FeedItem]
    next_cursor: str | None  # None on the last page


def feed_page(
    sources: dict[str, QuerySet | list[QuerySet]],
    after: str | None,
    size: int | None = None,
    *,
    photo_rules: bool = True,
) -> FeedPage:
    """Return the page after the cursor `after` of the items of all `sources`.

    `sources` maps a kind ("blog", "photo") to the QuerySet of that kind's items, or
    to a list of disjoint QuerySets when each is better read along its own index;
    `size` defaults to feed_page_size(). `photo_rules` fetches what `blog.view_photo`
    reads of the page's photos: pages that show no photo go without.
    """
    size = size or feed_page_size()
    cursor = Cursor.decode(after)
    found: list[FeedItem] = []  # newest first
    for kind, querysets in sources.items():
        for queryset in querysets if isinstance(querysets, list) else [querysets]:
            # Once more than a page is found, the next source's items older than
            # the page's last cannot make it: it reads none of them.
            floor = found[size - 1].cursor if len(found) > size else None
            found += _first_after(queryset, kind, cursor, size + 1, floor)
            found.sort(key=lambda entry: entry.cursor, reverse=True)
    items = found[:size]
    _fetch_bylines(items, photo_rules)
    next_cursor = items[-1].cursor.encode() if len(found) > size else None
    return FeedPage(items, next_cursor)


def prepared_feed_page(
    build: Callable[..., dict],
    user,
    after: str | None,
    size: int | None = None,
    *,
    facts: prepared.Facts | None = None,
) -> FeedPage:
    """feed_page() of the sources `build(user)` returns, from SQL compiled once per
    shape of question (blog/prepared.py): one query reads which items make the page,
    from all sources at once, with `facts` about each for the reader (each item's
    FeedItem.facts), and one per kind on the page fetches the items with what their
    cards show. Its templates ask the rules nothing the facts tell."""
    size = size or feed_page_size()
    cursor = Cursor.decode(after)
    facts = {
        kind: {**CARD_FACTS.get(kind, {}), **(facts or {}).get(kind, {})}
        for kind in _MODELS
    }
    keys = prepared.page_ids(build, user, cursor, size + 1, _ordered_after, facts)
    found = []
    for kind, page_keys in keys.items():
        if not isinstance(page_keys, RawSQL) and not page_keys:
            continue  # none of this kind on the page
        rows = _MODELS[kind].objects.filter(pk__in=page_keys).order_by()
        for item in rows.select_related(*JOINS[kind]):
            known = {} if isinstance(page_keys, RawSQL) else page_keys[item.pk]
            if kind == "blog":
                item.gallery_count = known.pop("gallery_count", 0) or 0
            found.append(FeedItem(kind, item, known))
    found.sort(key=lambda entry: entry.cursor, reverse=True)
    items = found[:size]
    _fetch_bylines(items, photo_rules=False)
    next_cursor = items[-1].cursor.encode() if len(found) > size else None
    return FeedPage(items, next_cursor)


def _first_after(
    queryset: QuerySet,
    kind: str,
    cursor: Cursor | None,
    limit: int,
    floor: Cursor | None,
) -> list[FeedItem]:
    """The first `limit` items of `queryset` after `cursor`, none after `floor`."""
    page = _ordered_after(queryset, kind, cursor)
    if floor is not None:
        page = page.exclude(_after(floor, kind))
    return [FeedItem(kind, item) for item in _with_cards(page, kind)[:limit]]


def _ordered_after(queryset: QuerySet, kind: str, cursor: Cursor | None) -> QuerySet:
    """The items of `queryset` after `cursor`, in the feeds' order."""
    page = queryset.annotate(feed_date=DATES[kind]).filter(_after(cursor, kind))
    return page.order_by("-feed_date", "-pk")


def _with_cards(queryset: QuerySet, kind: str) -> QuerySet:
    """`queryset` with what the cards of `kind` show."""
    counts = {name: count() for name, count in COUNTS[kind].items()}
    return queryset.annotate(**counts).select_related(*JOINS[kind])


def _after(cursor: Cursor | None, kind: str) -> Q:
    """Rows of `kind` that come after `cursor` in (date, kind, id) descending order.

    Written as one range on the date, less the cursor's own date's later rows, so
    that the database reads its date index from the cursor on: an OR of "older" and
    "same date, lower id" makes SQLite read every older row of the full index.
    """
    if cursor is None:
        return Q()
    if kind < cursor.kind:
        return Q(feed_date__lte=cursor.date)
    if kind == cursor.kind:
        same_or_later = Q(feed_date=cursor.date, pk__gte=cursor.pk)
        return Q(feed_date__lte=cursor.date) & ~same_or_later
    return Q(feed_date__lt=cursor.date)


def _fetch_bylines(items: list[FeedItem], photo_rules: bool) -> None:
    """Fetch the bylines of the page's posts; with `photo_rules`, its photos' posts."""
    posts = [entry.item for entry in items if entry.kind == "blog"]
    if photo_rules:
        # models.PHOTO_POSTS a level at a time, so that the bylines of the photos'
        # posts come in the same query as those of the page's posts.
        photos = [entry.item for entry in items if entry.kind == "photo"]
        photos += [post.photo for post in posts if post.photo]
        prefetch_related_objects(photos, "blogs", "galleries")
        posts += [post for photo in photos for post in posts_showing(photo)]
    # A new Prefetch each time: prefetching writes hints into its queryset.
    bylines = BlogContributor.objects.select_related("contributor").order_by("pk")
    prefetch_related_objects(posts, Prefetch("blogcontributor_set", bylines))


def home_feed_sources(user) -> dict[str, list[QuerySet] | QuerySet]:
    """The home feed: blogs by followed creators or the user, starred blogs, and
    photos of followed creators not already shown in one of those blogs.

    The blogs come in two disjoint parts, each read along its own index: those of
    the people the user follows (few, found from their contributions), and the other
    starred blogs (newest first along a partial index), so neither part scans blogs
    that the other would match.
    """
    shown = Blog.objects.visible_to(user).filter(is_published=True, is_hidden=False)
    of_people = Blog.objects.contributed_by_any(user.follows.all(), user)
    by_people = shown.filter(of_people)
    starred = shown.filter(starred=True).exclude(of_people)
    in_feed = shown.filter(of_people | Q(starred=True))
    photos = Photo.objects.feed_for(user).exclude(
        Exists(in_feed.showing(OuterRef("pk")))
    )
    return {"blog": [by_people, starred], "photo": photos}


def photo_feed_sources(user) -> dict[str, QuerySet]:
    """The Photos page: photos by followed creators and the user."""
    return {"photo": Photo.objects.feed_for(user)}


def creator_sources(viewer, creator, *, public: bool = False) -> dict[str, QuerySet]:
    """A creator's page: their published blogs, and their photos the viewer may see
    that are not already shown in one of those blogs. With `public`, only those
    anyone may see."""
    blogs, photos = Blog.objects, Photo.objects
    if public:
        blogs, photos = Blog.objects.public(), Photo.objects.public()
    blogs, photos = blogs.visible_to(viewer), photos.visible_to(viewer)
    blogs = blogs.filter(is_published=True, is_hidden=False).written_by(creator)
    photos = (
        photos.filter(uploader=creator)
        .listed_for(viewer)
        .exclude(Exists(blogs.showing(OuterRef("pk"))))
    )
    return {"blog": blogs, "photo": photos}
