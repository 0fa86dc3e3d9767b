"""Rate limits: past the hourly limit a POST gets the "slow down" page and changes
nothing; reading pages is never limited, and one member's limit is only theirs."""

import pytest
from django.core import mail
from django.urls import reverse

from authentication.models import User
from blog.models import Blog, Photo
from testsupport.factories import PASSWORD, image_upload
from testsupport.storage import stored_files

pytestmark = pytest.mark.django_db
SIGNUP = reverse("signup")
PASSWORD_RESET = reverse("password_reset")
UPLOAD = reverse("photo_upload")
MULTI_UPLOAD = reverse("create_multiple_photos")
NEW_BLOG = reverse("blog_and_photo_upload")
ADDRESS = "203.0.113.5"
SLOW_DOWN = "That was a lot in a short time"


def follow_url(creator) -> str:
    return reverse("user_follow", args=[creator.username])


@pytest.fixture(autouse=True)
def _low_limits(settings):
    settings.FOTOBLOG_RATE_LIMITS = {
        "signup": 2,
        "upload": 2,
        "follow": 2,
        "password_reset": 2,
    }


def assert_slowed_down(response) -> None:
    assert response.status_code == 429
    assert SLOW_DOWN in response.text
    assert "this action is limited per hour" in response.text
    assert response["Retry-After"] == "3600"


def sign_up(client, username: str, address: str = ADDRESS):
    response = client.post(
        SIGNUP,
        {
            "username": username,
            "email": f"{username}@example.com",
            "role": User.SUBSCRIBER,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
        REMOTE_ADDR=address,
    )
    client.logout()  # the next sign-up comes from a visitor again
    return response


def upload(client, caption: str = ""):
    return client.post(UPLOAD, {"image": image_upload(), "caption": caption})


def test_the_third_sign_up_from_one_address_is_slowed_down_and_creates_nobody(client):
    assert sign_up(client, "dora").status_code == 302
    assert sign_up(client, "edna").status_code == 302

    response = sign_up(client, "flora")

    assert_slowed_down(response)
    assert not User.objects.filter(username="flora").exists()
    assert set(User.objects.values_list("username", flat=True)) == {"dora", "edna"}


def test_sign_up_from_another_address_is_not_affected(client):
    sign_up(client, "dora")
    sign_up(client, "edna")
    assert sign_up(client, "flora").status_code == 429

    response = sign_up(client, "flora", address="198.51.100.7")

    assert response.status_code == 302
    assert User.objects.filter(username="flora").exists()


def test_the_sign_up_page_itself_is_never_limited(client):
    sign_up(client, "dora")
    sign_up(client, "edna")
    sign_up(client, "flora")

    for _ in range(5):
        assert client.get(SIGNUP, REMOTE_ADDR=ADDRESS).status_code == 200


def test_the_third_upload_by_one_creator_is_slowed_down_and_stores_nothing(
    client, creator
):
    client.force_login(creator)
    assert upload(client, "one").status_code == 302
    assert upload(client, "two").status_code == 302
    files_before = stored_files()

    response = upload(client, "three")

    assert_slowed_down(response)
    assert sorted(Photo.objects.values_list("caption", flat=True)) == ["one", "two"]
    assert stored_files() == files_before


def test_every_upload_page_counts_towards_the_same_limit(client, creator):
    client.force_login(creator)
    assert upload(client).status_code == 302
    assert client.post(MULTI_UPLOAD, {"images": [image_upload()]}).status_code == 302

    response = client.post(
        NEW_BLOG,
        {
            "title": "Late",
            "content": "Words.",
            "is_published": "on",
            "image": image_upload(),
        },
    )

    assert_slowed_down(response)
    assert not Blog.objects.exists()
    assert Photo.objects.count() == 2


def test_the_upload_pages_are_never_limited_for_reading(client, creator):
    client.force_login(creator)
    upload(client)
    upload(client)
    assert upload(client).status_code == 429

    for path in (UPLOAD, MULTI_UPLOAD, NEW_BLOG):
        for _ in range(3):
            assert client.get(path).status_code == 200


def test_another_creator_can_still_upload(client, creator, other_creator):
    client.force_login(creator)
    upload(client)
    upload(client)
    assert upload(client).status_code == 429

    client.force_login(other_creator)
    response = upload(client, "bob's")

    assert response.status_code == 302
    assert Photo.objects.filter(uploader=other_creator).count() == 1


def test_the_third_follow_change_is_slowed_down_and_changes_nothing(
    client, subscriber, creator, other_creator
):
    client.force_login(subscriber)
    assert client.post(follow_url(creator), {"follow": "1"}).status_code == 302
    assert client.post(follow_url(creator), {"follow": "0"}).status_code == 302

    response = client.post(follow_url(other_creator), {"follow": "1"})

    assert_slowed_down(response)
    assert not subscriber.follows.exists()
    assert client.get(reverse("creator_list")).status_code == 200


def test_another_member_can_still_change_their_follows(
    client, subscriber, creator, other_creator
):
    client.force_login(subscriber)
    for _ in range(3):
        client.post(follow_url(creator), {"follow": "1"})

    client.force_login(other_creator)
    response = client.post(follow_url(creator), {"follow": "1"})

    assert response.status_code == 302
    assert list(other_creator.follows.all()) == [creator]


def test_the_third_password_reset_from_one_address_is_slowed_down_and_sends_nothing(
    client, creator
):
    # Each reset sends a mail: without a limit, anyone could flood an inbox.
    creator.email = "alice@example.com"
    creator.save(update_fields=["email"])
    for _ in range(2):
        response = client.post(PASSWORD_RESET, {"email": creator.email})
        assert response.status_code == 302
    assert len(mail.outbox) == 2

    response = client.post(PASSWORD_RESET, {"email": creator.email})

    assert_slowed_down(response)
    assert len(mail.outbox) == 2
