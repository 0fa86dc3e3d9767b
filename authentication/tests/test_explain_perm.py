"""explain_perm: whether a user has a permission, on an object or not, and why."""

import io

import pytest
from django.core.management import CommandError, call_command

from authentication.services import block
from blog.models import Blog, Visibility
from blog.sharing import create_share_link, revoke_share_link
from testsupport.factories import make_blog

pytestmark = pytest.mark.django_db


def explain(*args: str) -> str:
    out = io.StringIO()
    call_command("explain_perm", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def blog(creator, coauthor):
    return make_blog(creator, coauthor, title="Morning light")


def test_it_says_a_creator_has_add_photo_through_the_creators_group(creator):
    output = explain("alice", "blog.add_photo")

    first, *reasons = output.splitlines()
    assert first == "alice HAS blog.add_photo"
    assert any("group 'creators'" in reason for reason in reasons)


def test_it_says_a_subscriber_does_not_have_add_photo_and_names_their_groups(
    subscriber,
):
    output = explain("charlie", "blog.add_photo")

    assert output.splitlines()[0] == "charlie does NOT have blog.add_photo"
    assert "no group (subscribers) and no direct grant" in output
    assert "HAS" not in output


def test_it_shows_the_predicates_that_let_a_coauthor_change_the_blog(blog):
    output = explain("dana", "blog.change_blog", "blog.Blog", str(blog.pk))

    assert output.splitlines()[0] == (
        f"dana HAS blog.change_blog on blog.Blog {blog.pk} (Morning light)"
    )
    assert "rule blog.change_blog = " in output
    assert "is_owner = False" in output
    assert "is_coauthor = True" in output
    assert "holds:blog.change_blog = True" in output


def test_it_shows_the_false_predicates_for_an_unrelated_creator(blog, other_creator):
    output = explain("bob", "blog.change_blog", "blog.Blog", str(blog.pk))

    assert output.splitlines()[0] == (
        f"bob does NOT have blog.change_blog on blog.Blog {blog.pk} (Morning light)"
    )
    # The group gives the model permission; the rule on this blog says no.
    assert "group 'creators'" in output
    assert "is_owner = False" in output
    assert "is_coauthor = False" in output
    assert "(is_owner | is_coauthor) = False" in output


def test_it_explains_that_an_inactive_user_has_no_permission(inactive_creator):
    output = explain("ivan", "blog.add_photo")

    first, *reasons = output.splitlines()
    assert first == "ivan does NOT have blog.add_photo"
    assert reasons == ["  - the account is inactive: inactive users have no permission"]


def test_it_explains_that_an_inactive_coauthor_cannot_change_the_blog(
    creator, inactive_creator
):
    blog = make_blog(creator, inactive_creator)

    output = explain("ivan", "blog.change_blog", "blog.Blog", str(blog.pk))

    assert output.startswith("ivan does NOT have blog.change_blog on blog.Blog")
    assert "the account is inactive" in output


def test_it_explains_that_a_superuser_has_every_permission(superuser, blog):
    output = explain("root", "blog.change_blog", "blog.Blog", str(blog.pk))

    first, *reasons = output.splitlines()
    assert first.startswith("root HAS blog.change_blog on blog.Blog")
    assert reasons == ["  - the user is a superuser: superusers have every permission"]


def test_it_answers_for_the_follow_rule_as_the_site_does(creator, subscriber):
    output = explain(
        "charlie", "authentication.follow_user", "authentication.User", str(creator.pk)
    )

    first, *reasons = output.splitlines()
    assert first == (
        f"charlie HAS authentication.follow_user on authentication.User {creator.pk} "
        "(alice)"
    )
    assert "is_followable_by = True" in output
    assert not any("model level" in reason for reason in reasons)


def test_it_says_a_superuser_may_not_follow_themselves(superuser):
    output = explain(
        "root", "authentication.follow_user", "authentication.User", str(superuser.pk)
    )

    assert output.splitlines()[0] == (
        f"root does NOT have authentication.follow_user on authentication.User "
        f"{superuser.pk} (root)"
    )
    assert "is_followable_by = False" in output
    assert "superusers have every permission" not in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nobody", "blog.add_photo"), "No user named 'nobody'."),
        (
            ("alice", "blog.change_blog", "blog.Nope", "1"),
            "No model 'blog.Nope'; use app_label.Model.",
        ),
        (
            ("alice", "blog.change_blog", "Blog", "1"),
            "No model 'Blog'; use app_label.Model.",
        ),
        (
            ("alice", "blog.change_blog", "blog.Blog"),
            "Give the object's primary key after the model.",
        ),
        (
            ("alice", "blog.change_blog", "blog.Blog", "999999"),
            "No blog.Blog with primary key '999999'.",
        ),
        (
            ("alice", "blog.change_blog", "blog.Blog", "abc"),
            "No blog.Blog with primary key 'abc'.",
        ),
    ],
    ids=[
        "unknown-user",
        "unknown-model",
        "model-without-app-label",
        "missing-pk",
        "unknown-pk",
        "malformed-pk",
    ],
)
def test_it_stops_with_a_clear_message_on_a_bad_argument(creator, blog, args, message):
    with pytest.raises(CommandError) as error:
        explain(*args)
    assert str(error.value) == message


def test_it_names_the_visibility_and_the_follow_that_decided(blog, subscriber):
    Blog.objects.filter(pk=blog.pk).update(visibility=Visibility.FOLLOWERS)
    output = explain("charlie", "blog.view_blog", "blog.Blog", str(blog.pk))

    assert output.splitlines()[0].startswith("charlie does NOT have blog.view_blog")
    assert "visibility followers: The followers of alice, and its authors." in output
    assert "charlie does not follow alice" in output
    subscriber.follows.add(blog.owner)
    output = explain("charlie", "blog.view_blog", "blog.Blog", str(blog.pk))
    assert output.splitlines()[0].startswith("charlie HAS blog.view_blog")
    assert "charlie follows alice" in output


def test_it_names_the_author_whose_block_decided(blog, subscriber, coauthor):
    block(blocker=coauthor, blocked=subscriber)
    output = explain("charlie", "blog.view_blog", "blog.Blog", str(blog.pk))

    assert output.splitlines()[0].startswith("charlie does NOT have blog.view_blog")
    assert "dana blocked charlie" in output
    assert "is_blocked_by_an_author = True" in output


def test_it_says_why_a_share_link_does_not_open(blog, creator):
    link, _ = create_share_link(blog=blog, by=creator, recipient="Grandma")
    revoke_share_link(link)
    output = explain("alice", "blog.open_share_link", "blog.ShareLink", str(link.pk))

    assert "does NOT have blog.open_share_link" in output.splitlines()[0]
    assert f"share link for 'Grandma' to blog {blog.pk}: revoked" in output
    assert "its post is published and shown" in output
