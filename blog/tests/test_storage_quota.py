"""Storage quota: an upload that would take a creator past their space is refused on
every upload page, with a message saying so, and stores nothing at all."""

import pytest
from django.template.defaultfilters import filesizeformat
from django.urls import reverse

from blog.models import Blog, Photo
from images.pipeline import process_photo
from testsupport.factories import image_upload, make_blog
from testsupport.storage import stored_files

pytestmark = pytest.mark.django_db
UPLOAD = reverse("photo_upload")
MULTI_UPLOAD = reverse("create_multiple_photos")
NEW_BLOG = reverse("blog_and_photo_upload")
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def quota(settings) -> int:
    """Room for one test photo (renditions included), not for two."""
    one_photo = process_photo(image_upload()).stored_bytes
    settings.FOTOBLOG_STORAGE_QUOTA_BYTES = one_photo + one_photo // 2
    return settings.FOTOBLOG_STORAGE_QUOTA_BYTES


@pytest.fixture
def logged_in(client, creator, quota):
    client.force_login(creator)
    return client


def quota_text(quota: int) -> str:
    return (
        f"This would take you past your storage space of {filesizeformat(quota)}. "
        "Delete some photos first."
    )


def new_blog(client, title: str):
    return client.post(
        NEW_BLOG,
        {
            "title": title,
            "content": "Words.",
            "is_published": "on",
            "image": image_upload(),
        },
    )


def test_photo_upload_refuses_the_photo_past_the_quota_and_stores_nothing(
    logged_in, quota
):
    assert logged_in.post(UPLOAD, {"image": image_upload()}).status_code == 302
    files = stored_files()

    response = logged_in.post(UPLOAD, {"image": image_upload(), "caption": "more"})

    assert response.status_code == 200
    assert quota_text(quota) in response.text
    assert Photo.objects.count() == 1
    assert stored_files() == files


def test_create_multiple_photos_refuses_past_the_quota_on_the_page(logged_in, quota):
    assert logged_in.post(MULTI_UPLOAD, {"images": [image_upload()]}).status_code == 302
    files = stored_files()

    response = logged_in.post(MULTI_UPLOAD, {"images": [image_upload()]})

    assert response.status_code == 200
    assert quota_text(quota) in response.text
    assert Photo.objects.count() == 1
    assert stored_files() == files


def test_create_multiple_photos_tells_the_pages_script_about_the_quota(
    logged_in, quota
):
    first = logged_in.post(MULTI_UPLOAD, {"images": [image_upload()]}, **JSON)
    assert first.status_code == 200
    files = stored_files()

    response = logged_in.post(MULTI_UPLOAD, {"images": [image_upload()]}, **JSON)

    assert response.status_code == 400
    assert response.json() == {"files": {}, "errors": [quota_text(quota)]}
    assert Photo.objects.count() == 1
    assert stored_files() == files


def test_an_upload_of_several_photos_that_does_not_fit_stores_none_of_them(
    logged_in, quota
):
    response = logged_in.post(
        MULTI_UPLOAD, {"images": [image_upload(), image_upload()]}
    )

    assert response.status_code == 200
    assert quota_text(quota) in response.text
    assert not Photo.objects.exists()
    assert stored_files() == []


def test_blog_and_photo_upload_refuses_past_the_quota_and_creates_no_blog(
    logged_in, quota
):
    assert new_blog(logged_in, "First").status_code == 302
    files = stored_files()

    response = new_blog(logged_in, "Second")

    assert response.status_code == 200
    assert quota_text(quota) in response.text
    assert list(Blog.objects.values_list("title", flat=True)) == ["First"]
    assert Photo.objects.count() == 1
    assert stored_files() == files


def test_edit_blog_refuses_a_new_photo_past_the_quota_and_keeps_the_blog(
    logged_in, creator, quota
):
    blog = make_blog(creator, title="Light", content="Old words.")
    url = reverse("edit_blog", args=[blog.pk])
    data = {"edit_blog": "1", "title": "Light"}
    first = logged_in.post(
        url, {**data, "content": "New words.", "new_image": image_upload()}
    )
    assert first.status_code == 302
    blog.refresh_from_db()
    first_photo = blog.photo
    files = stored_files()

    response = logged_in.post(
        url, {**data, "content": "Newer words.", "new_image": image_upload()}
    )

    assert response.status_code == 200
    assert quota_text(quota) in response.text
    blog.refresh_from_db()
    assert (blog.photo, blog.content) == (first_photo, "New words.")
    assert Photo.objects.count() == 1
    assert stored_files() == files


def test_the_quota_is_per_creator(logged_in, client, other_creator, quota):
    assert logged_in.post(UPLOAD, {"image": image_upload()}).status_code == 302

    client.force_login(other_creator)
    response = client.post(UPLOAD, {"image": image_upload()})

    assert response.status_code == 302
    assert Photo.objects.filter(uploader=other_creator).count() == 1


def test_deleting_a_photo_makes_room_again(logged_in, creator, quota):
    assert logged_in.post(UPLOAD, {"image": image_upload()}).status_code == 302
    photo = Photo.objects.get()
    delete = reverse("photo_delete", args=[photo.pk])
    assert logged_in.post(delete, {"confirm": "on"}).status_code == 302

    response = logged_in.post(UPLOAD, {"image": image_upload()})

    assert response.status_code == 302
    assert Photo.objects.filter(uploader=creator).count() == 1
