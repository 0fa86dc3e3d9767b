"""Cards of feeds and grids, rendered once per content and kept in each process.

A card's HTML is a function of what it shows — its post's or photo's fields, its
photo's, its authors' — of the language, of the time it tells ("3 minutes ago": a
post's byline, or a value passed to the card), and of the answers about the reader
passed to it (may they see a post's photo). Its key
holds all of these, read from the objects the page has already loaded: a change to
any of them is a new key, so nothing is ever invalidated, and nothing kept can show
a reader what the rules refuse them — the rules chose the page's items, and the
reader's answers are part of the key. A card is rendered without the request: it
cannot read the reader. Photos not ready yet (seen by their uploader alone) are
rendered afresh each time, and cards with signed media links (S3) long before the
links expire. The least recently used cards go first.
"""

import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.core.files.storage import default_storage
from django.core.signals import setting_changed
from django.db.models import Model
from django.dispatch import receiver
from django.template import Context
from django.utils.translation import get_language

from .models import Blog, Photo

MAX_CARDS = 2000  # about 4 MB per process

# Keyed by the content itself, never by a digest of it: two cards can never share
# a key unless they show the same.
_cards: OrderedDict[tuple, str] = OrderedDict()
_lock = threading.Lock()
_columns: dict[type, tuple[str, ...]] = {}


def render_card(context: Context, name: str, values: dict) -> str:
    """The card `name` showing `values`, from the cards kept or rendered now."""
    template = context.template.engine.get_template(name)
    if not all(map(_keepable, values.values())):
        with context.push(**values):
            return template.render(context)
    content = tuple((each, _content(values[each])) for each in sorted(values))
    key = (name, get_language(), _links_period(), content)
    with _lock:
        html = _cards.get(key)
        if html is not None:
            _cards.move_to_end(key)
            return html
    html = template.render(Context(values, autoescape=context.autoescape))
    with _lock:
        _cards[key] = html
        if len(_cards) > MAX_CARDS:
            _cards.popitem(last=False)
    return html


@receiver(setting_changed)
def forget_cards(**kwargs) -> None:
    """Tests change the settings cards read (storage, media URLs): render again."""
    with _lock:
        _cards.clear()


def _links_period() -> int:
    """Signed media links expire (S3's querystring_auth): a card is rendered again
    each quarter of their lifetime, so the links it shows stay valid for long."""
    if not getattr(default_storage, "querystring_auth", False):
        return 0
    return int(time.time() // max(1, default_storage.querystring_expire // 4))


def _keepable(value) -> bool:
    """A card may be kept unless it shows a photo that is not ready."""
    if isinstance(value, list):
        return all(map(_keepable, value))
    if isinstance(value, Blog):
        return value.photo_id is None or value.photo.is_ready
    if isinstance(value, Photo):
        return value.is_ready
    return True


def _content(value) -> object:
    """Everything a card shows of `value`."""
    if isinstance(value, list):
        return tuple(_content(each) for each in value)
    if isinstance(value, Blog):
        return _blog(value)
    if isinstance(value, Photo):
        return _photo(value)
    if isinstance(value, Model):
        raise TypeError(f"no card shows a {type(value).__name__}")
    return value


def _blog(blog: Blog) -> tuple:
    authors = tuple(
        (_row(row), _row(row.contributor)) for row in blog.blogcontributor_set.all()
    )
    return (
        _row(blog),
        getattr(blog, "gallery_count", None),
        _photo(blog.photo) if blog.photo_id else None,
        authors,
        str(naturaltime(blog.date_shown)),  # its byline tells how long ago
        settings.FOTOBLOG_PUBLIC_POSTING,  # which audiences have a badge
    )


def _photo(photo: Photo) -> tuple:
    return _row(photo), _row(photo.uploader)


def _row(instance: Model) -> tuple:
    """The values of the instance's own columns (JSON lists as tuples)."""
    model = type(instance)
    if model not in _columns:
        fields = model._meta.get_fields()
        _columns[model] = tuple(
            field.attname
            for field in fields
            if field.concrete and not field.many_to_many
        )
    values = instance.__dict__
    return tuple(
        tuple(value) if isinstance(value, list) else value
        for value in map(values.__getitem__, _columns[model])
    )
