"""photo_delete: the uploader or a moderator deletes a photo and its stored file; the
blogs it illustrated stay, without a photo."""

import re

import pytest
from django.urls import reverse

from audit.models import ModerationRecord
from blog.models import Blog, Photo
from testsupport.actors import (
    log_in_as,
)
from testsupport.factories import make_blog, make_photo
from testsupport.storage import stored_files

pytestmark = pytest.mark.django_db
IMG = re.compile(r"<img [^>]*>")


@pytest.fixture
def photo(creator):
    return make_photo(creator, "Low tide")


@pytest.fixture
def blogs(photo, creator, other_creator):
    """Two blogs illustrated by the photo: alice's own and one of bob's."""
    return [
        make_blog(creator, title="Sea and salt", photo=photo),
        make_blog(other_creator, title="Borrowed light", photo=photo),
    ]


def url(photo: Photo) -> str:
    return reverse("photo_delete", args=[photo.pk])


def moderation_records() -> list[tuple]:
    return list(
        ModerationRecord.objects.values_list(
            "action", "actor__username", "target_type", "target_id", "target_label"
        )
    )


def assert_kept(photo: Photo) -> None:
    assert Photo.objects.filter(pk=photo.pk, caption=photo.caption).exists()
    assert stored_files() == [photo.image.name]
    assert moderation_records() == []


def test_it_names_the_blogs_that_use_the_photo_before_deleting(
    client, photo, blogs, creator
):
    client.force_login(creator)
    response = client.get(url(photo))
    assert response.status_code == 200
    assert "Delete this photo?" in response.text
    assert f'src="{photo.image.url}"' in response.text
    assert "These blogs use it; they will stay, without a photo:" in response.text
    assert "<li>Borrowed light</li><li>Sea and salt</li>" in response.text
    assert 'type="checkbox" name="confirm"' in response.text
    assert_kept(photo)


def test_it_does_not_mention_blogs_when_none_uses_the_photo(client, photo, creator):
    client.force_login(creator)
    response = client.get(url(photo))
    assert "These blogs use it" not in response.text


def test_it_deletes_nothing_without_the_confirmation(client, photo, blogs, creator):
    client.force_login(creator)
    response = client.post(url(photo), {})
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert_kept(photo)


def test_it_deletes_the_photo_and_its_file_and_keeps_the_blogs(
    client, photo, blogs, creator, django_capture_on_commit_callbacks
):
    client.force_login(creator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(photo), {"confirm": "on"})

    assert response.status_code == 302
    assert response["Location"] == reverse("photo_feed")
    assert not Photo.objects.exists()
    assert stored_files() == []
    assert moderation_records() == []
    assert "The photo is deleted." in client.get(response["Location"]).text
    for blog in blogs:
        assert Blog.objects.get(pk=blog.pk).photo is None
        page = client.get(blog.get_absolute_url())
        assert page.status_code == 200
        assert f"<h1>{blog.title}</h1>" in page.text
        assert "<figure" not in page.text
        assert not [img for img in IMG.findall(page.text) if 'src=""' in img]


def test_it_keeps_the_file_until_the_deletion_is_committed(
    client, photo, creator, django_capture_on_commit_callbacks
):
    client.force_login(creator)
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(url(photo), {"confirm": "on"})
        assert stored_files() == [photo.image.name]
    assert len(callbacks) == 1


@pytest.mark.parametrize("actor", ["moderator", "superuser"])
def test_it_lets_a_moderator_delete_someone_elses_photo_and_records_it(
    client, photo, blogs, actor, request, django_capture_on_commit_callbacks
):
    user = log_in_as(client, request, actor)
    assert client.get(url(photo)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(photo), {"confirm": "on"})

    assert response.status_code == 302
    assert not Photo.objects.exists()
    assert stored_files() == []
    assert moderation_records() == [
        (
            "photo_moderator_delete",
            user.username,
            "blog.photo",
            str(photo.pk),
            "Low tide",
        )
    ]


def test_it_lets_a_moderator_delete_a_hidden_photo(
    client, photo, moderator, django_capture_on_commit_callbacks
):
    Photo.objects.filter(pk=photo.pk).update(is_hidden=True)
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url(photo), {"confirm": "on"}).status_code == 302
    assert not Photo.objects.exists()
