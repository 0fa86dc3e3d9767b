"""The blog and photo admin: it lists, shows, changes and deletes only what the rules
allow each staff member, and every change is in the audit trail, as on the site."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from audit.models import AuditEvent
from authentication.services import block
from blog.models import Blog, BlogContributor, Photo
from testsupport.factories import make_blog, make_photo
from testsupport.html_forms import submitted_form

pytestmark = pytest.mark.django_db
BLOGS = reverse("admin:blog_blog_changelist")
PHOTOS = reverse("admin:blog_photo_changelist")


def change_url(item: Blog | Photo) -> str:
    return reverse(f"admin:blog_{item._meta.model_name}_change", args=[item.pk])


def delete_url(item: Blog | Photo) -> str:
    return reverse(f"admin:blog_{item._meta.model_name}_delete", args=[item.pk])


def events() -> list[tuple[str, str, str]]:
    """(action, actor, target) of every event about a blog or photo, oldest first."""
    return list(
        AuditEvent.objects.filter(target_type__in=["blog.blog", "blog.photo"])
        .order_by("pk")
        .values_list("action", "actor_label", "target_label")
    )


def run_action(client, changelist: str, action: str, *items) -> object:
    """Choose `items` in the changelist and run `action`, confirming if it asks."""
    return client.post(
        changelist,
        {
            "action": action,
            ACTION_CHECKBOX_NAME: [str(item.pk) for item in items],
            "post": "yes",
        },
    )


@pytest.fixture
def staff_moderator(client, moderator):
    """Mona, a moderator whom staff also let into the admin."""
    moderator.is_staff = True
    moderator.save()
    client.force_login(moderator)
    return moderator


@pytest.fixture
def staff_creator(client, creator):
    """Alice, a creator let into the admin, who owns blogs there too."""
    creator.is_staff = True
    creator.save()
    client.force_login(creator)
    return creator


@pytest.fixture
def published(creator):
    return make_blog(creator, title="Harbour at noon")


@pytest.fixture
def draft(creator):
    return make_blog(creator, title="Winter notes", is_published=False)


def test_it_lists_a_staff_moderator_published_blogs_but_no_one_elses_draft(
    client, staff_moderator, published, draft
):
    response = client.get(BLOGS)

    assert response.status_code == 200
    assert "Harbour at noon" in response.text
    assert "Winter notes" not in response.text
    assert "1 blog" in response.text


def test_it_answers_a_staff_moderator_that_someone_elses_draft_does_not_exist(
    client, staff_moderator, draft
):
    for url in (change_url(draft), delete_url(draft)):
        response = client.get(url, follow=True)
        assert response.redirect_chain == [(reverse("admin:index"), 302)]
        assert "doesn’t exist" in response.text
        assert "Winter notes" not in response.text

    client.post(delete_url(draft), {"post": "yes"})
    assert Blog.objects.filter(pk=draft.pk).exists()
    assert events() == []


def test_it_shows_a_staff_moderator_a_published_blog_read_only(
    client, staff_moderator, published
):
    response = client.get(change_url(published))

    assert response.status_code == 200
    assert "Harbour at noon" in response.text
    assert 'name="_save"' not in response.text
    client.post(change_url(published), {"title": "Renamed", "starred": "on"})
    assert Blog.objects.get(pk=published.pk).title == "Harbour at noon"


def test_it_lists_a_staff_creator_no_one_elses_hidden_photo(
    client, staff_creator, other_creator
):
    make_photo(staff_creator, "Mine")
    make_photo(other_creator, "Shown")
    hidden = make_photo(other_creator, "Hidden")
    Photo.objects.filter(pk=hidden.pk).update(is_hidden=True)

    response = client.get(PHOTOS)

    assert response.status_code == 200
    assert "Mine" in response.text
    assert ">Hidden</a>" not in response.text
    assert ">Shown</a>" in response.text
    assert client.get(change_url(hidden)).status_code == 302


def test_it_records_a_blog_a_moderator_deletes_in_the_admin(
    client, staff_moderator, published
):
    assert client.get(delete_url(published)).status_code == 200

    response = client.post(delete_url(published), {"post": "yes"})

    assert response.status_code == 302
    assert not Blog.objects.filter(pk=published.pk).exists()
    assert events() == [("blog_moderator_delete", "mona", "Harbour at noon")]


def test_it_records_one_row_per_blog_deleted_in_bulk_and_skips_unseen_drafts(
    client, staff_moderator, creator, published, draft
):
    other = make_blog(creator, title="City lights")

    response = run_action(client, BLOGS, "delete_selected", published, other, draft)

    assert response.status_code == 302
    assert list(Blog.objects.values_list("title", flat=True)) == ["Winter notes"]
    assert sorted(events()) == [
        ("blog_moderator_delete", "mona", "City lights"),
        ("blog_moderator_delete", "mona", "Harbour at noon"),
    ]


def test_it_refuses_a_bulk_delete_with_one_blog_the_user_may_not_delete(
    client, staff_creator, other_creator
):
    own = make_blog(staff_creator, title="Mine")
    theirs = make_blog(other_creator, title="Bob's")

    response = run_action(client, BLOGS, "delete_selected", own, theirs)

    assert response.status_code == 403
    assert Blog.objects.count() == 2
    assert events() == []


def test_it_records_an_owners_blog_deleted_in_the_admin_as_no_moderation(
    client, staff_creator
):
    own = make_blog(staff_creator, title="Mine")

    client.post(delete_url(own), {"post": "yes"})

    assert not Blog.objects.exists()
    assert events() == [("blog_delete", "alice", "Mine")]


@pytest.mark.parametrize(
    ("action", "flags", "recorded"),
    [
        ("star", (True, False), "blog_star"),
        ("hide", (False, True), "blog_hide"),
    ],
)
def test_it_records_each_blog_a_moderator_stars_or_hides_in_the_admin(
    client, staff_moderator, published, action, flags, recorded
):
    response = run_action(client, BLOGS, action, published)

    assert response.status_code == 302
    saved = Blog.objects.get(pk=published.pk)
    assert (saved.starred, saved.is_hidden) == flags
    assert events() == [(recorded, "mona", "Harbour at noon")]


def test_it_records_each_photo_a_moderator_hides_and_shows_in_the_admin(
    client, staff_moderator, creator
):
    photo = make_photo(creator, "Low tide")

    run_action(client, PHOTOS, "hide", photo)
    assert Photo.objects.get(pk=photo.pk).is_hidden
    run_action(client, PHOTOS, "show", photo)

    assert not Photo.objects.get(pk=photo.pk).is_hidden
    assert events() == [
        ("photo_hide", "mona", "Low tide"),
        ("photo_show", "mona", "Low tide"),
    ]


def test_it_offers_a_creator_no_moderation_action(client, staff_creator):
    own = make_blog(staff_creator, title="Mine")

    response = client.get(BLOGS)

    assert response.status_code == 200
    assert 'value="star"' not in response.text
    assert 'value="delete_selected"' in response.text
    run_action(client, BLOGS, "star", own)
    assert not Blog.objects.get(pk=own.pk).starred
    assert events() == []


def test_it_keeps_the_moderation_switches_of_a_creators_own_blog_out_of_reach(
    client, staff_creator
):
    own = make_blog(staff_creator, title="Mine")
    data = submitted_form(client.get(change_url(own)).text, "blog_form")
    data.update(starred=["on"], is_hidden=["on"], content=["New words."])

    response = client.post(change_url(own), data)

    assert response.status_code == 302
    saved = Blog.objects.get(pk=own.pk)
    assert (saved.content, saved.starred, saved.is_hidden) == (
        "New words.",
        False,
        False,
    )
    assert events() == []


def test_it_lets_a_coauthor_edit_a_blog_that_keeps_the_owners_photo(
    client, creator, coauthor
):
    blog = make_blog(creator, coauthor, photo=make_photo(creator, "Boats"))
    coauthor.is_staff = True
    coauthor.save()
    client.force_login(coauthor)
    data = submitted_form(client.get(change_url(blog)).text, "blog_form")
    data["content"] = ["New words."]

    response = client.post(change_url(blog), data)

    assert response.status_code == 302
    saved = Blog.objects.get(pk=blog.pk)
    assert (saved.content, saved.photo.caption) == ("New words.", "Boats")


def test_it_refuses_to_illustrate_a_blog_with_someone_elses_photo(
    client, staff_creator, other_creator
):
    own = make_blog(staff_creator, title="Mine")
    theirs = make_photo(other_creator, "Not yours")
    data = submitted_form(client.get(change_url(own)).text, "blog_form")
    data["photo"] = [str(theirs.pk)]

    response = client.post(change_url(own), data)

    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert Blog.objects.get(pk=own.pk).photo is None


def test_it_records_each_switch_the_superuser_changes_in_the_form(
    client, superuser, published
):
    client.force_login(superuser)
    data = submitted_form(client.get(change_url(published)).text, "blog_form")
    data.update(starred=["on"], is_hidden=["on"])
    del data["is_published"]

    response = client.post(change_url(published), data)

    assert response.status_code == 302
    saved = Blog.objects.get(pk=published.pk)
    assert (saved.starred, saved.is_hidden, saved.is_published) == (True, True, False)
    assert sorted(events()) == [
        ("blog_hide", "root", "Harbour at noon"),
        ("blog_star", "root", "Harbour at noon"),
        ("blog_unpublish", "root", "Harbour at noon"),
    ]


def inline_prefix(data: dict) -> str:
    (total,) = (name for name in data if name.endswith("contributor_set-TOTAL_FORMS"))
    return total.removesuffix("TOTAL_FORMS")


def test_it_records_co_authors_the_owner_adds_and_removes_in_the_admin(
    client, staff_creator, coauthor
):
    own = make_blog(staff_creator, title="Mine")
    data = submitted_form(client.get(change_url(own)).text, "blog_form")
    prefix = inline_prefix(data)
    data[f"{prefix}TOTAL_FORMS"] = ["2"]
    data[f"{prefix}1-contributor"] = [str(coauthor.pk)]
    data[f"{prefix}1-contribution"] = ["Maps"]
    data[f"{prefix}1-blog"] = [str(own.pk)]

    response = client.post(change_url(own), data)

    assert response.status_code == 302, response.context["errors"]
    row = BlogContributor.objects.get(blog=own, contributor=coauthor)
    assert row.contribution == "Maps"

    data = submitted_form(client.get(change_url(own)).text, "blog_form")
    (delete,) = (
        name
        for name, value in data.items()
        if name.endswith("-id") and value == [str(row.pk)]
    )
    data[delete.removesuffix("id") + "DELETE"] = ["on"]
    client.post(change_url(own), data)

    assert not BlogContributor.objects.filter(pk=row.pk).exists()
    assert events() == [
        ("coauthor_add", "alice", "Mine"),
        ("coauthor_remove", "alice", "Mine"),
    ]


@pytest.mark.parametrize(
    "candidate", ["subscriber", "inactive_creator", "blocked", "blocker"]
)
def test_it_refuses_a_co_author_the_site_would_refuse_in_the_admin(
    client, request, staff_creator, other_creator, candidate
):
    # The admin and the site's co-author form share one rule of who may co-write.
    if candidate in ("blocked", "blocker"):
        member = other_creator
        pair = (
            (staff_creator, member)
            if candidate == "blocked"
            else (member, staff_creator)
        )
        block(blocker=pair[0], blocked=pair[1])
    else:
        member = request.getfixturevalue(candidate)
    own = make_blog(staff_creator, title="Mine")
    data = submitted_form(client.get(change_url(own)).text, "blog_form")
    prefix = inline_prefix(data)
    data[f"{prefix}TOTAL_FORMS"] = ["2"]
    data[f"{prefix}1-contributor"] = [str(member.pk)]
    data[f"{prefix}1-blog"] = [str(own.pk)]

    response = client.post(change_url(own), data)

    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not BlogContributor.objects.filter(blog=own, contributor=member).exists()


def test_it_refuses_to_remove_the_owner_from_the_authors_in_the_admin(
    client, superuser, published, creator
):
    client.force_login(superuser)
    data = submitted_form(client.get(change_url(published)).text, "blog_form")
    data[f"{inline_prefix(data)}0-DELETE"] = ["on"]

    response = client.post(change_url(published), data)

    assert response.status_code == 200
    assert "The owner cannot be removed from the authors." in response.text
    assert BlogContributor.objects.filter(blog=published, contributor=creator).exists()
    assert events() == []


@pytest.mark.parametrize("coauthoring", [False, True], ids=["reader", "coauthor"])
def test_it_leaves_out_of_a_blog_page_the_photo_a_moderator_hid(
    client, creator, other_creator, coauthoring
):
    authors = (creator, other_creator) if coauthoring else (creator,)
    blog = make_blog(*authors, photo=make_photo(creator, "Taken down"))
    Photo.objects.filter(pk=blog.photo_id).update(is_hidden=True)
    other_creator.is_staff = True
    other_creator.save()
    client.force_login(other_creator)

    page = client.get(change_url(blog)).text

    assert "A blog" in page
    assert "Taken down" not in page
    assert change_url(blog.photo) not in page
    if coauthoring:
        data = submitted_form(page, "blog_form")
        data["content"] = ["New words."]
        assert client.post(change_url(blog), data).status_code == 302
        saved = Blog.objects.get(pk=blog.pk)
        assert (saved.content, saved.photo_id) == ("New words.", blog.photo_id)


def test_it_shows_the_uploader_the_photo_a_moderator_hid_in_their_blog(
    client, staff_creator
):
    blog = make_blog(staff_creator, photo=make_photo(staff_creator, "Taken down"))
    Photo.objects.filter(pk=blog.photo_id).update(is_hidden=True)

    assert "Taken down" in client.get(change_url(blog)).text


def test_an_owner_chooses_who_sees_a_blog_and_a_photo_in_the_admin_as_on_the_site(
    client, staff_creator, published
):
    alone = make_photo(staff_creator, "Gull")
    data = submitted_form(client.get(change_url(published)).text, "blog_form")
    data.update(visibility=["followers"])
    assert client.post(change_url(published), data).status_code == 302
    data = submitted_form(client.get(change_url(alone)).text, "photo_form")
    data.update(visibility=["private"])
    assert client.post(change_url(alone), data).status_code == 302

    assert Blog.objects.get(pk=published.pk).visibility == "followers"
    assert Photo.objects.get(pk=alone.pk).visibility == "private"
    assert [row[0] for row in events()] == ["visibility_change"] * 2
    cover = make_photo(staff_creator, "Cover")
    make_blog(staff_creator, title="Illustrated", photo=cover)
    page = client.get(change_url(cover)).text
    assert 'name="caption"' in page
    assert 'name="visibility"' not in page  # a post's photo follows its post


def test_a_moderator_cannot_change_who_sees_someone_elses_blog_in_the_admin(
    client, staff_moderator, published
):
    data = submitted_form(client.get(change_url(published)).text, "blog_form")
    data.update(visibility=["private"])
    client.post(change_url(published), data)

    assert Blog.objects.get(pk=published.pk).visibility == "members"
    assert not AuditEvent.objects.filter(action="visibility_change").exists()
