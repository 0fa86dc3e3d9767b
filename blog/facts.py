"""What prepared pages read about their items for the reader (blog/prepared.py): the
rules' answers, from their QuerySet twins, in the page's own query.

Each fact is a function of the reader and an item's key returning the rows that tell
it; templates ask the rules only what a page's facts do not say.
"""

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.db.models.expressions import RawSQL

from . import prepared
from .models import Blog, GalleryPhoto, Photo
from .prepared import Fact


def gallery_shown(post) -> QuerySet:
    """How many photos a post's gallery adds to its cover ("+3 photos" on its card):
    those ready and not hidden. `post` is a key, or a reference to one."""
    shown = GalleryPhoto.objects.filter(
        blog=post, photo__status=Photo.Status.READY, photo__is_hidden=False
    )
    return shown.values("blog").annotate(count=Count("pk")).values("count")


def cover_shown(reader, post) -> QuerySet:
    """The post has a cover `reader` may view (`blog.view_photo`)."""
    # EXISTS on the cover alone: `photo__in` would read every photo the reader sees.
    cover = Photo.objects.visible_to(reader).filter(pk=OuterRef("photo"))
    return Blog.objects.filter(Exists(cover), pk=post)


def visible_photos(reader) -> QuerySet:
    """The photos `reader` may view (`blog.view_photo`)."""
    return Photo.objects.visible_to(reader)


def gallery_shown_to(reader) -> RawSQL:
    """A condition on gallery rows: `reader` may view the row's photo."""
    return prepared.exists(visible_photos, reader, '"blog_galleryphoto"."photo_id"')


def _twin(model, twin: str) -> Fact:
    """Whether the reader passes the rule whose QuerySet twin is `model.twin`."""
    return Fact(lambda reader, key: getattr(model.objects, twin)(reader).filter(pk=key))


# What every prepared page reads of its posts: how many photos the gallery adds.
CARD_FACTS = {
    "blog": {"gallery_count": Fact(lambda reader, post: gallery_shown(post), False)}
}
# The home feed's posts: whether the reader may see the cover.
HOME_FACTS = {"blog": {"cover_shown": Fact(cover_shown)}}
# A grid's photos: the controls the reader has (blog.change/delete/hide_photo).
GRID_FACTS = {
    "photo": {
        "may_change": _twin(Photo, "editable_by"),
        "may_delete": _twin(Photo, "deletable_by"),
        "may_hide": _twin(Photo, "hideable_by"),
    }
}
# A post's page: whether the reader may see it (blog.view_blog) and its cover, and
# each of its controls.
POST_ACTIONS = {  # each under its rule `blog.<action>_blog`, by its twin
    "change": "editable_by",
    "delete": "deletable_by",
    "manage": "managed_by",
    "star": "moderated_by",
    "hide": "moderated_by",
}
POST_FACTS = {
    "view": _twin(Blog, "visible_to"),
    "cover_shown": Fact(cover_shown),
    **{action: _twin(Blog, twin) for action, twin in POST_ACTIONS.items()},
}


def post_facts(reader, post: int) -> dict:
    """POST_FACTS about the post `post` for `reader`, in one query."""
    return prepared.object_facts(POST_FACTS, reader, post)
