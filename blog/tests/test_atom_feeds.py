"""Atom feeds for feed readers, through a private link made on the Feeds page."""

import re
import xml.etree.ElementTree as ET
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from authentication.models import User
from blog.models import Blog, Photo
from testsupport.factories import ago, make_blog, make_photo, make_user
from testsupport.pages import images_of
from testsupport.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS_PAGE = reverse("feed_links")


def make_links(client, user: User) -> str:
    """Make the user's feed links on the Feeds page; the home feed's path."""
    client.force_login(user)
    response = client.post(FEEDS_PAGE, {"action": "renew"})
    assert response.status_code == 302
    return home_link(client.get(FEEDS_PAGE))


def home_link(response) -> str:
    """The path of the home feed link that the Feeds page shows."""
    found = re.search(
        r'id="home-feed-link"[^>]*value="http://testserver(/feeds/[^"]+)"',
        response.text,
    )
    assert found, "the Feeds page shows the home feed link"
    return found[1]


def token_of(user: User) -> str:
    return User.objects.get(pk=user.pk).feed_token


def entries(response) -> list[dict]:
    """The entries of an Atom document: title, link, authors."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "authors": [name.text for name in entry.iter(f"{ATOM}name")],
        }
        for entry in root.findall(f"{ATOM}entry")
    ]


def titles(response) -> list[str]:
    return [entry["title"] for entry in entries(response)]


@pytest.fixture
def reader(subscriber, creator):
    """The subscriber, following `creator` (alice)."""
    subscriber.follows.add(creator)
    return subscriber


# The home feed.


def test_the_home_feed_holds_the_entries_of_the_readers_home_feed(
    client, reader, creator, coauthor, other_creator
):
    cover = make_photo(creator, "Cover", date_created=ago(9))
    make_photo(creator, "Harbour", date_created=ago(8))
    starred = make_blog(
        other_creator, title="Starred", starred=True, date_created=ago(6)
    )
    blog = make_blog(
        creator, coauthor, title="Together", photo=cover, date_created=ago(4)
    )
    make_blog(other_creator, title="Not followed", date_created=ago(2))
    make_photo(other_creator, "Not followed either")
    path = make_links(client, reader)

    response = Client().get(path)  # A feed reader: no login.

    assert entries(response) == [
        {
            "title": "Together",
            "link": f"http://testserver{blog.get_absolute_url()}",
            "authors": ["alice, dana"],
        },
        {
            "title": "Starred",
            "link": f"http://testserver{starred.get_absolute_url()}",
            "authors": ["bob"],
        },
        {
            "title": "Harbour",
            "link": "http://testserver"
            + Photo.objects.get(caption="Harbour").get_absolute_url(),
            "authors": ["alice"],
        },
    ]
    home = client.get(reverse("home")).text
    assert re.findall(r"<h2><a [^>]*>(.*?)</a></h2>", home) == ["Together", "Starred"]


def test_a_photo_entry_links_to_its_page_and_carries_the_picture(
    client, reader, creator
):
    photo = make_photo(creator, "Harbour <at> dusk")
    Photo.objects.filter(pk=photo.pk).update(alt="Boats & a quay")
    path = make_links(client, reader)

    entry = ET.fromstring(Client().get(path).content).find(f"{ATOM}entry")

    page = f"http://testserver{photo.get_absolute_url()}"
    assert entry.find(f"{ATOM}link").get("href") == page
    assert client.get(photo.get_absolute_url()).status_code == 200
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    # The summary is HTML: one picture, at an absolute address, described.
    (image,) = images_of(summary.text)
    name = photo.display_url.removeprefix("/media/")
    assert image["src"] == f"http://testserver/feeds/{token_of(reader)}/media/{name}"
    assert image["alt"] == "Boats & a quay"
    assert (image["width"], image["height"]) == (str(photo.width), str(photo.height))
    assert "<p>Harbour &lt;at&gt; dusk</p>" in summary.text


def picture_of(response) -> str:
    """The path of the one picture in the feed's first entry."""
    summary = ET.fromstring(response.content).find(f"{ATOM}entry/{ATOM}summary")
    (image,) = images_of(summary.text)
    return urlsplit(image["src"]).path


