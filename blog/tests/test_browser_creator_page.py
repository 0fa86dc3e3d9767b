"""A creator's page, Edit profile and Discover in Chromium, on a phone and a desktop."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from authentication.models import User
from testsupport.browser import (
    DESKTOP,
    PHONE,
    expect_htmx_ready,
    log_in,
    make_big_photo,
    screenshot,
)
from testsupport.factories import ago, make_blog, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
OVERFLOW_JS = "() => document.documentElement.scrollWidth - window.innerWidth"
# Each strip picture's shown width over height, and its own.
STRIP_SHAPES_JS = """() => Array.from(document.querySelectorAll('.creator-strip img'))
  .filter((img) => img.complete && img.getBoundingClientRect().top
                    < img.parentElement.getBoundingClientRect().bottom)
  .map((img) => [img.clientWidth / img.clientHeight,
                 img.naturalWidth / img.naturalHeight])"""


@pytest.fixture
def alice(settings):
    settings.FOTOBLOG_FEED_PAGE_SIZE = 2
    alice = make_user(
        "alice",
        User.CREATOR,
        first_name="Alice",
        last_name="Martin",
        bio="Harbours at dawn.\nFilm and digital.",
    )
    colors = ["steelblue", "darkorange", "seagreen"]
    for hours, color in enumerate(colors):
        make_big_photo(alice, f"Photo {hours}", color, hours_ago=hours)
    for number in range(3):
        make_blog(alice, title=f"Post {number}", date_created=ago(number))
    return alice


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_tabs_switch_between_photos_and_posts_and_load_more_stays_in_its_tab(
    page: Page, live_server, alice, viewport
):
    page.set_viewport_size(VIEWPORTS[viewport])
    log_in(page, live_server, "alice")
    page.goto(live_server.url + reverse("creator_detail", args=["alice"]))
    tabs = page.get_by_role("navigation", name="Alice Martin’s work")

    expect(page.get_by_role("heading", level=1)).to_have_text("Alice Martin")
    expect(page.locator(".creator-bio")).to_have_text(
        "Harbours at dawn.\nFilm and digital.", use_inner_text=True
    )
    expect(tabs.locator("[aria-current=page]")).to_have_text("3 photos")
    expect(page.locator(".grid img")).to_have_count(2)
    assert page.evaluate(OVERFLOW_JS) <= 0
    screenshot(page, "creators", f"creator-photos-{viewport}")

    tabs.get_by_role("link", name="3 posts").click()
    expect(page).to_have_url(
        live_server.url + reverse("creator_detail", args=["alice"]) + "?tab=posts"
    )
    expect(tabs.locator("[aria-current=page]")).to_have_text("3 posts")
    expect_htmx_ready(page)
    page.get_by_role("link", name="Load more").click()
    expect(page.locator(".blog-card h2")).to_have_text(["Post 0", "Post 1", "Post 2"])
    expect(page.locator(".grid")).to_have_count(0)
    assert page.evaluate(OVERFLOW_JS) <= 0
    screenshot(page, "creators", f"creator-posts-{viewport}")


def test_edit_profile_counts_the_bio_and_saves_back_to_ones_page(
    page: Page, live_server, alice
):
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "alice")
    page.goto(live_server.url + reverse("creator_detail", args=["alice"]))
    page.get_by_role("link", name="Edit profile").click()

    bio = page.get_by_label("Bio")
    bio.fill("Only the sea.")
    expect(page.locator(".char-counter")).to_have_text("13 / 500")
    page.get_by_label("Show camera details on my photos’ pages").check()
    assert page.evaluate(OVERFLOW_JS) <= 0
    screenshot(page, "creators", "edit-profile-phone")
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_url(
        live_server.url + reverse("creator_detail", args=["alice"])
    )
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    expect(page.locator(".creator-bio")).to_have_text("Only the sea.")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_discover_shows_whole_recent_photos_without_overflowing(
    page: Page, live_server, alice, viewport
):
    make_user("bob", User.SUBSCRIBER)
    page.set_viewport_size(VIEWPORTS[viewport])
    log_in(page, live_server, "bob")
    page.goto(live_server.url + reverse("creator_list"))
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.creator-strip img'))"
        ".every((img) => img.complete)"
    )

    shapes = page.evaluate(STRIP_SHAPES_JS)

    assert shapes, "no photo shown in the strip"
    for shown, natural in shapes:
        assert shown == pytest.approx(natural, rel=0.03)  # whole, not cropped
    assert page.evaluate(OVERFLOW_JS) <= 0
    screenshot(page, "creators", f"discover-{viewport}")
    page.locator(".creator-strip").click()
    expect(page).to_have_url(
        live_server.url + reverse("creator_detail", args=["alice"])
    )
