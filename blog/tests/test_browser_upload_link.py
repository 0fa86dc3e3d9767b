"""The upload link in a real browser: creators see it and publish; subscribers don't."""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from authentication.models import User
from blog.models import Photo
from fotoblog.testing import PASSWORD, image_bytes, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UPLOAD_URL = reverse("photo_upload")
SCREENSHOTS = Path("/tmp/fotoblog-shots")


def log_in(page: Page, live_server, username: str) -> None:
    """Log in through the real login form and land on the feed."""
    page.goto(live_server.url + reverse("login"))
    form = page.locator("main form")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(PASSWORD)
    form.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(live_server.url + reverse("home"))


def upload_link(page: Page):
    return page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Upload a Photo", exact=True
    )


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def test_a_creator_follows_the_upload_link_and_publishes_a_photo(
    page: Page, live_server, tmp_path
):
    make_user("alice", User.CREATOR)
    picture = tmp_path / "dawn.jpg"
    picture.write_bytes(image_bytes())

    log_in(page, live_server, "alice")
    expect(upload_link(page)).to_be_visible()
    upload_link(page).click()

    expect(page).to_have_url(live_server.url + UPLOAD_URL)
    expect(page.get_by_role("heading", name="Upload a Photo")).to_be_visible()
    screenshot(page, "creator-upload-page")
    page.locator("input[type=file][name=image]").set_input_files(picture)
    page.get_by_label("Caption").fill("Dawn over the harbour")
    page.get_by_role("button", name="Publish").click()

    expect(page).to_have_url(live_server.url + reverse("home"))
    expect(page.get_by_role("status")).to_have_text("Your photo is published.")
    screenshot(page, "creator-home-page")
    photo = Photo.objects.get()
    assert photo.caption == "Dawn over the harbour"
    assert photo.uploader.username == "alice"


def test_a_subscriber_sees_no_upload_link_and_gets_a_403_page(page: Page, live_server):
    make_user("charlie", User.SUBSCRIBER)

    log_in(page, live_server, "charlie")
    expect(page.get_by_role("heading", name="Your feed")).to_be_visible()
    expect(upload_link(page)).to_have_count(0)

    response = page.goto(live_server.url + UPLOAD_URL)
    assert response.status == 403
    expect(
        page.get_by_role("heading", name="You are not allowed to do this")
    ).to_be_visible()
    expect(page).to_have_url(live_server.url + UPLOAD_URL)
    assert not Photo.objects.exists()
