"""The header shows each link only to the people who may use it."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from authentication.models import User
from testsupport.factories import make_user

pytestmark = pytest.mark.django_db

CREATOR_LINKS = ["Upload a Photo", "Upload Multiple Photos", "Create Blog"]


def header_of(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.text.split("</header>")[0]


def test_it_shows_the_upload_and_blog_links_to_a_creator(client, creator):
    header = header_of(client, creator)
    for link in CREATOR_LINKS:
        assert link in header


def test_it_hides_the_upload_and_blog_links_from_a_subscriber(client, subscriber):
    header = header_of(client, subscriber)
    for link in CREATOR_LINKS:
        assert link not in header
    assert "Discover creators" in header


def test_it_shows_the_upload_link_to_a_subscriber_granted_add_photo(client, subscriber):
    subscriber.user_permissions.add(Permission.objects.get(codename="add_photo"))
    header = header_of(client, User.objects.get(pk=subscriber.pk))
    assert "Upload a Photo" in header
    assert "Create Blog" not in header


def test_it_logs_out_with_a_post_form_not_a_link(client, subscriber):
    header = header_of(client, subscriber)
    assert f'<form method="post" action="{reverse("logout")}"' in header


def test_it_shows_login_and_signup_to_an_anonymous_visitor(client):
    response = client.get(reverse("login"))
    header = response.text.split("</header>")[0]
    assert "Log in" in header and "Sign up" in header
    assert "Upload a Photo" not in header


def test_it_hides_creator_links_once_a_creator_becomes_a_subscriber(client):
    user = make_user("dana", User.CREATOR)
    user.role = User.SUBSCRIBER
    user.save()
    header = header_of(client, user)
    assert "Upload a Photo" not in header
