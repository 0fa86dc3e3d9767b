"""Forms as a person sees them: a file button in the page's language that names the
chosen file, a checkbox beside its label, a feed link one copies with a button."""

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Page, expect

from authentication.models import User
from testsupport.browser import PHONE, log_in, screenshot
from testsupport.factories import image_bytes, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_french_page_offers_its_own_file_button_and_names_the_chosen_file(
    page: Page, live_server, tmp_path
):
    make_user("alice", User.CREATOR)
    picture = tmp_path / "portrait.jpg"
    picture.write_bytes(image_bytes())
    log_in(page, live_server, "alice")
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "fr", "url": live_server.url}]
    )
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse("upload_profile_photo"))
    chooser = page.locator("main .file-input")

    expect(chooser).to_have_class("file-input file-input-ready")
    expect(chooser.locator(".file-input-button")).to_have_text("Choisir une photo")
    expect(chooser.locator(".file-input-names")).to_have_text(
        "Aucune photo choisie pour l’instant"
    )
    # The native button, in the browser's language, is there but not seen.
    assert (
        chooser.locator("input[type=file]").evaluate(
            "input => getComputedStyle(input).opacity"
        )
        == "0"
    )

    chooser.locator("input[type=file]").set_input_files(picture)
    expect(chooser.locator(".file-input-names")).to_have_text("portrait.jpg")
    screenshot(page, "forms", "file-input-fr-390", False)


def test_a_checkbox_sits_beside_its_label(page: Page, live_server):
    make_user("alice", User.CREATOR)
    log_in(page, live_server, "alice")
    page.goto(live_server.url + reverse("account_privacy"))

    box = page.get_by_role("checkbox").first.bounding_box()
    label = page.locator("main .check label").first.bounding_box()
    assert label["x"] > box["x"] + box["width"], "the label is beside the box"
    assert label["y"] <= box["y"] + box["height"] / 2 <= label["y"] + label["height"]


def test_the_private_feed_link_is_copied_with_its_button(page: Page, live_server):
    make_user("alice", User.CREATOR)
    log_in(page, live_server, "alice")
    page.goto(live_server.url + reverse("feed_links"))
    page.get_by_role("button", name="Make my feed links").click()

    token = User.objects.get(username="alice").feed_token
    link = page.get_by_label("Your home feed")
    expect(link).to_have_value(live_server.url + reverse("home_atom", args=[token]))
    expect(link).to_have_attribute("readonly", "")
    page.get_by_role("button", name="Copy").click()

    expect(page.get_by_role("status").filter(has_text="Copied")).to_be_visible()
