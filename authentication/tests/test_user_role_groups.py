"""User.save() keeps group membership equal to the role."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from authentication.models import User, UserFollows
from testsupport.actors import group_names
from testsupport.factories import make_user

pytestmark = pytest.mark.django_db


def test_it_puts_a_new_creator_in_creators():
    assert group_names(make_user("alice", User.CREATOR)) == {"creators"}


def test_it_puts_a_new_subscriber_in_subscribers():
    assert group_names(make_user("sam", User.SUBSCRIBER)) == {"subscribers"}


def test_it_moves_a_user_whose_role_changes_and_drops_the_old_permissions():
    user = make_user("sam", User.SUBSCRIBER)
    assert not user.has_perm("blog.add_photo")

    user.role = User.CREATOR
    user.save()

    assert group_names(user) == {"creators"}
    assert user.has_perm("blog.add_photo")

    user.role = User.SUBSCRIBER
    user.save()

    assert group_names(User.objects.get(pk=user.pk)) == {"subscribers"}
    assert not User.objects.get(pk=user.pk).has_perm("blog.add_photo")


def test_it_keeps_groups_that_are_not_role_groups():
    moderators = Group.objects.get(name="moderators")  # made by the migration
    user = make_user("sam", User.SUBSCRIBER)
    user.groups.add(moderators)

    user.role = User.CREATOR
    user.save()

    assert group_names(user) == {"creators", "moderators"}


def test_it_costs_no_extra_query_when_the_role_did_not_change(
    django_assert_num_queries,
):
    user = User.objects.get(pk=make_user("alice").pk)
    user.first_name = "Alice"
    with django_assert_num_queries(1):  # the UPDATE alone
        user.save()


def test_it_moves_groups_when_the_role_changes_through_update_of_a_loaded_user():
    make_user("alice", User.CREATOR)
    user = User.objects.get(username="alice")
    user.role = User.SUBSCRIBER
    user.save(update_fields=["role"])
    assert group_names(user) == {"subscribers"}


def test_it_drops_followers_of_a_creator_who_becomes_a_subscriber():
    creator = make_user("alice", User.CREATOR)
    fan = make_user("sam", User.SUBSCRIBER)
    fan.follows.add(creator)

    creator.role = User.SUBSCRIBER
    creator.save()

    assert not fan.follows.exists()


def test_it_refuses_following_a_subscriber_from_the_shell():
    fan = make_user("sam", User.SUBSCRIBER)
    other = make_user("sophie", User.SUBSCRIBER)
    with pytest.raises(ValidationError), transaction.atomic():
        fan.follows.add(other)
    with pytest.raises(ValidationError), transaction.atomic():
        other.followed_by.add(fan)
    with pytest.raises(ValidationError), transaction.atomic():
        UserFollows.objects.create(user=fan, followed=other)
    assert not UserFollows.objects.exists()


def test_it_refuses_following_yourself_even_below_the_orm():
    creator = make_user("alice", User.CREATOR)
    with pytest.raises(ValidationError), transaction.atomic():
        creator.follows.add(creator)
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFollows.objects.bulk_create([UserFollows(user=creator, followed=creator)])
