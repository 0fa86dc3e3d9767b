"""The audit trail: who did what to which object, when and from where, for every
security-relevant change, from the site, the admin and the shell alike; recorded in
the change's own transaction, and read-only in the admin."""

from datetime import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent, ModerationRecord
from authentication.models import User
from blog import services
from blog.models import Blog, BlogContributor
from testsupport.factories import PASSWORD, make_blog, make_photo, make_user
from testsupport.html_forms import submitted_form

pytestmark = pytest.mark.django_db
Action = AuditEvent.Action
ADDRESS = "127.0.0.1"  # the test client's
CHANGELIST = reverse("admin:audit_auditevent_changelist")


@pytest.fixture
def start() -> datetime:
    """The time the test starts: every event it records is at or after it."""
    return timezone.now()


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def only(action: str) -> AuditEvent:
    """The one event of `action`."""
    return AuditEvent.objects.get(action=action)


def assert_recorded(
    event: AuditEvent, start: datetime, *, actor, target, address=ADDRESS
) -> None:
    """`event` names its actor, target and address, and happened during the test."""
    assert event.actor == actor
    assert event.actor_label == (actor.get_username() if actor else "")
    assert event.target_type == target._meta.label_lower
    assert event.target_id == str(target.pk)
    assert event.target_label == str(target)
    assert event.ip_address == address
    assert start <= event.date_created <= timezone.now()


def permission(label: str) -> Permission:
    app_label, codename = label.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


# Roles, groups and permissions.


def test_a_role_change_in_the_admin_names_the_superuser_and_both_roles(
    admin_client, superuser, start
):
    sophie = make_user("sophie", User.SUBSCRIBER)
    url = reverse("admin:authentication_user_change", args=[sophie.pk])
    data = submitted_form(admin_client.get(url).text, "user_form")
    data["role"] = [User.CREATOR]

    response = admin_client.post(url, data)

    assert response.status_code == 302
    event = only(Action.ROLE_CHANGE)
    assert_recorded(event, start, actor=superuser, target=sophie)
    assert event.detail == {"from": User.SUBSCRIBER, "to": User.CREATOR}
    assert str(event) == "root: role changed sophie"


def test_a_role_change_in_the_shell_is_recorded_without_an_actor(start):
    dora = make_user("dora", User.CREATOR)

    dora.role = User.SUBSCRIBER
    dora.save()

    event = only(Action.ROLE_CHANGE)
    assert_recorded(event, start, actor=None, target=dora, address=None)
    assert event.detail == {"from": User.CREATOR, "to": User.SUBSCRIBER}
    assert str(event) == "the system: role changed dora"


def test_saving_a_user_without_a_role_change_records_no_role_change(start):
    dora = make_user("dora", User.CREATOR)

    dora.first_name = "Dora"
    dora.save()

    assert not AuditEvent.objects.filter(action=Action.ROLE_CHANGE).exists()


def test_a_groups_permissions_changed_in_the_admin_are_recorded_added_and_removed(
    admin_client, superuser, start
):
    group = Group.objects.create(name="editors")
    group.permissions.add(permission("blog.view_blog"))
    AuditEvent.objects.all().delete()
    url = reverse("admin:auth_group_change", args=[group.pk])

    response = admin_client.post(
        url,
        {"name": "editors", "permissions": [permission("blog.change_blog_title").pk]},
    )

    assert response.status_code == 302
    events = AuditEvent.objects.filter(action=Action.GROUP_PERMISSIONS_CHANGE)
    details = sorted((event.detail for event in events), key=str)
    assert details == [
        {"added": ["blog.change_blog_title"]},
        {"removed": ["blog.view_blog"]},
    ]
    for event in events:
        assert_recorded(event, start, actor=superuser, target=group)


def test_a_direct_permission_granted_to_a_user_is_recorded(start):
    dora = make_user("dora", User.CREATOR)

    dora.user_permissions.add(permission("blog.change_blog_title"))

    event = only(Action.USER_PERMISSIONS_CHANGE)
    assert_recorded(event, start, actor=None, target=dora, address=None)
    assert event.detail == {"added": ["blog.change_blog_title"]}


