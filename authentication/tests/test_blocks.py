"""Blocking: what the blocked member no longer sees or does, and unblocking."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from authentication.models import Block, FollowRequest, User, UserFollows
from blog.models import BlogContributor, Visibility
from images.storage import rendition_name
from testsupport.factories import make_blog, make_photo

pytestmark = pytest.mark.django_db
REQUESTS = reverse("follow_requests")
Action = AuditEvent.Action


def block_url(username: str) -> str:
    return reverse("user_block", args=[username])


def block(client, blocker: User, username: str, **extra):
    client.force_login(blocker)
    return client.post(block_url(username), {"block": "1"}, **extra)


def unblock(client, blocker: User, username: str):
    client.force_login(blocker)
    return client.post(block_url(username), {"block": "0"})


def blocks() -> set[tuple[str, str]]:
    rows = Block.objects.values_list("blocker__username", "blocked__username")
    return set(rows)


def follow_pairs() -> set[tuple[str, str]]:
    rows = UserFollows.objects.values_list("user__username", "followed__username")
    return set(rows)


def file_urls(photo) -> list[str]:
    """The photo's file and its renditions, as the site links them."""
    storage = photo.image.storage
    return [photo.image.url] + [
        storage.url(rendition_name(photo.image.name, width))
        for width in photo.rendition_widths
    ]


@pytest.fixture
def alices_work(creator):
    """alice's post with its photo, and a photo of hers posted on its own."""
    in_post = make_photo(creator, "Harbour")
    post = make_blog(creator, title="Harbour lights", photo=in_post)
    alone = make_photo(creator, "Gull")
    return post, in_post, alone


def test_a_block_ends_follows_both_ways_and_pending_requests(
    client, creator, other_creator, subscriber
):
    other_creator.follows.add(creator)
    creator.follows.add(other_creator)
    subscriber.follows.add(creator)
    FollowRequest.objects.create(user=other_creator, followed=creator)

    response = block(client, creator, "bob", next="/creators/bob/")

    assert response.status_code == 302
    assert blocks() == {("alice", "bob")}
    assert follow_pairs() == {("charlie", "alice")}
    assert not FollowRequest.objects.exists()
    event = AuditEvent.objects.get(action=Action.BLOCK)
    assert (event.actor, event.target_id) == (creator, str(other_creator.pk))


def test_the_blocked_member_sees_nothing_of_the_blocker(
    client, creator, other_creator, alices_work
):
    post, in_post, alone = alices_work
    token = other_creator.renew_feed_token()
    client.force_login(other_creator)
    pages = [
        reverse("creator_detail", args=["alice"]),
        reverse("creator_atom", args=[token, "alice"]),
        reverse("view_blog", args=[post.pk]),
    ]
    files = file_urls(in_post) + file_urls(alone)
    assert [client.get(url).status_code for url in pages + files] == [200] * (
        len(pages) + len(files)
    )

    block(client, creator, "bob")
    client.force_login(other_creator)

    assert [client.get(url).status_code for url in pages + files] == [404] * (
        len(pages) + len(files)
    )
    for listing in (reverse("home"), reverse("photo_feed")):
        text = client.get(listing).text
        assert "Harbour lights" not in text
        assert "Gull" not in text


def test_the_blocker_leaves_discover_for_the_blocked_member_only(
    client, creator, other_creator, subscriber
):
    block(client, creator, "bob")
    discover = reverse("creator_list")

    client.force_login(other_creator)
    assert "/creators/alice/" not in client.get(discover).text
    client.force_login(subscriber)
    assert "/creators/alice/" in client.get(discover).text
    client.force_login(creator)
    assert "/creators/bob/" in client.get(discover).text


def test_the_blocked_member_cannot_follow_or_ask_to_follow(
    client, creator, other_creator
):
    block(client, creator, "bob")
    client.force_login(other_creator)
    follow = reverse("user_follow", args=["alice"])

    assert client.post(follow, {"follow": "1"}).status_code == 404
    User.objects.filter(pk=creator.pk).update(is_private=True)
    assert client.post(follow, {"follow": "1"}).status_code == 404
    assert follow_pairs() == set()
    assert not FollowRequest.objects.exists()


