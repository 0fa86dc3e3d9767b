"""The access table (testsupport/access_matrix.py) covers every URL of the site, and
every actor gets from every URL, for GET, POST and DELETE, what the table says: a
refusal changes nothing and shows the site's own page, naming nothing of the object;
a GET changes nothing.

The sample objects and the URL filling are in testsupport/samples.py.
"""

from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.urls import reverse

from testsupport.access_matrix import ACTORS, ROUTES, TRIED
from testsupport.form_client import FormClient
from testsupport.samples import (
    ROWS,
    SHARE_LINK_ROUTES,
    SiteURL,
    changed,
    client_for,
    plausible_post,
    require_url,
    site_urls,
    snapshot,
    walk,
)
from testsupport.storage import stored_files

# Patterns the table leaves out: the admin guards its own pages (its index has a
# row), and media and static files are served under their own prefixes. The JSON API
# answers programs, by token, in JSON: the surface oracle walks it for every member
# and the visitor (tests/test_surface_oracle.py), and api/tests check its refusals.
ADMIN = "admin:"
API = "api:"
SKIPPED_PREFIXES = (settings.MEDIA_URL.lstrip("/"), settings.STATIC_URL.lstrip("/"))
REFUSALS = ("login", "403", "404", "405")
# What the site's own 403 and 404 pages say.
PAGE_SAYS = {"403": "You are not allowed to do this", "404": "This page does not exist"}
# A share link that does not open says so on a page of its own, the same for every
# reason (and for its files), and names nothing of its post.
LINK_PAGE_SAYS = {"404": "This link does not work"}


def skipped(url: SiteURL) -> bool:
    if url.name == "admin:index":
        return False
    return url.namespace.startswith((ADMIN, API)) or url.route.startswith(
        SKIPPED_PREFIXES
    )


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
    on_object_storage = "media" not in names  # no local media route
    stale = sorted(
        route.label
        for route in ROUTES
        if route.name not in names and not (route.name == "media" and on_object_storage)
    )

    assert not stale, (
        f"Rows of testsupport/access_matrix.py name URLs that no longer exist: {stale}"
    )


def test_the_media_route_is_in_the_table_though_its_prefix_is_skipped():
    media = next(route for route in ROUTES if route.name == "media")
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
    url, names = samples.url(route), samples.names(route)
    # Logged in once per actor, before anything is compared: logging in changes rows.
    cookies = {actor: client_for(user).cookies for actor, user in samples.users.items()}
    before, files = snapshot(), stored_files()
    mismatches = []
    for actor in ACTORS:
        for method in TRIED:
            expected = route.outcome(actor, method)
            refused = expected in REFUSALS
            # Each call in a savepoint rolled back, so that a successful POST does
            # not change the objects the next call sees.
            with transaction.atomic():
                client = FormClient()
                client.cookies.update(cookies[actor])
                if method == "POST" and refused:
                    response = client.post(url, plausible_post(route, samples))
                else:
                    response = getattr(client, method.lower())(url)
                # A refusal, or any GET, must leave everything as it was.
                kept = refused or method == "GET"
                after = snapshot() if kept else before
                transaction.set_rollback(True)
            got = outcome_word(response, url)
            wrong = []
            if got != expected:
                wrong.append(f"expected {expected}, got {got}")
            if changed(before, after):
                wrong.append(f"changed {changed(before, after)}")
            if kept and (stored_files() != files or mail.outbox):
                wrong.append("wrote a file or sent a mail")
            says = LINK_PAGE_SAYS if route.name in SHARE_LINK_ROUTES else PAGE_SAYS
            if got in says and says[got] not in response.text:
                wrong.append(f"{got} without the site's page")
            if got in says and any(name in response.text for name in names):
                wrong.append(f"{got} names {names}")
            mismatches += [f"{actor:>13} {method:<6} {w}" for w in wrong]

    assert not mismatches, f"{route.label} {url}:\n" + "\n".join(mismatches)
