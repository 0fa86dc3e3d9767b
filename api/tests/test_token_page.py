"""The "API tokens" page: a member makes a token, sees its secret once, and revokes
it; the secret is never kept, and a token never gets more than its member may give."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from api.models import AccessToken, Scope
from api.tokens import create_token
from audit.models import AuditEvent
from blog.sharing import hash_token

pytestmark = pytest.mark.django_db

URL = reverse("access_tokens")
SECRET = re.compile(r'id="new-access-token"[^>]* value="(fbt_[^"]+)"')


def make_token(client, **fields):
    """POST the page's form with sensible defaults; return the response."""
    data = {"name": "Backup script", "expires_in": "30", **fields}
    return client.post(URL, data)


def secret_in(response) -> str | None:
    """The secret the page shows, if it shows one."""
    found = SECRET.search(response.text)
    return found and found.group(1)


def me(secret: str):
    """/api/v1/me/ as a program calls it: the token alone, no session."""
    return Client().get(reverse("api:me"), HTTP_AUTHORIZATION=f"Bearer {secret}")


def revoke(client, token):
    return client.post(reverse("access_token_revoke", args=[token.pk]))


def test_the_page_offers_the_form_and_the_api_reference(client, creator):
    client.force_login(creator)
    page = client.get(URL)
    assert page.status_code == 200
    assert f'href="{reverse("api:docs")}"' in page.text
    assert 'name="name"' in page.text
    # Reading is always in: ticked and not to be unticked.
    assert re.search(r'<input type="checkbox"[^>]*value="read"[^>]*checked', page.text)
    assert re.search(r'<input type="checkbox"[^>]*value="read"[^>]*disabled', page.text)
    assert '<option value="30" selected>In 30 days</option>' in page.text
    assert "No token yet." in page.text
    assert secret_in(page) is None


def test_the_menu_links_to_the_page_and_marks_it_current(client, creator):
    client.force_login(creator)
    link = f'<a href="{URL}" aria-current="page">API tokens</a>'
    assert link in client.get(URL).text
    assert f'<a href="{URL}">API tokens</a>' in client.get(reverse("feed_links")).text


def test_a_new_token_is_shown_once_and_kept_only_as_its_hash(client, creator):
    client.force_login(creator)

    made = make_token(client)

    assert made.status_code == 200
    assert "no-store" in made["Cache-Control"]
    secret = secret_in(made)
    assert secret
    assert "it will not be shown again" in made.text
    me_url = f"http://testserver{reverse('api:me')}"
    assert f'curl -H "Authorization: Bearer {secret}" {me_url}' in html.unescape(
        made.text
    )
    token = AccessToken.objects.get()
    assert token.user == creator
    assert token.name == "Backup script"
    assert token.token_hash == hash_token(secret)
    assert secret.startswith(token.prefix)
    assert f"{token.prefix}…" in made.text
    row = AccessToken.objects.filter(pk=token.pk).values()[0]
    assert not any(secret in str(value) for value in row.values())

    again = client.get(URL)
    assert secret not in again.text
    assert secret_in(again) is None
    assert "Backup script" in again.text


def test_the_list_shows_each_token_newest_first_with_its_state(client, creator):
    old, _ = create_token(user=creator, name="Old script", scopes=["write"])
    revoked, _ = create_token(user=creator, name="Gone script", scopes=[])
    AccessToken.objects.filter(pk=revoked.pk).update(revoked_at=old.date_created)
    client.force_login(creator)

    make_token(client, name="New script", expires_in="never")
    page = client.get(URL).text

    assert (
        page.index("New script") < page.index("Gone script") < page.index("Old script")
    )
    assert page.count('class="access-token access-token-live"') == 2
    assert page.count('class="access-token access-token-revoked"') == 1
    assert page.count(">Revoke</button>") == 2
    assert f"{Scope.READ.label}, {Scope.WRITE.label}" in page
    assert "never" in page


def test_the_secret_works_with_the_api(client, creator):
    client.force_login(creator)
    secret = secret_in(make_token(client))

    answer = me(secret)

    assert answer.status_code == 200
    assert answer.json()["username"] == creator.username


def test_a_subscriber_is_not_offered_moderation_and_cannot_forge_it(client, subscriber):
    client.force_login(subscriber)
    assert 'value="moderate"' not in client.get(URL).text

    made = make_token(client, scopes=["write", "moderate"])

    assert made.status_code == 200
    assert AccessToken.objects.get().scopes == ["read", "write"]


