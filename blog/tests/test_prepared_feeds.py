"""Feeds from prepared SQL (blog/prepared.py) show what their QuerySets show."""

from functools import partial

import pytest

from blog import prepared
from blog.facts import GRID_FACTS, HOME_FACTS
from blog.models import Blog
from blog.pager import (
    feed_page,
    home_feed_sources,
    photo_feed_sources,
    prepared_feed_page,
)
from testsupport.factories import make_user

pytestmark = pytest.mark.django_db


def keys(page) -> list[tuple[str, int]]:
    return [(entry.kind, entry.item.pk) for entry in page.items]


def read_querysets(build, reader, after, *, size):
    """A page of the feed `build` makes, from its QuerySets."""
    return feed_page(build(reader), after, size)


def every_page(read, size: int) -> list[list[tuple[str, int]]]:
    """Each page of a feed, following its cursor to the last; `read(after, size)`."""
    pages, after = [], None
    while True:
        page = read(after, size=size)
        pages.append(keys(page))
        if page.next_cursor is None:
            return pages
        after = page.next_cursor


@pytest.mark.parametrize(
    "build, facts",
    [(home_feed_sources, HOME_FACTS), (photo_feed_sources, GRID_FACTS)],
    ids=["home", "photos"],
)
@pytest.mark.parametrize("size", [1, 4, 12])
def test_every_page_of_a_prepared_feed_is_the_querysets_own(world, build, facts, size):
    for reader in world:
        by_querysets = every_page(partial(read_querysets, build, reader), size)
        prepared_pages = every_page(
            partial(prepared_feed_page, build, reader, facts=facts), size
        )

        assert prepared_pages == by_querysets, reader.username
        assert sum(map(len, by_querysets)) > 0, reader.username


def test_a_prepared_home_page_shows_each_cover_the_rules_let_its_reader_see(world):
    checked = 0
    for reader in world:
        page = prepared_feed_page(home_feed_sources, reader, None, 50, facts=HOME_FACTS)
        for entry in page.items:
            if entry.kind == "blog" and entry.item.photo_id:
                allowed = reader.has_perm("blog.view_photo", entry.item.photo)
                assert entry.facts["cover_shown"] is allowed, (reader, entry.item)
                checked += 1 if allowed else 1000

    assert checked > 1000  # covers shown and covers refused


def test_a_prepared_grid_gives_each_reader_the_controls_the_rules_give(world):
    answers = set()
    for reader in world:
        page = prepared_feed_page(
            photo_feed_sources, reader, None, 50, facts=GRID_FACTS
        )
        for entry in page.items:
            for action in ("change", "delete", "hide"):
                allowed = reader.has_perm(f"blog.{action}_photo", entry.item)
                assert entry.facts[f"may_{action}"] is allowed, (reader, action)
                answers.add((action, allowed))

    assert len(answers) == 6  # each control both given and refused


def test_readers_of_one_shape_share_its_sql_and_each_sees_their_own(
    world, creator, subscriber
):
    prepared.forget_statements()
    other = make_user("dora", role=subscriber.role)
    other.follows.add(creator)

    pages = {
        reader: keys(prepared_feed_page(home_feed_sources, reader, None, 50))
        for reader in (subscriber, other)
    }

    assert len(prepared._statements) == 1
    assert pages[subscriber] != pages[other]
    for reader, page in pages.items():
        assert page == keys(feed_page(home_feed_sources(reader), None, 50))


def by_name(user):
    """Posts whose title starts with the reader's name: not a parameter."""
    return {"blog": Blog.objects.filter(title__startswith=user.username)}


def test_a_feed_whose_sql_depends_on_more_than_the_key_is_never_prepared(
    world, subscriber
):
    with pytest.raises(prepared.NotPreparable, match="parameter 0 varies"):
        prepared_feed_page(by_name, subscriber, None)
