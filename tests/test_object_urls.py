"""Every URL of one blog, photo or contribution, tried on alice's objects by bob (a
creator with no part in them) and charlie (a subscriber), with a GET and with a POST
of plausible data: refused with 403, 404 or 405, and alice's rows stay as they were.

One answer for one question: every URL of an object charlie may not see answers 404,
every URL of one he may see but not change answers 403, whatever the method.
"""

import pytest

from audit.models import ModerationRecord
from blog.models import Blog, BlogContributor, Photo
from tests.test_access_matrix import (
    Samples,
    client_for,
    make_samples,
    plausible_post,
    site_urls,
)
from testsupport.access_matrix import ROUTES
from testsupport.storage import stored_files

pytestmark = pytest.mark.django_db

OBJECT_PARAMS = {"blog_id", "photo_id", "contribution_id"}
URLS = site_urls()
OBJECT_ROUTES = [
    route
    for route in ROUTES
    if route.name in URLS and OBJECT_PARAMS & set(URLS[route.name].params)
]
REFUSALS = {"403", "404", "405"}
# How the table fills each kind of object URL with an object charlie may not see.
UNSEEN = {"blog_id": "draft", "photo_id": "hidden"}
UNSEEN_ROUTES = [
    (name, variant)
    for name, url in sorted(URLS.items())
    for param, variant in UNSEEN.items()
    if param in url.params
]
# The URLs of a published blog and a shown photo that do something to them: all
# but the blog's own page.
CHANGING_ROUTES = [
    name
    for name, url in sorted(URLS.items())
    if UNSEEN.keys() & set(url.params) and name != "view_blog"
]


@pytest.fixture
def samples(request) -> Samples:
    return make_samples(request)


def rows(samples: Samples) -> dict:
    """The field values of alice's objects, and the moderation record."""
    blogs = [samples.blog.pk, samples.draft.pk]
    return {
        "blogs": list(Blog.objects.filter(pk__in=blogs).order_by("pk").values()),
        "photos": list(
            Photo.objects.filter(pk__in=[samples.photo.pk, samples.hidden_photo.pk])
            .order_by("pk")
            .values()
        ),
        "authors": list(
            BlogContributor.objects.filter(blog__in=blogs).order_by("pk").values()
        ),
        "moderation": list(ModerationRecord.objects.values()),
    }


def allowed_to_read(route, method: str) -> bool:
    """Reading a published blog is what view_blog is for."""
    return route.name == "view_blog" and route.variant != "draft" and method == "GET"


def row(name: str, variant: str = ""):
    """The access table's row for a URL, filled with the objects `variant` names."""
    found = [r for r in ROUTES if (r.name, r.variant) == (name, variant)]
    assert found, (
        f"testsupport/access_matrix.py has no row for {name} ({variant or 'usual'})"
    )
    return found[0]


def answers(route, samples: Samples, actor: str) -> dict[str, int]:
    """The status each method the URL takes gets for `actor`, with an empty body."""
    client = client_for(samples.users[actor])
    url = samples.url(route)
    return {method: client.generic(method, url).status_code for method in route.methods}


@pytest.mark.parametrize(
    ("name", "variant"), UNSEEN_ROUTES, ids=[n for n, _ in UNSEEN_ROUTES]
)
def test_every_url_of_an_object_a_subscriber_may_not_see_answers_404(
    name, variant, samples
):
    route = row(name, variant)

    assert answers(route, samples, "subscriber") == dict.fromkeys(route.methods, 404)


@pytest.mark.parametrize("name", CHANGING_ROUTES)
def test_every_url_changing_an_object_a_subscriber_sees_answers_403(name, samples):
    route = row(name)

    assert answers(route, samples, "subscriber") == dict.fromkeys(route.methods, 403)


@pytest.mark.parametrize(
    "route", OBJECT_ROUTES, ids=[route.label for route in OBJECT_ROUTES]
)
@pytest.mark.parametrize("actor", ["other_creator", "subscriber"])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_stranger_is_refused_and_alices_objects_stay_as_they_were(
    route, actor, method, samples
):
    url = samples.url(route)
    before, files = rows(samples), stored_files()
    client = client_for(samples.users[actor])

    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, plausible_post(route, samples))

    status = str(response.status_code)
    assert status == route.outcome(actor, method), f"{method} {url} by {actor}"
    assert status in REFUSALS or allowed_to_read(route, method)
    assert rows(samples) == before
    assert stored_files() == files


@pytest.mark.parametrize("actor", ["other_creator", "subscriber", "coauthor"])
def test_a_hidden_photos_file_is_not_served_to_those_who_may_not_see_it(actor, samples):
    Photo.objects.filter(pk=samples.photo.pk).update(is_hidden=True)
    media = next(route for route in ROUTES if route.name == "media")
    client = client_for(samples.users[actor])

    response = client.get(samples.url(media))

    assert response.status_code == 404
