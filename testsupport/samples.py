"""The sample objects every URL of the access table is filled from, the URLconf walk
that finds each URL's parameters, and what a request by each actor looks like.

Shared by tests/test_access_matrix.py, tests/test_object_urls.py and
tests/test_csrf.py (their `samples` fixture is in tests/conftest.py). Besides the
table's variants, `Samples.target` knows "missing" (ids that name nothing) and
"another blog's row" (the blog with a contribution of the draft).
"""

import hashlib
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group
from django.urls import URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from api.models import AccessToken
from api.tokens import create_token
from audit.models import AuditEvent
from authentication.models import (
    Block,
    CreatorRequest,
    FollowRequest,
    User,
    UserFollows,
)
from blog.models import Blog, BlogContributor, Photo, ShareLink
from blog.sharing import create_share_link

from .access_matrix import ROUTES, Route
from .environment import clear_test_cache
from .factories import PASSWORD, image_upload, make_blog, make_photo, make_user
from .form_client import FormClient

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
ROWS = pytest.mark.parametrize("route", ROUTES, ids=[r.label for r in ROUTES])
# Every table of the project's models whose rows a request could change.
MODELS = [
    User,
    User.groups.through,
    User.user_permissions.through,
    UserFollows,
    FollowRequest,
    Block,
    CreatorRequest,
    Photo,
    Blog,
    BlogContributor,
    ShareLink,
    AccessToken,
    AuditEvent,
    Group,
    Group.permissions.through,
]


# The URLconf.


@dataclass(frozen=True)
class SiteURL:
    """One pattern of the URLconf, with what it takes to reverse it."""

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


# The sample objects.

# URLs whose `token` is a share link's secret, not a feed token.
SHARE_LINK_ROUTES = ("open_share_link", "shared_media")

# An object id that no row has.
MISSING = 999_999


@dataclass
class Samples:
    """The actors and alice's objects, which fill every URL of the access table."""

    users: dict[str, User | None]  # by actor
    blog: Blog  # alice's, published, co-written by dana
    draft: Blog  # alice's, co-written by dana and erin, who is none of the actors
    hidden_blog: Blog  # alice's, published, co-written by dana, hidden by a moderator
    photo: Photo  # alice's, the blog's photo
    draft_photo: Photo  # alice's, uploaded with the draft
    hidden_photo: Photo  # alice's, the hidden blog's photo, hidden by a moderator
    alone_photo: Photo  # alice's, posted on its own
    contribution: BlogContributor  # dana's part in the blog
    draft_contribution: BlogContributor  # erin's part in the draft
    hidden_contribution: BlogContributor  # dana's part in the hidden blog
    links: dict[int, tuple[ShareLink, str]]  # per blog: a live share link, its secret
    follow: UserFollows  # dana following alice
    follow_request: FollowRequest  # charlie asking to follow alice, pending
    access_token: AccessToken  # alice's, live

    def target(self, route: Route) -> tuple[Blog, Photo, BlogContributor]:
        """The blog, photo and contribution that fill `route`'s variant."""
        return {
            "draft": (self.draft, self.draft_photo, self.draft_contribution),
            "hidden": (self.hidden_blog, self.hidden_photo, self.hidden_contribution),
            "alone": (self.blog, self.alone_photo, self.contribution),
            # The published blog, with a row of the draft's authors.
            "another blog's row": (self.blog, self.photo, self.draft_contribution),
        }.get(route.variant, (self.blog, self.photo, self.contribution))

    def kwargs(self, route: Route, params: tuple[str, ...]) -> dict:
        """The URL keyword arguments of `route`, filled from these objects."""
        blog, photo, contribution = self.target(route)
        missing = route.variant == "missing"
        link, secret = self.links[blog.pk]
        values = {
            "blog_id": MISSING if missing else blog.pk,
            "photo_id": MISSING if missing else photo.pk,
            "contribution_id": MISSING if missing else contribution.pk,
            "path": photo.image.name,
            # A URL naming a follower of alice's names dana; any other, alice.
            "username": (
                self.users["coauthor"].username
                if route.variant == "follower"
                else self.users["owner"].username
            ),
            "link_id": MISSING if missing else link.pk,
            # Alice's feed token, the blog's share link, or a secret nobody holds.
            "token": (
                "not-anyones-token"
                if route.variant == "wrong token"
                else secret
                if route.name in SHARE_LINK_ROUTES
                else self.users["owner"].feed_token
            ),
            "uidb64": urlsafe_base64_encode(force_bytes(self.users["owner"].pk)),
            "follow_request_id": MISSING if missing else self.follow_request.pk,
            "token_id": MISSING if missing else self.access_token.pk,
        }
        unknown = set(params) - set(values)
        assert not unknown, (
            f"{route.label}: the access tests cannot fill {sorted(unknown)}; "
            "teach Samples.kwargs in testsupport/samples.py"
        )
        return {param: values[param] for param in params}

    def url(self, route: Route) -> str:
        require_url(route)
        site_url = site_urls()[route.name]
        return reverse(route.name, kwargs=self.kwargs(route, site_url.params))

    def names(self, route: Route) -> tuple[str, ...]:
        """The title or caption of the object `route` names, which a refusal must not
        show."""
        params = site_urls()[route.name].params
        blog, photo, _ = self.target(route)
        if "blog_id" in params:
            return (blog.title,)
        if "photo_id" in params:
            return (photo.caption, photo.image.name)
        if "path" in params:  # the file's name is the URL itself
            return (photo.caption,)
        return ()


