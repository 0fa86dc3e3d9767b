"""A NUL character in an address, a query string, a form field or a cookie: the
site's 400 page, and nothing changes (PostgreSQL cannot even compare text holding
a NUL)."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from authentication.models import UserFollows
from blog.models import Blog
from testsupport.factories import make_blog

pytestmark = pytest.mark.django_db
BAD_REQUEST_TEXT = "The site cannot read this request"


@pytest.fixture
def member(client, other_creator):
    client.force_login(other_creator)
    return client


@pytest.mark.parametrize(
    "method, path, data",
    [
        ("get", "/creators/?q=%00", {}),
        ("get", "/creators/?q=alice&page=1%00", {}),
        ("get", "/creators/al%00ice/", {}),
        ("get", "/feeds/%00/home.atom", {}),
        ("get", "/%00", {}),
        ("post", "/creators/alice%00/follow/", {"follow": "1"}),
    ],
)
def test_a_nul_in_the_address_answers_the_bad_request_page(
    member, creator, method, path, data
):
    response = getattr(member, method)(path, data)

    assert response.status_code == 400
    assert BAD_REQUEST_TEXT in response.text
    assert not UserFollows.objects.exists()


def test_a_nul_in_the_address_answers_the_same_page_to_visitors(creator):
    response = Client().get("/feeds/%00/home.atom")

    assert response.status_code == 400
    assert BAD_REQUEST_TEXT in response.text


@pytest.mark.parametrize(
    "fields",
    [
        {"title": "New\x00title", "content": "New words."},
        {"title": "New title", "content": "New words.", "note\x00": "x"},
    ],
)
def test_a_nul_in_a_form_field_answers_the_bad_request_page_and_saves_nothing(
    client, creator, fields
):
    blog = make_blog(creator, title="Old title")
    client.force_login(creator)

    response = client.post(reverse("edit_blog", args=[blog.pk]), fields)

    assert response.status_code == 400
    assert BAD_REQUEST_TEXT in response.text
    assert Blog.objects.get().title == "Old title"


def test_a_nul_in_a_cookie_answers_the_bad_request_page(client, creator):
    # Django reads the escape \000 in a quoted cookie value as a NUL.
    cookie = f'{settings.SESSION_COOKIE_NAME}="\\000{"a" * 31}"'

    response = client.get(reverse("home"), HTTP_COOKIE=cookie)

    assert response.status_code == 400
    assert BAD_REQUEST_TEXT in response.text


def test_the_bad_request_page_speaks_the_visitors_language(client, creator):
    response = client.get("/creators/?q=%00", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 400
    assert "Le site ne peut pas lire cette requête" in response.text
