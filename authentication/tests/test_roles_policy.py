"""The role policy in authentication/roles.py is what a fresh database holds."""

import pytest
from django.contrib.auth.models import Group, Permission

from authentication.roles import GROUP_PERMISSIONS, ROLE_GROUPS

pytestmark = pytest.mark.django_db


def permissions_of(group: Group) -> set[str]:
    return {
        f"{permission.content_type.app_label}.{permission.codename}"
        for permission in group.permissions.select_related("content_type")
    }


def test_it_declares_a_group_for_each_role_and_permissions_for_each_group():
    assert set(ROLE_GROUPS) == {"CREATOR", "SUBSCRIBER"}
    assert set(ROLE_GROUPS.values()) | {"moderators"} == set(GROUP_PERMISSIONS)


def test_it_gives_moderators_their_powers_but_no_authoring():
    assert GROUP_PERMISSIONS["moderators"] == {
        "blog.view_photo",
        "blog.view_blog",
        "blog.moderate_blog",
        "blog.moderate_photo",
    }


def test_it_finds_exactly_the_declared_groups_in_a_freshly_migrated_database():
    groups = {group.name: permissions_of(group) for group in Group.objects.all()}
    assert groups == GROUP_PERMISSIONS


def test_it_lets_subscribers_only_view():
    assert GROUP_PERMISSIONS["subscribers"] == {"blog.view_photo", "blog.view_blog"}
    assert GROUP_PERMISSIONS["subscribers"] < GROUP_PERMISSIONS["creators"]


def test_it_grants_the_blog_title_permission_to_no_group():
    # Who may change a title is decided per blog by blog/rules.py, never by a group.
    for name in GROUP_PERMISSIONS:
        assert "blog.change_blog_title" not in permissions_of(
            Group.objects.get(name=name)
        )
    assert not Group.objects.filter(permissions__codename="change_blog_title").exists()


def test_it_has_the_blog_title_permission_in_the_database():
    permission = Permission.objects.get(
        content_type__app_label="blog", codename="change_blog_title"
    )
    assert permission.content_type.model == "blog"
    assert permission.name == "Can change the title of a blog"
