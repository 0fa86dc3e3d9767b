"""The main pages' HTML, as the server sends it, holds no <img> without a picture.

An <img> needs a non-empty `src` (HTML's content model), even one inside a
<template>: validators and some browsers' preloaders read it there too.
"""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from authentication.models import User
from testsupport.factories import make_blog, make_photo, make_user

pytestmark = pytest.mark.django_db


class ImagesWithoutSource(HTMLParser):
    """Collect every <img> tag of a page that has no `src`, or an empty one."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img" and not dict(attrs).get("src"):
            self.found.append(self.get_starttag_text())


def images_without_source(html: str) -> list[str]:
    parser = ImagesWithoutSource()
    parser.feed(html)
    parser.close()
    return parser.found


@pytest.fixture
def member_pages(client) -> list[str]:
    """Alice, logged in, with a photo in a blog: the pages she sees, with content."""
    alice = make_user("alice", User.CREATOR)
    photo = make_photo(alice, "Harbour light")
    blog = make_blog(alice, title="Harbour at noon", photo=photo)
    client.force_login(alice)
    return [
        reverse("home"),
        reverse("photo_feed"),
        reverse("my_blogs"),
        reverse("view_blog", args=[blog.pk]),
        reverse("edit_blog", args=[blog.pk]),
        reverse("creator_list"),
        reverse("photo_upload"),
        reverse("create_multiple_photos"),
        reverse("blog_and_photo_upload"),
        reverse("photo_edit", args=[photo.pk]),
        reverse("photo_detail", args=[photo.pk]),
    ]


def test_no_img_of_a_members_page_is_without_a_src(client, member_pages):
    found = {}
    for url in member_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        if images := images_without_source(response.text):
            found[url] = images

    assert found == {}


def test_no_img_of_the_login_page_is_without_a_src(client):
    response = client.get(reverse("login"))

    assert images_without_source(response.text) == []
