"""Discover creators (creator_list); creator pages: blog/tests/test_creator_page.py."""

import re

import pytest
from django.urls import reverse

from authentication.models import User
from testsupport.factories import make_user
from testsupport.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db
LIST_URL = reverse("creator_list")
CARD = re.compile(r'<li class="card card-body creator-card">(.*?)</li>', re.S)


def page_url(user: User) -> str:
    return reverse("creator_detail", args=[user.username])


def listed(response) -> list[str]:
    """The usernames on the Discover page, in order."""
    return [
        re.search(r'<div class="creator-name">\s*<a [^>]*>(.*?)</a>', card)[1]
        for card in CARD.findall(response.text)
    ]


def card_of(response, username: str) -> str:
    """The Discover page's card of `username`."""
    (card,) = [card for card in CARD.findall(response.text) if f">{username}<" in card]
    return card


# Discover creators.


def test_it_lists_active_creators_only_by_name(
    client, subscriber, creator, other_creator, inactive_creator, moderator
):
    client.force_login(subscriber)

    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert listed(response) == ["alice", "bob"]
    assert f'href="{page_url(creator)}"' in response.text


def test_it_is_linked_from_the_header_as_discover_creators(client, subscriber):
    client.force_login(subscriber)
    header = client.get(reverse("home")).text.split("</header>")[0]
    assert f'<a href="{LIST_URL}"' in header
    assert "Discover creators" in header


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("ali", ["alice"]),
        ("ALICE", ["alice"]),
        ("martin", ["bob"]),
        ("DuBoIs", ["alice"]),
        ("  bob  ", ["bob"]),
        ("I", ["alice", "bob"]),
    ],
)
def test_it_searches_by_username_first_and_last_name_ignoring_case(
    client, subscriber, query, found
):
    make_user("alice", User.CREATOR, first_name="Alice", last_name="Dubois")
    make_user("bob", User.CREATOR, first_name="Martin", last_name="Leroy")
    make_user("otto", User.CREATOR)
    make_user("olga", User.SUBSCRIBER)
    client.force_login(subscriber)

    response = client.get(LIST_URL, {"q": query})

    assert listed(response) == found
    assert f'value="{query.strip()}"' in response.text


def test_it_says_when_no_creator_matches(client, subscriber, creator):
    client.force_login(subscriber)
    response = client.get(LIST_URL, {"q": "zorro"})
    assert listed(response) == []
    assert "No creator matches “zorro”." in response.text


def test_it_says_when_there_are_no_creators_yet(client, subscriber):
    client.force_login(subscriber)
    response = client.get(LIST_URL)
    assert listed(response) == []
    assert "There are no creators yet." in response.text


def test_it_shows_follower_counts_and_follow_or_unfollow_buttons(
    client, subscriber, creator, other_creator, coauthor
):
    subscriber.follows.add(creator)
    other_creator.follows.add(creator)
    coauthor.follows.add(other_creator)
    client.force_login(subscriber)

    response = client.get(LIST_URL)

    alice, bob, dana = (card_of(response, name) for name in ("alice", "bob", "dana"))
    assert "2 followers" in alice
    assert "Unfollow alice" in alice
    assert 'name="follow" value="0"' in alice
    assert "1 follower<" in bob
    assert "Follow bob" in bob and "Unfollow" not in bob
    assert 'name="follow" value="1"' in bob
    assert "0 followers" in dana
    assert f'action="{reverse("user_follow", args=["bob"])}"' in bob


def test_it_offers_a_creator_no_button_to_follow_themselves(
    client, creator, other_creator
):
    client.force_login(creator)

    response = client.get(LIST_URL)

    assert listed(response) == ["alice", "bob"]
    assert "Follow alice" not in card_of(response, "alice")
    assert "0 followers" in card_of(response, "alice")
    assert "Follow bob" in card_of(response, "bob")


def test_it_costs_the_same_queries_for_3_creators_as_for_30(client, subscriber):
    def add_creators(first: int, count: int) -> None:
        for number in range(first, first + count):
            user = make_user(f"creator{number:02}", User.CREATOR)
            if number % 2:
                subscriber.follows.add(user)

    add_creators(0, 3)
    client.force_login(subscriber)

    small, large = assert_queries_do_not_grow(
        client, LIST_URL, add_data=lambda: add_creators(3, 27)
    )

    assert len(listed(small)) == 3
    assert len(listed(large)) == 24
    assert "Page 1 of 2" in large.text
