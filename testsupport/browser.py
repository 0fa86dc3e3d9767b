"""Helpers for the browser tests: logging in through the form, screenshots.

A page's scripts are deferred: a test waits for the ready state a page shows
(`data-htmx-ready`, a form's `data-ready`) before using what they wire up, never for
time and never only for the URL, which changes before they run.
"""

from datetime import timedelta
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from blog import services
from blog.models import Photo
from images.pipeline import process_photo
from testsupport.factories import PASSWORD, image_bytes

SCREENSHOTS = Path("/tmp/fotoblog-shots")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def log_in(page: Page, live_server, username: str) -> None:
    """Log in through the real login form and land on the feed."""
    page.goto(live_server.url + reverse("login"))
    form = page.locator("main form")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(PASSWORD)
    form.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(live_server.url + reverse("home"))


def expect_htmx_ready(page: Page) -> None:
    """Wait until htmx has wired up the page: before, a follow button or "Load more"
    would send a plain request and reload the page."""
    expect(page.locator("body[data-htmx-ready]")).to_be_attached()


def account_menu(page: Page):
    """Open the header's account menu (if closed); return it."""
    menu = page.locator("header details.menu-account")
    if not menu.evaluate("details => details.open"):
        menu.locator("summary").click()
    return menu


def new_menu(page: Page):
    """Open the header's "New" menu (if closed); return it."""
    menu = page.locator("header details.menu-new")
    if not menu.evaluate("details => details.open"):
        menu.locator("summary").click()
    return menu


def log_out(page: Page, live_server) -> None:
    """Log out with the account menu's button and land on the login page."""
    account_menu(page).locator("form[action$='/logout/'] button").click()
    expect(page).to_have_url(live_server.url + reverse("login"))


def main_nav(page: Page):
    return page.get_by_role("navigation", name="Main")


def mark_window(page: Page) -> None:
    """Leave a marker on the window: it survives in-page updates, not a reload."""
    page.evaluate("window.fotoblogNoReload = true")


def window_is_marked(page: Page) -> bool:
    return page.evaluate("window.fotoblogNoReload === true")


def screenshot(page: Page, folder: str, name: str, full_page: bool = True) -> Path:
    """Save a screenshot as /tmp/fotoblog-shots/<folder>/<name>.png."""
    path = SCREENSHOTS / folder / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=path, full_page=full_page)
    return path


def make_big_photo(uploader, caption: str, color: str, hours_ago: int = 0) -> Photo:
    """Publish a 1200×800 picture of one colour: big enough to have renditions."""
    upload = SimpleUploadedFile(
        f"{color}.jpg", image_bytes("JPEG", (1200, 800), color), "image/jpeg"
    )
    (photo,) = services.create_photos(
        uploader=uploader, pictures=[(process_photo(upload), caption)]
    )
    date = timezone.now() - timedelta(hours=hours_ago)
    Photo.objects.filter(pk=photo.pk).update(date_created=date)
    photo.refresh_from_db()
    return photo
