"""FOTOBLOG_CREATOR_SIGNUP: creators sign up at once ("open") or wait for staff
("approval"), who decide in the admin."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from authentication.models import CreatorRequest, User
from testsupport.actors import group_names
from testsupport.factories import make_user, signup_data

pytestmark = pytest.mark.django_db
SIGNUP = reverse("signup")
UPLOAD = reverse("photo_upload")
REQUESTS = reverse("admin:authentication_creatorrequest_changelist")
AWAITS_APPROVAL = "Your request to become a creator is waiting for staff approval."


@pytest.fixture
def approval(settings):
    settings.FOTOBLOG_CREATOR_SIGNUP = "approval"


@pytest.fixture
def pending(approval, client):
    """Dora signed up as a creator and waits; the client is left logged out."""
    client.post(SIGNUP, signup_data())
    client.logout()
    return CreatorRequest.objects.get(user__username="dora")


def decide(client, superuser, creator_request, action: str):
    client.force_login(superuser)
    return client.post(
        REQUESTS,
        {"action": action, "_selected_action": [creator_request.pk]},
        follow=True,
    )


def test_it_makes_a_creator_sign_up_a_subscriber_with_a_pending_request(
    approval, client
):
    response = client.post(SIGNUP, signup_data(), follow=True)

    assert response.redirect_chain == [(reverse("home"), 302)]
    assert "Welcome to fotoblog, dora!" in response.text
    assert AWAITS_APPROVAL in response.text
    user = User.objects.get(username="dora")
    assert user.role == User.SUBSCRIBER
    assert group_names(user) == {"subscribers"}
    assert f'href="{reverse("photo_upload")}"' not in response.text
    assert client.get(UPLOAD).status_code == 403
    creator_request = CreatorRequest.objects.get(user=user)
    assert creator_request.status == CreatorRequest.Status.PENDING
    assert creator_request.decided_by is None
    assert creator_request.date_decided is None


def test_it_tells_visitors_that_creator_accounts_are_approved(approval, client):
    assert "Creator accounts are approved by the site" in client.get(SIGNUP).text


def test_it_creates_no_request_for_a_subscriber_sign_up(approval, client):
    response = client.post(SIGNUP, signup_data(role=User.SUBSCRIBER), follow=True)

    assert "Welcome to fotoblog, dora!" in response.text
    assert AWAITS_APPROVAL not in response.text
    user = User.objects.get(username="dora")
    assert user.role == User.SUBSCRIBER
    assert group_names(user) == {"subscribers"}
    assert not CreatorRequest.objects.exists()


def test_it_makes_a_user_a_creator_when_a_superuser_approves(
    pending, client, superuser
):
    response = decide(client, superuser, pending, "approve")

    assert response.redirect_chain == [(REQUESTS, 302)]
    assert "1 pending request decided." in response.text
    user = User.objects.get(username="dora")
    assert user.role == User.CREATOR
    assert group_names(user) == {"creators"}
    pending.refresh_from_db()
    assert pending.status == CreatorRequest.Status.APPROVED
    assert pending.decided_by == superuser
    assert pending.date_decided is not None
    assert pending.date_decided >= pending.date_created
    client.force_login(user)
    assert client.get(UPLOAD).status_code == 200


def test_it_keeps_a_user_a_subscriber_when_a_superuser_refuses(
    pending, client, superuser
):
    response = decide(client, superuser, pending, "refuse")

    assert "1 pending request decided." in response.text
    user = User.objects.get(username="dora")
    assert user.role == User.SUBSCRIBER
    assert group_names(user) == {"subscribers"}
    pending.refresh_from_db()
    assert pending.status == CreatorRequest.Status.REFUSED
    assert pending.decided_by == superuser
    assert pending.date_decided is not None
    client.force_login(user)
    assert client.get(UPLOAD).status_code == 403


@pytest.mark.parametrize(
    ("first", "then"),
    [("refuse", "approve"), ("approve", "refuse"), ("approve", "approve")],
)
def test_it_changes_nothing_when_a_request_is_decided_again(
    pending, client, superuser, first, then
):
    decide(client, superuser, pending, first)
    pending.refresh_from_db()
    role = User.objects.get(username="dora").role
    other_admin = User.objects.create_superuser("sue", "sue@example.com", "x")

    response = decide(client, other_admin, pending, then)

    assert "0 pending requests decided." in response.text
    decided = CreatorRequest.objects.get(pk=pending.pk)
    assert (decided.status, decided.decided_by, decided.date_decided) == (
        pending.status,
        superuser,
        pending.date_decided,
    )
    user = User.objects.get(username="dora")
    assert user.role == role
    assert group_names(user) == {"creators" if role == User.CREATOR else "subscribers"}


def test_it_refuses_the_decision_to_a_non_staff_user(pending, client):
    client.force_login(make_user("eve", User.CREATOR))

    response = client.post(
        REQUESTS, {"action": "approve", "_selected_action": [pending.pk]}
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    pending.refresh_from_db()
    assert pending.status == CreatorRequest.Status.PENDING
    assert User.objects.get(username="dora").role == User.SUBSCRIBER


def test_it_makes_a_creator_at_once_when_sign_up_is_open(client):
    assert django_settings.FOTOBLOG_CREATOR_SIGNUP == "open"  # the default

    response = client.post(SIGNUP, signup_data(), follow=True)

    assert AWAITS_APPROVAL not in response.text
    user = User.objects.get(username="dora")
    assert user.role == User.CREATOR
    assert group_names(user) == {"creators"}
    assert not CreatorRequest.objects.exists()
    assert client.get(UPLOAD).status_code == 200


def start_django(signup_setting: str) -> subprocess.CompletedProcess:
    """Start Django in a fresh interpreter with FOTOBLOG_CREATOR_SIGNUP set."""
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; "
            "os.environ['DJANGO_SETTINGS_MODULE']='fotoblog.settings'; "
            "django.setup()",
        ],
        env={**os.environ, "FOTOBLOG_CREATOR_SIGNUP": signup_setting},
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_refuses_to_start_with_an_unknown_creator_signup_setting():
    assert start_django("approval").returncode == 0

    result = start_django("maybe")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert (
        "FOTOBLOG_CREATOR_SIGNUP must be 'open' or 'approval', not 'maybe'."
        in result.stderr
    )