def test_a_members_only_picture_opens_in_a_feed_reader_that_cannot_log_in(
    client, reader, creator
):
    photo = make_photo(creator, "Harbour")
    assert photo.visibility == "members"
    path = make_links(client, reader)

    picture = Client().get(picture_of(Client().get(path)))  # no session at all

    assert picture.status_code == 200
    assert picture["Content-Type"] == "image/jpeg"
    assert picture["Cache-Control"] == "private, max-age=86400"
    with default_storage.open(photo.display_url.removeprefix("/media/")) as stored:
        assert b"".join(picture.streaming_content) == stored.read()


def test_a_feeds_pictures_stop_with_its_link(client, reader, creator):
    make_photo(creator, "Harbour")
    path = make_links(client, reader)
    picture = picture_of(Client().get(path))

    make_links(client, reader)  # renewed: the old link and its pictures stop

    assert Client().get(picture).status_code == 404
    assert (
        Client()
        .get(picture_of(Client().get(home_link(client.get(FEEDS_PAGE)))))
        .status_code
        == 200
    )


def test_a_feed_link_opens_only_the_pictures_its_reader_may_see(
    client, reader, creator, other_creator
):
    make_links(client, reader)
    token = token_of(reader)
    shown = make_photo(creator, "Followed")
    unfollowed = make_photo(other_creator, "Not followed")
    Photo.objects.filter(pk=unfollowed.pk).update(visibility="followers")
    hidden = make_photo(creator, "Hidden")
    Photo.objects.filter(pk=hidden.pk).update(is_hidden=True)

    def status(photo: Photo, name: str = "") -> int:
        name = name or photo.image.name
        return Client().get(f"/feeds/{token}/media/{name}").status_code

    assert status(shown) == 200
    assert status(unfollowed) == 404
    assert status(hidden) == 404
    assert status(shown, shown.image.name.replace("photos/", "photos//")) == 404
    assert status(shown, shown.image.name.upper()) == 404
    assert (
        Client().get(f"/feeds/not-a-token/media/{shown.image.name}").status_code == 404
    )


def test_a_public_feeds_pictures_open_for_anyone_and_are_public_photos_only(
    client, creator, settings
):
    settings.FOTOBLOG_PUBLIC_POSTING = True
    photo = make_photo(creator, "Harbour")
    Photo.objects.filter(pk=photo.pk).update(visibility="public")
    members_only = make_photo(creator, "For members")

    response = Client().get(reverse("creator_public_atom", args=["alice"]))

    picture = picture_of(response)
    assert picture == f"/feeds/media/{photo.display_name}"
    assert Client().get(picture).status_code == 200
    assert Client().get(f"/feeds/media/{members_only.image.name}").status_code == 404
    client.force_login(creator)  # a session opens no more there
    assert client.get(f"/feeds/media/{members_only.image.name}").status_code == 404


def test_a_post_entry_carries_its_cover_where_its_reader_may_see_it(
    client, reader, creator
):
    cover = make_photo(creator, "Cover")
    make_blog(creator, title="Harbour", content="Boats.", photo=cover)
    path = make_links(client, reader)

    summary = ET.fromstring(Client().get(path).content).find(
        f"{ATOM}entry/{ATOM}summary"
    )

    (image,) = images_of(summary.text)
    name = cover.display_name
    assert image["src"] == f"http://testserver/feeds/{token_of(reader)}/media/{name}"
    assert Client().get(urlsplit(image["src"]).path).status_code == 200
    assert "<p>Boats.</p>" in summary.text
    Photo.objects.filter(pk=cover.pk).update(is_hidden=True)  # by a moderator
    summary = ET.fromstring(Client().get(path).content).find(
        f"{ATOM}entry/{ATOM}summary"
    )
    assert images_of(summary.text) == []
    assert "<p>Boats.</p>" in summary.text


