"""authentication.0002_create_groups, run for real by Django's migration executor."""

from importlib import import_module

import pytest
from django.apps import apps as live_apps
from django.contrib.auth.management import _get_builtin_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.state import StateApps

from authentication.models import User
from authentication.roles import GROUP_PERMISSIONS, sync_roles
from testsupport.environment import migrate

# The schema editor refuses to run inside the atomic block of an ordinary test.
pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("authentication", "0001_initial")
GROUPS_MIGRATION = ("authentication", "0002_create_groups")
create_groups = import_module(
    "authentication.migrations.0002_create_groups"
).create_groups


def group_permissions() -> dict[str, set[str]]:
    return {
        group.name: {
            f"{permission.content_type.app_label}.{permission.codename}"
            for permission in group.permissions.select_related("content_type")
        }
        for group in Group.objects.filter(name__in=GROUP_PERMISSIONS)
    }


def group_names(username: str) -> list[str]:
    user = User.objects.get(username=username)
    return list(user.groups.values_list("name", flat=True))


def add_users_of_both_roles(historical_apps: StateApps) -> None:
    """Create users with the model as it was, which knows nothing of groups."""
    HistoricalUser = historical_apps.get_model("authentication", "User")
    HistoricalUser.objects.create(username="alice", role="CREATOR")
    HistoricalUser.objects.create(username="bob", role="CREATOR")
    HistoricalUser.objects.create(username="charlie", role="SUBSCRIBER")


def test_it_removes_the_groups_when_migrated_backwards(migrator):
    # A flush by an earlier transactional test may have removed them: make them.
    sync_roles()
    assert set(GROUP_PERMISSIONS) <= set(Group.objects.values_list("name", flat=True))
    Group.objects.create(name="curators")  # a site's own group, not the migration's

    migrator(BEFORE)

    assert list(Group.objects.values_list("name", flat=True)) == ["curators"]


def test_it_puts_existing_users_in_their_roles_group_with_the_declared_permissions(
    migrator,
):
    add_users_of_both_roles(migrator(BEFORE))
    assert not Group.objects.filter(name__in=GROUP_PERMISSIONS).exists()

    migrator()

    assert group_names("alice") == ["creators"]
    assert group_names("bob") == ["creators"]
    assert group_names("charlie") == ["subscribers"]
    assert group_permissions() == GROUP_PERMISSIONS
    assert User.objects.get(username="alice").has_perm("blog.add_photo")
    assert not User.objects.get(username="charlie").has_perm("blog.add_photo")


def counts() -> dict[str, int]:
    return {
        "groups": Group.objects.count(),
        "group permissions": Group.permissions.through.objects.count(),
        "memberships": User.groups.through.objects.count(),
        "permissions": Permission.objects.count(),
        "content types": ContentType.objects.count(),
    }


def test_it_can_run_twice_without_error_or_duplicates(migrator):
    add_users_of_both_roles(migrator(BEFORE))
    migrator()
    after_once = counts()
    assert after_once["groups"] == len(GROUP_PERMISSIONS)
    assert after_once["memberships"] == 3

    historical_apps = migrate(GROUPS_MIGRATION)
    with connection.schema_editor() as schema_editor:
        create_groups(historical_apps, schema_editor)
        create_groups(historical_apps, schema_editor)
    migrate()  # back to the latest schema, which the checks below read with

    assert counts() == after_once
    assert group_permissions() == GROUP_PERMISSIONS
    assert group_names("alice") == ["creators"]
    assert group_names("charlie") == ["subscribers"]


def test_it_can_be_migrated_back_and_forth_twice(migrator):
    add_users_of_both_roles(migrator(BEFORE))
    migrator()
    after_once = counts()

    for _ in range(2):
        migrator(BEFORE)
        assert not Group.objects.filter(name__in=GROUP_PERMISSIONS).exists()
        migrator()

    assert counts() == after_once
    assert group_permissions() == GROUP_PERMISSIONS
    assert group_names("bob") == ["creators"]
    assert group_names("charlie") == ["subscribers"]


def test_it_creates_blogs_permissions_on_an_empty_database_as_django_would(migrator):
    add_users_of_both_roles(migrator(BEFORE))
    # On a fresh database the post_migrate signal has not made these yet.
    Permission.objects.filter(content_type__app_label="blog").delete()
    ContentType.objects.filter(app_label="blog").delete()
    ContentType.objects.clear_cache()
    assert not Permission.objects.filter(content_type__app_label="blog").exists()

    migrator()

    assert group_permissions() == GROUP_PERMISSIONS
    assert group_names("alice") == ["creators"]
    assert Permission.objects.get(
        content_type__app_label="blog", codename="add_photo"
    ).name == ("Can add photo")
    ContentType.objects.clear_cache()
    for model_name in ("photo", "blog"):
        model = live_apps.get_model("blog", model_name)
        # The (codename, name) pairs Django's post_migrate handler would create, for
        # the permissions the groups hold (moderate_* from the model's Meta too).
        declared = [*_get_builtin_permissions(model._meta), *model._meta.permissions]
        granted = {p.split(".")[1] for ps in GROUP_PERMISSIONS.values() for p in ps}
        for codename, name in declared:
            if codename not in granted:
                continue
            assert (
                Permission.objects.get(
                    content_type=ContentType.objects.get_for_model(model),
                    codename=codename,
                ).name
                == name
            )
