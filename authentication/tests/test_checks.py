"""`manage.py check --database default` warns (authentication.W001) when groups drift
from the policy; a plain `check` leaves the database alone."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.checks import Warning, run_checks
from django.core.management import call_command

from authentication.roles import GROUP_PERMISSIONS, permissions_named

pytestmark = pytest.mark.django_db
HINT = "Run `python manage.py sync_roles` to repair it."


def role_warnings() -> list[Warning]:
    messages = run_checks(databases=["default"])
    return [message for message in messages if message.id == "authentication.W001"]


def check_output(*options: str) -> str:
    """What `manage.py check` prints with `options`; warnings go to stderr."""
    out, err = io.StringIO(), io.StringIO()
    call_command("check", *options, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def test_it_warns_nothing_when_the_database_matches_the_policy():
    assert role_warnings() == []
    assert "authentication.W001" not in check_output("--database", "default")


def test_it_names_the_group_and_the_undeclared_permission():
    Group.objects.get(name="subscribers").permissions.add(
        *permissions_named({"blog.add_photo"})
    )

    (warning,) = role_warnings()

    assert isinstance(warning, Warning)
    assert warning.msg == (
        "Group 'subscribers' differs from authentication/roles.py. "
        "Has undeclared blog.add_photo."
    )
    assert warning.hint == HINT
    output = check_output("--database", "default")
    assert "authentication.W001" in output
    assert "Group 'subscribers'" in output
    assert "Has undeclared blog.add_photo." in output
    assert HINT in output


def test_it_names_the_group_and_the_missing_permission():
    Group.objects.get(name="creators").permissions.remove(
        *permissions_named({"blog.view_blog"})
    )

    (warning,) = role_warnings()

    assert warning.msg == (
        "Group 'creators' differs from authentication/roles.py. Lacks blog.view_blog."
    )
    assert warning.hint == HINT


def test_it_says_when_a_declared_group_does_not_exist():
    Group.objects.filter(name="moderators").delete()

    (warning,) = role_warnings()

    assert warning.msg.startswith(
        "Group 'moderators' differs from authentication/roles.py: it does not exist."
    )
    for name in GROUP_PERMISSIONS["moderators"]:
        assert f"Lacks {name}." in warning.msg
    assert warning.hint == HINT


def test_it_gives_one_warning_per_drifted_group_and_none_once_repaired():
    Group.objects.get(name="subscribers").permissions.add(
        *permissions_named({"blog.add_photo"})
    )
    Group.objects.get(name="creators").permissions.remove(
        *permissions_named({"blog.view_blog"})
    )
    assert sorted(warning.msg.split("'")[1] for warning in role_warnings()) == [
        "creators",
        "subscribers",
    ]

    call_command("sync_roles", stdout=io.StringIO())

    assert role_warnings() == []


def test_a_plain_check_does_not_touch_the_database(django_assert_num_queries):
    Group.objects.get(name="subscribers").permissions.add(
        *permissions_named({"blog.add_photo"})
    )

    with django_assert_num_queries(0):
        output = check_output()

    assert "System check identified no issues" in output
    assert "authentication.W001" not in output
