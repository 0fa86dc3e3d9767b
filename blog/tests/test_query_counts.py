"""Queries per page do not depend on the amount of data nor on the page size.

Sessions and user included: home at most 8, photo feed at most 5, blog page at most
7 — of which 2 read the posts a shown post's photo appears in, for `blog.view_photo`.
Counted as a request really costs: a session's first request fills the permission
cache (at most 2 queries more), the next ones find it warm.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from authentication.models import User
from blog.feed import feed_page_size
from blog.models import Blog
from fotoblog.testing import make_blog, make_photo, make_user

pytestmark = pytest.mark.django_db

GOALS = {"home": 8, "photo_feed": 5, "view_blog": 7}
COLD_EXTRA = 2
SMALL, LARGE = 3, 40


@pytest.fixture
def reader(subscriber, creator, coauthor):
    """A subscriber who follows two creators."""
    subscriber.follows.add(creator, coauthor)
    return subscriber


def add_items(creator, coauthor, start: int, stop: int) -> None:
    """Items `start` to `stop`, newest last: in turn a photo, a blog illustrated by
    a photo, a blog with a co-author, and a starred blog by a stranger, so every
    page shows both kinds and every kind of byline."""
    stranger = User.objects.filter(username="erin").first() or make_user("erin")
    now = timezone.now()
    for number in range(start, stop):
        when = now - timedelta(minutes=1000 - number)
        kind = number % 4
        if kind == 0:
            make_photo(creator, f"Photo {number}", date_created=when)
        elif kind == 1:
            cover = make_photo(creator, f"Cover {number}", date_created=when)
            make_blog(creator, title=f"Blog {number}", photo=cover, date_created=when)
        elif kind == 2:
            make_blog(coauthor, creator, title=f"Blog {number}", date_created=when)
        else:
            make_blog(stranger, title=f"Blog {number}", starred=True, date_created=when)


def count(client, django_assert_max_num_queries, url: str, limit: int) -> int:
    """The queries of one GET of `url`, at most `limit`; the page answers 200."""
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def cold_and_warm(client, django_assert_max_num_queries, user, url, goal):
    """A new session's first request (permissions not cached), then the next."""
    cache.clear()
    client.logout()
    client.force_login(user)
    cold = count(client, django_assert_max_num_queries, url, goal + COLD_EXTRA)
    warm = count(client, django_assert_max_num_queries, url, goal)
    return cold, warm


@pytest.mark.parametrize("page_size", [5, 12])
@pytest.mark.parametrize("view", ["home", "photo_feed"])
def test_a_feed_costs_the_same_whatever_the_data_and_the_page_size(
    client,
    settings,
    django_assert_max_num_queries,
    reader,
    creator,
    coauthor,
    view,
    page_size,
):
    settings.FOTOBLOG_FEED_PAGE_SIZE = page_size
    assert feed_page_size() == page_size
    url = reverse(view)
    goal = GOALS[view]

    add_items(creator, coauthor, 0, SMALL)
    small = cold_and_warm(client, django_assert_max_num_queries, reader, url, goal)
    add_items(creator, coauthor, SMALL, LARGE)
    large = cold_and_warm(client, django_assert_max_num_queries, reader, url, goal)

    assert small == large
    cold, warm = large
    assert warm <= goal
    assert cold - warm <= COLD_EXTRA


@pytest.mark.parametrize("page_size", [5, 12])
def test_the_next_pages_of_the_home_feed_cost_no_more_than_the_first(
    client,
    settings,
    django_assert_max_num_queries,
    reader,
    creator,
    coauthor,
    page_size,
):
    settings.FOTOBLOG_FEED_PAGE_SIZE = page_size
    add_items(creator, coauthor, 0, LARGE)
    client.force_login(reader)
    first = client.get(reverse("home"))
    cursor = first.context["page"].next_cursor
    assert len(first.context["page"].items) == page_size

    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):  # the link, and "Load more"
        with django_assert_max_num_queries(GOALS["home"]):
            response = client.get(reverse("home"), {"after": cursor}, **headers)
        assert response.status_code == 200
        assert len(response.context["page"].items) == page_size


@pytest.mark.parametrize("page_size", [5, 12])
def test_a_blog_page_costs_the_same_whatever_the_data(
    client,
    settings,
    django_assert_max_num_queries,
    reader,
    creator,
    coauthor,
    page_size,
):
    settings.FOTOBLOG_FEED_PAGE_SIZE = page_size
    add_items(creator, coauthor, 0, SMALL)
    blog = Blog.objects.filter(blogcontributor__contributor=coauthor).get()
    url = blog.get_absolute_url()
    goal = GOALS["view_blog"]

    small = cold_and_warm(client, django_assert_max_num_queries, reader, url, goal)
    add_items(creator, coauthor, SMALL, LARGE)
    large = cold_and_warm(client, django_assert_max_num_queries, reader, url, goal)

    assert small == large
    cold, warm = large
    assert warm <= goal
    assert cold - warm <= COLD_EXTRA


def test_the_page_size_setting_decides_how_many_items_a_page_shows(
    client, settings, reader, creator, coauthor
):
    add_items(creator, coauthor, 0, 10)
    client.force_login(reader)
    settings.FOTOBLOG_FEED_PAGE_SIZE = 7

    page = client.get(reverse("home")).text

    assert page.count('<article class="card') == 7
    assert "Load more" in page
