"""blog_and_photo_upload: a creator publishes a blog and its photo in one form."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from blog.models import Blog, BlogContributor, Photo
from testsupport.factories import image_upload
from testsupport.storage import stored_files

pytestmark = pytest.mark.django_db
URL = reverse("blog_and_photo_upload")


def form_data(**changes) -> dict:
    data = {
        "title": "Mountains at dawn",
        "content": "We left before sunrise.",
        "image": image_upload("dawn.jpg"),
        "caption": "The ridge",
        "is_published": "on",
    }
    return {**data, **changes}


def assert_nothing_saved() -> None:
    assert not Blog.objects.exists()
    assert not Photo.objects.exists()
    assert not BlogContributor.objects.exists()
    assert stored_files() == []


def test_it_has_the_course_path():
    assert URL == "/blog/create/"


def test_it_opens_the_upload_page_with_make_a_post_chosen(client, creator):
    client.force_login(creator)
    response = client.get(URL)
    assert response.status_code == 200
    assert 'name="title"' in response.text
    assert 'type="file" name="images"' in response.text
    assert re.search(r'<input [^>]*value="post"[^>]*checked', response.text)
    assert not re.search(r'<input [^>]*value="photos"[^>]*checked', response.text)


def test_it_publishes_a_blog_with_its_photo_and_its_author(
    client, creator, photo_worker
):
    client.force_login(creator)
    with photo_worker():
        response = client.post(URL, form_data())

    blog = Blog.objects.get()
    assert response.status_code == 302
    assert response["Location"] == blog.get_absolute_url()
    assert (blog.title, blog.content) == (
        "Mountains at dawn",
        "We left before sunrise.",
    )
    photo = Photo.objects.get()
    assert (blog.photo, photo.uploader, photo.caption) == (photo, creator, "The ridge")
    assert (blog.owner, blog.is_published) == (creator, True)
    contribution = BlogContributor.objects.get()
    assert (contribution.blog, contribution.contributor) == (blog, creator)
    assert stored_files() == [photo.image.name]
    page = client.get(response["Location"])
    assert "Your post is published." in page.text
    assert "Mountains at dawn" in page.text
    assert "Draft: only its authors see it." not in page.text


def test_it_offers_to_publish_now_ticked_by_default(client, creator):
    client.force_login(creator)
    response = client.get(URL)
    checkbox = re.search(r'<input [^>]*name="is_published"[^>]*>', response.text)
    assert checkbox is not None
    assert 'type="checkbox"' in checkbox.group(0)
    assert "checked" in checkbox.group(0)
    assert "Publish now" in response.text


def test_it_keeps_an_unticked_blog_as_a_draft_only_its_author_sees(
    client, creator, other_creator
):
    data = form_data()
    del data["is_published"]
    client.force_login(creator)
    response = client.post(URL, data)

    blog = Blog.objects.get()
    assert response.status_code == 302
    assert (blog.owner, blog.is_published) == (creator, False)
    page = client.get(response["Location"])
    assert "Your draft is saved. Only its authors see it." in page.text
    assert "Draft: only its authors see it." in page.text
    client.force_login(other_creator)
    assert client.get(blog.get_absolute_url()).status_code == 404


def test_it_saves_nothing_when_the_blog_has_no_title(client, creator):
    client.force_login(creator)
    response = client.post(URL, form_data(title=""))
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert_nothing_saved()


def test_it_saves_nothing_when_the_photo_is_not_an_image(client, creator):
    not_an_image = SimpleUploadedFile("notes.jpg", b"<html>hi</html>", "image/jpeg")
    client.force_login(creator)
    response = client.post(URL, form_data(image=not_an_image))
    assert response.status_code == 200
    assert "notes.jpg is not a JPEG, PNG, WebP or HEIC picture." in response.text
    assert_nothing_saved()


def test_it_saves_nothing_when_the_photo_is_missing(client, creator):
    client.force_login(creator)
    data = form_data()
    del data["image"]
    response = client.post(URL, data)
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert_nothing_saved()
