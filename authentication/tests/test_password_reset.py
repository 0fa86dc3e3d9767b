"""Password reset by email: public, says the same whether the address is known or
not, and its link works once, for a password the validators accept."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from testsupport.factories import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = reverse("login")
URL = reverse("password_reset")
NEW_PASSWORD = "amber-lantern-quietly-sways"
LINK = re.compile(r"http://testserver(/password/reset/[^/\s]+/[^/\s]+/)")


@pytest.fixture
def alice(creator):
    creator.email = "alice@example.com"
    creator.save()
    return creator


def ask_for_a_link(client, email: str = "alice@example.com"):
    return client.post(URL, {"email": email}, follow=True)


def link_in(message) -> str:
    (path,) = LINK.findall(message.body)
    return path


def set_password(client, link: str, password: str):
    form = client.get(link, follow=True)
    assert form.status_code == 200
    assert "Choose a new password" in form.text
    form_url = form.redirect_chain[-1][0]
    return client.post(form_url, {"new_password1": password, "new_password2": password})


def logs_in(client, password: str) -> bool:
    response = client.post(LOGIN, {"username": "alice", "password": password})
    client.logout()
    return response.status_code == 302


def test_the_login_page_links_to_the_reset_form(client):
    response = client.get(LOGIN)

    assert f'<a href="{URL}">Forgot your password?</a>' in response.text


def test_the_reset_form_is_public(client):
    response = client.get(URL)

    assert response.status_code == 200
    assert "Reset your password" in response.text
    assert 'name="email"' in response.text


def test_asking_sends_alice_one_email_with_a_link(client, alice):
    response = ask_for_a_link(client)

    assert response.redirect_chain == [(reverse("password_reset_done"), 302)]
    assert "Check your email" in response.text
    (message,) = mail.outbox
    assert message.to == ["alice@example.com"]
    assert "Hello alice" in message.body
    assert link_in(message).startswith("/password/reset/")


def test_the_link_lets_her_set_a_new_password_and_the_old_one_stops_working(
    client, alice
):
    ask_for_a_link(client)
    link = link_in(mail.outbox[0])

    response = set_password(client, link, NEW_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_complete")
    assert "Your new password is set" in client.get(response["Location"]).text
    assert not logs_in(client, PASSWORD)
    assert logs_in(client, NEW_PASSWORD)


def test_the_password_validators_refuse_a_too_common_password(client, alice):
    ask_for_a_link(client)

    response = set_password(client, link_in(mail.outbox[0]), "qwertyuiop")

    assert response.status_code == 200
    assert "This password is too common." in response.text
    assert logs_in(client, PASSWORD)


def test_an_unknown_email_gets_the_same_page_and_no_email(client, alice):
    response = ask_for_a_link(client, "nobody@example.com")

    assert response.redirect_chain == [(reverse("password_reset_done"), 302)]
    assert "Check your email" in response.text
    assert mail.outbox == []


def test_a_used_link_no_longer_works(client, alice):
    ask_for_a_link(client)
    link = link_in(mail.outbox[0])
    assert set_password(client, link, NEW_PASSWORD).status_code == 302

    response = client.get(link, follow=True)

    assert response.status_code == 200
    assert "This link no longer works" in response.text
    assert 'name="new_password1"' not in response.text
