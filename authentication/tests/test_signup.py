"""signup: a visitor becomes a creator or a subscriber, logged in at once."""

import re

import pytest
from django.urls import reverse

from authentication.models import User
from testsupport.actors import group_names
from testsupport.factories import PASSWORD, signup_data

pytestmark = pytest.mark.django_db
URL = reverse("signup")


def test_it_shows_the_form_to_an_anonymous_visitor(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "Create my account" in response.text
    assert 'value="CREATOR"' in response.text
    assert 'value="SUBSCRIBER"' in response.text


def test_it_signs_up_a_creator_logs_them_in_and_sends_them_home(client):
    response = client.post(URL, signup_data(), follow=True)

    assert response.redirect_chain == [(reverse("home"), 302)]
    assert response.status_code == 200
    user = User.objects.get(username="dora")
    assert (user.email, user.role) == ("dora@example.com", User.CREATOR)
    assert user.check_password(PASSWORD)
    assert response.context["user"] == user
    assert "Welcome to fotoblog, dora!" in response.text
    assert group_names(user) == {"creators"}
    # The role's permissions work on the very first page.
    assert f'href="{reverse("photo_upload")}"' in response.text
    assert f'href="{reverse("blog_and_photo_upload")}"' in response.text


def test_it_signs_up_a_subscriber_with_only_the_subscribers_permissions(client):
    response = client.post(URL, signup_data(role=User.SUBSCRIBER), follow=True)

    assert response.redirect_chain == [(reverse("home"), 302)]
    assert response.status_code == 200
    user = User.objects.get(username="dora")
    assert user.role == User.SUBSCRIBER
    assert response.context["user"] == user
    assert group_names(user) == {"subscribers"}
    assert f'href="{reverse("photo_upload")}"' not in response.text
    assert client.get(reverse("photo_feed")).status_code == 200
    assert client.get(reverse("photo_upload")).status_code == 403


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"password2": "another-horse-battery"}, "The two password fields didn"),
        (
            {"password1": "password123", "password2": "password123"},
            "This password is too common.",
        ),
        ({"role": ""}, "This field is required."),
        ({"role": "MODERATOR"}, "Select a valid choice."),
    ],
    ids=["password-mismatch", "common-password", "missing-role", "unknown-role"],
)
def test_it_re_renders_invalid_data_with_a_message_and_creates_no_user(
    client, overrides, message
):
    response = client.post(URL, signup_data(**overrides))

    assert response.status_code == 200
    assert message in response.text
    assert 'value="dora"' in response.text
    assert not User.objects.filter(username="dora").exists()
    assert "_auth_user_id" not in client.session


def test_it_answers_an_empty_post_with_the_missing_fields(client):
    response = client.post(URL, {})
    assert response.status_code == 200
    assert response.text.count("This field is required.") == 4
    assert not User.objects.exists()


def test_it_refuses_a_username_that_is_taken(client, creator):
    response = client.post(URL, signup_data(username=creator.username))

    assert response.status_code == 200
    assert "A user with that username already exists." in response.text
    assert User.objects.filter(username=creator.username).count() == 1
    assert User.objects.count() == 1
    assert "_auth_user_id" not in client.session


def test_it_sends_a_logged_in_user_home(client, subscriber):
    client.force_login(subscriber)

    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")

    response = client.post(URL, signup_data())
    assert response.status_code == 302
    assert not User.objects.filter(username="dora").exists()


def errors_under(response, field: str) -> str:
    """The errors the page shows in the box of one field, as text."""
    after = response.text.split(f'id="id_{field}"', 1)[1]
    html = after.split('<div class="field', 1)[0]
    return html.split('class="errors"', 1)[1] if 'class="errors"' in html else ""


def test_it_shows_a_too_short_password_error_under_the_password_field(client):
    response = client.post(URL, signup_data(password1="Kq7#", password2="Kq7#"))

    assert response.status_code == 200
    assert "This password is too short." in errors_under(response, "password1")
    assert "too short" not in errors_under(response, "password2")
    assert not User.objects.filter(username="dora").exists()


def test_the_browser_refuses_a_too_short_password_before_sending(client):
    response = client.get(URL)

    for field in ("password1", "password2"):
        (tag,) = re.findall(rf'<input[^>]*id="id_{field}"[^>]*>', response.text)
        assert 'minlength="8"' in tag, field


def test_it_says_what_a_creator_and_a_subscriber_may_do(client):
    response = client.get(URL)

    assert "Publish photos and posts" in response.text
    assert "Follow photographers and read their work" in response.text
