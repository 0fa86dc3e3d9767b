"""Private accounts: the privacy page, follow requests and their owner's answers."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from authentication.models import Block, FollowRequest, User, UserFollows
from blog.models import Blog, Photo, Visibility
from testsupport.factories import make_blog, make_photo, make_user
from testsupport.html_forms import submitted_form
from testsupport.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
PRIVACY = reverse("account_privacy")
REQUESTS = reverse("follow_requests")
PENDING = FollowRequest.Status.PENDING
Action = AuditEvent.Action


def follow_url(username: str) -> str:
    return reverse("user_follow", args=[username])


def decide_url(follow_request: FollowRequest, decision: str) -> str:
    return reverse(f"follow_request_{decision}", args=[follow_request.pk])


def make_private(user: User) -> User:
    user.is_private = True
    user.save(update_fields=["is_private"])
    return user


def follows(user: User) -> set[str]:
    return set(User.objects.get(pk=user.pk).follows.values_list("username", flat=True))


def follow_pairs() -> set[tuple[str, str]]:
    rows = UserFollows.objects.values_list("user__username", "followed__username")
    return set(rows)


def requests_of(user: User) -> list[tuple[str, str]]:
    """(asker, status) of every follow request made of `user`."""
    rows = FollowRequest.objects.filter(followed=user).order_by("user__username")
    return list(rows.values_list("user__username", "status"))


AUDIENCE_ACTIONS = [
    Action.ACCOUNT_PRIVATE,
    Action.ACCOUNT_PUBLIC,
    Action.FOLLOW_APPROVE,
    Action.FOLLOW_REFUSE,
    Action.VISIBILITY_CHANGE,
]


def actions_on(target: User) -> list[str]:
    """The audience events recorded about `target` (not logins, not groups)."""
    events = AuditEvent.objects.filter(
        target_id=str(target.pk), action__in=AUDIENCE_ACTIONS
    ).order_by("pk")
    return list(events.values_list("action", flat=True))


@pytest.fixture
def private_creator(creator):
    """alice, whose account is private."""
    return make_private(creator)


@pytest.fixture
def followers_post(private_creator):
    return make_blog(private_creator, title="For my followers")


def only_for_followers(blog: Blog) -> Blog:
    Blog.objects.filter(pk=blog.pk).update(visibility=Visibility.FOLLOWERS)
    return blog


def ask(client, asker: User, username: str = "alice", **extra):
    client.force_login(asker)
    return client.post(follow_url(username), {"follow": "1"}, **extra)


# Asking.


def test_it_asks_a_private_account_instead_of_following(
    client, private_creator, subscriber
):
    client.force_login(subscriber)
    page = reverse("creator_detail", args=["alice"])
    assert "Ask to follow alice" in client.get(page).text

    response = client.post(follow_url("alice"), {"follow": "1"})

    assert response.status_code == 302
    assert follows(subscriber) == set()
    assert requests_of(private_creator) == [("charlie", PENDING)]
    button = client.get(page).text
    assert ">Requested</button>" in button
    assert "Ask to follow alice" not in button


def test_it_swaps_in_the_requested_button_with_htmx(
    client, private_creator, subscriber
):
    response = ask(client, subscriber, **HTMX)

    assert response.status_code == 200
    assert response.text.startswith("<form ")
    assert ">Requested</button>" in response.text
    assert 'name="follow" value="0"' in response.text


def test_pressing_requested_again_withdraws_the_request(
    client, private_creator, subscriber
):
    ask(client, subscriber)

    response = client.post(follow_url("alice"), {"follow": "0"}, **HTMX)

    assert "Ask to follow alice" in response.text
    assert requests_of(private_creator) == []
    assert follows(subscriber) == set()


def test_it_keeps_one_request_however_often_one_asks(
    client, private_creator, subscriber
):
    ask(client, subscriber)
    ask(client, subscriber)
    assert requests_of(private_creator) == [("charlie", PENDING)]


def test_an_open_account_is_still_followed_at_once(client, creator, subscriber):
    ask(client, subscriber)
    assert follows(subscriber) == {"alice"}
    assert requests_of(creator) == []


def test_nobody_asks_across_a_block(client, private_creator, subscriber):
    Block.objects.create(blocker=private_creator, blocked=subscriber)

    response = ask(client, subscriber)

    assert response.status_code == 404
    assert requests_of(private_creator) == []
    assert follows(subscriber) == set()


# Deciding.


def test_an_approved_follower_sees_the_followers_only_post(
    client, private_creator, subscriber, followers_post
):
    only_for_followers(followers_post)
    post = reverse("view_blog", args=[followers_post.pk])
    ask(client, subscriber)
    assert client.get(post).status_code == 404

    client.force_login(private_creator)
    follow_request = FollowRequest.objects.get()
    assert "charlie" in client.get(REQUESTS).text
    response = client.post(decide_url(follow_request, "approve"))

    assert response["Location"] == REQUESTS
    follow_request.refresh_from_db()
    assert follow_request.status == FollowRequest.Status.APPROVED
    assert follow_request.date_decided is not None
    assert follows(subscriber) == {"alice"}
    assert actions_on(subscriber) == [Action.FOLLOW_APPROVE]
    decided = follow_request.date_decided.strftime("%-d %b")
    assert f"approved {decided}" in client.get(REQUESTS).text
    client.force_login(subscriber)
    assert client.get(post).status_code == 200


def test_a_refused_member_does_not_see_it_and_may_ask_again(
    client, private_creator, subscriber, followers_post
):
    only_for_followers(followers_post)
    ask(client, subscriber)
    client.force_login(private_creator)

    client.post(decide_url(FollowRequest.objects.get(), "refuse"))

    follow_request = FollowRequest.objects.get()
    assert follow_request.status == FollowRequest.Status.REFUSED
    assert follow_request.date_decided is not None
    assert follows(subscriber) == set()
    assert actions_on(subscriber) == [Action.FOLLOW_REFUSE]
    decided = follow_request.date_decided.strftime("%-d %b")
    assert f"refused {decided}" in client.get(REQUESTS).text
    client.force_login(subscriber)
    assert client.get(reverse("view_blog", args=[followers_post.pk])).status_code == 404

    days_ago = timezone.now() - timedelta(days=3)
    FollowRequest.objects.update(date_created=days_ago)
    ask(client, subscriber)

    again = FollowRequest.objects.get()
    assert (again.pk, again.status, again.date_decided) == (
        follow_request.pk,
        PENDING,
        None,
    )
    assert again.date_created > days_ago, "the owner sees when it was asked anew"


def test_only_the_asked_member_decides(
    client, private_creator, subscriber, other_creator
):
    ask(client, subscriber)
    follow_request = FollowRequest.objects.get()

    for decider in (subscriber, other_creator):
        client.force_login(decider)
        assert client.post(decide_url(follow_request, "approve")).status_code == 404

    client.force_login(private_creator)
    accept = reverse("follow_requests") + f"{follow_request.pk}/accept/"
    assert client.post(accept).status_code == 404
    assert requests_of(private_creator) == [("charlie", PENDING)]
    assert follows(subscriber) == set()
    assert actions_on(subscriber) == []


def test_a_decided_request_is_not_decided_twice(client, private_creator, subscriber):
    ask(client, subscriber)
    follow_request = FollowRequest.objects.get()
    client.force_login(private_creator)
    client.post(decide_url(follow_request, "refuse"))

    response = client.post(decide_url(follow_request, "approve"), follow=True)

    assert "This request was already decided." in response.text
    assert requests_of(private_creator) == [("charlie", "refused")]
    assert follows(subscriber) == set()


def test_the_header_counts_pending_requests_for_a_private_creator(
    client, private_creator, subscriber, other_creator
):
    ask(client, subscriber)
    ask(client, other_creator)
    client.force_login(private_creator)

    header = client.get(REQUESTS).text

    assert 'class="badge follow-request-count" title="2 follow requests">2</span>' in (
        header
    )


def test_an_open_account_shows_no_count(client, creator):
    FollowRequest.objects.create(
        user=make_user("sam", User.SUBSCRIBER), followed=creator
    )
    client.force_login(creator)
    assert "follow-request-count" not in client.get(REQUESTS).text


# The privacy page.


def go_private(client, user: User, **choices) -> object:
    client.force_login(user)
    data = {"is_private": "on", "followers": "keep", "restrict_posts": "on"} | choices
    return client.post(PRIVACY, {k: v for k, v in data.items() if v is not None})


def test_the_privacy_page_offers_keeping_followers_and_leaves_posts_as_they_are(
    client, creator
):
    client.force_login(creator)
    page = client.get(PRIVACY).text

    assert "Private account — people must ask to follow you" in page
    assert (
        "Also show my Public and Members posts and photos to my followers only" in page
    )
    fields = submitted_form(page, "privacy-form")
    fields.pop("csrfmiddlewaretoken")
    # Restricting what was published is a choice, never made for its author.
    assert fields == {"followers": ["keep"]}


def test_going_private_keeps_followers_by_default(client, creator, subscriber):
    subscriber.follows.add(creator)

    response = go_private(client, creator, restrict_posts=None)

    assert response["Location"] == PRIVACY
    assert User.objects.get(pk=creator.pk).is_private
    assert follows(subscriber) == {"alice"}
    assert actions_on(creator) == [Action.ACCOUNT_PRIVATE]


def test_going_private_may_remove_every_follower(
    client, creator, subscriber, other_creator
):
    subscriber.follows.add(creator)
    creator.follows.add(other_creator)

    go_private(client, creator, followers="remove", restrict_posts=None)

    assert follows(subscriber) == set()
    assert follows(creator) == {"bob"}, "whom alice follows is hers to keep"


def test_going_private_may_show_public_and_members_items_to_followers_only(
    client, creator, other_creator
):
    public = make_blog(creator, title="Public")
    make_blog(creator, title="Members")
    private = make_blog(creator, title="Private")
    Blog.objects.filter(pk=public.pk).update(visibility=Visibility.PUBLIC)
    Blog.objects.filter(pk=private.pk).update(visibility=Visibility.PRIVATE)
    alone = make_photo(creator, "On its own")
    in_post = make_photo(creator, "With its post")
    make_blog(creator, title="Illustrated", photo=in_post)
    make_blog(other_creator, title="Bob's")

    go_private(client, creator)

    visibility = dict(Blog.objects.values_list("title", "visibility"))
    assert visibility == {
        "Public": Visibility.FOLLOWERS,
        "Members": Visibility.FOLLOWERS,
        "Private": Visibility.PRIVATE,
        "Illustrated": Visibility.FOLLOWERS,
        "Bob's": Visibility.MEMBERS,
    }
    assert Photo.objects.get(pk=alone.pk).visibility == Visibility.FOLLOWERS
    # A photo uploaded with a post follows its post: its own field is not read.
    assert Photo.objects.get(pk=in_post.pk).visibility == Visibility.MEMBERS
    event = AuditEvent.objects.get(action=Action.VISIBILITY_CHANGE)
    assert event.detail == {"to": "followers", "posts": 3, "photos": 1}


def test_going_private_without_restricting_leaves_posts_as_they_were(client, creator):
    make_blog(creator, title="Members")

    go_private(client, creator, restrict_posts=None)

    assert Blog.objects.get().visibility == Visibility.MEMBERS
    assert not AuditEvent.objects.filter(action=Action.VISIBILITY_CHANGE).exists()


def test_going_open_again_approves_every_pending_request(
    client, private_creator, subscriber, other_creator
):
    ask(client, subscriber)
    ask(client, other_creator)
    client.force_login(private_creator)
    page = client.get(PRIVACY).text
    assert "approves every pending follow request" in page
    fields = submitted_form(page, "privacy-form")
    fields.pop("csrfmiddlewaretoken")
    assert fields == {"is_private": ["on"]}, "nothing to choose but going open"

    client.post(PRIVACY, {})

    assert not User.objects.get(pk=private_creator.pk).is_private
    assert requests_of(private_creator) == [
        ("bob", "approved"),
        ("charlie", "approved"),
    ]
    assert follows(subscriber) == follows(other_creator) == {"alice"}
    assert actions_on(private_creator) == [Action.ACCOUNT_PUBLIC]
    assert actions_on(subscriber) == [Action.FOLLOW_APPROVE]


def test_saving_the_same_setting_changes_nothing(client, private_creator, subscriber):
    subscriber.follows.add(private_creator)
    make_blog(private_creator)

    go_private(client, private_creator, followers="remove")

    assert follows(subscriber) == {"alice"}
    assert Blog.objects.get().visibility == Visibility.MEMBERS
    assert actions_on(private_creator) == []


def test_a_bad_followers_choice_changes_nothing(client, creator, subscriber):
    subscriber.follows.add(creator)

    response = go_private(client, creator, followers="everyone")

    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not User.objects.get(pk=creator.pk).is_private
    assert follows(subscriber) == {"alice"}
    assert actions_on(creator) == []


# Followers.


def test_the_owner_removes_a_follower(client, creator, subscriber, other_creator):
    subscriber.follows.add(creator)
    other_creator.follows.add(creator)
    client.force_login(creator)
    assert "Remove charlie" in client.get(REQUESTS).text

    response = client.post(reverse("follower_remove", args=["charlie"]))

    assert response["Location"] == REQUESTS
    assert follows(subscriber) == set()
    assert follows(other_creator) == {"alice"}


def test_removing_someone_who_does_not_follow_is_not_found(
    client, creator, subscriber, other_creator
):
    subscriber.follows.add(other_creator)
    client.force_login(creator)

    response = client.post(reverse("follower_remove", args=["charlie"]))

    assert response.status_code == 404
    assert follows(subscriber) == {"bob"}
    assert UserFollows.objects.count() == 1


def test_a_request_whose_asker_may_no_longer_follow_is_not_approved(
    client, private_creator, subscriber
):
    ask(client, subscriber)
    User.objects.filter(pk=subscriber.pk).update(is_active=False)
    client.force_login(private_creator)

    response = client.post(decide_url(FollowRequest.objects.get(), "approve"))

    assert response["Location"] == REQUESTS
    assert "charlie can no longer follow you." in client.get(REQUESTS).text
    assert requests_of(private_creator) == [("charlie", PENDING)]
    assert UserFollows.objects.count() == 0
    assert actions_on(subscriber) == []


def test_going_open_approves_those_who_may_still_follow(
    client, private_creator, subscriber, other_creator
):
    ask(client, subscriber)
    ask(client, other_creator)
    User.objects.filter(pk=subscriber.pk).update(is_active=False)
    client.force_login(private_creator)

    client.post(PRIVACY, {})

    assert requests_of(private_creator) == [("bob", "approved"), ("charlie", PENDING)]
    assert follow_pairs() == {("bob", "alice")}
    assert not User.objects.get(pk=private_creator.pk).is_private


def test_the_follow_requests_page_costs_the_same_queries_however_many_people(
    client, private_creator
):
    def more_people():
        for number in range(3):
            asker = make_user(f"asker{number}", User.SUBSCRIBER)
            FollowRequest.objects.create(user=asker, followed=private_creator)
            refused = make_user(f"refused{number}", User.SUBSCRIBER)
            FollowRequest.objects.create(
                user=refused, followed=private_creator, status="refused"
            )
            follower = make_user(f"follower{number}", User.SUBSCRIBER)
            UserFollows.objects.create(user=follower, followed=private_creator)
            Block.objects.create(
                blocker=private_creator,
                blocked=make_user(f"blocked{number}", User.SUBSCRIBER),
            )

    client.force_login(private_creator)
    _, large = assert_queries_do_not_grow(client, REQUESTS, add_data=more_people)

    for shown in (
        "Approve asker2",
        "refused2: refused",
        "Remove follower2",
        "Unblock blocked2",
    ):
        assert shown in large.text.replace("\n        ", " ").replace("\n      ", " ")
