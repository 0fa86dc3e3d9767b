"""Discover creators (creator_list); creator pages: blog/tests/test_creator_page.py."""

import re

import pytest
from django.urls import reverse

from authentication.models import User
from blog.models import Photo, Visibility
from testsupport.factories import ago, make_blog, make_photo, make_user
from testsupport.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db
LIST_URL = reverse("creator_list")
CARD = re.compile(r'<li class="card card-body creator-card">(.*?)</li>', re.S)
CREATOR_LINK = re.compile(r'<div class="creator-name">\s*<a href="/creators/([^/]+)/">')
STRIP = re.compile(r'<a class="creator-strip"(.*?)</a>', re.S)
# A thumbnail's srcset starts with its smallest rendition.
STRIP_IMAGE = re.compile(r'<img src="[^"]*" srcset="/media/([^ ]+) ')


def page_url(user: User) -> str:
    return reverse("creator_detail", args=[user.username])


def listed(response) -> list[str]:
    """The usernames on the Discover page, in order."""
    return [CREATOR_LINK.search(card)[1] for card in CARD.findall(response.text)]


def card_of(response, username: str) -> str:
    """The Discover page's card of `username`."""
    (card,) = [
        card for card in CARD.findall(response.text) if f"/creators/{username}/" in card
    ]
    return card


def strip_of(response, username: str) -> list[str]:
    """The files of the recent photos on `username`'s card, in order."""
    strip = STRIP.search(card_of(response, username))
    return STRIP_IMAGE.findall(strip[1]) if strip else []


def originals(photos: list[Photo]) -> list[str]:
    """The names of the photos' smallest renditions, as a strip's srcset starts."""
    return [photo.srcset.split(" ")[0].removeprefix("/media/") for photo in photos]


# Discover creators.


def test_it_lists_active_creators_only_by_name(
    client, subscriber, creator, other_creator, inactive_creator, moderator
):
    client.force_login(subscriber)

    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert listed(response) == ["alice", "bob"]
    assert f'href="{page_url(creator)}"' in response.text


def test_it_is_linked_from_the_header_as_discover(client, subscriber):
    client.force_login(subscriber)
    header = client.get(reverse("home")).text.split("</header>")[0]
    assert f'href="{LIST_URL}"' in header
    assert ">Discover</span>" in header


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


def test_it_shows_a_creators_full_name_username_and_first_line_of_bio(
    client, subscriber
):
    make_user(
        "alice", first_name="Alice", last_name="Dubois", bio="Sea & light.\nMore."
    )
    client.force_login(subscriber)

    card = card_of(client.get(LIST_URL), "alice")

    assert '<a href="/creators/alice/">Alice Dubois</a>' in card
    assert "@alice" in card
    assert '<span class="creator-bio-line">Sea &amp; light.</span>' in card
    assert "More." not in card


# Discover's strips of recent photos.


def test_it_shows_the_4_newest_photos_the_viewer_may_see_linking_to_the_creator(
    client, subscriber, creator
):
    shown = [
        make_photo(creator, f"Shown {n}", date_created=ago(10 - n)) for n in range(5)
    ]
    private = make_photo(creator, "Private", date_created=ago(1))
    Photo.objects.filter(pk=private.pk).update(visibility=Visibility.PRIVATE)
    drafted = make_photo(creator, "In a draft")
    make_blog(creator, title="Draft", photo=drafted, is_published=False)
    client.force_login(subscriber)

    response = client.get(LIST_URL)

    assert strip_of(response, "alice") == originals(shown[:0:-1])
    assert f'<a class="creator-strip" href="{page_url(creator)}"' in response.text
    assert "Private" not in response.text


def test_a_follower_sees_followers_photos_in_the_strip(client, subscriber, creator):
    for_followers = make_photo(creator, "Inner circle")
    Photo.objects.filter(pk=for_followers.pk).update(visibility=Visibility.FOLLOWERS)
    client.force_login(subscriber)

    assert strip_of(client.get(LIST_URL), "alice") == []
    subscriber.follows.add(creator)
    assert strip_of(client.get(LIST_URL), "alice") == originals([for_followers])


def test_a_creator_with_no_photo_to_show_has_no_strip(client, subscriber, creator):
    hidden = make_photo(creator, "Moderated")
    Photo.objects.filter(pk=hidden.pk).update(is_hidden=True)
    client.force_login(subscriber)

    card = card_of(client.get(LIST_URL), "alice")

    assert "creator-strip" not in card


def test_strips_cost_the_same_queries_for_3_creators_as_for_30(client, subscriber):
    def add_creators(first: int, count: int) -> None:
        for number in range(first, first + count):
            user = make_user(f"creator{number:02}", User.CREATOR)
            for photo_number in range(number % 6):
                make_photo(user, f"Photo {photo_number}")
            if number % 2:
                subscriber.follows.add(user)

    add_creators(0, 3)
    client.force_login(subscriber)

    small, large = assert_queries_do_not_grow(
        client, LIST_URL, add_data=lambda: add_creators(3, 27)
    )

    assert len(strip_of(small, "creator02")) == 2
    assert len(strip_of(large, "creator05")) == 4
    assert len(strip_of(large, "creator11")) == 4
