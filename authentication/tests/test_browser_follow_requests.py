"""A follow request in a real browser, on a phone: asked, approved, then read.

bob's account is private and holds a post for his followers only. sam asks to follow
him from "Discover creators" (htmx, in place); bob sees the count in the header,
approves sam on his follow-requests page; sam then reads the post on bob's page.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from authentication.models import FollowRequest, User
from blog.models import Visibility
from testsupport.browser import (
    PHONE,
    account_menu,
    expect_htmx_ready,
    log_in,
    log_out,
    main_nav,
    mark_window,
    screenshot,
    window_is_marked,
)
from testsupport.factories import make_blog, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_private_creator_approves_a_request_and_the_follower_reads_on(
    page: Page, live_server
):
    bob = make_user("bob", User.CREATOR, is_private=True)
    sam = make_user("sam", User.SUBSCRIBER)
    post = make_blog(bob, title="Quiet harbour", content="Only for my followers.")
    post.visibility = Visibility.FOLLOWERS
    post.save(update_fields=["visibility"])
    page.set_viewport_size(PHONE)

    log_in(page, live_server, "sam")
    main_nav(page).get_by_role("link", name="Discover").click()
    expect_htmx_ready(page)
    card = page.locator(".creator-card").filter(has_text="bob")
    mark_window(page)
    card.get_by_role("button", name="Ask to follow bob").click()
    expect(card.get_by_role("button", name="Requested")).to_be_visible()
    assert window_is_marked(page), "asking reloaded the page"
    assert FollowRequest.objects.get().user == sam
    page.goto(live_server.url + reverse("view_blog", args=[post.pk]))
    expect(page.get_by_role("heading", name="This page does not exist")).to_be_visible()
    log_out(page, live_server)

    log_in(page, live_server, "bob")
    requests_link = account_menu(page).get_by_role("link", name="Followers")
    expect(requests_link.locator(".follow-request-count")).to_have_text("1")
    requests_link.click()
    pending = page.locator(".request-list li").filter(has_text="sam")
    expect(pending).to_contain_text("asked")
    approve = pending.get_by_role("button", name="Approve sam")
    box = approve.bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE["width"]
    screenshot(page, "follow-requests", "pending-390")
    approve.click()
    expect(page.get_by_role("status")).to_contain_text("sam now follows you.")
    expect(page.locator(".decided-list")).to_contain_text("sam: approved")
    expect(page.locator(".follower-list")).to_contain_text("sam")
    expect(page.locator("header .follow-request-count")).to_have_count(0)
    screenshot(page, "follow-requests", "approved-390")
    log_out(page, live_server)

    log_in(page, live_server, "sam")
    page.goto(live_server.url + reverse("creator_detail", args=["bob"]))
    expect(page.get_by_role("button", name="Unfollow bob")).to_be_visible()
    page.get_by_role("link", name="Quiet harbour").first.click()
    expect(page.get_by_text("Only for my followers.")).to_be_visible()
