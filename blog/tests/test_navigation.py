"""The header shows each link only to the people who may use it."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from authentication.models import User
from testsupport.factories import make_user

pytestmark = pytest.mark.django_db

UPLOAD = f'href="{reverse("photo_upload")}"'
NEW_POST = f'href="{reverse("blog_and_photo_upload")}"'
MY_POSTS = f'href="{reverse("my_blogs")}"'


def header_of(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.text.split("</header>")[0]


def test_it_shows_the_new_menu_and_my_posts_to_a_creator(client, creator):
    header = header_of(client, creator)
    assert ">New</span>" in header
    for link in (UPLOAD, NEW_POST, MY_POSTS):
        assert link in header
    assert "My posts" in header


def test_it_hides_the_new_menu_from_a_subscriber(client, subscriber):
    header = header_of(client, subscriber)
    assert ">New</span>" not in header
    for link in (UPLOAD, NEW_POST, MY_POSTS):
        assert link not in header
    assert ">Discover</span>" in header


def test_it_shows_the_upload_link_to_a_subscriber_granted_add_photo(client, subscriber):
    subscriber.user_permissions.add(Permission.objects.get(codename="add_photo"))
    header = header_of(client, User.objects.get(pk=subscriber.pk))
    assert UPLOAD in header
    assert NEW_POST not in header


def test_it_names_the_atom_page_feed_links_apart_from_the_feed(client, subscriber):
    header = header_of(client, subscriber)
    assert f'href="{reverse("feed_links")}">Feed links</a>' in header
    assert ">Feeds<" not in header


def test_it_links_a_creator_to_their_own_page_but_not_a_subscriber(
    client, creator, subscriber
):
    own_page = f'href="{reverse("creator_detail", args=[creator.username])}"'
    assert own_page in header_of(client, creator)
    assert ">Your page<" not in header_of(client, subscriber)


def test_it_marks_where_the_member_is(client, subscriber):
    client.force_login(subscriber)
    header = client.get(reverse("photo_feed")).text.split("</header>")[0]
    photos = header.split(f'href="{reverse("photo_feed")}"', 1)[1].split(">", 1)[0]
    assert 'aria-current="page"' in photos


def test_it_logs_out_with_a_post_form_not_a_link(client, subscriber):
    header = header_of(client, subscriber)
    assert f'<form method="post" action="{reverse("logout")}"' in header


def test_it_shows_login_and_signup_to_an_anonymous_visitor(client):
    response = client.get(reverse("login"))
    header = response.text.split("</header>")[0]
    assert "Log in" in header and "Sign up" in header
    assert UPLOAD not in header


def test_it_hides_creator_links_once_a_creator_becomes_a_subscriber(client):
    user = make_user("dana", User.CREATOR)
    user.role = User.SUBSCRIBER
    user.save()
    header = header_of(client, user)
    assert UPLOAD not in header
