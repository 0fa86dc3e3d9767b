"""user_follow: the Follow/Unfollow button of a creator, with or without htmx."""

import re

import pytest
from django.urls import reverse

from authentication.models import User
from testsupport.form_client import FormClient

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def url_of(username: str) -> str:
    return reverse("user_follow", args=[username])


def follows(user: User) -> set[str]:
    return set(User.objects.get(pk=user.pk).follows.values_list("username", flat=True))


def test_it_follows_then_unfollows_and_goes_back_to_next(client, subscriber, creator):
    client.force_login(subscriber)
    back = f"{reverse('creator_list')}?q=ali"

    followed = client.post(url_of("alice"), {"follow": "1", "next": back})

    assert followed.status_code == 302
    assert followed["Location"] == back
    assert follows(subscriber) == {"alice"}
    assert "Unfollow alice" in client.get(back).text

    unfollowed = client.post(url_of("alice"), {"follow": "0", "next": back})

    assert unfollowed["Location"] == back
    assert follows(subscriber) == set()
    assert "Follow alice" in client.get(back).text


def test_it_follows_once_however_often_one_clicks(
    client, subscriber, other_creator, creator
):
    client.force_login(subscriber)
    client.post(url_of("alice"), {"follow": "1"})
    client.post(url_of("alice"), {"follow": "1"})
    assert follows(subscriber) == {"alice"}
    assert "1 follower<" in client.get(reverse("creator_detail", args=["alice"])).text


def test_it_goes_back_to_the_creators_page_without_next(client, subscriber, creator):
    client.force_login(subscriber)
    response = client.post(url_of("alice"), {"follow": "1"})
    assert response["Location"] == reverse("creator_detail", args=["alice"])


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/creators/", "http:evil"]
)
def test_it_ignores_an_off_site_next(client, subscriber, creator, next_url):
    client.force_login(subscriber)

    response = client.post(url_of("alice"), {"follow": "1", "next": next_url})

    assert response["Location"] == reverse("creator_detail", args=["alice"])
    assert follows(subscriber) == {"alice"}


def test_it_answers_htmx_with_the_new_button_only(
    client, subscriber, creator, other_creator
):
    other_creator.follows.add(creator)
    client.force_login(subscriber)

    followed = client.post(url_of("alice"), {"follow": "1"}, **HTMX)

    assert followed.status_code == 200
    assert "<html" not in followed.text
    assert followed.text.startswith("<form ")
    assert f'id="follow-{creator.pk}"' in followed.text
    assert "2 followers" in followed.text
    assert "Unfollow alice" in followed.text
    assert 'name="follow" value="0"' in followed.text
    assert follows(subscriber) == {"alice"}

    unfollowed = client.post(url_of("alice"), {"follow": "0"}, **HTMX)

    assert "<html" not in unfollowed.text
    assert "1 follower<" in unfollowed.text
    assert "Follow alice" in unfollowed.text and "Unfollow" not in unfollowed.text
    assert 'name="follow" value="1"' in unfollowed.text
    assert follows(subscriber) == set()


@pytest.mark.parametrize("username", ["alice", "charlie", "ivan", "nobody"])
def test_it_answers_404_for_oneself_a_subscriber_an_inactive_or_unknown_user(
    client, creator, subscriber, inactive_creator, other_creator, username
):
    creator.follows.add(other_creator)
    client.force_login(creator)

    for headers in ({}, HTMX):
        response = client.post(url_of(username), {"follow": "1"}, **headers)
        assert response.status_code == 404

    assert follows(creator) == {"bob"}


def test_it_answers_404_to_unfollowing_a_subscriber(client, creator, subscriber):
    client.force_login(subscriber)
    response = client.post(url_of("charlie"), {"follow": "0"})
    assert response.status_code == 404


def test_it_accepts_the_button_of_the_creators_page_with_its_csrf_token(
    subscriber, creator
):
    client = FormClient(enforce_csrf_checks=True)
    client.force_login(subscriber)
    page = client.get(reverse("creator_detail", args=["alice"])).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]

    response = client.post(
        url_of("alice"), {"follow": "1", "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302
    assert follows(subscriber) == {"alice"}


def test_it_unfollows_a_creator_deactivated_or_demoted_since(
    client, subscriber, creator, other_creator
):
    subscriber.follows.add(creator, other_creator)
    User.objects.filter(pk=creator.pk).update(is_active=False)
    client.force_login(subscriber)

    refollowed = client.post(url_of("alice"), {"follow": "1"})
    assert refollowed.status_code == 404
    unfollowed = client.post(url_of("alice"), {"follow": "0"}, **HTMX)
    assert unfollowed.status_code == 200
    assert "Follow alice" not in unfollowed.text
    assert follows(subscriber) == {"bob"}

    other_creator.role = User.SUBSCRIBER
    other_creator.save()
    assert follows(subscriber) == set()
