"""follow_users: the old "Follow creators" page now sends members to Discover."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_sends_a_member_to_discover_for_good(client, subscriber):
    client.force_login(subscriber)

    response = client.get(reverse("follow_users"))

    assert response.status_code == 301
    assert response["Location"] == reverse("creator_list")


def test_it_changes_no_follow_when_posted_to(client, subscriber, creator):
    client.force_login(subscriber)

    response = client.post(reverse("follow_users"), {"follows": [creator.pk]})

    assert response.status_code == 405
    assert not subscriber.follows.exists()
