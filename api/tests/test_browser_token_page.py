"""The "API tokens" page in a real browser: a member makes a token, sees it once,
copies it, and revokes it; on a phone nothing is wider than the screen."""

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect

from api.models import AccessToken
from authentication.models import User
from testsupport.browser import DESKTOP, PHONE, log_in, screenshot
from testsupport.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def overflows_sideways(page: Page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth > window.innerWidth"
    )


def me_status(secret: str) -> int:
    """What /api/v1/me/ answers a program holding `secret`, with no session."""
    answer = Client().get(reverse("api:me"), HTTP_AUTHORIZATION=f"Bearer {secret}")
    return answer.status_code


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_a_token_is_made_shown_once_copied_and_revoked(
    page: Page, live_server, viewport
):
    make_user("alice", User.CREATOR)
    page.set_viewport_size(viewport)
    page.context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=live_server.url
    )
    log_in(page, live_server, "alice")
    url = live_server.url + reverse("access_tokens")

    page.goto(url)
    expect(page.get_by_text("No token yet.")).to_be_visible()
    assert not overflows_sideways(page)
    page.get_by_label("Name").fill("Backup script")
    page.get_by_label("Post, edit, delete, follow and block as you").check()
    page.get_by_label("Expires").select_option(label="In 90 days")
    page.get_by_role("button", name="Make the token").click()

    expect(page.get_by_text("it will not be shown again")).to_be_visible()
    secret = page.locator("#new-access-token").input_value()
    assert secret.startswith("fbt_")
    expect(page.locator("#access-token-example")).to_have_value(
        f'curl -H "Authorization: Bearer {secret}" {live_server.url}/api/v1/me/'
    )
    assert not overflows_sideways(page)
    screenshot(page, "access-tokens", f"new-token-{viewport['width']}")
    page.locator("[data-copy-from=new-access-token]").click()
    expect(page.locator(".copy-status").first).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == secret
    assert AccessToken.objects.get().scopes == ["read", "write"]
    assert me_status(secret) == 200

    # Coming back (not a reload: that would send the form again): never again.
    page.goto(url)
    expect(page.locator("#new-access-token")).to_have_count(0)
    assert secret not in page.content()
    row = page.locator("tr.access-token", has_text="Backup script")
    expect(row).to_contain_text("live")
    expect(row).to_contain_text(secret[:8] + "…")
    assert not overflows_sideways(page)

    row.get_by_role("button", name="Revoke the token “Backup script”").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "The token “Backup script” is revoked"
    )
    expect(page.locator("tr.access-token-revoked")).to_contain_text("revoked")
    expect(page.get_by_role("button", name="Revoke the token")).to_have_count(0)
    assert me_status(secret) == 401
    assert not overflows_sideways(page)


def test_a_form_sent_again_by_a_reload_says_so_in_sight(page: Page, live_server):
    make_user("alice", User.CREATOR)
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "alice")
    page.goto(live_server.url + reverse("access_tokens"))
    page.get_by_label("Name").fill("Backup script")
    page.get_by_role("button", name="Make the token").click()
    expect(page.get_by_text("it will not be shown again")).to_be_visible()
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")

    page.reload()  # sends the form again

    message = page.get_by_text("This token is made already")
    expect(message).to_be_in_viewport()
    header = page.locator(".site-header").bounding_box()
    assert message.bounding_box()["y"] >= header["y"] + header["height"]
    assert AccessToken.objects.count() == 1


def test_a_scope_that_wraps_on_a_phone_keeps_its_lines_beside_the_box(
    page: Page, live_server
):
    make_user("alice", User.CREATOR)
    page.set_viewport_size({"width": 320, "height": 640})  # a small phone
    log_in(page, live_server, "alice")
    page.goto(live_server.url + reverse("access_tokens"))

    lines = page.evaluate(
        """() => {
          const box = document.querySelector("input[value=write]");
          const text = [...box.parentElement.childNodes].find(
            (node) => node.nodeType === Node.TEXT_NODE && node.data.trim());
          const range = document.createRange();
          range.selectNodeContents(text);
          return [...range.getClientRects()].map((rect) => rect.left);
        }"""
    )
    assert len(lines) >= 2, "the label wraps on a phone"
    assert max(lines) - min(lines) < 1  # every line starts where the first does
