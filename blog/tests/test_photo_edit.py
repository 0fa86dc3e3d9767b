"""photo_edit: the uploader changes a photo's caption, never its picture."""

import pytest
from django.urls import reverse

from blog.models import Photo
from testsupport.factories import image_upload, make_photo
from testsupport.storage import stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def photo(creator):
    return make_photo(creator, "Low tide")


def url(photo: Photo) -> str:
    return reverse("photo_edit", args=[photo.pk])


def stored_bytes(photo: Photo) -> bytes:
    with photo.image.storage.open(photo.image.name) as stored:
        return stored.read()


def assert_untouched(photo: Photo, caption: str = "Low tide") -> None:
    saved = Photo.objects.get(pk=photo.pk)
    assert saved.caption == caption
    assert saved.image.name == photo.image.name
    assert stored_bytes(saved) == stored_bytes(photo)
    assert stored_files() == [photo.image.name]


def test_it_shows_the_uploader_the_photo_and_its_caption(client, photo, creator):
    client.force_login(creator)
    response = client.get(url(photo))
    assert response.status_code == 200
    assert f'src="{photo.image.url}"' in response.text
    assert 'name="caption" value="Low tide"' in response.text


def test_it_saves_a_new_caption_and_keeps_the_stored_file(client, photo, creator):
    before = stored_bytes(photo)
    client.force_login(creator)
    response = client.post(url(photo), {"caption": "High tide"})

    assert response.status_code == 302
    assert response["Location"] == reverse("photo_feed")
    saved = Photo.objects.get(pk=photo.pk)
    assert saved.caption == "High tide"
    assert saved.image.name == photo.image.name
    assert (saved.width, saved.height) == (photo.width, photo.height)
    assert stored_bytes(saved) == before
    assert stored_files() == [photo.image.name]
    page = client.get(response["Location"])
    assert "The caption is saved." in page.text
    assert "<figcaption>High tide</figcaption>" in page.text


def test_it_refuses_a_forged_image_in_the_post_unread(client, photo, creator):
    client.force_login(creator)
    response = client.post(
        url(photo), {"caption": "High tide", "image": image_upload("forged.jpg")}
    )
    assert response.status_code == 415
    assert "This page takes no files" in response.text
    assert_untouched(photo)


def test_it_refuses_a_caption_too_long(client, photo, creator):
    client.force_login(creator)
    response = client.post(url(photo), {"caption": "x" * 129})
    assert response.status_code == 200
    assert "Ensure this value has at most 128 characters" in response.text
    assert_untouched(photo)


def test_it_lets_a_superuser_edit_any_caption(client, photo, superuser):
    client.force_login(superuser)
    assert client.post(url(photo), {"caption": "Fixed"}).status_code == 302
    assert_untouched(photo, caption="Fixed")


def test_it_lets_the_uploader_edit_their_hidden_photo(client, photo, creator):
    Photo.objects.filter(pk=photo.pk).update(is_hidden=True)
    client.force_login(creator)
    assert client.post(url(photo), {"caption": "Still mine"}).status_code == 302
    assert_untouched(photo, caption="Still mine")
