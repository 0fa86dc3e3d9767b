"""The upload link in a real browser: creators find it and publish; subscribers
don't."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from authentication.models import User
from blog.models import Photo
from testsupport.browser import log_in, main_nav, screenshot
from testsupport.factories import image_bytes, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UPLOAD_URL = reverse("photo_upload")


def upload_links(page: Page):
    # By its address: the header says it in its own words (a "New" menu's "Photos").
    return main_nav(page).locator(f'a[href="{UPLOAD_URL}"]')


def test_a_creator_follows_the_upload_link_and_publishes_a_photo(
    page: Page, live_server, tmp_path
):
    make_user("alice", User.CREATOR)
    picture = tmp_path / "dawn.jpg"
    picture.write_bytes(image_bytes())

    log_in(page, live_server, "alice")
    expect(upload_links(page)).to_have_count(1)
    page.goto(live_server.url + upload_links(page).get_attribute("href"))

    expect(page.get_by_role("heading", name="Upload photos")).to_be_visible()
    expect(page.locator("form[data-upload][data-ready]")).to_be_attached()
    screenshot(page, "upload-link", "creator-upload-page")
    page.locator("input[type=file][name=images]").set_input_files(picture)
    page.get_by_label("Caption: dawn.jpg").fill("Dawn over the harbour")
    page.get_by_role("button", name="Publish photos").click()

    expect(page).to_have_url(live_server.url + reverse("photo_feed"))
    expect(page.get_by_role("status")).to_have_text(
        "1 photo uploaded: it is being prepared."
    )
    screenshot(page, "upload-link", "creator-photos-page")
    photo = Photo.objects.get()
    assert photo.caption == "Dawn over the harbour"
    assert photo.uploader.username == "alice"


def test_a_subscriber_sees_no_upload_link_and_gets_a_403_page(page: Page, live_server):
    make_user("charlie", User.SUBSCRIBER)

    log_in(page, live_server, "charlie")
    expect(page.get_by_role("heading", name="Your feed")).to_be_visible()
    expect(upload_links(page)).to_have_count(0)

    response = page.goto(live_server.url + UPLOAD_URL)
    assert response.status == 403
    expect(
        page.get_by_role("heading", name="You are not allowed to do this")
    ).to_be_visible()
    expect(page).to_have_url(live_server.url + UPLOAD_URL)
    assert not Photo.objects.exists()
