"""The header in a real browser: one compact bar on a phone that stays at hand, one
row on a desktop, menus that open and close as menus do, nothing wider than the
screen; and one content width per page, flash messages included."""

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Page, expect

from authentication.models import User
from blog.models import Photo
from testsupport.browser import (
    DESKTOP,
    PHONE,
    account_menu,
    log_in,
    make_big_photo,
    screenshot,
)
from testsupport.factories import PASSWORD, image_bytes, make_blog, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_BAR = 56  # px: the most a phone gives the header


def speak_french(page: Page, live_server) -> None:
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "fr", "url": live_server.url}]
    )


def header_height(page: Page) -> float:
    return page.locator("header.site-header").bounding_box()["height"]


def overflows_sideways(page: Page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth > window.innerWidth"
    )


@pytest.fixture
def members():
    """alice, a creator with photos enough to scroll; charlie, a subscriber."""
    alice = make_user("alice", User.CREATOR, first_name="Alice", last_name="Martin")
    make_user("charlie", User.SUBSCRIBER).follows.add(alice)
    for i, color in enumerate(["steelblue", "darkorange", "seagreen"]):
        make_big_photo(alice, f"Photo {i}", color, hours_ago=i)
    return alice


@pytest.mark.parametrize(
    ("username", "french"),
    [("charlie", False), ("alice", False), ("alice", True)],
    ids=["subscriber", "creator", "creator-fr"],
)
def test_on_a_phone_the_header_is_one_bar_that_stays_in_reach(
    page: Page, live_server, members, username, french
):
    page.set_viewport_size(PHONE)
    if french:
        speak_french(page, live_server)
    log_in_as(page, live_server, username)
    page.goto(live_server.url + reverse("photo_feed"))
    header = page.locator("header.site-header")
    expect(header).to_be_visible()

    assert header_height(page) <= PHONE_BAR
    assert not overflows_sideways(page)
    current = header.locator("[aria-current=page]")
    expect(current).to_have_count(1)
    expect(current).to_have_attribute("href", reverse("photo_feed"))
    for link in header.get_by_role("link").all() + header.locator("summary").all():
        if link.is_visible():
            box = link.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], link
    screenshot(page, "header", f"{username}{'-fr' if french else ''}-390", False)

    page.goto(live_server.url + reverse("home"))  # the feed's big photos scroll
    page.mouse.wheel(0, 3000)
    page.wait_for_function("() => window.scrollY > 200")
    box = header.bounding_box()
    assert box["y"] == 0, "the header scrolled away"


def log_in_as(page: Page, live_server, username: str) -> None:
    """Log in through the form, whatever the page's language."""
    page.goto(live_server.url + reverse("login"))
    form = page.locator("main form")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(live_server.url + reverse("home"))


def test_on_a_desktop_the_header_is_one_row(page: Page, live_server, members):
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server, "alice")
    header = page.locator("header.site-header")

    items = header.locator(".brand, .nav-item, .account-summary")
    expect(items).to_have_count(6)  # brand, Feed, Photos, Discover, New, account
    middles = [
        box["y"] + box["height"] / 2 for box in (i.bounding_box() for i in items.all())
    ]
    assert max(middles) - min(middles) <= 4, middles
    assert header_height(page) <= 64
    assert not overflows_sideways(page)
    screenshot(page, "header", "alice-1280", False)


def test_the_account_menu_opens_shows_log_out_and_closes_with_escape(
    page: Page, live_server, members
):
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server, "alice")
    menu = page.locator("details.menu-account")
    log_out = menu.get_by_role("button", name="Log out")
    expect(log_out).to_be_hidden()

    account_menu(page)
    expect(log_out).to_be_visible()
    expect(menu.get_by_role("link", name="Your page")).to_be_visible()
    screenshot(page, "header", "account-menu-1280", False)

    page.keyboard.press("Escape")
    expect(log_out).to_be_hidden()
    expect(menu.locator("summary")).to_be_focused()

    # A click elsewhere closes it too.
    account_menu(page)
    page.locator("main h1").click()
    expect(log_out).to_be_hidden()


def test_the_new_menu_offers_photos_and_a_post_on_a_phone(
    page: Page, live_server, members
):
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "alice")
    nav = page.get_by_role("navigation", name="Main")

    nav.locator("summary").filter(has_text="New").click()
    panel = nav.locator(".menu-panel")
    expect(panel.get_by_role("link", name="Photos")).to_be_visible()
    expect(panel.get_by_role("link", name="Post")).to_be_visible()
    box = panel.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert not overflows_sideways(page)
    screenshot(page, "header", "new-menu-390", False)

    panel.get_by_role("link", name="Post").click()
    expect(page).to_have_url(live_server.url + reverse("blog_and_photo_upload"))


def test_a_visitor_sees_the_brand_log_in_and_sign_up(page: Page, live_server):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse("login"))
    header = page.locator("header.site-header")

    expect(header.get_by_role("link", name="Log in")).to_be_visible()
    expect(header.get_by_role("link", name="Sign up")).to_be_visible()
    assert header_height(page) <= PHONE_BAR
    assert not overflows_sideways(page)


# One content width per page, flash messages included.


def message_and_content_widths(page: Page) -> tuple[float, float]:
    expect(page.locator(".messages")).to_be_visible()
    message = page.locator(".messages").bounding_box()["width"]
    heading = page.locator("main h1").first.bounding_box()["width"]
    return message, heading


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_messages_share_the_width_of_the_pages_content(
    page: Page, live_server, members, viewport, tmp_path
):
    page.set_viewport_size(viewport)
    log_in(page, live_server, "alice")

    # A narrow page: the feed links, just made.
    page.goto(live_server.url + reverse("feed_links"))
    page.locator("main form button[type=submit]").first.click()
    message, content = message_and_content_widths(page)
    assert message == pytest.approx(content, abs=1)
    if viewport == DESKTOP:
        assert content == pytest.approx(560, abs=1)

    # A narrow form page: Edit profile, after a new profile photo.
    picture = tmp_path / "me.jpg"
    picture.write_bytes(image_bytes())
    page.goto(live_server.url + reverse("upload_profile_photo"))
    page.locator("main input[type=file]").set_input_files(picture)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(live_server.url + reverse("edit_profile"))
    message, content = message_and_content_widths(page)
    assert message == pytest.approx(content, abs=1)

    # A column page: a post, just unpublished.
    post = make_blog(members, title="Harbour at dawn")
    page.goto(live_server.url + post.get_absolute_url())
    page.get_by_role("button", name="Unpublish").click()
    message, content = message_and_content_widths(page)
    assert message == pytest.approx(content, abs=1)
    if viewport == DESKTOP:
        assert content == pytest.approx(720, abs=1)

    # A wide page: the photos, after deleting one.
    photo = Photo.objects.filter(uploader=members).first()
    page.goto(live_server.url + reverse("photo_delete", args=[photo.pk]))
    page.locator("main form input[type=checkbox]").check()
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(live_server.url + reverse("photo_feed"))
    message, content = message_and_content_widths(page)
    assert message == pytest.approx(content, abs=1)
    if viewport == DESKTOP:
        assert content == pytest.approx(1100, abs=1)
