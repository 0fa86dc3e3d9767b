"""Sign up, publish, follow and read the feed in a real browser.

A creator signs up and publishes a blog; a subscriber signs up, finds the creator on
"Discover creators" and follows them in place (htmx, no reload), then reads the
creator's work on the home feed, paging with "Load more".
"""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from authentication.models import User
from blog.models import Blog
from testsupport.browser import (
    expect_htmx_ready,
    log_out,
    main_nav,
    mark_window,
    new_menu,
    window_is_marked,
)
from testsupport.factories import PASSWORD, image_bytes, make_photo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_up(page: Page, live_server, username: str, role: str, **names) -> None:
    page.goto(live_server.url + reverse("signup"))
    form = page.locator("main form")
    form.get_by_label("Username").fill(username)
    form.get_by_label("Email").fill(f"{username}@example.com")
    form.get_by_label("First name").fill(names.get("first_name", ""))
    form.get_by_label("Last name").fill(names.get("last_name", ""))
    form.get_by_role("radio", name=role).check()
    form.get_by_label("Password", exact=True).fill(PASSWORD)
    form.get_by_label("Password confirmation").fill(PASSWORD)
    form.get_by_role("button", name="Create my account").click()
    expect(page).to_have_url(live_server.url + reverse("home"))
    expect(page.get_by_role("status")).to_contain_text(
        f"Welcome to fotoblog, {username}"
    )


def create_blog_with_a_photo(page: Page, live_server, tmp_path) -> None:
    picture = tmp_path / "harbour.jpg"
    picture.write_bytes(image_bytes())
    new_menu(page).get_by_role("link", name="Post").click()
    form = page.locator("main form")
    form.get_by_label("Title").fill("Harbour lights")
    form.get_by_label("Content").fill("Boats come home at dusk.")
    publish_now = form.get_by_label("Publish now")
    if not publish_now.is_checked():
        publish_now.check()
    form.locator("input[type=file]").set_input_files(picture)
    form.get_by_label("Caption").fill("The harbour at dusk")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Harbour lights")).to_be_visible()


def test_a_subscriber_signs_up_follows_a_creator_and_reads_the_feed(
    page: Page, live_server, tmp_path
):
    sign_up(page, live_server, "marta", "Creator", first_name="Marta", last_name="Kos")
    create_blog_with_a_photo(page, live_server, tmp_path)
    log_out(page, live_server)
    marta = User.objects.get(username="marta")
    assert Blog.objects.get().owner == marta

    sign_up(page, live_server, "sam", "Subscriber")
    main_nav(page).get_by_role("link", name="Discover").click()
    page.get_by_role("searchbox", name="Search by name").fill("Kos")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"\?q=Kos$"))
    expect_htmx_ready(page)
    card = page.locator(".creator-card").filter(has_text="marta")
    expect(card).to_have_count(1)
    expect(card.locator(".follower-count")).to_have_text("0 followers")

    mark_window(page)
    card.get_by_role("button", name="Follow marta").click()

    expect(card.get_by_role("button", name="Unfollow marta")).to_be_visible()
    expect(card.get_by_role("button", name="Unfollow marta")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(card.locator(".follower-count")).to_have_text("1 follower")
    # A keyboard user stays where they were: on the button, now Unfollow.
    expect(card.get_by_role("button", name="Unfollow marta")).to_be_focused()
    assert window_is_marked(page), "following reloaded the page"
    assert list(User.objects.get(username="sam").follows.all()) == [marta]

    # More than a page of work: the blog and, older, photos of their own.
    now = timezone.now()
    for age in range(1, settings.FOTOBLOG_FEED_PAGE_SIZE + 3):
        make_photo(marta, f"Old photo {age}", date_created=now - timedelta(days=age))
    total = (
        settings.FOTOBLOG_FEED_PAGE_SIZE + 3
    )  # the blog (its photo is shown in it) and 14 photos

    main_nav(page).get_by_role("link", name="Feed").click()
    expect(page).to_have_url(live_server.url + reverse("home"))
    expect_htmx_ready(page)
    feed = page.locator(".feed")
    items = feed.locator(":scope > article")
    expect(items.first).to_contain_text("Harbour lights")
    expect(items).to_have_count(settings.FOTOBLOG_FEED_PAGE_SIZE)

    mark_window(page)
    load_more = page.get_by_role("link", name="Load more")
    while load_more.count():
        shown = items.count()
        load_more.click()
        expect(items).not_to_have_count(shown)
    expect(items).to_have_count(total)
    expect(items.last).to_contain_text("Marta Kos")
    expect(feed.get_by_text("Old photo 14")).to_be_visible()
    expect(load_more).to_have_count(0)
    # Photos that came with "Load more" open in the lightbox like the first ones.
    expect(feed.locator(".photo-card .photo-zoom")).to_have_count(total - 1)
    assert window_is_marked(page), "Load more reloaded the page"
