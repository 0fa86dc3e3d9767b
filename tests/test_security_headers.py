"""Security headers and cookies, as a browser receives them.

Pages are fetched through the test client, so every middleware takes part. HTTPS is
off in the test settings (the development .env): what changes with it on is checked
in a fresh interpreter with a production-like environment.
"""

import json
import re

import pytest
from django.conf import settings
from django.urls import reverse

from testsupport.environment import fresh_python
from testsupport.factories import PASSWORD
from testsupport.servers import production_environment

pytestmark = pytest.mark.django_db
LOGIN = reverse("login")
MULTI_UPLOAD = reverse("create_multiple_photos")
NONCE = re.compile(r"'nonce-([^']+)'")


def directives(response) -> dict[str, list[str]]:
    """The response's Content-Security-Policy, as {directive: [sources]}."""
    policy = response["Content-Security-Policy"]
    parsed = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


def header_nonce(response) -> str:
    (nonce,) = NONCE.findall(" ".join(directives(response)["script-src"]))
    return nonce


def script_nonces(response) -> list[str]:
    """The nonce attribute of every <script> tag of the page (None when missing)."""
    tags = re.findall(r"<script\b[^>]*>", response.text)
    return [
        (match.group(1) if (match := re.search(r'nonce="([^"]*)"', tag)) else None)
        for tag in tags
    ]


def header_values(response, header: str) -> set[str]:
    """The comma-separated values of a header such as Cache-Control, lower case."""
    values = response.get(header, "").lower().split(",")
    return {value.strip() for value in values if value.strip()}


@pytest.fixture
def member(client, creator):
    """The test client, logged in as a creator (who may open the multi-upload page)."""
    client.force_login(creator)
    return client


@pytest.mark.parametrize("path", [LOGIN, reverse("home")])
def test_every_page_has_a_content_security_policy_without_unsafe_inline(
    client, creator, path
):
    if path != LOGIN:
        client.force_login(creator)
    response = client.get(path)

    assert response.status_code == 200
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'self'" in policy["script-src"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_the_script_nonce_of_the_header_is_the_one_on_the_pages_script_tags(
    member,
):
    response = member.get(MULTI_UPLOAD)

    assert response.status_code == 200
    nonces = script_nonces(response)
    assert nonces, "the multi-upload page loads a script"
    assert set(nonces) == {header_nonce(response)}
    assert 'src="/static/js/multi-upload.js"' in response.text


def test_the_script_nonce_changes_with_every_response(member):
    first = header_nonce(member.get(MULTI_UPLOAD))
    second = header_nonce(member.get(MULTI_UPLOAD))

    assert first != second
    assert len(first) >= 16


def test_a_page_with_scripts_has_no_script_tag_without_the_nonce(client):
    response = client.get(LOGIN)

    nonces = script_nonces(response)
    if nonces:  # the page loads scripts: each carries this response's nonce
        assert set(nonces) == {header_nonce(response)}


@pytest.mark.parametrize("path", [LOGIN, MULTI_UPLOAD])
def test_pages_forbid_sniffing_framing_foreign_referrers_and_device_features(
    member, path
):
    if path == LOGIN:
        member.logout()
    response = member.get(path)

    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in permissions


def test_the_csrf_and_session_cookies_are_http_only_and_same_site_lax(client, creator):
    login_page = client.get(LOGIN)
    csrf = login_page.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["httponly"] is True
    assert csrf["samesite"] == "Lax"

    response = client.post(LOGIN, {"username": "alice", "password": PASSWORD})

    assert response.status_code == 302
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"


@pytest.mark.parametrize(
    "path",
    [reverse("home"), reverse("photo_feed"), reverse("my_blogs"), "/blog/999/"],
)
def test_a_members_pages_are_kept_by_their_own_browser_alone(member, path):
    response = member.get(path)

    assert response.status_code in (200, 404)
    assert "private" in header_values(response, "Cache-Control")
    assert "cookie" in header_values(response, "Vary")


