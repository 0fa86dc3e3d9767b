"""Every URL of one blog, photo or contribution gives one answer to one question:
whoever may not see the object gets 404, whoever sees it but may not act gets 403,
whatever the method; a stranger is refused everything but reading a published blog;
an id that names nothing, or a contribution of another blog, is a 404 even to the
superuser, and changes nothing.

The access table (testsupport/access_matrix.py) says who gets what, and
tests/test_access_matrix.py proves that every view answers what it says, changing
nothing when it refuses; these tests hold the table to the rule above.
"""

from dataclasses import replace

import pytest

from testsupport.access_matrix import ROUTES, Route
from testsupport.samples import (
    Samples,
    changed,
    client_for,
    plausible_post,
    site_urls,
    snapshot,
)
from testsupport.storage import stored_files

pytestmark = pytest.mark.django_db

OBJECT_PARAMS = {"blog_id", "photo_id", "contribution_id"}
URLS = site_urls()
OBJECT_NAMES = sorted(n for n, url in URLS.items() if OBJECT_PARAMS & {*url.params})
OBJECT_ROUTES = [route for route in ROUTES if route.name in OBJECT_NAMES]
STRANGERS = ("other_creator", "subscriber")
REFUSALS = {"403", "404", "405"}
# The objects a subscriber may not see: alice's draft and what a moderator hid.
UNSEEN = ("draft", "hidden")
# The URLs of a published blog and a shown photo that do something to them: all
# but the blog's own page.
# What a member reads of an object; every other object URL changes something.
READING = ("view_blog", "photo_status", "photo_detail")
CHANGING_NAMES = [name for name in OBJECT_NAMES if name not in READING]
CONTRIBUTION_NAMES = [n for n in OBJECT_NAMES if "contribution_id" in URLS[n].params]


def row(name: str, variant: str = "") -> Route:
    """The access table's row for a URL, filled with the objects `variant` names."""
    found = [r for r in ROUTES if (r.name, r.variant) == (name, variant)]
    assert found, (
        f"testsupport/access_matrix.py has no row for {name} ({variant or 'usual'})"
    )
    return found[0]


def answers(route: Route, actor: str) -> dict[str, str]:
    """What the table gives `actor` for each method the URL takes."""
    return {method: route.outcome(actor, method) for method in route.methods}


@pytest.mark.parametrize("variant", UNSEEN)
@pytest.mark.parametrize("name", OBJECT_NAMES)
def test_every_url_of_an_object_a_subscriber_may_not_see_answers_404(name, variant):
    route = row(name, variant)

    assert answers(route, "subscriber") == dict.fromkeys(route.methods, "404")


@pytest.mark.parametrize("name", CHANGING_NAMES)
def test_every_url_changing_an_object_a_subscriber_sees_answers_403(name):
    route = row(name)

    assert answers(route, "subscriber") == dict.fromkeys(route.methods, "403")


@pytest.mark.parametrize("actor", STRANGERS)
@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=[r.label for r in OBJECT_ROUTES])
def test_a_stranger_is_refused_everything_but_reading_a_published_blog(route, actor):
    reading = route.name in READING and route.variant == ""
    let_through = {
        method
        for method in ("GET", "POST")
        if route.outcome(actor, method) not in REFUSALS
    }

    assert let_through == ({"GET"} if reading else set())


def assert_refused_and_unchanged(client, route: Route, samples: Samples) -> None:
    """Each method the URL takes answers 404 with a plausible body, and changes
    nothing."""
    url = samples.url(route)
    before, files = snapshot(), stored_files()
    for method in route.methods:
        data = plausible_post(route, samples) if method == "POST" else {}
        response = getattr(client, method.lower())(url, data)
        assert response.status_code == 404, f"{method} {url}"
        assert "This page does not exist" in response.text
    assert changed(before, snapshot()) == []
    assert stored_files() == files


@pytest.mark.parametrize("name", OBJECT_NAMES)
def test_an_object_url_naming_nothing_is_a_404_even_to_the_superuser(name, samples):
    client = client_for(samples.users["superuser"])

    assert_refused_and_unchanged(client, replace(row(name), variant="missing"), samples)


@pytest.mark.parametrize("name", CONTRIBUTION_NAMES)
def test_a_contribution_url_naming_another_blogs_row_is_a_404(name, samples):
    """Alice owns both blogs: the row must belong to the blog of the URL."""
    client = client_for(samples.users["owner"])
    route = replace(row(name), variant="another blog's row")

    assert_refused_and_unchanged(client, route, samples)
