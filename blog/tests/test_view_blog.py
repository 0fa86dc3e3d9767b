"""view_blog: any member reads a blog; only its contributing creators may edit it."""

import pytest
from django.urls import reverse

from blog.models import BlogContributor
from fotoblog.testing import make_blog, make_photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def blog(creator, other_creator):
    blog = make_blog(
        title="Sea and salt",
        content="Three days on the Atlantic coast.",
        photo=make_photo(creator, "Low tide"),
    )
    BlogContributor.objects.create(
        blog=blog, contributor=creator, contribution="Primary author"
    )
    BlogContributor.objects.create(
        blog=blog, contributor=other_creator, contribution="Second photographer"
    )
    return blog


def url(blog_id: int) -> str:
    return reverse("view_blog", args=[blog_id])


def test_it_sends_an_anonymous_visitor_to_the_login_page(client, blog):
    response = client.get(url(blog.pk))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url(blog.pk)}"


@pytest.mark.parametrize("reader", ["creator", "other_creator", "subscriber"])
def test_it_shows_the_blog_with_its_contributors_and_their_notes(
    client, blog, reader, request
):
    client.force_login(request.getfixturevalue(reader))
    response = client.get(url(blog.pk))

    assert response.status_code == 200
    assert "<h1>Sea and salt</h1>" in response.text
    assert "Three days on the Atlantic coast." in response.text
    assert "<figcaption>Low tide</figcaption>" in response.text
    assert "alice — Primary author" in response.text
    assert "bob — Second photographer" in response.text


def test_it_shows_a_blog_without_a_photo(client, creator, subscriber):
    blog = make_blog(creator, title="Words only")
    client.force_login(subscriber)
    response = client.get(url(blog.pk))
    assert response.status_code == 200
    assert "<h1>Words only</h1>" in response.text
    assert "<figure" not in response.text


def test_it_shows_the_sites_404_page_for_a_missing_blog(client, subscriber):
    client.force_login(subscriber)
    response = client.get(url(999))
    assert response.status_code == 404
    assert "This page does not exist" in response.text


def test_it_shows_the_edit_link_to_a_contributing_creator(client, blog, creator):
    client.force_login(creator)
    response = client.get(url(blog.pk))
    assert "Edit Blog" in response.text
    assert f'href="{reverse("edit_blog", args=[blog.pk])}"' in response.text


def test_it_hides_the_edit_link_from_a_subscriber(client, blog, subscriber):
    client.force_login(subscriber)
    response = client.get(url(blog.pk))
    assert response.status_code == 200
    assert "Edit Blog" not in response.text
    assert reverse("edit_blog", args=[blog.pk]) not in response.text


def test_it_hides_the_edit_link_from_a_creator_who_did_not_contribute(
    client, creator, other_creator
):
    blog = make_blog(creator, title="Alone")
    client.force_login(other_creator)
    response = client.get(url(blog.pk))
    assert response.status_code == 200
    assert "<h1>Alone</h1>" in response.text
    assert "Edit Blog" not in response.text
    assert reverse("edit_blog", args=[blog.pk]) not in response.text
