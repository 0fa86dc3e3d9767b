"""Tokens: who a call acts as, what its scopes allow, and how the API refuses."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.utils import timezone

from api.models import AccessToken
from api.tokens import revoke_token
from audit.models import AuditEvent
from blog.models import Blog, Photo
from blog.sharing import hash_token
from testsupport.factories import image_upload, make_blog, make_photo

from .conftest import ApiClient, token_for

pytestmark = pytest.mark.django_db


def error_of(response) -> dict:
    """The error a response carries, in the API's one shape."""
    assert response["Content-Type"].startswith("application/json"), response.content
    error = response.json()["error"]
    assert error["status"] == response.status_code
    assert error["code"] and error["message"]
    # A sentence for a person, naming none of the site's models.
    assert not {"{", "ErrorDetail", "matches the given query"} & set(
        error["message"].split()
    ), error["message"]
    assert "{" not in error["message"] and "query" not in error["message"]
    return error


def test_a_token_acts_as_its_member_and_is_kept_only_as_a_hash(creator):
    token, secret = token_for(creator)
    response = ApiClient(secret).get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["username"] == "alice"
    assert response.json()["scopes"] == ["read", "write"]
    stored = AccessToken.objects.get(pk=token.pk)
    assert stored.token_hash == hash_token(secret)
    assert secret not in str(AccessToken.objects.values().get(pk=token.pk))


