"""password_change: a member changes their password and stays logged in."""

import pytest
from django.urls import reverse

from testsupport.factories import PASSWORD

pytestmark = pytest.mark.django_db
URL = reverse("password_change")
DONE = reverse("password_change_done")
NEW_PASSWORD = "a-brand-new-secret-phrase"


def change_data(old_password: str = PASSWORD) -> dict[str, str]:
    return {
        "old_password": old_password,
        "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
    }


def test_it_shows_the_form_to_a_member(client, subscriber):
    client.force_login(subscriber)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Change your password" in response.text
    assert 'name="old_password"' in response.text


def test_it_refuses_a_wrong_old_password_and_keeps_the_password(client, creator):
    client.force_login(creator)

    response = client.post(URL, change_data(old_password="not-my-password"))

    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.text
    creator.refresh_from_db()
    assert creator.check_password(PASSWORD)
    assert not creator.check_password(NEW_PASSWORD)


def test_it_refuses_a_new_password_that_is_too_common(client, creator):
    client.force_login(creator)

    response = client.post(
        URL,
        {
            "old_password": PASSWORD,
            "new_password1": "password123",
            "new_password2": "password123",
        },
    )

    assert response.status_code == 200
    assert "This password is too common." in response.text
    creator.refresh_from_db()
    assert creator.check_password(PASSWORD)


def test_it_changes_the_password_and_keeps_the_member_logged_in(client, creator):
    client.force_login(creator)

    response = client.post(URL, change_data(), follow=True)

    assert response.redirect_chain == [(DONE, 302)]
    assert response.status_code == 200
    assert "Your new password is in place." in response.text
    creator.refresh_from_db()
    assert creator.check_password(NEW_PASSWORD)
    assert not creator.check_password(PASSWORD)
    # The session survived the new password hash.
    assert client.get(reverse("home")).status_code == 200

    client.post(reverse("logout"))
    old = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert old.status_code == 200
    new = client.post(reverse("login"), {"username": "alice", "password": NEW_PASSWORD})
    assert new.status_code == 302
