"""The access table (testsupport/access_matrix.py) covers every URL of the site, and
every actor gets from every URL, for GET, POST and DELETE, what the table says.

The sample objects and the URL filling here are shared by test_no_get_changes.py and
test_object_urls.py.
"""

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from authentication.models import User
from blog.models import Blog, BlogContributor, Photo
from testsupport.access_matrix import ACTORS, ROUTES, TRIED, Route
from testsupport.environment import clear_test_cache
from testsupport.factories import (
    PASSWORD,
    image_upload,
    make_blog,
    make_photo,
    make_user,
)

# The conftest fixture behind each actor of the table.
ACTOR_FIXTURES = {
    "anonymous": None,
    "inactive": "inactive_creator",
    "subscriber": "subscriber",
    "moderator": "moderator",
    "owner": "creator",
    "coauthor": "coauthor",
    "other_creator": "other_creator",
    "superuser": "superuser",
}
# Patterns the table leaves out: the admin guards its own pages (its index has a
# row), and media and static files are served under their own prefixes.
ADMIN = "admin:"
SKIPPED_PREFIXES = (settings.MEDIA_URL.lstrip("/"), settings.STATIC_URL.lstrip("/"))
ROWS = pytest.mark.parametrize("route", ROUTES, ids=[r.label for r in ROUTES])


@dataclass(frozen=True)
class SiteURL:
    name: str | None  # with its namespace, e.g. "admin:index"
    namespace: str  # e.g. "admin:"
    route: str  # the pattern, includes joined, e.g. "blog/<int:blog_id>/"
    params: tuple[str, ...]
    callback: object


def walk(resolver=None, prefix: str = "", namespace: str = "", params=()):
    """Yield every URL pattern of the URLconf, through includes."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        found = (*params, *entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry, route, inner, found)
        else:
            name = f"{namespace}{entry.name}" if entry.name else None
            yield SiteURL(name, namespace, route, found, entry.callback)


def site_urls() -> dict[str, SiteURL]:
    """Every named URL of the site, by name."""
    return {url.name: url for url in walk() if url.name}


def require_url(route: Route) -> None:
    """Skip a row whose URL this configuration does not have: media from object
    storage is served by the storage itself, not by a route of the site."""
    if route.name == "media" and "media" not in site_urls():
        pytest.skip("media is on object storage: no local media route")


def skipped(url: SiteURL) -> bool:
    if url.name == "admin:index":
        return False
    return url.namespace.startswith(ADMIN) or url.route.startswith(SKIPPED_PREFIXES)


# The sample objects every URL is filled from.


@dataclass
class Samples:
    users: dict[str, User | None]  # by actor
    blog: Blog  # alice's, published, co-written by dana
    draft: Blog  # alice's, co-written by erin, who is none of the actors
    photo: Photo  # alice's, the blog's photo
    hidden_photo: Photo  # alice's, hidden by a moderator
    contribution: BlogContributor  # dana's part in the blog
    draft_contribution: BlogContributor  # erin's part in the draft

    def kwargs(self, route: Route, params: tuple[str, ...]) -> dict:
        """The URL keyword arguments of `route`, filled from these objects."""
        draft, hidden = route.variant == "draft", route.variant == "hidden"
        values = {
            "blog_id": (self.draft if draft else self.blog).pk,
            "photo_id": (self.hidden_photo if hidden else self.photo).pk,
            "contribution_id": (
                self.draft_contribution if draft else self.contribution
            ).pk,
            "path": self.photo.image.name,
            "username": self.users["owner"].username,
            # Alice's feed token, or a secret nobody holds.
            "token": (
                "not-anyones-token"
                if route.variant == "wrong token"
                else self.users["owner"].feed_token
            ),
            "uidb64": urlsafe_base64_encode(force_bytes(self.users["owner"].pk)),
        }
        unknown = set(params) - set(values)
        assert not unknown, (
            f"{route.label}: the access tests cannot fill {sorted(unknown)}; "
            "teach Samples.kwargs in tests/test_access_matrix.py"
        )
        return {param: values[param] for param in params}

    def url(self, route: Route) -> str:
        require_url(route)
        site_url = site_urls()[route.name]
        return reverse(route.name, kwargs=self.kwargs(route, site_url.params))


def make_samples(request) -> Samples:
    # Rate-limit counters live in the cache, which outlives a test: start afresh.
    clear_test_cache()
    users = {
        actor: fixture and request.getfixturevalue(fixture)
        for actor, fixture in ACTOR_FIXTURES.items()
    }
    alice, dana = users["owner"], users["coauthor"]
    User.objects.filter(pk=alice.pk).update(email="alice@example.com")
    alice.renew_feed_token()
    photo = make_photo(alice, "Harbour light")
    blog = make_blog(alice, dana, title="Harbour at noon", photo=photo)
    erin = make_user("erin", User.CREATOR)
    draft = make_blog(alice, erin, title="Not yet", is_published=False)
    hidden_photo = make_photo(alice, "Too dark")
    Photo.objects.filter(pk=hidden_photo.pk).update(is_hidden=True)
    hidden_photo.refresh_from_db()
    return Samples(
        users=users,
        blog=blog,
        draft=draft,
        photo=photo,
        hidden_photo=hidden_photo,
        contribution=BlogContributor.objects.get(blog=blog, contributor=dana),
        draft_contribution=BlogContributor.objects.get(blog=draft, contributor=erin),
    )


@pytest.fixture
def samples(request, db) -> Samples:
    return make_samples(request)


def client_for(user: User | None, **options) -> Client:
    client = Client(**options)
    if user is not None:
        client.force_login(user)
    return client


def plausible_post(route: Route, samples: Samples) -> dict:
    """A POST body that would change something, were the request let through."""
    contribution = (
        samples.draft_contribution if route.variant == "draft" else samples.contribution
    )
    bodies = {
        "login": lambda: {"username": "alice", "password": PASSWORD},
        "set_language": lambda: {"language": "fr", "next": "/"},
        "password_reset": lambda: {"email": "alice@example.com"},
        "password_reset_confirm": lambda: {
            "new_password1": "a-fresh-Secret-42",
            "new_password2": "a-fresh-Secret-42",
        },
        "signup": lambda: {
            "username": "newcomer",
            "email": "newcomer@example.com",
            "role": User.CREATOR,
            "password1": "a-fresh-Secret-42",
            "password2": "a-fresh-Secret-42",
        },
        "password_change": lambda: {
            "old_password": PASSWORD,
            "new_password1": "a-fresh-Secret-42",
            "new_password2": "a-fresh-Secret-42",
        },
        "upload_profile_photo": lambda: {"profile_photo": image_upload()},
        "follow_users": lambda: {"follows": [samples.users["other_creator"].pk]},
        "feed_links": lambda: {"action": "renew"},
        "user_follow": lambda: {"follow": "1"},
        "photo_upload": lambda: {"image": image_upload(), "caption": "Sneaked in"},
        "create_multiple_photos": lambda: {"images": [image_upload()]},
        "blog_and_photo_upload": lambda: {
            "title": "Sneaked in",
            "content": "Words.",
            "is_published": "on",
            "image": image_upload(),
        },
        "edit_blog": lambda: {"title": "Taken over", "content": "Rewritten."},
        "blog_delete": lambda: {"confirm": "on"},
        "blog_publish": lambda: {"publish": "1" if route.variant == "draft" else "0"},
        "blog_contributors": lambda: {"username": "bob", "contribution": "Took over"},
        "blog_contributor_edit": lambda: {
            f"c{contribution.pk}-contribution": "Did nothing"
        },
        "blog_contributor_remove": lambda: {"confirm": "on"},
        "photo_edit": lambda: {"caption": "Defaced"},
        "photo_delete": lambda: {"confirm": "on"},
        "blog_star": lambda: {"on": "1"},
        "blog_hide": lambda: {"on": "1"},
        # A switch set to what it is already changes nothing: send the other way.
        "photo_hide": lambda: {"on": "0" if route.variant == "hidden" else "1"},
    }
    return bodies.get(route.name, dict)()


def outcome_word(response, url: str) -> str:
    """The table's word for a response: its status, or "login" for the guard."""
    if response.status_code != 302:
        return str(response.status_code)
    location = urlsplit(response["Location"])
    sent_to_login = location.path == reverse("login") and parse_qs(location.query).get(
        "next"
    ) == [url]
    return "login" if sent_to_login else "302"


