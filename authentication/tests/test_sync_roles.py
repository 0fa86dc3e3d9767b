"""sync_roles: show, and repair, where the database differs from the role policy."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from authentication.models import User
from authentication.roles import GROUP_PERMISSIONS, permission_names, permissions_named
from testsupport.actors import group_names

pytestmark = pytest.mark.django_db


def sync_roles(*args: str) -> str:
    out = io.StringIO()
    call_command("sync_roles", *args, stdout=out)
    return out.getvalue()


def groups_in_database() -> dict[str, set[str]]:
    return {
        group.name: permission_names(group.permissions.all())
        for group in Group.objects.prefetch_related("permissions__content_type")
    }


@pytest.fixture
def drifted(creator, subscriber):
    """Someone edited groups and memberships by hand, around User.save()."""
    (add_photo,) = permissions_named({"blog.add_photo"})
    (view_blog,) = permissions_named({"blog.view_blog"})
    Group.objects.get(name="subscribers").permissions.add(add_photo)
    Group.objects.get(name="creators").permissions.remove(view_blog)
    Group.objects.get(name="moderators").delete()
    creator.groups.remove(Group.objects.get(name="creators"))
    creator.groups.add(Group.objects.get(name="subscribers"))
    return creator


def test_it_says_the_database_matches_the_policy(creator, subscriber, moderator):
    assert groups_in_database() == GROUP_PERMISSIONS

    output = sync_roles()

    assert output == "Groups and roles match the policy.\n"
    assert groups_in_database() == GROUP_PERMISSIONS


def test_it_lists_every_difference_on_a_dry_run_and_changes_nothing(drifted):
    before = groups_in_database()

    output = sync_roles("--dry-run")

    lines = output.splitlines()
    assert "group subscribers: has undeclared blog.add_photo" in lines
    assert "group creators: lacks blog.view_blog" in lines
    assert "group moderators: missing" in lines
    for name in sorted(GROUP_PERMISSIONS["moderators"]):
        assert f"group moderators: lacks {name}" in lines
    assert "user alice: not in the group of role CREATOR" in lines
    assert lines[-1] == "Dry run: nothing changed."
    assert "match the policy" not in output
    assert "Repaired." not in output
    # Nothing changed: the drift is all still there.
    assert groups_in_database() == before
    assert "blog.add_photo" in before["subscribers"]
    assert "blog.view_blog" not in before["creators"]
    assert not Group.objects.filter(name="moderators").exists()
    assert group_names(drifted) == {"subscribers"}


def test_it_lists_only_the_differences_and_no_one_in_place(drifted, subscriber):
    output = sync_roles("--dry-run")

    assert "charlie" not in output
    assert "group creators: has undeclared" not in output
    assert "group subscribers: lacks" not in output


def test_it_repairs_every_difference_and_then_reports_a_match(drifted, subscriber):
    output = sync_roles()

    assert "group subscribers: has undeclared blog.add_photo" in output
    assert output.splitlines()[-1] == "Repaired."
    assert groups_in_database() == GROUP_PERMISSIONS
    assert group_names(drifted) == {"creators"}
    assert group_names(subscriber) == {"subscribers"}
    alice = User.objects.get(pk=drifted.pk)
    assert alice.has_perm("blog.view_blog")
    assert not User.objects.get(pk=subscriber.pk).has_perm("blog.add_photo")

    assert sync_roles() == "Groups and roles match the policy.\n"


def test_it_puts_a_user_missing_from_every_group_back_in_their_roles(subscriber):
    subscriber.groups.clear()

    assert "user charlie: not in the group of role SUBSCRIBER" in sync_roles()

    assert group_names(subscriber) == {"subscribers"}
    assert sync_roles() == "Groups and roles match the policy.\n"
