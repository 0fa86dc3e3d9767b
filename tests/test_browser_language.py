"""Switching the language with the footer's form, in a real browser.

Our own French wording changes: the expected strings are read from the catalog in
use (what `gettext` answers in French), so the test holds whatever they say. Django's
own messages are stable and checked as written.
"""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Page, expect

from authentication.models import User
from testsupport.factories import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def in_french(text: str) -> str:
    with translation.override("fr"):
        return translation.gettext(text)


def choose_language(page: Page, name: str) -> None:
    footer = page.locator("footer form")
    footer.locator("select[name=language]").select_option(label=name)
    footer.locator("button[type=submit]").click()


def language_cookie(page: Page) -> str | None:
    cookies = page.context.cookies()
    wanted = settings.LANGUAGE_COOKIE_NAME
    return next((c["value"] for c in cookies if c["name"] == wanted), None)


def test_the_footer_form_switches_the_site_to_french_and_back(page: Page, live_server):
    make_user("alice", User.CREATOR)
    login_url = live_server.url + reverse("login")
    page.goto(login_url)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_label("Language")).to_have_value("en")

    choose_language(page, "Français")

    expect(page).to_have_url(login_url)
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    assert language_cookie(page) == "fr"
    expect(page.locator("select[name=language]")).to_have_value("fr")
    expect(page.get_by_role("heading", level=1)).to_have_text(in_french("Log in"))
    expect(page.get_by_label(in_french("Language"), exact=True)).to_be_visible()

    # An empty login form, past the browser's own check: Django's French messages.
    page.locator("main form").evaluate("form => { form.noValidate = true; }")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main .errors").first).to_have_text("Ce champ est obligatoire.")

    # Logged in, the language stays; the navigation speaks French too.
    form = page.locator("main form")
    form.locator("input[name=username]").fill("alice")
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(live_server.url + reverse("home"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    nav = page.get_by_role("navigation", name=in_french("Main"))
    expect(
        nav.get_by_role("link", name=in_french("Feed"), exact=True)
    ).to_have_attribute("aria-current", "page")

    choose_language(page, "English")

    expect(page).to_have_url(live_server.url + reverse("home"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert language_cookie(page) == "en"
    expect(page.get_by_role("heading", name="Your feed")).to_be_visible()
