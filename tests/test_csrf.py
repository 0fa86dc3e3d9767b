"""A POST without a CSRF token is refused with 403 on every URL that takes a POST,
and changes nothing; the same POST with a token does change the site. (That a GET
changes nothing, for every actor on every URL, tests/test_access_matrix.py proves.)"""

import pytest
from django.core import mail
from django.urls import reverse

from testsupport.access_matrix import ROUTES, Route
from testsupport.form_client import FormClient
from testsupport.samples import changed, client_for, plausible_post, snapshot
from testsupport.storage import stored_files

pytestmark = pytest.mark.django_db

STATE_CHANGING = [route for route in ROUTES if "POST" in route.methods]
# The first of these whom the table lets POST is the one who tries without a token:
# the refusal must come from the missing token, not from the guard.
DOERS = ("anonymous", "owner", "moderator", "superuser")
# POSTs that change no row of the models, write no file and send no mail even when
# let through: logout ends a session; set_language sets a cookie; the admin's index
# and the feeds are read-only pages that answer any method; the password reset link
# is filled with a wrong token.
CHANGE_NOTHING_HERE = {
    "logout",
    "set_language",
    "admin:index",
    "home_atom",
    "creator_atom",
    "password_reset_confirm",
    # A share link's POST is its password form: it is checked, nothing is kept.
    "open_share_link",
}


def doer(route: Route) -> str:
    """The actor the table lets POST to `route` (anyone, when nobody may)."""
    # A 400: the guard let the empty POST through and the form refused it.
    allowed = [a for a in DOERS if route.outcome(a, "POST") in ("200", "302", "400")]
    return (allowed or DOERS)[0]


STATE_ROWS = pytest.mark.parametrize(
    "route", STATE_CHANGING, ids=[r.label for r in STATE_CHANGING]
)


@STATE_ROWS
def test_a_post_without_a_csrf_token_is_refused_and_changes_nothing(route, samples):
    url, actor = samples.url(route), doer(route)
    client = client_for(samples.users[actor], enforce_csrf_checks=True)
    before, files = snapshot(), stored_files()

    response = client.post(url, plausible_post(route, samples))

    assert response.status_code == 403, f"POST {url} by {actor}"
    assert changed(before, snapshot()) == []
    assert stored_files() == files
    assert mail.outbox == []
    if actor != "anonymous":  # the session survives too: logout did not happen
        assert client.get(reverse("home")).status_code == 200


# A photo uploaded with a post has no audience of its own: its owner is sent to
# choose the post's.
NO_AUDIENCE_OF_ITS_OWN = {
    "photo_visibility",
    "photo_visibility (draft)",
    "photo_visibility (hidden)",
}
CHANGING = [
    route
    for route in STATE_CHANGING
    if route.name not in CHANGE_NOTHING_HERE
    and route.label not in NO_AUDIENCE_OF_ITS_OWN
]


@pytest.mark.parametrize("route", CHANGING, ids=[r.label for r in CHANGING])
def test_the_same_post_with_a_token_does_change_something(route, samples):
    """The POST bodies above are plausible: let through, they do change the site.
    (tests/test_access_matrix.py sends them in every refused POST.)"""
    url, actor = samples.url(route), doer(route)
    client = FormClient()  # the test client skips the CSRF check unless told
    if samples.users[actor]:
        client.force_login(samples.users[actor])
    before, files = snapshot(), stored_files()

    response = client.post(url, plausible_post(route, samples))

    assert response.status_code in (200, 302)
    assert changed(before, snapshot()) or stored_files() != files or mail.outbox, (
        f"POST {url} by {actor} changed nothing: make its body in "
        "plausible_post() one that does"
    )
