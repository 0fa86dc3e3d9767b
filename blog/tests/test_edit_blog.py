"""edit_blog: contributing creators edit a blog; the owner, or a grant, the title.

Deleting moved to its own view (blog/tests/test_blog_delete.py); the edit page only
offers its form, to those who may delete.
"""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from blog import services
from blog.models import Blog, Photo
from images.pipeline import process_photo
from testsupport.factories import image_upload, make_blog, make_photo
from testsupport.storage import stored_files

pytestmark = pytest.mark.django_db
TITLE_PERMISSION = {"codename": "change_blog_title", "content_type__app_label": "blog"}


@pytest.fixture
def blog(creator, other_creator):
    """A blog owned by alice (the creator), co-written by bob (the other creator)."""
    return make_blog(
        creator,
        other_creator,
        title="Old title",
        content="Old content.",
        photo=make_photo(creator, "Cover"),
    )


def url(blog_id: int) -> str:
    return reverse("edit_blog", args=[blog_id])


def delete_url(blog_id: int) -> str:
    return reverse("blog_delete", args=[blog_id])


def edit(client, blog, **data):
    return client.post(url(blog.pk), {"edit_blog": "1", **data})


def title_input(response) -> str:
    return re.search(r'<input [^>]*name="title"[^>]*>', response.text).group(0)


def assert_unchanged(blog: Blog) -> None:
    saved = Blog.objects.get(pk=blog.pk)
    assert (saved.title, saved.content) == ("Old title", "Old content.")


def test_it_shows_the_form_with_a_read_only_title_and_no_delete_to_a_coauthor(
    client, blog, other_creator
):
    client.force_login(other_creator)
    response = client.get(url(blog.pk))
    assert response.status_code == 200
    assert 'value="Old title"' in title_input(response)
    assert "disabled" in title_input(response)
    assert "You do not have permission to change the title." in response.text
    assert "Old content." in response.text
    assert "Delete this post" not in response.text
    assert delete_url(blog.pk) not in response.text


def test_it_shows_the_owner_an_editable_title_and_the_delete_form(
    client, blog, creator
):
    client.force_login(creator)
    response = client.get(url(blog.pk))
    assert response.status_code == 200
    assert 'value="Old title"' in title_input(response)
    assert "disabled" not in title_input(response)
    assert "You do not have permission to change the title." not in response.text
    assert "Delete this post" in response.text
    assert f'action="{delete_url(blog.pk)}"' in response.text
    assert 'name="confirm"' in response.text
    assert 'name="new_image"' in response.text


def test_it_lets_the_owner_change_the_title(client, blog, creator):
    client.force_login(creator)
    response = edit(client, blog, title="New title", content="New content.")

    assert response.status_code == 302
    saved = Blog.objects.get(pk=blog.pk)
    assert (saved.title, saved.content) == ("New title", "New content.")


@pytest.mark.parametrize("author", ["creator", "other_creator"])
def test_it_saves_a_contributors_new_content(client, blog, author, request):
    client.force_login(request.getfixturevalue(author))
    response = edit(client, blog, title="Old title", content="New content.")

    assert response.status_code == 302
    assert response["Location"] == blog.get_absolute_url()
    assert Blog.objects.get(pk=blog.pk).content == "New content."
    page = client.get(response["Location"])
    assert "Your changes are saved." in page.text
    assert "New content." in page.text


def test_it_ignores_a_forged_title_from_a_coauthor_without_the_grant(
    client, blog, other_creator
):
    client.force_login(other_creator)
    response = edit(client, blog, title="Forged title", content="New content.")

    assert response.status_code == 302
    saved = Blog.objects.get(pk=blog.pk)
    assert (saved.title, saved.content) == ("Old title", "New content.")


def test_it_lets_a_coauthor_granted_the_title_permission_change_it(
    client, blog, other_creator
):
    other_creator.user_permissions.add(Permission.objects.get(**TITLE_PERMISSION))
    client.force_login(other_creator)
    assert "disabled" not in title_input(client.get(url(blog.pk)))

    response = edit(client, blog, title="New title", content="Old content.")

    assert response.status_code == 302
    assert Blog.objects.get(pk=blog.pk).title == "New title"


def test_it_lets_a_coauthor_whose_group_has_the_title_permission_change_it(
    client, blog, other_creator
):
    editors = Group.objects.create(name="editors")
    editors.permissions.add(Permission.objects.get(**TITLE_PERMISSION))
    other_creator.groups.add(editors)
    client.force_login(other_creator)
    assert "disabled" not in title_input(client.get(url(blog.pk)))

    response = edit(client, blog, title="New title", content="Old content.")

    assert response.status_code == 302
    assert Blog.objects.get(pk=blog.pk).title == "New title"


def test_it_refuses_empty_content_and_changes_nothing(client, blog, creator):
    client.force_login(creator)
    response = edit(client, blog, title="New title", content="")

    assert response.status_code == 200
    assert "This field is required." in response.text
    assert "<title>Edit “Old title” · fotoblog</title>" in response.text
    assert 'value="New title"' in title_input(response)
    assert_unchanged(blog)


def test_it_illustrates_the_blog_with_a_new_photo_and_keeps_the_old_one(
    client, blog, other_creator, photo_worker
):
    old_photo = blog.photo
    client.force_login(other_creator)
    with photo_worker():
        response = edit(
            client,
            blog,
            title="Old title",
            content="Old content.",
            new_image=image_upload("new.jpg"),
        )

    assert response.status_code == 302
    saved = Blog.objects.get(pk=blog.pk)
    assert saved.photo != old_photo
    assert saved.photo.uploader == other_creator
    assert Photo.objects.filter(pk=old_photo.pk).exists()
    assert sorted(stored_files()) == sorted(
        [old_photo.image.name, saved.photo.image.name]
    )


def test_a_drafts_photo_stays_private_once_replaced_or_once_the_draft_is_deleted(
    client, creator, other_creator, subscriber, photo_worker
):
    draft = services.create_blog_with_photo(
        author=creator,
        title="Old title",
        content="Old content.",
        image=process_photo(image_upload("first.jpg")),
        is_published=False,
    )
    services.add_coauthor(blog=draft, coauthor=other_creator, contribution="")
    first = draft.photo
    client.force_login(other_creator)
    with photo_worker():
        edit(
            client, draft, content="New content.", new_image=image_upload("second.jpg")
        )
    second = Blog.objects.get(pk=draft.pk).photo
    client.force_login(creator)
    client.post(delete_url(draft.pk), {"confirm": "on"})

    subscriber.follows.add(creator, other_creator)
    client.force_login(subscriber)
    grid = client.get(reverse("photo_feed")).text
    for photo in (first, second):  # in no post now, and never shown
        assert photo.image.name not in grid
        assert client.get(photo.image.url).status_code == 404
    client.force_login(creator)  # its uploader keeps it, and finds it in Photos
    assert client.get(first.image.url).status_code == 200
    assert first.image.name in client.get(reverse("photo_feed")).text


def test_it_refuses_a_new_photo_that_is_not_an_image(client, blog, creator):
    not_an_image = SimpleUploadedFile("notes.jpg", b"<html>hi</html>", "image/jpeg")
    client.force_login(creator)
    response = edit(
        client, blog, title="Old title", content="New content.", new_image=not_an_image
    )

    assert response.status_code == 200
    assert "notes.jpg is not a JPEG, PNG, WebP or HEIC picture." in response.text
    assert_unchanged(blog)
    assert Photo.objects.count() == 1
    assert stored_files() == [blog.photo.image.name]
