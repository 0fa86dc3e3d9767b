"""logout: only by POST, so that a link or an image cannot log a member out."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
URL = reverse("logout")
HOME = reverse("home")


def test_it_refuses_a_get_and_keeps_the_member_logged_in(client, creator):
    client.force_login(creator)

    response = client.get(URL)

    assert response.status_code == 405
    assert response["Allow"] == "POST, OPTIONS"
    assert int(client.session["_auth_user_id"]) == creator.pk
    assert client.get(HOME).status_code == 200


def test_it_logs_out_on_post_and_sends_the_visitor_to_the_login_page(client, creator):
    client.force_login(creator)

    response = client.post(URL)

    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={HOME}"


def test_it_offers_a_logout_button_that_posts(client, creator):
    client.force_login(creator)
    response = client.get(HOME)
    assert f'<form method="post" action="{URL}"' in response.text
    assert "Log out" in response.text