def make_samples(request) -> Samples:
    """Make the actors and alice's sample objects."""
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
    draft_photo = make_photo(alice, "First light")
    draft = make_blog(
        alice, dana, erin, title="Not yet", photo=draft_photo, is_published=False
    )
    hidden_photo = make_photo(alice, "Too dark")
    hidden_blog = make_blog(alice, dana, title="Out of sight", photo=hidden_photo)
    Photo.objects.filter(pk=hidden_photo.pk).update(is_hidden=True)
    Blog.objects.filter(pk=hidden_blog.pk).update(is_hidden=True)
    for item in (draft_photo, hidden_photo, hidden_blog):
        item.refresh_from_db()
    alone_photo = make_photo(alice, "Gull alone")
    links = {
        post.pk: create_share_link(blog=post, by=alice, recipient="Grandma")
        for post in (blog, draft, hidden_blog)
    }
    return Samples(
        users=users,
        links=links,
        blog=blog,
        draft=draft,
        hidden_blog=hidden_blog,
        photo=photo,
        draft_photo=draft_photo,
        alone_photo=alone_photo,
        hidden_photo=hidden_photo,
        contribution=BlogContributor.objects.get(blog=blog, contributor=dana),
        draft_contribution=BlogContributor.objects.get(blog=draft, contributor=erin),
        hidden_contribution=BlogContributor.objects.get(
            blog=hidden_blog, contributor=dana
        ),
        # dana follows alice: alice alone may remove her from her followers.
        follow=UserFollows.objects.create(user=dana, followed=alice),
        follow_request=FollowRequest.objects.create(
            user=users["subscriber"], followed=alice
        ),
        access_token=create_token(user=alice, name="Backup script", scopes=["write"])[
            0
        ],
    )


def client_for(user: User | None, **options) -> FormClient:
    """A test client logged in as `user`, or logged out for None."""
    client = FormClient(**options)
    if user is not None:
        client.force_login(user)
    return client


def plausible_post(route: Route, samples: Samples) -> dict:
    """A POST body that would change something, were the request let through."""
    blog, photo, contribution = samples.target(route)
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
        "edit_profile": lambda: {"first_name": "Mallory", "bio": "Taken over."},
        "upload_profile_photo": lambda: {"profile_photo": image_upload()},
        "feed_links": lambda: {"action": "renew"},
        "access_tokens": lambda: {"name": "Sneaked in", "expires_in": "never"},
        "user_follow": lambda: {"follow": "1"},
        "user_block": lambda: {"block": "1"},
        "account_privacy": lambda: {
            "is_private": "on",
            "followers": "remove",
            "restrict_posts": "on",
        },
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
        "blog_publish": lambda: {"publish": "0" if blog.is_published else "1"},
        "blog_contributors": lambda: {"username": "bob", "contribution": "Took over"},
        "blog_contributor_edit": lambda: {
            f"c{contribution.pk}-contribution": "Did nothing"
        },
        "blog_contributor_remove": lambda: {"confirm": "on"},
        "photo_edit": lambda: {"caption": "Defaced"},
        "photo_delete": lambda: {"confirm": "on"},
        # A switch set to what it is already changes nothing: send the other way.
        "blog_star": lambda: {"on": "0" if blog.starred else "1"},
        "blog_hide": lambda: {"on": "0" if blog.is_hidden else "1"},
        "photo_hide": lambda: {"on": "0" if photo.is_hidden else "1"},
        "blog_visibility": lambda: {"visibility": other_audience(blog)},
        "share_links": lambda: {"recipient": "Mallory", "expires_in": "never"},
        "photo_visibility": lambda: {"visibility": other_audience(photo)},
    }
    return bodies.get(route.name, dict)()


def other_audience(item) -> str:
    """An audience the item does not have: choosing it changes something."""
    return "private" if item.visibility != "private" else "members"


# Columns that count readings, not changes: opening a share link counts it.
READINGS = {ShareLink: ("open_count", "last_opened_at")}


def snapshot() -> dict[str, tuple[int, str]]:
    """Per model, its number of rows and a hash of all of them."""
    state = {}
    for model in MODELS:
        columns = [
            field.attname
            for field in model._meta.concrete_fields
            if field.name not in READINGS.get(model, ())
        ]
        rows = list(model.objects.order_by("pk").values_list(*columns))
        digest = hashlib.sha256(repr(rows).encode()).hexdigest()
        state[model._meta.label] = (len(rows), digest)
    return state


def changed(before: dict, after: dict) -> list[str]:
    """The models whose rows differ between two snapshots."""
    return [label for label in before if before[label] != after[label]]
