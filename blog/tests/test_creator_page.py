"""A creator's page (creator_detail): who they are, then their photos or their posts."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from authentication import services
from authentication.models import User
from blog.models import Blog, Photo, Visibility
from testsupport.factories import ago, make_blog, make_photo, make_user
from testsupport.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db
TITLE = re.compile(r"<h2><a [^>]*>(.*?)</a></h2>")


def page_url(user: User, tab: str = "") -> str:
    url = reverse("creator_detail", args=[user.username])
    return f"{url}?tab={tab}" if tab else url


def tabs(response) -> dict[str, str]:
    """Each tab's label, by its link; the current one is marked "*"."""
    nav = re.search(r'<nav class="creator-tabs"[^>]*>(.*?)</nav>', response.text, re.S)
    return {
        href: label + ("*" if current else "")
        for href, current, label in re.findall(
            r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', nav[1]
        )
    }


def photos_on(response, photos: list[Photo]) -> list[Photo]:
    """Which of `photos` the page shows."""
    return [photo for photo in photos if photo.image.name in response.text]


def empty_state(response) -> str:
    """The words and buttons of the page's empty state, tags left out."""
    found = re.search(
        r'<div class="empty creator-empty">(.*?)</div>', response.text, re.S
    )
    return " ".join(re.sub(r"<[^>]+>", " ", found[1]).split()) if found else ""


def test_it_shows_photos_first_with_posts_in_a_tab_of_their_own(
    client, subscriber, creator, coauthor, other_creator
):
    harbour = make_photo(creator, "Harbour", date_created=ago(5))
    make_blog(coauthor, creator, title="Co-written", date_created=ago(3))
    make_blog(creator, title="Own blog", date_created=ago(2))
    others = make_photo(other_creator, "Someone else's")
    make_blog(other_creator, title="Not theirs")
    client.force_login(subscriber)

    photos = client.get(page_url(creator))
    posts = client.get(page_url(creator, "posts"))

    assert tabs(photos) == {"?tab=photos": "1 photo*", "?tab=posts": "2 posts"}
    assert photos_on(photos, [harbour, others]) == [harbour]
    assert TITLE.findall(photos.text) == []
    assert tabs(posts) == {"?tab=photos": "1 photo", "?tab=posts": "2 posts*"}
    assert TITLE.findall(posts.text) == ["Own blog", "Co-written"]
    assert photos_on(posts, [harbour]) == []


def test_it_opens_on_posts_when_there_are_posts_but_no_photos(
    client, subscriber, creator
):
    make_blog(creator, title="Words only")
    client.force_login(subscriber)

    response = client.get(page_url(creator))

    assert tabs(response) == {"?tab=photos": "0 photos", "?tab=posts": "1 post*"}
    assert TITLE.findall(response.text) == ["Words only"]


def test_load_more_stays_in_its_tab(client, subscriber, creator, settings):
    settings.FOTOBLOG_FEED_PAGE_SIZE = 2
    for number in range(3):
        make_blog(creator, title=f"Post {number}", date_created=ago(10 - number))
    make_photo(creator, "Harbour")
    client.force_login(subscriber)

    first = client.get(page_url(creator, "posts"))
    more = re.search(r'<a class="button button-quiet" href="([^"]+)"', first.text)[1]
    rest = client.get(
        page_url(creator) + more.replace("&amp;", "&"), HTTP_HX_REQUEST="true"
    )

    assert more.startswith("?tab=posts&amp;after=")
    assert TITLE.findall(first.text) == ["Post 2", "Post 1"]
    assert TITLE.findall(rest.text) == ["Post 0"]


def visibility_world(creator: User) -> tuple[list[Photo], list[Blog]]:
    """A photo and a post of `creator` for each audience, and posts nobody else
    sees (a draft, one a moderator hid)."""
    photos, posts = [], []
    for visibility in Visibility:
        photo = make_photo(creator, f"{visibility} photo")
        Photo.objects.filter(pk=photo.pk).update(visibility=visibility)
        blog = make_blog(creator, title=f"{visibility} post")
        Blog.objects.filter(pk=blog.pk).update(visibility=visibility)
        photos.append(photo)
        posts.append(blog)
    make_blog(creator, title="draft post", is_published=False)
    Blog.objects.filter(pk=make_blog(creator, title="hidden post").pk).update(
        is_hidden=True
    )
    return photos, posts