def test_a_group_created_and_deleted_in_the_admin_is_recorded_with_its_name(
    admin_client, superuser, start
):
    response = admin_client.post(
        reverse("admin:auth_group_add"), {"name": "reviewers", "permissions": []}
    )
    assert response.status_code == 302
    group = Group.objects.get(name="reviewers")
    assert_recorded(only(Action.GROUP_CREATE), start, actor=superuser, target=group)
    group_pk = group.pk

    response = admin_client.post(
        reverse("admin:auth_group_delete", args=[group_pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not Group.objects.filter(pk=group_pk).exists()
    event = only(Action.GROUP_DELETE)
    assert (event.actor, event.target_id, event.target_label) == (
        superuser,
        str(group_pk),
        "reviewers",
    )


def test_an_account_deleted_in_the_admin_is_recorded_with_what_went_with_it(
    admin_client, superuser, creator, start
):
    make_blog(creator, title="Harbour", photo=make_photo(creator))
    make_photo(creator)
    creator_pk = creator.pk

    response = admin_client.post(
        reverse("admin:authentication_user_delete", args=[creator_pk]),
        {"post": "yes"},
    )

    assert response.status_code == 302
    assert not User.objects.filter(pk=creator_pk).exists()
    event = only(Action.USER_DELETE)
    assert (event.actor, event.target_id, event.target_label) == (
        superuser,
        str(creator_pk),
        "alice",
    )
    assert event.detail == {"blogs": 1, "photos": 2}
    assert start <= event.date_created


# Blogs and their co-authors.


def test_a_blog_deleted_by_its_owner_is_recorded_and_is_no_moderation(
    client, creator, start
):
    blog = make_blog(creator, title="City lights")
    client.force_login(creator)

    response = client.post(reverse("blog_delete", args=[blog.pk]), {"confirm": "on"})

    assert response.status_code == 302
    event = only("blog_delete")
    assert (event.actor, event.actor_label) == (creator, "alice")
    assert (event.target_type, event.target_id, event.target_label) == (
        "blog.blog",
        str(blog.pk),
        "City lights",
    )
    assert event.ip_address == ADDRESS
    assert not ModerationRecord.objects.exists()


def test_a_blog_deleted_by_a_moderator_is_recorded_once_as_moderation(
    client, creator, moderator, start
):
    blog = make_blog(creator, title="City lights")
    client.force_login(moderator)

    response = client.post(reverse("blog_delete", args=[blog.pk]), {"confirm": "on"})

    assert response.status_code == 302
    event = ModerationRecord.objects.get()
    assert event.action == "blog_moderator_delete"
    assert_recorded(event, start, actor=moderator, target=blog)
    assert not AuditEvent.objects.filter(action="blog_delete").exists()


def test_a_photo_deleted_by_its_uploader_is_recorded_and_is_no_moderation(
    client, creator, start
):
    photo = make_photo(creator, "Low tide")
    client.force_login(creator)

    response = client.post(reverse("photo_delete", args=[photo.pk]), {"confirm": "on"})

    assert response.status_code == 302
    assert_recorded(only("photo_delete"), start, actor=creator, target=photo)
    assert not ModerationRecord.objects.exists()


def test_publishing_and_unpublishing_are_recorded(client, creator, start):
    blog = make_blog(creator, title="City lights", is_published=False)
    client.force_login(creator)
    publish = reverse("blog_publish", args=[blog.pk])

    client.post(publish, {"publish": "1"})
    client.post(publish, {"publish": "0"})

    published, unpublished = only("blog_publish"), only("blog_unpublish")
    for event in (published, unpublished):
        assert_recorded(event, start, actor=creator, target=blog)
    assert published.date_created <= unpublished.date_created


def test_a_switch_sent_twice_is_recorded_once(client, creator, moderator):
    blog = make_blog(creator, title="City lights", is_published=False)
    client.force_login(creator)
    for _ in range(2):  # a double click
        client.post(reverse("blog_publish", args=[blog.pk]), {"publish": "1"})
    client.force_login(moderator)
    for _ in range(2):
        client.post(reverse("blog_star", args=[blog.pk]), {"on": "1"})
        client.post(reverse("blog_hide", args=[blog.pk]), {"on": "1"})

    recorded = AuditEvent.objects.filter(target_type="blog.blog", target_id=blog.pk)
    assert sorted(recorded.values_list("action", flat=True)) == sorted(
        [Action.BLOG_PUBLISH, Action.BLOG_STAR, Action.BLOG_HIDE]
    )


def test_co_authors_added_their_note_edited_and_removed_are_recorded(
    client, creator, coauthor, start
):
    blog = make_blog(creator, title="City lights")
    client.force_login(creator)
    contributors = reverse("blog_contributors", args=[blog.pk])

    client.post(contributors, {"username": "dana", "contribution": "Maps"})
    row = BlogContributor.objects.get(blog=blog, contributor=coauthor)
    client.post(
        reverse("blog_contributor_edit", args=[blog.pk, row.pk]),
        {f"c{row.pk}-contribution": "Maps and captions"},
    )
    client.post(reverse("blog_contributor_remove", args=[blog.pk, row.pk]))

    added, edited, removed = (
        only(Action.COAUTHOR_ADD),
        only(Action.COAUTHOR_NOTE),
        only(Action.COAUTHOR_REMOVE),
    )
    for event in (added, edited, removed):
        assert_recorded(event, start, actor=creator, target=blog)
    assert added.detail == {"coauthor": "dana", "note": "Maps"}
    assert edited.detail == {"coauthor": "dana", "note": "Maps and captions"}
    assert removed.detail == {"coauthor": "dana", "note": "Maps and captions"}
    assert added.date_created <= edited.date_created <= removed.date_created


# Logging in.


def test_a_login_is_recorded_with_the_member_and_the_address(client, creator, start):
    response = client.post(
        reverse("login"),
        {"username": "alice", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.9",
    )

    assert response.status_code == 302
    assert_recorded(
        only(Action.LOGIN), start, actor=creator, target=creator, address="203.0.113.9"
    )


def test_a_failed_login_is_recorded_with_the_name_tried_and_no_actor(
    client, creator, start
):
    client.post(
        reverse("login"),
        {"username": "alice", "password": "wrong-password"},
        REMOTE_ADDR="203.0.113.9",
    )

    event = only(Action.LOGIN_FAILED)
    assert (event.actor, event.actor_label) == (None, "")
    assert event.detail == {"username": "alice"}
    assert event.ip_address == "203.0.113.9"
    assert (event.target_type, event.target_id) == ("", "")
    assert start <= event.date_created <= timezone.now()


# One transaction with the change.


def test_a_role_change_rolled_back_leaves_no_event(start):
    dora = make_user("dora", User.CREATOR)
    before = AuditEvent.objects.count()

    with pytest.raises(RuntimeError), transaction.atomic():
        dora.role = User.SUBSCRIBER
        dora.save()
        raise RuntimeError("something later in the same request fails")

    assert AuditEvent.objects.count() == before
    assert User.objects.get(pk=dora.pk).role == User.CREATOR


def test_a_co_author_added_then_rolled_back_leaves_no_event(creator, coauthor):
    blog = make_blog(creator)

    with pytest.raises(RuntimeError), transaction.atomic():
        services.add_coauthor(blog=blog, coauthor=coauthor, contribution="Maps")
        raise RuntimeError("something later in the same request fails")

    assert not AuditEvent.objects.filter(action=Action.COAUTHOR_ADD).exists()
    assert not blog.contributors.filter(pk=coauthor.pk).exists()


def test_a_blog_deletion_rolled_back_leaves_no_event(creator):
    blog = make_blog(creator)
    blog_pk = blog.pk

    with pytest.raises(RuntimeError), transaction.atomic():
        services.delete_blog(blog=blog, by=creator)
        raise RuntimeError("something later in the same request fails")

    assert not AuditEvent.objects.filter(action=Action.BLOG_DELETE).exists()
    assert Blog.objects.filter(pk=blog_pk).exists()


# The admin's view of the trail.


def test_the_admin_lists_the_trail_but_offers_no_add_change_or_delete(
    admin_client,
):
    event = AuditEvent.objects.create(action=Action.LOGIN, actor_label="alice")
    change = reverse("admin:audit_auditevent_change", args=[event.pk])

    listing = admin_client.get(CHANGELIST)
    assert listing.status_code == 200
    assert reverse("admin:audit_auditevent_add") not in listing.text
    assert 'name="action"' not in listing.text  # no bulk "delete selected"

    assert admin_client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    page = admin_client.get(change)
    assert page.status_code == 200
    assert 'name="_save"' not in page.text
    assert admin_client.post(change, {"action": "lockout"}).status_code == 403
    delete = reverse("admin:audit_auditevent_delete", args=[event.pk])
    assert admin_client.get(delete).status_code == 403
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    assert event.action == Action.LOGIN


def test_the_admin_filters_the_trail_by_action(admin_client, creator):
    for action in (Action.LOGIN, Action.LOGIN_FAILED, Action.LOGIN, Action.LOCKOUT):
        AuditEvent.objects.create(action=action, actor_label="alice")

    response = admin_client.get(CHANGELIST, {"action": Action.LOGIN})

    assert response.status_code == 200
    shown = response.context["cl"].result_list
    logins = AuditEvent.objects.filter(action=Action.LOGIN)
    # The two made here, and the superuser's own login into the admin.
    assert {event.pk for event in shown} == {event.pk for event in logins}
    assert len(shown) == 3
    assert "By what" in response.text
