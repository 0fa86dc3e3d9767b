"""blog_delete: the owner or a moderator deletes a blog, after confirming it."""

import pytest
from django.urls import reverse

from audit.models import ModerationRecord
from blog.models import Blog, BlogContributor, Photo
from testsupport.actors import (
    log_in_as,
)
from testsupport.factories import make_blog, make_photo
from testsupport.storage import stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def blog(creator, coauthor):
    """A published blog owned by alice (the creator), co-written by dana."""
    return make_blog(
        creator, coauthor, title="Harbour at noon", photo=make_photo(creator, "Boats")
    )


def url(blog_id: int) -> str:
    return reverse("blog_delete", args=[blog_id])


def moderation_records() -> list[tuple]:
    return list(
        ModerationRecord.objects.values_list(
            "action", "actor__username", "target_type", "target_id", "target_label"
        )
    )


def assert_kept(blog: Blog) -> None:
    saved = Blog.objects.get(pk=blog.pk)
    assert (saved.title, saved.is_published) == (blog.title, blog.is_published)
    assert BlogContributor.objects.filter(blog=blog).count() == 2
    assert moderation_records() == []


def test_it_asks_the_owner_to_confirm(client, blog, creator):
    client.force_login(creator)
    response = client.get(url(blog.pk))
    assert response.status_code == 200
    assert "Delete “Harbour at noon”?" in response.text
    assert 'type="checkbox" name="confirm"' in response.text
    assert f'href="{blog.get_absolute_url()}"' in response.text
    assert_kept(blog)


def test_it_deletes_nothing_without_the_confirmation(client, blog, creator):
    client.force_login(creator)
    response = client.post(url(blog.pk), {})
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert_kept(blog)


def test_it_deletes_the_owners_confirmed_blog_and_records_nothing(
    client, blog, creator
):
    client.force_login(creator)
    response = client.post(url(blog.pk), {"confirm": "on"})

    assert response.status_code == 302
    assert response["Location"] == reverse("my_blogs")
    assert not Blog.objects.filter(pk=blog.pk).exists()
    assert not BlogContributor.objects.exists()
    assert Photo.objects.filter(pk=blog.photo_id).exists()
    assert stored_files() == [blog.photo.image.name]
    assert moderation_records() == []
    page = client.get(response["Location"])
    assert "The blog “Harbour at noon” is deleted." in page.text
    assert client.get(blog.get_absolute_url()).status_code == 404


def test_it_deletes_the_owners_draft(client, creator):
    draft = make_blog(creator, title="Unfinished", is_published=False)
    client.force_login(creator)
    assert client.get(url(draft.pk)).status_code == 200
    assert client.post(url(draft.pk), {"confirm": "on"}).status_code == 302
    assert not Blog.objects.exists()


@pytest.mark.parametrize(
    ("actor", "redirect_to"), [("moderator", "home"), ("superuser", "my_blogs")]
)
def test_it_lets_a_moderator_delete_someone_elses_blog_and_records_it(
    client, blog, actor, redirect_to, request
):
    user = log_in_as(client, request, actor)
    assert client.get(url(blog.pk)).status_code == 200
    response = client.post(url(blog.pk), {"confirm": "on"})

    assert response.status_code == 302
    assert response["Location"] == reverse(redirect_to)
    assert not Blog.objects.filter(pk=blog.pk).exists()
    assert moderation_records() == [
        (
            "blog_moderator_delete",
            user.username,
            "blog.blog",
            str(blog.pk),
            "Harbour at noon",
        )
    ]
    assert "The blog “Harbour at noon” is deleted." in client.get(reverse("home")).text


def test_it_lets_a_moderator_delete_a_hidden_blog(client, blog, moderator):
    Blog.objects.filter(pk=blog.pk).update(is_hidden=True)
    client.force_login(moderator)
    assert client.post(url(blog.pk), {"confirm": "on"}).status_code == 302
    assert not Blog.objects.exists()
    assert [row[0] for row in moderation_records()] == ["blog_moderator_delete"]