def test_a_moderator_may_give_moderation(client, moderator):
    client.force_login(moderator)
    assert 'value="moderate"' in client.get(URL).text

    make_token(client, scopes=["moderate"])

    assert AccessToken.objects.get().scopes == ["read", "moderate"]


def test_a_revoked_token_stops_at_once_and_leaves_an_audit_row(client, creator):
    client.force_login(creator)
    secret = secret_in(make_token(client))
    token = AccessToken.objects.get()
    assert me(secret).status_code == 200

    revoked = revoke(client, token)

    assert revoked.status_code == 302
    assert revoked["Location"] == URL
    assert me(secret).status_code == 401
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.TOKEN_REVOKE, target_id=str(token.pk)
    ).exists()
    page = client.get(URL).text
    assert "is revoked" in page
    assert 'class="access-token access-token-revoked"' in page

    assert revoke(client, token).status_code == 302  # twice is harmless
    assert AuditEvent.objects.filter(action=AuditEvent.Action.TOKEN_REVOKE).count() == 1


def test_another_members_token_is_not_found_and_stays_live(
    client, creator, other_creator
):
    token, secret = create_token(user=other_creator, name="Bob's", scopes=[])
    client.force_login(creator)

    assert revoke(client, token).status_code == 404

    token.refresh_from_db()
    assert token.is_live
    assert me(secret).status_code == 200
    assert "Bob&#x27;s" not in client.get(URL).text


def test_revoking_answers_post_only(client, creator):
    token, _ = create_token(user=creator, name="Script", scopes=[])
    client.force_login(creator)
    assert (
        client.get(reverse("access_token_revoke", args=[token.pk])).status_code == 405
    )
    token.refresh_from_db()
    assert token.is_live


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"name": ""}, "This field is required."),
        ({"name": "   "}, "This field is required."),
        ({"name": "x" * 101}, "at most 100 characters"),
        ({"expires_in": "7"}, "Select a valid choice."),
        ({"expires_in": ""}, "This field is required."),
    ],
    ids=["empty name", "blank name", "long name", "unknown expiry", "no expiry"],
)
def test_bad_input_shows_the_errors_and_makes_nothing(client, creator, fields, error):
    client.force_login(creator)

    page = make_token(client, **fields)

    assert page.status_code == 400
    assert error in html.unescape(page.text)
    assert secret_in(page) is None
    assert AccessToken.objects.count() == 0


def test_making_tokens_is_rate_limited(client, creator, settings):
    settings.FOTOBLOG_RATE_LIMITS = {**settings.FOTOBLOG_RATE_LIMITS, "tokens": 2}
    client.force_login(creator)
    assert make_token(client).status_code == 200
    assert make_token(client).status_code == 200

    refused = make_token(client)

    assert refused.status_code == 429
    assert AccessToken.objects.count() == 2
    assert client.get(URL).status_code == 200  # reading the page is not limited


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_visitor_is_sent_to_log_in(client, method):
    answer = getattr(client, method)(URL)
    assert answer.status_code == 302
    assert answer["Location"] == f"{reverse('login')}?next={URL}"


def test_a_visitor_cannot_revoke(client, creator):
    token, _ = create_token(user=creator, name="Script", scopes=[])
    url = reverse("access_token_revoke", args=[token.pk])

    answer = client.post(url)

    assert answer.status_code == 302
    assert answer["Location"] == f"{reverse('login')}?next={url}"
    token.refresh_from_db()
    assert token.is_live


def test_sending_the_form_again_makes_no_second_token(client, creator):
    client.force_login(creator)
    page = client.get(reverse("access_tokens")).content.decode()
    once = re.search(r'name="once" value="([^"]+)"', page).group(1)
    sent = {"name": "laptop", "scopes": ["write"], "expires_in": "30", "once": once}
    first = client.post(reverse("access_tokens"), sent)
    assert first.status_code == 200
    secret = SECRET.search(first.content.decode()).group(1)
    again = client.post(reverse("access_tokens"), sent, follow=True)
    assert AccessToken.objects.filter(user=creator).count() == 1
    assert "made already" in again.content.decode()
    # Its start is listed, as every token's is; never the secret itself again.
    assert f"<code>{secret[:8]}…</code>" in again.content.decode()
    assert secret not in again.content.decode()
