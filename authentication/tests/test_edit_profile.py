"""Edit profile (edit_profile): one's own names, bio and camera-details choice."""

import pytest
from django.urls import NoReverseMatch, reverse

from authentication.models import User

pytestmark = pytest.mark.django_db
URL = reverse("edit_profile")


def profile(data: dict | None = None, **changes) -> dict:
    """A complete submission of the profile form."""
    fields = {"first_name": "Alice", "last_name": "Dubois", "bio": "Sea and light."}
    return {**fields, **(data or {}), **changes}


def test_it_shows_the_form_filled_with_ones_profile(client):
    user = User.objects.create_user("alice", role=User.CREATOR, bio="Tides & rocks")
    client.force_login(user)

    response = client.get(URL)

    assert response.status_code == 200
    assert 'name="first_name"' in response.text
    assert 'maxlength="500"' in response.text
    assert "Tides &amp; rocks</textarea>" in response.text
    assert "Show camera details on my photos’ pages" in response.text
    assert "Their location is never kept." in response.text
    assert f'href="{reverse("upload_profile_photo")}"' in response.text
    assert f'href="{reverse("account_privacy")}"' in response.text


def test_it_saves_names_bio_and_camera_choice_then_returns_to_ones_page(
    client, creator
):
    client.force_login(creator)

    response = client.post(
        URL, profile(bio="Sea\nand light.", shows_camera_details="on")
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("creator_detail", args=["alice"])
    creator.refresh_from_db()
    assert (creator.first_name, creator.last_name) == ("Alice", "Dubois")
    assert creator.bio == "Sea\nand light."
    assert creator.shows_camera_details is True
    page = client.get(response["Location"]).text
    assert "Your profile is saved." in page
    assert "<h1>Alice Dubois</h1>" in page


def test_unticking_the_camera_choice_hides_the_details_again(client, creator):
    User.objects.filter(pk=creator.pk).update(shows_camera_details=True)
    client.force_login(creator)
    client.post(URL, profile())
    creator.refresh_from_db()
    assert creator.shows_camera_details is False


def test_a_subscriber_who_has_no_page_goes_home(client, subscriber):
    client.force_login(subscriber)

    response = client.post(URL, profile())

    assert response["Location"] == reverse("home")
    assert reverse("account_privacy") not in client.get(URL).text


def test_a_bio_too_long_is_refused_and_nothing_is_saved(client, creator):
    client.force_login(creator)

    response = client.post(URL, profile(first_name="Changed", bio="x" * 501))

    assert response.status_code == 200
    assert "Ensure this value has at most 500 characters (it has 501)." in response.text
    creator.refresh_from_db()
    assert (creator.first_name, creator.bio) == ("", "")
    assert "Changed" not in response.text.split("<main")[0]  # the header's name


def test_it_takes_a_bio_of_500_characters(client, creator):
    client.force_login(creator)
    client.post(URL, profile(bio="x" * 500))
    creator.refresh_from_db()
    assert creator.bio == "x" * 500


def test_it_edits_only_the_member_who_sends_it(client, creator, other_creator):
    client.force_login(creator)

    client.post(URL, profile(username="bob", role=User.SUBSCRIBER, id=other_creator.pk))

    creator.refresh_from_db()
    other_creator.refresh_from_db()
    assert (creator.username, creator.role, creator.first_name) == (
        "alice",
        User.CREATOR,
        "Alice",
    )
    assert other_creator.first_name == ""
    with pytest.raises(NoReverseMatch):  # there is no page to edit someone else
        reverse("edit_profile", args=["bob"])


def test_a_visitor_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
