"""The one upload flow in a real browser, on a phone and on a desktop: choose three
photos, see them as thumbnails, caption them, give them alt texts, reorder them,
then publish them as photos or make a post of them."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from authentication.models import User
from blog.models import Blog, Photo
from tests.test_browser_accessibility import report, serve_axe, violations_of
from testsupport.browser import DESKTOP, PHONE, log_in, screenshot
from testsupport.factories import image_bytes, make_user
from testsupport.storage import stored_files

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Each picture has its own width, so a stored photo tells which file it came from.
DAWN = ("dawn.jpg", "image/jpeg", image_bytes("JPEG", (64, 48), "orange"))
HARBOUR = ("harbour.png", "image/png", image_bytes("PNG", (80, 60), "navy"))
DUSK = ("dusk.jpg", "image/jpeg", image_bytes("JPEG", (48, 96), "purple"))
VIEWPORTS = pytest.mark.parametrize(
    "viewport", [PHONE, DESKTOP], ids=["phone", "desktop"]
)


def open_upload_page(page: Page, live_server, viewport: dict, url: str) -> None:
    """Log in as a new creator, alice, and open `url` once its script listens."""
    page.set_viewport_size(viewport)
    make_user("alice", User.CREATOR)
    log_in(page, live_server, "alice")
    page.goto(live_server.url + url)
    expect(page.locator("form[data-upload][data-ready]")).to_be_attached()


def choose_three_photos(page: Page) -> None:
    page.locator("input[type=file][name=images]").set_input_files(
        [
            {"name": name, "mimeType": kind, "buffer": data}
            for name, kind, data in (DAWN, HARBOUR, DUSK)
        ]
    )


def rows(page: Page):
    return page.locator("[data-file-list]").get_by_role("listitem")


def describe(page: Page, name: str, caption: str, alt: str) -> None:
    page.get_by_role("textbox", name=f"Caption: {name}", exact=True).fill(caption)
    page.get_by_role("textbox", name=f"Alt text: {name}", exact=True).fill(alt)


def expect_three_thumbnails(page: Page) -> None:
    expect(rows(page)).to_have_count(3)
    expect(rows(page)).to_contain_text(["dawn.jpg", "harbour.png", "dusk.jpg"])
    thumbnails = rows(page).locator("img")
    expect(thumbnails).to_have_count(3)
    for index in range(3):
        expect(thumbnails.nth(index)).to_be_visible()
        expect(thumbnails.nth(index)).to_have_attribute("src", re.compile(r"^blob:"))
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('[data-file-list] img'))"
        ".every((img) => img.complete && img.naturalWidth > 0)"
    )  # the CSP lets the page show the chosen files (img-src blob:)
    expect(page.get_by_text("3 photos chosen.")).to_be_visible()


def describe_three_and_put_dusk_first(page: Page) -> None:
    describe(page, "dawn.jpg", "First light", "A red sky over the sea")
    describe(page, "harbour.png", "Boats", "Fishing boats at the quay")
    describe(page, "dusk.jpg", "Last light", "A purple sky")
    page.get_by_role("button", name="Move up: dusk.jpg").click()
    page.get_by_role("button", name="Move up: dusk.jpg").click()
    expect(rows(page)).to_contain_text(["dusk.jpg", "dawn.jpg", "harbour.png"])
    expect(page.get_by_role("button", name="Move up: dusk.jpg")).to_be_disabled()


def expect_nothing_overflows(page: Page) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - window.innerWidth"
    )
    assert overflow <= 0


def photos_by_width() -> dict[int, tuple[str, str]]:
    return {photo.width: (photo.caption, photo.alt) for photo in Photo.objects.all()}


DESCRIBED = {
    64: ("First light", "A red sky over the sea"),
    80: ("Boats", "Fishing boats at the quay"),
    48: ("Last light", "A purple sky"),
}


@VIEWPORTS
def test_three_photos_are_published_as_photos_of_one_batch_in_the_order_chosen(
    page: Page, live_server, viewport
):
    open_upload_page(page, live_server, viewport, reverse("photo_upload"))
    expect(page.get_by_role("radio", name="Publish as photos")).to_be_checked()
    expect(page.get_by_label("Title", exact=True)).to_be_hidden()

    choose_three_photos(page)

    expect_three_thumbnails(page)
    describe_three_and_put_dusk_first(page)
    expect_nothing_overflows(page)
    screenshot(page, "upload-flow", f"photos-{viewport['width']}")
    page.get_by_role("button", name="Publish photos").click()

    expect(page).to_have_url(live_server.url + reverse("photo_feed"))
    expect(page.get_by_role("status")).to_have_text(
        "3 photos uploaded: they are being prepared."
    )
    assert photos_by_width() == DESCRIBED
    photos = Photo.objects.order_by("pk")
    assert [photo.width for photo in photos] == [48, 64, 80]  # dusk moved first
    assert len({photo.upload_batch for photo in photos}) == 1
    assert photos[0].upload_batch is not None
    assert not Blog.objects.exists()


@VIEWPORTS
def test_three_photos_make_a_post_with_the_first_as_cover_and_a_gallery(
    page: Page, live_server, viewport
):
    open_upload_page(page, live_server, viewport, reverse("photo_upload"))
    choose_three_photos(page)
    expect_three_thumbnails(page)
    describe_three_and_put_dusk_first(page)

    page.get_by_role("radio", name="Make a post").check()
    expect(rows(page).first.get_by_text("Cover", exact=True)).to_be_visible()
    expect(rows(page).nth(1).get_by_text("Cover", exact=True)).to_be_hidden()
    page.get_by_label("Title", exact=True).fill("A day on the coast")
    page.get_by_label("Content", exact=True).fill("From dawn to dusk, and back.")
    expect_nothing_overflows(page)
    screenshot(page, "upload-flow", f"post-{viewport['width']}")
    page.get_by_role("button", name="Save post").click()

    expect(page.get_by_role("heading", name="A day on the coast")).to_be_visible()
    blog = Blog.objects.get()
    expect(page).to_have_url(live_server.url + blog.get_absolute_url())
    expect(page.get_by_role("status")).to_have_text("Your post is published.")
    cover = page.get_by_role("img", name="A purple sky")
    expect(cover.first).to_be_visible()
    assert photos_by_width() == DESCRIBED
    assert blog.photo.width == 48
    gallery = blog.gallery.order_by("galleryphoto__position")
    assert [photo.width for photo in gallery] == [64, 80]
    assert {photo.shown_alone for photo in Photo.objects.all()} == {False}


def test_the_new_post_page_opens_with_make_a_post_chosen_and_asks_for_a_title(
    page: Page, live_server
):
    open_upload_page(page, live_server, DESKTOP, reverse("blog_and_photo_upload"))
    expect(page.get_by_role("heading", name="New post")).to_be_visible()
    expect(page.get_by_role("radio", name="Make a post")).to_be_checked()
    choose_three_photos(page)

    page.get_by_role("button", name="Save post").click()

    # The browser asks for the title: nothing is sent.
    assert (
        page.evaluate("() => document.querySelector('#id_title').validity.valid")
        is False
    )
    page.get_by_role("radio", name="Publish as photos").check()
    expect(page.get_by_label("Title", exact=True)).to_be_hidden()
    page.get_by_role("button", name="Publish photos").click()
    expect(page).to_have_url(live_server.url + reverse("photo_feed"))
    assert Photo.objects.count() == 3
    assert not Blog.objects.exists()


def test_the_heading_and_private_say_what_the_upload_becomes(page: Page, live_server):
    open_upload_page(page, live_server, DESKTOP, reverse("photo_upload"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Upload photos", use_inner_text=True
    )
    expect(page.get_by_text("Only you.", exact=True)).to_be_visible()

    page.get_by_role("radio", name="Make a post").check()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "New post", use_inner_text=True
    )
    expect(page.get_by_text("Only you and your co-authors.")).to_be_visible()
    expect(page.get_by_text("Only you.", exact=True)).to_be_hidden()
    page.get_by_role("radio", name="Publish as photos").check()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Upload photos", use_inner_text=True
    )
    expect(page.get_by_text("Only you.", exact=True)).to_be_visible()
    expect(page.get_by_text("Only you and your co-authors.")).to_be_hidden()


def test_phones_offer_a_button_and_no_drop_area(page: Page, live_server):
    open_upload_page(page, live_server, PHONE, reverse("photo_upload"))

    expect(page.get_by_text("Drop your photos here")).to_be_hidden()
    choose = page.get_by_text("Choose photos", exact=True)
    expect(choose).to_be_visible()
    assert choose.bounding_box()["height"] < 60
    page.set_viewport_size(DESKTOP)
    expect(page.get_by_text("Drop your photos here")).to_be_visible()
    assert page.locator("[data-drop-zone]").bounding_box()["height"] >= 200


def test_a_removed_photo_is_not_sent(page: Page, live_server):
    open_upload_page(page, live_server, DESKTOP, reverse("photo_upload"))
    choose_three_photos(page)
    expect_three_thumbnails(page)

    rows(page).filter(has_text="harbour.png").get_by_role(
        "button", name="Remove"
    ).click()
    page.get_by_role("button", name="Publish photos").click()

    expect(page).to_have_url(live_server.url + reverse("photo_feed"))
    assert sorted(photos_by_width()) == [48, 64]
    assert len(stored_files()) == 2


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_page_with_thumbnails_has_no_serious_accessibility_violation(
    page: Page, live_server, viewport
):
    serve_axe(page, live_server)
    open_upload_page(page, live_server, viewport, reverse("photo_upload"))
    choose_three_photos(page)
    expect_three_thumbnails(page)
    page.get_by_role("radio", name="Make a post").check()

    found = violations_of(page, live_server)

    assert not found, report({"upload flow": found})


def test_without_javascript_two_photos_make_a_post(browser, live_server):
    make_user("alice", User.CREATOR)
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    try:
        page = context.new_page()
        log_in(page, live_server, "alice")
        page.goto(live_server.url + reverse("photo_upload"))
        expect(page.get_by_label("Title", exact=True)).to_be_hidden()
        page.locator("input[type=file][name=images]").set_input_files(
            [
                {"name": name, "mimeType": kind, "buffer": data}
                for name, kind, data in (DAWN, DUSK)
            ]
        )
        page.get_by_label("Caption", exact=True).fill("Coast walk")
        page.get_by_role("radio", name="Make a post").check()
        page.get_by_label("Title", exact=True).fill("Coast walk")
        page.get_by_label("Content", exact=True).fill("Two lights.")
        page.get_by_role("button", name="Save post").click()

        expect(page.get_by_role("heading", name="Coast walk")).to_be_visible()
    finally:
        context.close()
    blog = Blog.objects.get()
    assert (blog.photo.width, blog.photo.caption) == (64, "Coast walk")
    assert [photo.width for photo in blog.gallery.all()] == [48]
