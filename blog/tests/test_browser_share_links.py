"""A share link in a real browser: the owner makes one with a password and copies
it; someone logged out opens it, types the password and sees the photo; once the
owner revokes it, the link shows the page saying it does not work."""

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from authentication.models import User
from blog.models import ShareLink
from testsupport.browser import log_in, make_big_photo
from testsupport.factories import make_blog, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_link_with_a_password_opens_the_post_until_it_is_revoked(
    page: Page, browser: Browser, live_server
):
    alice = make_user("alice", User.CREATOR)
    photo = make_big_photo(alice, "Harbour at dawn", "teal")
    blog = make_blog(
        alice, title="Harbour lights", content="Boats at dusk.", photo=photo
    )
    page.context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=live_server.url
    )

    log_in(page, live_server, "alice")
    page.goto(live_server.url + blog.get_absolute_url())
    page.get_by_role("link", name="Share").click()
    page.get_by_label("Shared with").fill("Grandma")
    page.get_by_label("Expires").select_option(label="In 7 days")
    page.get_by_label("Password (optional)").fill("seagull")
    page.get_by_role("button", name="Make the link").click()
    expect(page.get_by_text("it will not be shown again")).to_be_visible()
    page.get_by_role("button", name="Copy").click()
    expect(page.locator(".copy-status")).to_have_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#new-share-link").input_value()
    assert copied.startswith(live_server.url + "/s/")

    # Someone else's browser: no cookie, no session.
    grandma = browser.new_context().new_page()
    grandma.goto(copied)
    expect(grandma.get_by_text("This link needs a password")).to_be_visible()
    grandma.get_by_label("Password").fill("seagull")
    grandma.get_by_role("button", name="Open").click()
    expect(grandma.get_by_role("heading", name="Harbour lights")).to_be_visible()
    expect(grandma.get_by_text("Shared with you by alice")).to_be_visible()
    picture = grandma.get_by_role("img", name="Harbour at dawn")
    expect(picture).to_be_visible()
    grandma.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=picture.element_handle()
    )
    assert ShareLink.objects.get().open_count == 1

    # Back to the page (not a reload: that would send the form again).
    page.goto(live_server.url + reverse("share_links", args=[blog.pk]))
    row = page.locator("tr.share-link", has_text="Grandma")
    expect(row).to_contain_text("1 time")
    row.get_by_role("button", name="Revoke the link for Grandma").click()
    expect(page.get_by_role("status")).to_contain_text(
        "The link for Grandma is revoked"
    )
    expect(page.locator("tr.share-link-revoked")).to_contain_text("revoked")

    response = grandma.goto(copied)
    assert response.status == 404
    expect(
        grandma.get_by_role("heading", name="This link does not work")
    ).to_be_visible()
    expect(grandma.get_by_text("Harbour lights")).to_have_count(0)
