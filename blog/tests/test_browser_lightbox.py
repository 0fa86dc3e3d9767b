"""The lightbox in a real browser: open a photo of the feed, step, close, focus, and
go on to the photo's page. (Grid pictures link to the photo's page instead.)"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from authentication.models import User
from blog.models import Photo
from testsupport.browser import (
    PHONE,
    log_in,
    make_big_photo,
    screenshot,
)
from testsupport.factories import make_blog, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Newest first on the feed: Dawn, Noon, Dusk.
PICTURES = [("Dawn", "orange"), ("Noon", "gold"), ("Dusk", "purple")]


@pytest.fixture
def photos() -> list[Photo]:
    """Three photos by alice, big enough to have renditions, newest first."""
    alice = make_user("alice", User.CREATOR)
    return [
        make_big_photo(alice, caption, color, hours_ago=age)
        for age, (caption, color) in enumerate(PICTURES)
    ]


def zoom(page: Page, caption: str):
    return page.get_by_role("button", name=f"Enlarge: {caption}", exact=True)


def lightbox(page: Page):
    return page.locator("dialog.lightbox")


def expect_showing(page: Page, caption: str, position: str, photo: Photo) -> None:
    dialog = page.get_by_role("dialog", name=caption, exact=True)
    expect(dialog).to_be_visible()
    expect(dialog.locator(".lightbox-caption")).to_have_text(caption)
    expect(dialog.locator(".lightbox-count")).to_have_text(position)
    image = dialog.get_by_role("img", name=caption, exact=True)
    expect(image).to_have_attribute("src", photo.image.url)
    expect(image).to_have_attribute("srcset", photo.srcset)
    expect(dialog.get_by_role("link", name="Open the photo's page")).to_have_attribute(
        "href", photo.get_absolute_url()
    )
    # Loaded, and bigger than the feed's picture.
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 260", arg=image.element_handle()
    )


def swipe(page: Page, distance: int) -> None:
    """A horizontal swipe of `distance` pixels with a finger across the lightbox."""
    start = {"pointerType": "touch", "isPrimary": True, "bubbles": True}
    lightbox(page).dispatch_event("pointerdown", {**start, "clientX": 200})
    lightbox(page).dispatch_event("pointerup", {**start, "clientX": 200 + distance})


def open_feed(page: Page, live_server) -> None:
    """Log in as alice, who lands on her feed: her photos, newest first."""
    log_in(page, live_server, "alice")
    expect(page).to_have_url(live_server.url + reverse("home"))


def test_a_photo_opens_large_steps_with_the_arrows_and_escape_gives_focus_back(
    page: Page, live_server, photos
):
    dawn, noon, dusk = photos
    errors = []  # a CSP refusal, for one, is logged as an error
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_feed(page, live_server)
    expect(lightbox(page)).to_have_count(0)

    zoom(page, "Noon").click()

    expect_showing(page, "Noon", "2 / 3", noon)
    expect(page.get_by_role("button", name="Close")).to_be_focused()
    screenshot(page, "pages", "lightbox-1280", full_page=False)
    page.keyboard.press("ArrowRight")
    expect_showing(page, "Dusk", "3 / 3", dusk)
    page.keyboard.press("ArrowRight")  # past the last photo: back to the first
    expect_showing(page, "Dawn", "1 / 3", dawn)
    page.keyboard.press("ArrowLeft")
    expect_showing(page, "Dusk", "3 / 3", dusk)
    page.keyboard.press("ArrowLeft")
    expect_showing(page, "Noon", "2 / 3", noon)

    page.keyboard.press("Escape")

    expect(lightbox(page)).to_be_hidden()
    expect(zoom(page, "Noon")).to_be_focused()
    expect(page.locator("html")).not_to_have_class(re.compile("lightbox-open"))
    assert errors == []


def test_the_backdrop_and_the_buttons_work_on_a_phone(page: Page, live_server, photos):
    dawn, noon, dusk = photos
    page.set_viewport_size(PHONE)
    open_feed(page, live_server)
    zoom(page, "Dawn").click()
    expect_showing(page, "Dawn", "1 / 3", dawn)
    box = lightbox(page).get_by_role("img", name="Dawn").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]

    page.get_by_role("button", name="Next photo").click()
    expect_showing(page, "Noon", "2 / 3", noon)
    screenshot(page, "pages", "lightbox-390", full_page=False)
    page.get_by_role("button", name="Previous photo").click()
    expect_showing(page, "Dawn", "1 / 3", dawn)
    swipe(page, -120)  # to the left: the next photo
    expect_showing(page, "Noon", "2 / 3", noon)

    page.mouse.click(PHONE["width"] // 2, 150)  # on the backdrop, above the photo

    expect(lightbox(page)).to_be_hidden()
    expect(zoom(page, "Noon")).to_be_focused()


def test_without_javascript_photos_are_plain_images(
    browser: Browser, live_server, photos
):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        open_feed(page, live_server)
        expect(page.get_by_role("img", name="Noon", exact=True)).to_be_visible()
        expect(page.locator(".photo-zoom")).to_have_count(0)
        expect(lightbox(page)).to_have_count(0)
    finally:
        context.close()


def test_photos_of_the_feed_and_of_a_blog_open_too(page: Page, live_server, photos):
    dawn, noon, dusk = photos
    blog = make_blog(photos[0].uploader, title="Noon walk", photo=noon)
    log_in(page, live_server, "alice")

    # The feed: the blog's card links to the blog; the other photos open large.
    card = page.locator(".blog-card").filter(has_text="Noon walk")
    expect(card.locator(".photo-zoom")).to_have_count(0)
    zoom(page, "Dusk").click()
    expect_showing(page, "Dusk", "2 / 2", dusk)
    page.keyboard.press("Escape")
    expect(zoom(page, "Dusk")).to_be_focused()

    page.goto(live_server.url + blog.get_absolute_url())
    zoom(page, "Noon").click()
    expect_showing(page, "Noon", "1 / 1", noon)
    expect(page.get_by_role("button", name="Next photo")).to_be_hidden()
    page.keyboard.press("ArrowRight")
    expect_showing(page, "Noon", "1 / 1", noon)
    page.keyboard.press("Escape")
    expect(zoom(page, "Noon")).to_be_focused()


def test_the_lightbox_leads_on_to_the_photos_page(page: Page, live_server, photos):
    dawn, noon, dusk = photos
    open_feed(page, live_server)
    zoom(page, "Noon").click()
    expect_showing(page, "Noon", "2 / 3", noon)

    lightbox(page).get_by_role("link", name="Open the photo's page").click()

    expect(page).to_have_url(live_server.url + noon.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Noon")
    expect(lightbox(page)).to_have_count(0)
