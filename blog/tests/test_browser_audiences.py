"""Choosing who sees a post, in a real browser: on the create page, then on the
post's page; a follower, a member who does not follow and a visitor see the result."""

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from authentication.models import User
from blog.models import Blog
from testsupport.browser import DESKTOP, PHONE, log_in, screenshot
from testsupport.factories import image_bytes, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def new_page(browser: Browser, viewport: dict) -> Page:
    return browser.new_context(viewport=viewport).new_page()


def write_post_for_followers(page: Page, live_server) -> Blog:
    page.goto(live_server.url + reverse("blog_and_photo_upload"))
    page.get_by_label("Title").fill("Night market")
    page.get_by_label("Content").fill("Lanterns over the river.")
    page.locator("input[name=images]").set_input_files(
        files=[
            {
                "name": "lanterns.jpg",
                "mimeType": "image/jpeg",
                "buffer": image_bytes("JPEG", (64, 48), "orange"),
            }
        ]
    )
    audience = page.get_by_role("group", name="Who can see it")
    expect(audience.get_by_text("Only the members who follow you.")).to_be_visible()
    audience.get_by_role("radio", name="Followers").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Night market")).to_be_visible()
    return Blog.objects.get(title="Night market")


def test_a_creator_chooses_followers_then_public_and_each_reader_sees_what_it_allows(
    browser: Browser, live_server, photo_worker
):
    make_user("alice", User.CREATOR)
    bob = make_user("bob", User.SUBSCRIBER)
    make_user("sam", User.SUBSCRIBER)
    bob.follows.add(User.objects.get(username="alice"))

    alice = new_page(browser, PHONE)
    log_in(alice, live_server, "alice")
    blog = write_post_for_followers(alice, live_server)
    expect(alice.locator(".audience")).to_contain_text(
        "The followers of alice, and its authors."
    )
    screenshot(alice, "audiences", "post-for-followers-phone")

    follower = new_page(browser, DESKTOP)
    log_in(follower, live_server, "bob")
    follower.goto(live_server.url + blog.get_absolute_url())
    expect(follower.get_by_role("heading", name="Night market")).to_be_visible()
    stranger = new_page(browser, PHONE)
    log_in(stranger, live_server, "sam")
    response = stranger.goto(live_server.url + blog.get_absolute_url())
    assert response.status == 404
    expect(stranger.get_by_role("heading", name="Night market")).to_have_count(0)

    alice.get_by_text("Change who can see it").click()
    alice.get_by_role("radio", name="Public").check()
    alice.get_by_role("button", name="Save").click()
    expect(alice.locator(".audience")).to_contain_text(
        "Anyone, even visitors who are not logged in."
    )

    visitor = new_page(browser, DESKTOP)
    visitor.goto(live_server.url + blog.get_absolute_url())
    expect(visitor.get_by_role("heading", name="Night market")).to_be_visible()
    picture = visitor.locator("article.blog img").first
    expect(picture).to_be_visible()
    assert picture.evaluate("img => img.complete && img.naturalWidth > 0")
    screenshot(visitor, "audiences", "public-post-visitor-desktop")
