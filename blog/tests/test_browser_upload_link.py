"""The upload link in a real browser: creators see it and publish; subscribers don't."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from authentication.models import User
from blog.models import Photo
from testsupport.browser import log_in, main_nav, new_menu, screenshot
from testsupport.factories import image_bytes, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UPLOAD_URL = reverse("photo_upload")


def upload_link(page: Page):
    """The "New" menu's Photos link, the menu opened first if there is one."""
    menu = main_nav(page).locator("details.menu-new")
    if menu.count():
        new_menu(page)
    return menu.get_by_role("link", name="Photos", exact=True)


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
    screenshot(page, "upload-link", "creator-upload-page")
    page.locator("input[type=file][name=image]").set_input_files(picture)
    page.get_by_label("Caption").fill("Dawn over the harbour")
    page.get_by_role("button", name="Publish").click()

    expect(page).to_have_url(live_server.url + reverse("home"))
    expect(page.get_by_role("status")).to_have_text(
        "Your photo is uploaded: it is being prepared."
    )
    screenshot(page, "upload-link", "creator-home-page")
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
