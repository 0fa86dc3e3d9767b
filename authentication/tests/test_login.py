"""login: public, sends members where they were going, never loops."""

import pytest
from django.urls import reverse

from testsupport.factories import PASSWORD

pytestmark = pytest.mark.django_db
URL = reverse("login")
UPLOAD = reverse("photo_upload")


def test_it_has_the_course_path():
    assert URL == "/login/"


def test_it_shows_the_login_page_to_an_anonymous_visitor(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert 'name="username"' in response.text
    assert 'name="password"' in response.text
    assert reverse("signup") in response.text


def test_it_logs_a_member_in_and_sends_them_home(client, creator):
    response = client.post(URL, {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    assert int(client.session["_auth_user_id"]) == creator.pk


def test_it_sends_a_member_to_the_next_page_after_login(client, creator):
    next_url = reverse("photo_feed")
    response = client.get(next_url)
    assert response["Location"] == f"{URL}?next={next_url}"

    login_page = client.get(response["Location"])
    assert f'name="next" value="{next_url}"' in login_page.text

    response = client.post(
        URL, {"username": "alice", "password": PASSWORD, "next": next_url}
    )
    assert response.status_code == 302
    assert response["Location"] == next_url
    assert client.get(next_url).status_code == 200


def test_it_ignores_a_next_url_on_another_site(client, creator):
    response = client.post(
        URL,
        {"username": "alice", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_it_refuses_a_wrong_password(client, creator):
    response = client.post(URL, {"username": "alice", "password": "wrong-password"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.text
    assert "_auth_user_id" not in client.session


def test_it_refuses_an_inactive_member(client, creator):
    creator.is_active = False
    creator.save()
    response = client.post(URL, {"username": "alice", "password": PASSWORD})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.text
    assert "_auth_user_id" not in client.session


def test_it_sends_a_logged_in_member_home_instead_of_the_form(client, subscriber):
    client.force_login(subscriber)
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_it_shows_a_403_not_a_redirect_loop_to_a_subscriber_on_a_creator_page(
    client, subscriber
):
    response = client.post(
        URL,
        {"username": "charlie", "password": PASSWORD, "next": UPLOAD},
        follow=True,
    )
    assert response.redirect_chain == [(UPLOAD, 302)]
    assert response.status_code == 403
    assert "You are not allowed to do this" in response.text

    # Coming back to the login page with the same next page: still one hop, a 403.
    response = client.get(f"{URL}?next={UPLOAD}", follow=True)
    assert response.redirect_chain == [(UPLOAD, 302)]
    assert response.status_code == 403