# The table against the URLconf.


def test_every_url_of_the_site_has_a_row_in_the_access_table():
    rows = {route.name for route in ROUTES}
    urls = [url for url in walk() if not skipped(url)]
    unnamed = [url.route for url in urls if url.name is None]
    missing = sorted(
        f"{url.name} (/{url.route})" for url in urls if url.name not in rows
    )

    assert not unnamed, f"URL patterns without a name cannot be declared: {unnamed}"
    assert not missing, (
        "These URLs have no row in testsupport/access_matrix.py (ROUTES); declare "
        "who may call them, with which method:\n  " + "\n  ".join(missing)
    )


def test_every_row_of_the_access_table_names_a_url_that_exists():
    names = site_urls()
    stale = sorted({route.label for route in ROUTES if route.name not in names})
    if "media" not in names:  # on object storage
        stale.remove("media")

    assert not stale, (
        f"Rows of testsupport/access_matrix.py name URLs that no longer exist: {stale}"
    )


def test_the_media_route_is_in_the_table_though_its_prefix_is_skipped():
    (media,) = [route for route in ROUTES if route.name == "media"]
    require_url(media)

    assert site_urls()["media"].route.startswith(SKIPPED_PREFIXES)


@ROWS
def test_a_row_is_public_exactly_when_its_view_is_marked_login_not_required(route):
    require_url(route)
    view = site_urls()[route.name].callback

    assert getattr(view, "login_required", True) is not route.public


@ROWS
def test_a_row_refuses_with_405_only_the_methods_it_does_not_list(route):
    for method in TRIED:
        refusing = [a for a in ACTORS if route.outcome(a, method) == "405"]
        assert method not in route.methods or not refusing, (route.label, method)


@ROWS
def test_the_superuser_gets_405_for_an_unlisted_method_unless_sent_elsewhere(route):
    """The superuser passes every permission: only the method, or a redirect before
    the view looks at it, can stop them."""
    for method in set(TRIED) - set(route.methods):
        assert route.outcome("superuser", method) in ("405", "302"), method


# The table against the views.


@ROWS
def test_each_actor_gets_what_the_access_table_says(route, samples):
    url = samples.url(route)
    mismatches = []
    for actor in ACTORS:
        for method in TRIED:
            # Each call in a savepoint rolled back, so that a successful POST does
            # not change the objects the next call sees.
            with transaction.atomic():
                client = client_for(samples.users[actor])
                response = getattr(client, method.lower())(url)
                transaction.set_rollback(True)
            got, expected = outcome_word(response, url), route.outcome(actor, method)
            if got != expected:
                mismatches.append(
                    f"{actor:>13} {method:<6} expected {expected}, got {got}"
                )

    assert not mismatches, f"{route.label} {url}:\n" + "\n".join(mismatches)
