"""Helpers for the test suite: users, generated pictures, stored files."""

import io
import re
import secrets
from datetime import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.state import StateApps
from django.urls import reverse
from PIL import Image

from authentication.models import User
from blog import services
from blog.images import process_photo
from blog.models import Blog, BlogContributor, Photo

CHROMIUM = "/usr/bin/chromium"
# Lines the surface oracle adds to pytest's terminal summary (see conftest.py).
ORACLE_TALLY = pytest.StashKey[list[str]]()
PASSWORD = "correct-horse-battery-staple"


def clear_test_cache() -> None:
    """Empty the cache; on Redis, only this run's keys (never FLUSHDB a database
    someone else may use)."""
    if not isinstance(cache, RedisCache) and not isinstance(
        getattr(cache, "_wrapped", None), RedisCache
    ):
        cache.clear()
        return
    client = cache._cache.get_client(write=True)
    prefix = cache.make_key("*").rsplit(":", 1)[0]
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)


def make_user(username: str, role: str = User.CREATOR, **fields) -> User:
    """Create an active user with the test password."""
    return User.objects.create_user(
        username=username, password=PASSWORD, role=role, **fields
    )


def image_bytes(image_format: str = "JPEG", size=(64, 48), color="teal") -> bytes:
    """Return a small generated picture encoded in `image_format`."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=image_format)
    return buffer.getvalue()


def image_upload(
    name: str = "photo.jpg", image_format: str = "JPEG"
) -> SimpleUploadedFile:
    """Return an uploaded-file object holding a real picture."""
    return SimpleUploadedFile(name, image_bytes(image_format), "image/jpeg")


def stored_files() -> list[str]:
    """Return every file under the test MEDIA_ROOT, relative to it."""
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return []
    return sorted(
        str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()
    )


def make_photo(
    uploader: User, caption: str = "", date_created: datetime | None = None
) -> Photo:
    """Publish a generated picture as a photo of `uploader`, with its stored file."""
    (photo,) = services.create_photos(
        uploader=uploader, pictures=[(process_photo(image_upload()), caption)]
    )
    if date_created is not None:
        Photo.objects.filter(pk=photo.pk).update(date_created=date_created)
        photo.refresh_from_db()
    return photo


def make_blog(
    *authors: User,
    title: str = "A blog",
    content: str = "Words about light.",
    photo: Photo | None = None,
    starred: bool = False,
    is_published: bool = True,
    date_created: datetime | None = None,
) -> Blog:
    """Create a blog owned by the first of `authors`, co-written by the others;
    `photo` is taken as uploaded with it, as the site does."""
    if photo is not None and photo.shown_alone:
        photo.shown_alone = False
        photo.save(update_fields=["shown_alone"])
    blog = Blog.objects.create(
        owner=authors[0],
        title=title,
        content=content,
        photo=photo,
        starred=starred,
        is_published=is_published,
    )
    BlogContributor.objects.bulk_create(
        BlogContributor(blog=blog, contributor=author) for author in authors
    )
    if date_created is not None:
        # Written then, and published then unless it is a draft.
        Blog.objects.filter(pk=blog.pk).update(
            date_created=date_created,
            date_published=date_created if is_published else None,
        )
        blog.refresh_from_db()
    return blog


# Actors and per-object rules, shared by the blog view tests.

BLOG_RULES = (
    "blog.view_blog",
    "blog.change_blog",
    "blog.change_blog_title",
    "blog.manage_blog",
    "blog.delete_blog",
    "blog.star_blog",
    "blog.hide_blog",
)
PHOTO_RULES = (
    "blog.view_photo",
    "blog.change_photo",
    "blog.delete_photo",
    "blog.hide_photo",
)
# Parameters for "not logged in": no session, or the session of an inactive user,
# which ModelBackend refuses on every request after `force_login`.
LOGGED_OUT = ("anonymous", "inactive_creator")


def log_in_as(client, request, actor: str) -> User | None:
    """Log the test client in as the fixture named `actor`; "anonymous" stays out."""
    if actor == "anonymous":
        return None
    user = request.getfixturevalue(actor)
    client.force_login(user)
    return user


def assert_sent_to_login(response, path: str) -> None:
    """The response sends the visitor to the login page, to come back to `path`."""

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={path}"


def assert_cannot_log_in(client, user: User) -> None:
    """The login form refuses `user` with the right password, and nothing opens."""

    response = client.post(
        reverse("login"), {"username": user.get_username(), "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "Please enter a correct username and password." in response.text
    assert client.get(reverse("home")).status_code == 302


def fail_the_nth_save(monkeypatch, storage_class, n: int) -> list[str]:
    """Make `storage_class` refuse its `n`th save with OSError, as a full disk or a
    failing bucket would; return the names it is asked to save."""
    real_save = storage_class._save
    calls = []

    def save(storage, name, content):
        calls.append(name)
        if len(calls) == n:
            raise OSError("the storage refused the file")
        return real_save(storage, name, content)

    monkeypatch.setattr(storage_class, "_save", save)
    return calls


FEED_CARD = re.compile(
    r'<article class="card (blog|photo)-card"[^>]*>(.*?)</article>', re.S
)


def feed(response) -> list[str]:
    """A feed page's cards in order, as `blog:<title>` or `photo:<caption>`."""
    cards = []
    for kind, body in FEED_CARD.findall(response.text):
        pattern = (
            r"<h2><a [^>]*>(.*?)</a></h2>" if kind == "blog" else r"<figcaption>(.*?)<"
        )
        cards.append(f"{kind}:{re.search(pattern, body).group(1)}")
    return cards


def production_environment(folder: Path) -> dict[str, str]:
    """The variables of a production-like site on photos.example.org, over HTTPS,
    keeping its database and media in `folder`."""
    return {
        "DJANGO_SETTINGS_MODULE": "fotoblog.settings",
        "FOTOBLOG_ENV_FILE": "",
        "DEBUG": "off",
        "HTTPS": "on",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "photos.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://photos.example.org",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
    }


def migrate(*targets: tuple[str, str]) -> StateApps:
    """Migrate to `targets` (the latest state if none); return their historical
    apps."""
    executor = MigrationExecutor(connection)
    targets = list(targets) or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps
