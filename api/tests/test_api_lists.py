"""The API's lists: every page in the site's order, and a constant number of
queries whatever the data.

Limits, the token's lookup included: the feed 7, Photos 5, a creator's photos 7 and
posts 9, your posts 7, Discover 4. A token call reads its token (with its member) and
the member's permissions; then the list reads as the site's page does (a creator's
posts ask the rule of each cover, which reads the reader's follows and blocks once).
"""

import pytest
from django.test import Client

from blog.tests.test_query_counts import LARGE, SMALL, add_items
from testsupport.factories import make_user
from testsupport.queries import assert_queries_do_not_grow

from .conftest import token_for

pytestmark = pytest.mark.django_db

LIMITS = {
    "/api/v1/feed/": 7,
    "/api/v1/photos/": 5,
    "/api/v1/creators/alice/photos/": 7,
    "/api/v1/creators/alice/posts/": 9,
    "/api/v1/creators/": 4,
}


def calling_as(user) -> Client:
    """A client that sends `user`'s new token with every call."""
    return Client(headers={"Authorization": f"Bearer {token_for(user)[1]}"})


@pytest.mark.parametrize("url", LIMITS)
def test_a_list_costs_the_same_queries_whatever_the_data(
    url, subscriber, creator, coauthor
):
    subscriber.follows.add(creator, coauthor)
    add_items(creator, coauthor, 0, SMALL)
    api = calling_as(subscriber)
    api.get("/api/v1/me/")  # the token's first use is recorded once

    def add_data():
        add_items(creator, coauthor, SMALL, LARGE)
        for number in range(10):
            make_user(f"creator{number}")

    small, large = assert_queries_do_not_grow(
        api, url, add_data=add_data, budget=LIMITS[url]
    )
    assert len(large.json()["results"]) > len(small.json()["results"])


def test_your_posts_cost_the_same_queries_whatever_the_data(creator, coauthor):
    add_items(coauthor, creator, 0, SMALL)
    api = calling_as(creator)
    api.get("/api/v1/me/")
    small, large = assert_queries_do_not_grow(
        api,
        "/api/v1/posts/",
        add_data=lambda: add_items(coauthor, creator, SMALL, LARGE),
        budget=7,
    )
    assert len(large.json()["results"]) > len(small.json()["results"])


def walk(api: Client, url: str) -> list[dict]:
    items = []
    while url:
        page = api.get(url).json()
        items += page["results"]
        url = page["next"]
    return items


@pytest.mark.parametrize("page_size", [1, 4, 12])
def test_the_feed_pages_hold_every_item_once_newest_first(
    world, subscriber, settings, page_size
):
    settings.FOTOBLOG_FEED_PAGE_SIZE = page_size
    api = calling_as(subscriber)
    items = walk(api, "/api/v1/feed/")
    keys = [(item["kind"], item[item["kind"]]["id"]) for item in items]
    assert len(keys) == len(set(keys)) > page_size
    dates = [
        item["post"]["date_published"]
        if item["post"]
        else item["photo"]["date_created"]
        for item in items
    ]
    assert dates == sorted(dates, reverse=True)
    # Page after page, the site's "Load more" shows the same items.
    site = Client()
    site.force_login(subscriber)
    shown, url = [], "/"
    while url:
        response = site.get(url, headers={"HX-Request": "true"})
        page = response.context["page"]
        shown += [
            ("post" if e.kind == "blog" else "photo", e.item.pk) for e in page.items
        ]
        url = f"/?after={page.next_cursor}" if page.next_cursor else ""
    assert keys == shown