@pytest.mark.parametrize("feed", ["home", "creator", "public"])
def test_a_feed_costs_the_same_queries_whatever_it_holds(
    client, reader, creator, coauthor, feed
):
    path = {
        "home": make_links(client, reader),
        "creator": reverse("creator_atom", args=[token_of(reader), "alice"]),
        "public": reverse("creator_public_atom", args=["alice"]),
    }[feed]

    def add_public_posts_and_photos(count: int):
        for n in range(count):
            cover = make_photo(creator, f"Cover {n}")
            make_blog(
                creator, coauthor, title=f"Post {n}", photo=cover, visibility="public"
            )
            make_photo(creator, f"Photo {n}")
        Photo.objects.update(visibility="public")

    add_public_posts_and_photos(1)
    small, large = assert_queries_do_not_grow(
        Client(), path, add_data=lambda: add_public_posts_and_photos(12)
    )
    assert len(images_of(unescape(large.text))) > len(images_of(unescape(small.text)))


def test_every_entry_id_is_the_absolute_address_of_its_page(client, reader, creator):
    blog = make_blog(creator, title="Harbour", date_created=ago(3))
    photo = make_photo(creator, "Boats")
    path = make_links(client, reader)

    root = ET.fromstring(Client().get(path).content)
    ids = [entry.findtext(f"{ATOM}id") for entry in root.findall(f"{ATOM}entry")]

    # An IRI, as RFC 4287 asks of atom:id (not "photo-22"), unique in the feed.
    assert ids == [
        f"http://testserver{photo.get_absolute_url()}",
        f"http://testserver{blog.get_absolute_url()}",
    ]
    assert all(urlsplit(entry_id).scheme == "http" for entry_id in ids)


def test_a_photo_being_prepared_is_in_its_uploaders_feed_without_a_picture(
    client, creator
):
    photo = make_photo(creator, "Coming soon")
    Photo.objects.filter(pk=photo.pk).update(status=Photo.Status.PROCESSING, image="")
    path = make_links(client, creator)

    response = Client().get(path)

    assert titles(response) == ["Coming soon"]
    summary = ET.fromstring(response.content).find(f"{ATOM}entry/{ATOM}summary")
    assert images_of(summary.text) == []


def test_an_untitled_photo_is_named_after_its_creator(client, reader, creator):
    make_photo(creator)
    path = make_links(client, reader)
    assert titles(Client().get(path)) == ["A photo by alice"]
    User.objects.filter(pk=creator.pk).update(first_name="Alice", last_name="Martin")
    User.objects.filter(pk=reader.pk).update(first_name="Charlie")
    response = Client().get(path)
    assert titles(response) == ["A photo by Alice Martin"]
    assert entries(response)[0]["authors"] == ["Alice Martin"]
    feed_title = ET.fromstring(response.content).findtext(f"{ATOM}title")
    assert feed_title == "fotoblog: Charlie's feed"


def test_the_home_feed_never_holds_a_draft_or_a_hidden_item(client, reader, creator):
    make_blog(creator, title="Draft", is_published=False)
    make_blog(creator, title="Starred draft", starred=True, is_published=False)
    hidden_blog = make_blog(creator, title="Hidden blog", starred=True)
    hidden_photo = make_photo(creator, "Hidden photo")
    Blog.objects.filter(pk=hidden_blog.pk).update(is_hidden=True)
    Photo.objects.filter(pk=hidden_photo.pk).update(is_hidden=True)
    make_blog(creator, title="Published", date_created=ago(1))
    path = make_links(client, reader)

    response = Client().get(path)

    assert titles(response) == ["Published"]
    assert b"Draft" not in response.content
    assert b"Hidden" not in response.content


def test_a_reader_whose_group_may_no_longer_see_photos_gets_the_posts_alone(
    client, reader, creator
):
    make_photo(creator, "Harbour")
    make_blog(creator, title="Published")
    path = make_links(client, reader)
    group = Group.objects.get(name="subscribers")
    group.permissions.remove(Permission.objects.get(codename="view_photo"))

    assert titles(Client().get(path)) == ["Published"]


def test_the_home_feed_of_someone_following_nobody_is_an_empty_atom_document(
    client, subscriber, creator
):
    make_blog(creator, title="Not followed")
    path = make_links(client, subscriber)
    assert entries(Client().get(path)) == []


# A creator's feed.


