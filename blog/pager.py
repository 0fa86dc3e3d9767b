"""Feeds of blogs and photos, newest first, paged in the database with a cursor.

A page is one query: a UNION of the kinds shown, ordered by (date, kind, id) and cut
after the cursor — the last item already shown — so posts published while someone
reads neither shift nor repeat what comes next. The date is the one each kind shows
(DATES): a post's publication date (its creation date while a draft never published,
in "My blogs"), a photo's upload date. Each kind is read along its index on that date
and cut to a page in the database, so a page costs the same however many rows there
are. Then one query per kind loads the items of the page with their joins, and, for
pages that show photos, two more read the posts each photo on the page appears in,
which `blog.view_photo` asks.
"""

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    prefetch_related_objects,
)

from .models import DATE_SHOWN, PHOTO_POSTS, Blog, BlogContributor, Photo

# The date each kind is ordered and paged by, read along its index: the blog indexes
# blog_shown_newest and blog_starred_shown_newest, the photo index photo_by_uploader.
DATES = {"blog": DATE_SHOWN, "photo": F("date_created")}


def feed_page_size() -> int:
    """Items per feed page: the setting FOTOBLOG_FEED_PAGE_SIZE, read at each call."""
    return settings.FOTOBLOG_FEED_PAGE_SIZE


@dataclass(frozen=True)
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

    @property
    def date(self) -> datetime:
        """The date the item shows, and DATES orders it by in the database."""
        return self.item.date_shown if self.kind == "blog" else self.item.date_created


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
    """Return the page after the cursor `after` of the union of `sources`.

    `sources` maps a kind ("blog", "photo") to the QuerySet of that kind's items, or
    to a list of disjoint QuerySets when each is better read along its own index;
    `size` defaults to feed_page_size(). `photo_rules` fetches what `blog.view_photo`
    reads of the page's photos: pages that show no photo go without.
    """
    size = size or feed_page_size()
    cursor = Cursor.decode(after)
    parts = [
        queryset.annotate(feed_date=DATES[kind], kind=Value(kind))
        .filter(_after(cursor, kind))
        .order_by("-feed_date", "-pk")
        .values_list("feed_date", "kind", "pk")[: size + 1]
        for kind, querysets in sources.items()
        for queryset in (querysets if isinstance(querysets, list) else [querysets])
    ]
    rows = [(kind, pk) for _, kind, pk in _newest(parts, size + 1)]
    more = len(rows) > size
    rows = rows[:size]
    loaded = _load(
        {kind: [pk for k, pk in rows if k == kind] for kind in sources}, photo_rules
    )
    # An item deleted since the first query is left out.
    items = [
        FeedItem(kind, loaded[kind][pk]) for kind, pk in rows if pk in loaded[kind]
    ]
    last = items[-1] if items else None
    next_cursor = (
        Cursor(last.date, last.kind, last.item.pk).encode() if more and last else None
    )
    return FeedPage(items, next_cursor)


def _newest(parts: list[QuerySet], limit: int) -> list[tuple]:
    """The first `limit` rows of the parts together, newest first, in one query.

    Each part is already ordered and cut to `limit` rows, so the database reads
    each kind along its index from the newest and stops early, however many rows
    the tables hold. Django refuses LIMIT inside the parts of a UNION on SQLite,
    so the UNION ALL of the parts, each in a subquery, is written here.
    """
    if len(parts) == 1:
        return list(parts[0])
    connection = connections[parts[0].db]
    selects, params = [], []
    for number, part in enumerate(parts):
        try:
            sql, part_params = part.query.get_compiler(connection=connection).as_sql()
        except EmptyResultSet:
            continue  # a part the user may see nothing of (QuerySet.none())
        selects.append(f"SELECT * FROM ({sql}) AS part{number}")
        params.extend(part_params)
    if not selects:
        return []
    # The kinds never overlap: UNION ALL, no duplicates to remove.
    sql = " UNION ALL ".join(selects) + " ORDER BY 1 DESC, 2 DESC, 3 DESC LIMIT %s"
    with connection.cursor() as db:
        db.execute(sql, [*params, limit])
        return db.fetchall()