@pytest.mark.parametrize(
    ("viewer", "audiences"),
    [
        ("visitor", ["public"]),
        ("member", ["public", "members"]),
        ("follower", ["public", "members", "followers"]),
        ("blocker", ["public", "members"]),
        ("creator", ["public", "members", "followers", "private"]),
    ],
)
def test_its_counts_are_the_items_the_viewer_may_see(creator, viewer, audiences):
    photos, posts = visibility_world(creator)
    client = Client()
    if viewer != "visitor":
        member = creator if viewer == "creator" else make_user("carol", User.SUBSCRIBER)
        if viewer == "follower":
            member.follows.add(creator)
        if viewer == "blocker":  # who blocks alice still sees what members see
            services.block(blocker=member, blocked=creator)
        client.force_login(member)

    photo_tab = client.get(page_url(creator, "photos"))
    post_tab = client.get(page_url(creator, "posts"))

    count = len(audiences)
    photo_label, post_label = f"{count} photo", f"{count} post"
    if count > 1:
        photo_label, post_label = photo_label + "s", post_label + "s"
    assert tabs(photo_tab) == {
        "?tab=photos": photo_label + "*",
        "?tab=posts": post_label,
    }
    shown = photos_on(photo_tab, photos)
    assert {photo.caption for photo in shown} == {f"{name} photo" for name in audiences}
    assert TITLE.findall(post_tab.text) == [f"{name} post" for name in audiences[::-1]]


def test_a_blocked_member_learns_nothing_not_even_counts(client, subscriber, creator):
    visibility_world(creator)
    services.block(blocker=creator, blocked=subscriber)
    client.force_login(subscriber)

    for tab in ("photos", "posts"):
        response = client.get(page_url(creator, tab))
        assert response.status_code == 404
        assert not re.search(r"\d+ (photo|post)", response.text)


def test_it_costs_the_same_queries_for_few_items_as_for_many(
    client, subscriber, creator
):
    def add_items(count: int) -> None:
        for number in range(count):
            make_blog(creator, title=f"Post {number}", photo=make_photo(creator))
            make_photo(creator, f"Photo {number}")

    add_items(1)
    subscriber.follows.add(creator)
    client.force_login(subscriber)

    for tab in ("photos", "posts"):
        small, large = assert_queries_do_not_grow(
            client, page_url(creator, tab), add_data=lambda: add_items(7)
        )
        assert "load-more" in large.text


def test_it_shows_the_full_name_username_and_bio_escaped_with_its_line_breaks(
    client, subscriber
):
    creator = make_user(
        "alice",
        first_name="Alice",
        last_name="Dubois",
        bio="Sea & light.\n<script>alert(1)</script>",
    )
    client.force_login(subscriber)

    response = client.get(page_url(creator))

    assert "<h1>Alice Dubois</h1>" in response.text
    assert "@alice" in response.text
    assert "<title>Alice Dubois" in response.text
    assert (
        '<p class="creator-bio">Sea &amp; light.<br>'
        "&lt;script&gt;alert(1)&lt;/script&gt;</p>" in response.text
    )


def test_it_names_a_creator_without_a_full_name_by_username(
    client, subscriber, creator
):
    client.force_login(subscriber)
    response = client.get(page_url(creator))
    assert "<h1>alice</h1>" in response.text
    assert "creator-handle" not in response.text
    assert "creator-bio" not in response.text


def test_it_shows_the_follower_count_and_the_follow_button(
    client, subscriber, creator, other_creator
):
    other_creator.follows.add(creator)
    client.force_login(subscriber)

    response = client.get(page_url(creator))

    assert "1 follower<" in response.text
    assert "Follow alice" in response.text
    assert f'action="{reverse("user_follow", args=["alice"])}"' in response.text

    subscriber.follows.add(creator)
    response = client.get(page_url(creator))
    assert "2 followers" in response.text
    assert "Unfollow alice" in response.text