@pytest.mark.parametrize(
    "header",
    ["Bearer fbt_not-a-token", "Bearer ", "Bearer nope", "bearer fbt_"],
)
def test_an_unknown_token_is_refused_not_taken_for_a_visitor(header, creator):
    make_blog(creator, title="Public", visibility="public")
    response = Client().get("/api/v1/posts/1/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert error_of(response)["code"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_or_expired_token_stops_at_once(creator):
    token, secret = token_for(creator)
    api = ApiClient(secret)
    assert api.get("/api/v1/me/").status_code == 200
    revoke_token(token, by=creator)
    assert api.get("/api/v1/me/").status_code == 401
    expired, secret = token_for(creator)
    AccessToken.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert ApiClient(secret).get("/api/v1/me/").status_code == 401


def test_an_inactive_members_token_stops(creator):
    _, secret = token_for(creator)
    creator.is_active = False
    creator.save()
    assert ApiClient(secret).get("/api/v1/me/").status_code == 401


def test_without_a_token_members_lists_answer_401_in_json(db):
    for url in ("/api/v1/feed/", "/api/v1/photos/", "/api/v1/me/", "/api/v1/posts/"):
        response = Client().get(url)
        assert response.status_code == 401, url
        assert error_of(response)["code"] == "not_authenticated"


def test_errors_from_anywhere_under_api_are_json(creator, api_as):
    api = api_as(creator)
    assert error_of(api.get("/api/v1/nowhere/"))["code"] == "not_found"
    assert error_of(api.get("/api/v1/posts/999999/"))["code"] == "not_found"
    response = api.client.get("/api/v1/me/?q=a%00b", **api.headers)
    assert response.status_code == 400 and error_of(response)
    response = api.client.put("/api/v1/me/", **api.headers)
    assert error_of(response)["code"] == "method_not_allowed"


def test_a_read_token_reads_but_changes_nothing(creator, api_as):
    blog = make_blog(creator, title="Mine")
    api = api_as(creator, "read")
    assert api.get(f"/api/v1/posts/{blog.pk}/").status_code == 200
    response = api.patch(f"/api/v1/posts/{blog.pk}/", {"title": "Changed"})
    assert response.status_code == 403
    assert error_of(response)["code"] == "permission_denied"
    blog.refresh_from_db()
    assert blog.title == "Mine"


def test_scopes_never_widen_a_members_permissions(subscriber, moderator, creator):
    token, _ = token_for(subscriber, "read", "write", "moderate")
    assert token.scopes == ["read", "write"]
    token, _ = token_for(moderator, "moderate")
    assert token.scopes == ["read", "moderate"]


def test_moderating_needs_the_moderate_scope_and_the_rule(
    creator, moderator, subscriber, api_as
):
    blog = make_blog(creator, title="Loud")
    url = f"/api/v1/posts/{blog.pk}/hide/"
    assert (
        api_as(moderator, "read", "write").post(url, {"hidden": True}).status_code
        == 403
    )
    assert api_as(subscriber).post(url, {"hidden": True}).status_code == 403
    blog.refresh_from_db()
    assert not blog.is_hidden
    response = api_as(moderator, "moderate").post(url, {"hidden": True})
    assert response.status_code == 200
    assert response.json()["is_hidden"] is True
    assert AuditEvent.objects.filter(
        action="blog_hide", target_id=str(blog.pk)
    ).exists()


def test_what_a_member_may_not_see_is_404_and_what_they_may_not_change_403(
    creator, other_creator, api_as
):
    draft = make_blog(creator, title="Draft", is_published=False)
    shown = make_blog(creator, title="Shown")
    api = api_as(other_creator)
    for method, url in (
        ("get", f"/api/v1/posts/{draft.pk}/"),
        ("delete", f"/api/v1/posts/{draft.pk}/"),
        ("post", f"/api/v1/posts/{draft.pk}/publish/"),
    ):
        assert getattr(api, method)(url).status_code == 404, url
    assert api.get(f"/api/v1/posts/{shown.pk}/").status_code == 200
    assert api.delete(f"/api/v1/posts/{shown.pk}/").status_code == 403
    assert api.patch(f"/api/v1/posts/{shown.pk}/", {"content": "x"}).status_code == 403
    shown.refresh_from_db()
    assert shown.content != "x"


def test_a_visitor_reads_what_anyone_may_see_and_is_asked_to_log_in_for_the_rest(
    creator,
):
    public = make_blog(creator, title="Open", visibility="public")
    members = make_blog(creator, title="Members")
    assert Client().get(f"/api/v1/posts/{public.pk}/").status_code == 200
    for pk in (members.pk, 999999):  # not told apart: both ask to log in
        response = Client().get(f"/api/v1/posts/{pk}/")
        assert response.status_code == 401
        assert error_of(response)["code"] == "not_authenticated"


def test_calls_past_the_rate_answer_429_with_retry_after(creator, api_as, settings):
    settings.FOTOBLOG_API_RATE = "3/minute"
    cache.clear()
    api, other = api_as(creator), api_as(creator)
    assert [api.get("/api/v1/me/").status_code for _ in range(3)] == [200] * 3
    response = api.get("/api/v1/me/")
    assert response.status_code == 429
    assert error_of(response)["code"] == "throttled"
    assert 0 < int(response["Retry-After"]) <= 60
    assert other.get("/api/v1/me/").status_code == 200  # counted per token


def test_tokens_leave_audit_rows_made_used_from_a_new_address_revoked(creator):
    token, secret = token_for(creator)
    api = ApiClient(secret)
    api.get("/api/v1/me/", REMOTE_ADDR="203.0.113.5")
    api.get("/api/v1/me/", REMOTE_ADDR="203.0.113.5")
    api.get("/api/v1/me/", REMOTE_ADDR="198.51.100.7")
    api.get("/api/v1/me/", REMOTE_ADDR="203.0.113.5")  # seen before: no new row
    revoke_token(token, by=creator)
    rows = AuditEvent.objects.filter(
        target_id=str(token.pk), target_type="api.accesstoken"
    )
    assert sorted(rows.values_list("action", "ip_address")) == sorted(
        [
            ("token_create", None),
            ("token_new_address", "203.0.113.5"),
            ("token_new_address", "198.51.100.7"),
            ("token_revoke", None),
        ]
    )
    token.refresh_from_db()
    assert token.last_used_ip == "203.0.113.5" and token.last_used_at is not None


def test_a_session_call_needs_the_csrf_token_a_token_call_does_not(creator):
    blog = make_blog(creator, title="Before")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(creator)
    response = browser.patch(
        f"/api/v1/posts/{blog.pk}/", {"title": "After"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert "CSRF" in error_of(response)["message"]
    _, secret = token_for(creator)
    api = Client(enforce_csrf_checks=True)
    response = api.patch(
        f"/api/v1/posts/{blog.pk}/",
        {"title": "After"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 200
    blog.refresh_from_db()
    assert blog.title == "After"


def test_media_files_open_to_a_token_as_to_its_member(creator, other_creator):
    photo = make_photo(creator, "Members only")
    url = photo.image.url
    assert Client().get(url).status_code in (302, 404)
    _, secret = token_for(other_creator)
    assert ApiClient(secret).get(url).status_code == 200


def test_a_visitors_upload_is_refused_before_its_body_is_read(db):
    response = Client().post(
        "/api/v1/photos/", {"images": [image_upload()]}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 401
    assert error_of(response)["code"] == "not_authenticated"


def test_a_multipart_body_where_no_upload_is_taken_is_refused_in_json(creator, api_as):
    blog = make_blog(creator, title="Mine")
    api = api_as(creator)
    response = api.client.patch(
        f"/api/v1/posts/{blog.pk}/",
        encode_multipart(BOUNDARY, {"title": "Changed"}),
        content_type=MULTIPART_CONTENT,
        **api.headers,
    )
    assert response.status_code == 415
    assert error_of(response)["code"] == "unsupported_media_type"
    blog.refresh_from_db()
    assert blog.title == "Mine"


def test_no_shared_cache_keeps_an_answer(creator, api_as):
    response = api_as(creator).get("/api/v1/me/")
    assert "private" in response["Cache-Control"]
    assert "Authorization" in response["Vary"]


def test_what_is_not_found_says_so_in_a_sentence(creator, api_as):
    api = api_as(creator)
    for url in ("/api/v1/posts/999999/", "/api/v1/creators/nobody/", "/nowhere"):
        url = url if url.startswith("/api/") else "/api/v1" + url + "/"
        assert error_of(api.get(url))["message"] == "Not found.", url


def test_a_moderators_write_token_deletes_only_their_own(
    creator, moderator, superuser, api_as
):
    blog, photo = make_blog(creator, title="Loud"), make_photo(creator, "Loud")
    for user in (moderator, superuser):
        api = api_as(user, "read", "write")
        assert api.delete(f"/api/v1/posts/{blog.pk}/").status_code == 403
        assert api.delete(f"/api/v1/photos/{photo.pk}/").status_code == 403
        assert api.get(f"/api/v1/posts/{blog.pk}/").json()["may"]["delete"] is False
    assert Blog.objects.filter(pk=blog.pk).exists()
    assert Photo.objects.filter(pk=photo.pk).exists()
    api = api_as(moderator, "read", "moderate")
    assert api.get(f"/api/v1/posts/{blog.pk}/").json()["may"] == {
        "change": False,
        "delete": True,
        "manage": False,
        "star": True,
        "hide": True,
    }
    assert api.delete(f"/api/v1/posts/{blog.pk}/").status_code == 204
    own = make_blog(creator, title="Mine")
    assert (
        api_as(creator, "read", "moderate")
        .delete(f"/api/v1/posts/{own.pk}/")
        .status_code
        == 403
    )
    assert (
        api_as(creator, "read", "write").delete(f"/api/v1/posts/{own.pk}/").status_code
        == 204
    )


def test_a_read_tokens_post_says_it_may_do_nothing(creator, api_as):
    blog = make_blog(creator, title="Mine")
    may = api_as(creator, "read").get(f"/api/v1/posts/{blog.pk}/").json()["may"]
    assert not any(may.values())


def test_an_address_sending_unknown_tokens_is_held_back(db, settings):
    settings.FOTOBLOG_RATE_LIMITS = {
        **settings.FOTOBLOG_RATE_LIMITS,
        "tokens_tried": 3,
    }
    answers = [
        ApiClient(f"fbt_guess{n}").get("/api/v1/me/").status_code for n in range(4)
    ]
    assert answers == [401, 401, 401, 429]


def test_a_token_opens_no_page_of_the_site(creator):
    _, secret = token_for(creator)
    page = ApiClient(secret).get("/api/docs/")
    assert page.status_code == 200
    assert "alice" not in page.content.decode()


def test_errors_speak_the_language_the_program_asks_for(creator, subscriber, api_as):
    french = {"HTTP_ACCEPT_LANGUAGE": "fr"}
    draft = make_blog(creator, is_published=False)
    reader = api_as(subscriber, "read")
    missing = reader.get(f"/api/v1/posts/{draft.pk}/", **french)
    unknown = Client().get("/api/v1/me/", HTTP_AUTHORIZATION="Bearer fbt_x", **french)
    read_only = reader.post(f"/api/v1/creators/{creator.username}/follow/", **french)
    no_route = reader.get("/api/v1/nowhere/", **french)

    assert error_of(missing)["message"] == "Introuvable."
    assert error_of(unknown)["message"] == "Ce jeton est inconnu, révoqué ou expiré."
    assert error_of(read_only)["message"] == (
        "Les droits de ce jeton ne permettent pas cet appel."
    )
    assert error_of(no_route)["message"] == "Introuvable."
    assert error_of(reader.get(f"/api/v1/posts/{draft.pk}/"))["message"] == (
        "Not found."
    )