def _after(cursor: Cursor | None, kind: str) -> Q:
    """Rows of `kind` that come after `cursor` in (date, kind, id) descending order."""
    if cursor is None:
        return Q()
    older = Q(feed_date__lt=cursor.date)
    if kind < cursor.kind:
        return older | Q(feed_date=cursor.date)
    if kind == cursor.kind:
        return older | Q(feed_date=cursor.date, pk__lt=cursor.pk)
    return older


def _load(pks_by_kind: dict[str, list[int]], photo_rules: bool) -> dict[str, dict]:
    """Fetch the items of a page, one query per kind, with what templates show;
    then, in two more if `photo_rules`, what `blog.view_photo` reads of every photo
    on the page."""
    loaders = {
        "blog": _load_blogs,
        "photo": lambda pks: Photo.objects.select_related("uploader").in_bulk(pks),
    }
    loaded = {
        kind: loaders[kind](pks) if pks else {} for kind, pks in pks_by_kind.items()
    }
    if photo_rules:
        photos = [
            *loaded.get("photo", {}).values(),
            *(blog.photo for blog in loaded.get("blog", {}).values() if blog.photo),
        ]
        prefetch_related_objects(photos, PHOTO_POSTS)
    return loaded


def _load_blogs(pks: list[int]) -> dict[int, Blog]:
    """Blogs with their photo, its uploader and their contributors, in one query.

    Read from the contributors' side: each row brings its blog, so the blogs and
    their bylines cost one query, not two (Blog.objects.with_authors()). A blog
    without any contributor row, which the site never makes, costs one more.
    """
    rows = (
        BlogContributor.objects.filter(blog__in=pks)
        .select_related("contributor", "blog__photo__uploader")
        .order_by("pk")
    )
    blogs: dict[int, Blog] = {}
    bylines: dict[int, list[BlogContributor]] = {}
    for row in rows:
        blog = blogs.setdefault(row.blog_id, row.blog)
        row.blog = blog  # one Blog object for the rows of one blog
        bylines.setdefault(row.blog_id, []).append(row)
    for pk, blog in blogs.items():
        # What prefetch_related("blogcontributor_set") leaves on each blog.
        contributions = blog.blogcontributor_set.all()
        contributions._result_cache = bylines[pk]
        contributions._prefetch_done = True
        blog._prefetched_objects_cache = {"blogcontributor_set": contributions}
    missing = [pk for pk in pks if pk not in blogs]
    if missing:
        blogs.update(Blog.objects.with_authors().in_bulk(missing))
    return blogs


def home_feed_sources(user) -> dict[str, list[QuerySet] | QuerySet]:
    """The home feed: blogs by followed creators or the user, starred blogs, and
    photos of followed creators not already shown in one of those blogs.

    The blogs come in two disjoint parts, each read along its own index: those of
    the people the user follows (few, found from their contributions), and the other
    starred blogs (newest first along a partial index), so neither part scans blogs
    that the other would match.
    """
    shown = Blog.objects.visible_to(user).filter(is_published=True, is_hidden=False)
    by_people = shown.filter(Blog.objects.contributed_by_any(user.follows.all(), user))
    starred = shown.filter(starred=True).exclude(pk__in=by_people.values("pk"))
    photos = Photo.objects.feed_for(user).exclude(
        Exists(by_people.filter(photo=OuterRef("pk")))
        | Exists(starred.filter(photo=OuterRef("pk")))
    )
    return {"blog": [by_people, starred], "photo": photos}


def creator_sources(viewer, creator) -> dict[str, QuerySet]:
    """A creator's page: their published blogs, and their photos the viewer may see
    that are not already shown in one of those blogs."""
    blogs = (
        Blog.objects.visible_to(viewer)
        .filter(is_published=True, is_hidden=False)
        .written_by(creator)
    )
    photos = (
        Photo.objects.visible_to(viewer)
        .filter(uploader=creator)
        .listed_for(viewer)
        .exclude(Exists(blogs.filter(photo=OuterRef("pk"))))
    )
    return {"blog": blogs, "photo": photos}