def test_it_offers_edit_profile_on_ones_own_page_only(client, creator, other_creator):
    # The account menu links to Edit profile on every page; the page's own button:
    edit = f'class="button button-quiet" href="{reverse("edit_profile")}"'
    client.force_login(creator)
    assert edit in client.get(page_url(creator)).text
    assert edit not in client.get(page_url(other_creator)).text


def test_it_hides_drafts_and_moderated_items_from_a_subscriber(
    client, subscriber, creator
):
    make_blog(creator, title="Secret draft", is_published=False)
    hidden_blog = make_blog(creator, title="Moderated blog")
    hidden_photo = make_photo(creator, "Moderated photo")
    Blog.objects.filter(pk=hidden_blog.pk).update(is_hidden=True)
    Photo.objects.filter(pk=hidden_photo.pk).update(is_hidden=True)
    make_blog(creator, title="Public blog")
    client.force_login(subscriber)

    photos, posts = (client.get(page_url(creator, tab)) for tab in ("photos", "posts"))

    assert TITLE.findall(posts.text) == ["Public blog"]
    assert tabs(posts) == {"?tab=photos": "0 photos", "?tab=posts": "1 post*"}
    assert photos_on(photos, [hidden_photo]) == []


@pytest.mark.parametrize("username", ["charlie", "nobody", "ivan"])
def test_it_answers_404_for_a_subscriber_an_unknown_or_an_inactive_name(
    client, subscriber, creator, inactive_creator, username
):
    client.force_login(creator)
    assert client.get(reverse("creator_detail", args=[username])).status_code == 404


# Empty states.


def test_ones_own_empty_page_offers_to_upload_photos_or_write_a_post(client, creator):
    make_blog(creator, title="Only a draft", is_published=False)
    client.force_login(creator)

    response = client.get(page_url(creator))

    assert empty_state(response) == (
        "You have not published anything yet. Upload photos Write a post"
    )
    # The header's New menu links there too: the empty state's own buttons.
    assert f'class="button" href="{reverse("photo_upload")}"' in response.text
    assert f'button-quiet" href="{reverse("blog_and_photo_upload")}"' in response.text
    assert "Only a draft" not in response.text


def test_ones_own_empty_tab_offers_what_fills_it(client, creator):
    make_photo(creator, "Harbour")
    client.force_login(creator)

    assert empty_state(client.get(page_url(creator, "photos"))) == ""
    assert empty_state(client.get(page_url(creator, "posts"))) == (
        "You have not published any posts yet. Write a post"
    )


def test_the_buttons_follow_the_permissions(client, creator):
    creator.groups.clear()  # a creator whose permissions were taken away
    client.force_login(creator)
    response = client.get(page_url(creator))
    assert empty_state(response) == "You have not published anything yet."


def test_someone_elses_empty_page_says_they_have_nothing_to_show_yet(
    client, subscriber
):
    creator = make_user("alice", first_name="Alice", last_name="Dubois")
    make_blog(creator, title="Only a draft", is_published=False)
    client.force_login(subscriber)

    response = client.get(page_url(creator))

    assert empty_state(response) == "Alice Dubois has nothing to show yet."
    assert "Upload photos" not in response.text


def test_someone_elses_empty_tab_points_to_the_other_one(client, subscriber, creator):
    make_blog(creator, title="Words only")
    client.force_login(subscriber)

    response = client.get(page_url(creator, "photos"))

    assert empty_state(response) == "alice has no photos to show yet. See their posts"
    assert 'href="?tab=posts"' in response.text


def test_a_visitor_is_asked_to_log_in_to_see_more(creator):
    make_blog(creator, title="For members")

    response = Client().get(page_url(creator))

    assert response.status_code == 200
    assert empty_state(response) == "alice has nothing public yet. Log in to see more"
    assert "For members" not in response.text


def test_a_visitor_is_offered_to_sign_up_to_follow(client, creator, subscriber):
    make_photo(creator, "Harbour")
    Photo.objects.update(visibility=Visibility.PUBLIC)
    sign_up = f'href="{reverse("signup")}">Sign up to follow alice</a>'

    assert sign_up in Client().get(page_url(creator)).text
    client.force_login(subscriber)
    assert sign_up not in client.get(page_url(creator)).text