def test_the_blocker_cannot_follow_the_blocked_creator_either(
    client, creator, other_creator
):
    block(client, creator, "bob")
    page = client.get(reverse("creator_detail", args=["bob"])).text
    assert "Follow bob" not in page
    assert "Unblock bob" in page

    response = client.post(reverse("user_follow", args=["bob"]), {"follow": "1"})

    assert response.status_code == 404
    assert follow_pairs() == set()


@pytest.mark.parametrize("blocker", ["alice", "bob"])
def test_nobody_invites_a_co_author_across_a_block(
    client, creator, other_creator, blocker
):
    post = make_blog(creator, title="Two voices")
    Block.objects.create(
        blocker=User.objects.get(username=blocker),
        blocked=other_creator if blocker == "alice" else creator,
    )
    client.force_login(creator)

    response = client.post(
        reverse("blog_contributors", args=[post.pk]),
        {"username": "bob", "contribution": "Words"},
    )

    assert response.status_code == 200
    assert "You cannot invite bob." in response.text
    assert "block" not in response.text.split("You cannot invite bob.")[1][:200]
    assert list(post.contributors.values_list("username", flat=True)) == ["alice"]


def test_a_co_written_post_stays_with_both_authors(client, creator, other_creator):
    post = make_blog(creator, other_creator, title="Two voices")
    client.force_login(creator)
    page = client.get(reverse("creator_detail", args=["bob"])).text
    assert "Posts you write together stay yours and theirs." in page

    block(client, creator, "bob")

    assert BlogContributor.objects.filter(blog=post).count() == 2
    client.force_login(other_creator)
    assert client.get(reverse("view_blog", args=[post.pk])).status_code == 200


def test_the_creator_page_warns_before_blocking(client, creator, other_creator):
    client.force_login(creator)

    page = client.get(reverse("creator_detail", args=["bob"])).text

    assert (
        "bob will no longer see your posts, photos or page, and will stop following "
        "you. They are not told."
    ) in page
    assert 'name="block" value="1"' in page


def test_unblocking_restores_nothing_but_the_view(
    client, creator, other_creator, alices_work
):
    post = alices_work[0]
    other_creator.follows.add(creator)
    block(client, creator, "bob")
    assert "Unblock bob" in client.get(REQUESTS).text

    response = unblock(client, creator, "bob")

    assert response["Location"] == REQUESTS
    assert blocks() == set()
    assert follow_pairs() == set(), "the follow the block ended stays ended"
    assert AuditEvent.objects.filter(action=Action.UNBLOCK).count() == 1
    client.force_login(other_creator)
    assert client.get(reverse("view_blog", args=[post.pk])).status_code == 200


def test_a_follower_is_blocked_from_the_followers_list(client, creator, subscriber):
    subscriber.follows.add(creator)
    client.force_login(creator)
    assert "Block charlie" in client.get(REQUESTS).text

    block(client, creator, "charlie")

    assert blocks() == {("alice", "charlie")}
    assert follow_pairs() == set()


def test_blocking_twice_keeps_one_block_and_one_record(client, creator, other_creator):
    block(client, creator, "bob")
    block(client, creator, "bob")
    assert blocks() == {("alice", "bob")}
    assert AuditEvent.objects.filter(action=Action.BLOCK).count() == 1


@pytest.mark.parametrize("username", ["nobody", "alice"])
def test_an_unknown_member_or_oneself_is_not_found(client, creator, username):
    response = block(client, creator, username)
    assert response.status_code == 404
    assert blocks() == set()
    assert not AuditEvent.objects.filter(action=Action.BLOCK).exists()


def test_a_blocked_follower_no_longer_sees_followers_only_posts_after_unblock(
    client, creator, other_creator
):
    post = make_blog(creator, title="Close friends")
    post.visibility = Visibility.FOLLOWERS
    post.save(update_fields=["visibility"])
    other_creator.follows.add(creator)
    block(client, creator, "bob")
    unblock(client, creator, "bob")
    client.force_login(other_creator)

    assert client.get(reverse("view_blog", args=[post.pk])).status_code == 404
