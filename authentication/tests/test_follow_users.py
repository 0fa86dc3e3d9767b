"""follow_users: a member picks the creators whose work fills their feed."""

import re

import pytest
from django.urls import reverse

from authentication.models import User
from testsupport.factories import make_user
from testsupport.form_client import FormClient

pytestmark = pytest.mark.django_db
URL = reverse("follow_users")


def offered(response) -> set[int]:
    """Return the pks of the creators the page offers as checkboxes."""
    return {
        int(pk)
        for pk in re.findall(
            r'type="checkbox" name="follows" value="(\d+)"', response.text
        )
    }


def follows(user: User) -> set[str]:
    return set(User.objects.get(pk=user.pk).follows.values_list("username", flat=True))


def test_it_offers_active_creators_but_never_subscribers(
    client, subscriber, creator, other_creator
):
    make_user("dormant", User.CREATOR, is_active=False)
    make_user("sophie", User.SUBSCRIBER)
    client.force_login(subscriber)

    response = client.get(URL)

    assert response.status_code == 200
    assert offered(response) == {creator.pk, other_creator.pk}
    assert "Creators you follow" in response.text


def test_it_does_not_offer_a_creator_themselves(client, creator, other_creator):
    client.force_login(creator)
    response = client.get(URL)
    assert offered(response) == {other_creator.pk}


def test_it_says_when_there_is_nobody_to_follow(client, creator, subscriber):
    client.force_login(creator)
    response = client.get(URL)
    assert offered(response) == set()
    assert "There are no creators to follow yet." in response.text


def test_it_follows_and_unfollows_creators(client, subscriber, creator, other_creator):
    client.force_login(subscriber)

    response = client.post(URL, {"follows": [creator.pk, other_creator.pk]})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert follows(subscriber) == {"alice", "bob"}
    page = client.get(URL)
    assert "Your follows are updated." in page.text
    assert page.text.count("checked") == 2

    client.post(URL, {"follows": [other_creator.pk]})
    assert follows(subscriber) == {"bob"}


def test_it_unfollows_everybody_when_no_box_is_ticked(subscriber, creator):
    subscriber.follows.add(creator)
    client = FormClient(enforce_csrf_checks=True)
    client.force_login(subscriber)
    client.get(URL)

    # No box ticked and the CSRF token in a header (as htmx sends it): an empty body.
    response = client.post(
        URL, {}, headers={"X-CSRFToken": client.cookies["csrftoken"].value}
    )

    assert response.status_code == 302
    assert follows(subscriber) == set()


def test_it_lets_a_creator_follow_another_creator(client, creator, other_creator):
    client.force_login(creator)
    response = client.post(URL, {"follows": [other_creator.pk]})
    assert response.status_code == 302
    assert follows(creator) == {"bob"}


@pytest.mark.parametrize("target", ["subscriber", "self", "inactive"])
def test_it_refuses_a_forged_post_and_changes_nothing(
    client, creator, other_creator, subscriber, target
):
    creator.follows.add(other_creator)
    forged = {
        "subscriber": subscriber,
        "self": creator,
        "inactive": make_user("dormant", User.CREATOR, is_active=False),
    }[target]
    client.force_login(creator)

    response = client.post(URL, {"follows": [other_creator.pk, forged.pk]})

    assert response.status_code == 200
    assert (
        f"Select a valid choice. {forged.pk} is not one of the available choices."
        in response.text
    )
    assert follows(creator) == {"bob"}


def test_it_lets_a_member_untick_a_creator_deactivated_since(
    client, subscriber, creator, other_creator
):
    subscriber.follows.add(creator, other_creator)
    User.objects.filter(pk=creator.pk).update(is_active=False)
    client.force_login(subscriber)

    page = client.get(URL)
    assert offered(page) == {creator.pk, other_creator.pk}
    assert page.text.count("checked") == 2

    client.post(URL, {"follows": [creator.pk]})
    assert follows(subscriber) == {"alice"}
    client.post(URL, {"follows": []})
    assert follows(subscriber) == set()
