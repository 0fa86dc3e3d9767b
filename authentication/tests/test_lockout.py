"""Login lockout (django-axes): repeated wrong passwords pause one account from one
address, with a page saying so, for the cool-off time; the audit trail records it.
Behind a reverse proxy the address is the client's, not the proxy's."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.urls import reverse

from audit.models import AuditEvent
from testsupport.factories import PASSWORD
from testsupport.form_client import FormClient

pytestmark = pytest.mark.django_db
URL = reverse("login")
HOME = reverse("home")
ADDRESS = "203.0.113.5"
OTHER_ADDRESS = "198.51.100.7"
PROXY_ADDRESS = "10.0.0.2"
LOCKOUT_TEXT = "Too many failed attempts"


@pytest.fixture(autouse=True)
def _three_failures_lock(settings):
    # axes reads its settings on every request, so the fixture can lower them.
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


def log_in(client, password: str, address: str = ADDRESS):
    return client.post(
        URL, {"username": "alice", "password": password}, REMOTE_ADDR=address
    )


def log_in_through_proxy(client, password: str, forwarded_for: str):
    """Log in through one proxy that appended the client's address to
    `forwarded_for`'s end (what comes before it, the client wrote itself)."""
    return client.post(
        URL,
        {"username": "alice", "password": password},
        REMOTE_ADDR=PROXY_ADDRESS,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def fail_three_times(client) -> list[int]:
    return [log_in(client, "wrong-password").status_code for _ in range(3)]


@pytest.fixture
def behind_a_proxy(settings):
    settings.TRUSTED_PROXIES = 1


def assert_locked_out(client, response) -> None:
    assert response.status_code == 429
    assert LOCKOUT_TEXT in response.text
    assert "paused for 15 minutes" in response.text
    assert reverse("password_reset") in response.text
    assert "_auth_user_id" not in client.session
    assert client.get(HOME).status_code == 302


def test_two_wrong_passwords_only_show_the_usual_error(client, creator):
    for _ in range(2):
        response = log_in(client, "wrong-password")
        assert response.status_code == 200
        assert "Please enter a correct username and password" in response.text


def test_the_third_wrong_password_locks_the_account_out_from_that_address(
    client, creator
):
    assert fail_three_times(client) == [200, 200, 429]


def test_the_right_password_is_refused_with_the_lockout_page_while_locked(
    client, creator
):
    fail_three_times(client)

    response = log_in(client, PASSWORD)

    assert_locked_out(client, response)


def test_the_same_account_can_still_log_in_from_another_address(client, creator):
    fail_three_times(client)

    response = log_in(client, PASSWORD, address=OTHER_ADDRESS)

    assert response.status_code == 302
    assert response["Location"] == HOME
    assert int(client.session["_auth_user_id"]) == creator.pk


def test_behind_a_proxy_failures_lock_out_the_client_not_everyone_behind_the_proxy(
    client, creator, behind_a_proxy
):
    answers = [
        log_in_through_proxy(client, "wrong-password", ADDRESS).status_code
        for _ in range(3)
    ]
    locked = log_in_through_proxy(client, PASSWORD, ADDRESS)
    other_client = FormClient()
    elsewhere = log_in_through_proxy(other_client, PASSWORD, OTHER_ADDRESS)

    assert answers == [200, 200, 429]
    assert_locked_out(client, locked)
    assert elsewhere.status_code == 302
    assert int(other_client.session["_auth_user_id"]) == creator.pk
    lockouts = AuditEvent.objects.filter(action=AuditEvent.Action.LOCKOUT)
    assert {event.ip_address for event in lockouts} == {ADDRESS}


def test_behind_a_proxy_a_forged_forwarded_address_does_not_lift_the_lockout(
    client, creator, behind_a_proxy
):
    for _ in range(3):
        log_in_through_proxy(client, "wrong-password", ADDRESS)

    # The client claims another address; the proxy appends the real one.
    response = log_in_through_proxy(client, PASSWORD, f"{OTHER_ADDRESS}, {ADDRESS}")

    assert_locked_out(client, response)


def test_after_the_cool_off_time_she_can_log_in_again(client, creator):
    fail_three_times(client)
    assert log_in(client, PASSWORD).status_code == 429
    # Sixteen minutes later, as far as axes can tell.
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    )

    response = log_in(client, PASSWORD)

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == creator.pk


def test_an_operator_can_lift_the_lockout_with_axes_reset(client, creator):
    fail_three_times(client)

    call_command("axes_reset_username", "alice", verbosity=0)
    response = log_in(client, PASSWORD)

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == creator.pk


def test_the_audit_trail_records_each_failure_and_the_lockout_with_name_and_address(
    client, creator
):
    fail_three_times(client)

    failures = AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED)
    lockouts = AuditEvent.objects.filter(action=AuditEvent.Action.LOCKOUT)
    assert failures.count() == 3
    assert lockouts.count() == 1
    for event in [*failures, *lockouts]:
        assert event.detail == {"username": "alice"}
        assert event.ip_address == ADDRESS
        assert event.actor is None
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN).exists()