@pytest.mark.parametrize("name", ["home_atom", "creator_atom"])
def test_a_members_atom_feeds_are_kept_by_their_own_reader_alone(client, creator, name):
    # The token in the link stands for the member: a shared cache keeping the feed
    # would go on serving it after the link is turned off.
    args = [creator.renew_feed_token()] + (["alice"] if name == "creator_atom" else [])
    response = client.get(reverse(name, args=args))

    assert response.status_code == 200
    assert "private" in header_values(response, "Cache-Control")


@pytest.mark.parametrize("name", ["login", "signup", "password_reset"])
def test_a_public_form_with_its_csrf_token_is_never_offered_to_shared_caches(
    client, name
):
    response = client.get(reverse(name))

    assert response.status_code == 200
    cache_control = header_values(response, "Cache-Control")
    assert "public" not in cache_control
    assert cache_control & {"private", "no-store"}


# With HTTPS on, as in production: a fresh interpreter, no .env file
# (testsupport/https_probe.py makes the requests).


def production_site(folder, **variables: str) -> dict:
    """What a production-like site, given `variables` beside the usual ones, answers
    over HTTPS and plain HTTP."""
    env = {
        **production_environment(folder),
        # collectstatic is not run here: no manifest to look names up in.
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        **variables,
    }
    result = fresh_python("-m", "testsupport.https_probe", PASSWORD, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """A production-like site with the defaults: clients connect to it directly."""
    return production_site(tmp_path_factory.mktemp("production"))


@pytest.fixture(scope="module")
def opted_in(tmp_path_factory):
    """A production-like site behind one proxy, opted into HSTS for its subdomains
    and browsers' preload lists, trusting no other origin's forms."""
    return production_site(
        tmp_path_factory.mktemp("opted-in"),
        TRUSTED_PROXIES="1",
        CSRF_TRUSTED_ORIGINS="",
        HSTS_INCLUDE_SUBDOMAINS="on",
        HSTS_PRELOAD="on",
    )


def test_with_https_on_the_csrf_and_session_cookies_are_secure(production):
    status, cookies = production["login_page"]
    assert status == 200
    assert cookies[settings.CSRF_COOKIE_NAME] == {
        "secure": True,
        "httponly": True,
        "samesite": "Lax",
    }

    status, cookies = production["logged_in"]
    assert status == 302
    assert cookies[settings.SESSION_COOKIE_NAME] == {
        "secure": True,
        "httponly": True,
        "samesite": "Lax",
    }


def test_with_https_on_the_language_cookie_is_secure_http_only_and_same_site_lax(
    production,
):
    status, cookies = production["language"]
    assert status == 302
    assert cookies[settings.LANGUAGE_COOKIE_NAME] == {
        "secure": True,
        "httponly": True,
        "samesite": "Lax",
    }


def test_with_https_on_browsers_are_told_to_use_https_for_a_year(production):
    assert production["hsts"] == "max-age=31536000"


def test_hsts_covers_subdomains_and_asks_for_preloading_only_when_told_to(opted_in):
    assert opted_in["hsts"] == "max-age=31536000; includeSubDomains; preload"


def test_with_https_on_a_plain_http_request_is_redirected_to_https(production):
    assert production["plain"]["/login/"] == [
        301,
        "https://photos.example.org/login/",
    ]
    assert production["plain"]["/"] == [301, "https://photos.example.org/"]


def test_without_trusted_proxies_a_client_saying_it_uses_https_is_not_believed(
    production,
):
    assert production["claims_https"] == [301, "https://photos.example.org/login/"]


def test_behind_a_trusted_proxy_its_word_that_the_client_uses_https_is_believed(
    opted_in,
):
    assert opted_in["claims_https"] == [200, None]


def test_behind_a_trusted_proxy_the_sites_own_forms_need_no_trusted_origins(
    opted_in,
):
    assert opted_in["browser_login"] == [200, 302]


def test_with_https_on_the_health_probes_still_answer_plain_http(production):
    assert production["plain"]["/healthz"] == [200, None]
    assert production["plain"]["/readyz"] == [200, None]
