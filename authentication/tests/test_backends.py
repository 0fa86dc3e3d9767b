"""The model backend: groups and direct grants, read afresh on every request."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.db import connection
from django.urls import reverse

from authentication.backends import OneQueryModelBackend
from authentication.models import User
from testsupport.factories import make_user

pytestmark = pytest.mark.django_db

UPLOAD = reverse("photo_upload")


def permission(name: str) -> Permission:
    app_label, codename = name.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def delete_the_group_permission_row(creator: User) -> None:
    Group.permissions.through.objects.filter(
        group__name="creators", permission=permission("blog.add_photo")
    ).delete()


def delete_the_membership_row(creator: User) -> None:
    User.groups.through.objects.filter(user=creator).delete()


def delete_the_group_permission_in_sql(creator: User) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {Group.permissions.through._meta.db_table}"
            " WHERE permission_id = %s",
            [permission("blog.add_photo").pk],
        )


@pytest.mark.parametrize(
    "revoke",
    [
        delete_the_group_permission_row,
        delete_the_membership_row,
        delete_the_group_permission_in_sql,
    ],
)
def test_a_revoke_that_sends_no_signal_applies_on_the_next_request(
    client, creator, revoke
):
    client.force_login(creator)
    assert client.get(UPLOAD).status_code == 200

    revoke(creator)

    assert client.get(UPLOAD).status_code == 403


def test_it_reads_groups_and_direct_grants_in_one_query(
    creator, django_assert_num_queries
):
    creator.user_permissions.add(permission("blog.change_blog_title"))
    user = User.objects.get(pk=creator.pk)

    with django_assert_num_queries(1):
        permissions = user.get_all_permissions()

    assert {"blog.add_photo", "blog.change_blog_title"} <= permissions
    assert user.get_user_permissions() == {"blog.change_blog_title"}
    assert "blog.add_photo" in user.get_group_permissions()
    assert "blog.change_blog_title" not in user.get_group_permissions()


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"is_active": False},
        {"is_superuser": True},
        {"is_superuser": True, "is_active": False},
    ],
    ids=["member", "inactive", "superuser", "inactive superuser"],
)
def test_it_answers_as_djangos_model_backend(fields):
    granted = make_user("gil", User.SUBSCRIBER, **fields)
    granted.user_permissions.add(permission("blog.change_blog_title"))
    backend, django = OneQueryModelBackend(), ModelBackend()

    for user in (User.objects.get(pk=granted.pk), AnonymousUser()):
        assert backend.get_all_permissions(user) == django.get_all_permissions(user)
        assert backend.get_all_permissions(user, obj=granted) == set()