def test_the_creator_feed_lists_that_creators_published_blogs_and_photos(
    client, subscriber, creator, coauthor, other_creator
):
    make_photo(creator, "Harbour", date_created=ago(5))
    make_blog(coauthor, creator, title="Co-written", date_created=ago(4))
    make_blog(creator, title="Own blog", date_created=ago(3))
    make_blog(creator, title="Draft", is_published=False)
    hidden = make_photo(creator, "Hidden photo")
    Photo.objects.filter(pk=hidden.pk).update(is_hidden=True)
    make_blog(other_creator, title="Someone else's")
    make_links(client, subscriber)  # Following is not needed for a creator's feed.
    path = reverse("creator_atom", args=[token_of(subscriber), "alice"])

    response = Client().get(path)

    assert [(e["title"], e["authors"]) for e in entries(response)] == [
        ("Own blog", ["alice"]),
        ("Co-written", ["dana, alice"]),
        ("Harbour", ["alice"]),
    ]
    root = ET.fromstring(response.content)
    assert root.findtext(f"{ATOM}title") == "fotoblog: alice"


def test_the_creator_page_links_to_its_feed_only_once_the_user_has_links(
    client, subscriber, creator
):
    page = reverse("creator_detail", args=["alice"])
    client.force_login(subscriber)
    assert "/creators/alice.atom" not in client.get(page).text  # the private link
    assert "Make my feed links" in client.get(FEEDS_PAGE).text

    make_links(client, subscriber)

    feed_path = reverse("creator_atom", args=[token_of(subscriber), "alice"])
    assert f'href="{feed_path}"' in client.get(page).text
    assert Client().get(feed_path).status_code == 200


@pytest.mark.parametrize("username", ["charlie", "ivan", "nobody"])
def test_there_is_no_feed_for_a_subscriber_an_inactive_or_unknown_creator(
    client, subscriber, inactive_creator, username
):
    make_links(client, subscriber)
    path = reverse("creator_atom", args=[token_of(subscriber), username])
    assert Client().get(path).status_code == 404


# Who may read.


def test_an_empty_token_is_404(client, reader):
    make_links(client, reader)
    make_user("nina", User.SUBSCRIBER, feed_token="")
    assert Client().get("/feeds//home.atom").status_code == 404
    assert Client().get("/feeds//creators/alice.atom").status_code == 404


def test_a_revoked_token_is_404(client, reader):
    path = make_links(client, reader)
    token = token_of(reader)

    client.post(FEEDS_PAGE, {"action": "revoke"})

    assert token_of(reader) is None
    assert Client().get(path).status_code == 404
    creator_feed = reverse("creator_atom", args=[token, "alice"])
    assert Client().get(creator_feed).status_code == 404
    assert "Make my feed links" in client.get(FEEDS_PAGE).text


def test_renewing_stops_the_old_link_and_starts_the_new_one(client, reader, creator):
    make_blog(creator, title="Harbour")
    old = make_links(client, reader)

    new = make_links(client, reader)

    assert new != old
    assert Client().get(old).status_code == 404
    assert titles(Client().get(new)) == ["Harbour"]


def test_an_inactive_readers_token_is_404(client, reader, creator):
    make_blog(creator, title="Harbour")
    path = make_links(client, reader)
    User.objects.filter(pk=reader.pk).update(is_active=False)

    assert Client().get(path).status_code == 404
    creator_feed = reverse("creator_atom", args=[token_of(reader), "alice"])
    assert Client().get(creator_feed).status_code == 404


def test_it_escapes_what_members_wrote_so_readers_do_not_run_it(client, creator):
    blog = make_blog(creator, title="Tags", content='<script>alert("x")</script>')
    creator.renew_feed_token()

    atom = client.get(f"/feeds/{creator.feed_token}/home.atom").content
    namespace = {"atom": "http://www.w3.org/2005/Atom"}
    summary = ET.fromstring(atom).find("atom:entry/atom:summary", namespace).text

    # The summary is HTML a reader renders: the member's tags arrive as text.
    assert blog.title == "Tags"
    assert "<script>" not in summary
    assert "&lt;script&gt;" in summary
