"""How photos are laid out: their shape for justified rows, the `sizes` that fits it,
and albums of the photos sent together, made from a feed page's items."""

from dataclasses import dataclass

from django import template

from blog.models import Photo
from blog.pager import FeedItem

register = template.Library()

# Row heights of the justified grids in grid.css (phone, wider screens), and how much
# wider than that a picture may grow to fill its row.
ROW_HEIGHTS = {"phone": 110, "wide": 240}
ROW_GROWTH = 1.5
PHONE_WIDTH, CONTENT_WIDTH = 640, 1100  # grid.css's breakpoint, site.css's <main>


@dataclass(frozen=True)
class Album:
    """Photos sent together and next to each other in a feed, in the order sent."""

    photos: list[Photo]
    kind: str = "album"


@register.filter
def aspect_ratio(photo: Photo) -> str:
    """Width over height, for `data-ratio` (a dot, whatever the language)."""
    return f"{photo.width / photo.height:.4f}" if photo.height else "1"


@register.filter
def grid_sizes(photo: Photo) -> str:
    """The `sizes` of a picture in a justified grid: about its row's height times its
    ratio, grown to fill the row, never wider than the screen or the content."""
    ratio = photo.width / photo.height if photo.height else 1
    phone = min(PHONE_WIDTH, round(ratio * ROW_HEIGHTS["phone"] * ROW_GROWTH))
    wide = min(CONTENT_WIDTH, round(ratio * ROW_HEIGHTS["wide"] * ROW_GROWTH))
    return f"(max-width: {PHONE_WIDTH}px) {phone}px, {wide}px"


@register.filter
def albums(items: list[FeedItem]) -> list[FeedItem | Album]:
    """The page's items, each run of photos of one upload batch made one Album.

    A page is newest first: inside an album the photos go back to the order they
    were sent (by id). Nothing is read from the database.
    """
    grouped: list[FeedItem | Album] = []
    run: list[FeedItem] = []
    for entry in [*items, None]:
        batch = entry.item.upload_batch if entry and entry.kind == "photo" else None
        if run and (batch is None or batch != run[0].item.upload_batch):
            grouped += _album_of(run)
            run = []
        if batch is not None:
            run.append(entry)
        elif entry is not None:
            grouped.append(entry)
    return grouped


def _album_of(run: list[FeedItem]) -> list[FeedItem | Album]:
    """An album of the run's photos, or the one photo if it is alone."""
    if len(run) == 1:
        return run
    return [Album(sorted((entry.item for entry in run), key=lambda photo: photo.pk))]


@register.filter
def grid_photos(items: list[FeedItem]) -> list[tuple[Photo, dict]]:
    """The page's photos for a grid, each with its facts (FeedItem.facts): newest
    first, an album's in the order sent."""
    facts = {entry.item.pk: entry.facts for entry in items if entry.kind == "photo"}
    return [
        (photo, facts[photo.pk])
        for entry in albums(items)
        for photo in (entry.photos if entry.kind == "album" else [entry.item])
    ]


@register.simple_tag
def photo_controls(user, photo: Photo, facts: dict) -> dict[str, bool]:
    """What `user` may do to `photo` on a grid: as the page's query said (its
    facts), else as the rules say."""
    if "may_change" in facts:
        return {
            "change": facts["may_change"],
            "delete": facts["may_delete"],
            "hide": facts["may_hide"],
        }
    return {
        action: user.has_perm(f"blog.{action}_photo", photo)
        for action in ("change", "delete", "hide")
    }
