"""A photo's page in a real browser, on a desktop and a phone: the picture whole and
as large as the window allows, never taller than it, nothing overflowing sideways;
Left and Right, a swipe and the links step through the uploader's photos."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from authentication.models import User
from blog import services
from blog.models import Photo
from images.pipeline import process_photo
from testsupport.browser import DESKTOP, PHONE, log_in, screenshot
from testsupport.factories import image_bytes, make_blog, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def publish(uploader: User, caption: str, size: tuple[int, int], hours_ago: int):
    upload = SimpleUploadedFile(
        f"{caption}.jpg", image_bytes("JPEG", size, "steelblue"), "image/jpeg"
    )
    (photo,) = services.create_photos(
        uploader=uploader, pictures=[(process_photo(upload), caption)]
    )
    date = timezone.now() - timezone.timedelta(hours=hours_ago)
    Photo.objects.filter(pk=photo.pk).update(date_created=date)
    return photo


@pytest.fixture
def photos() -> dict[str, Photo]:
    """alice's panorama (3:1), portrait (2:3) and square, newest first."""
    alice = make_user("alice", User.CREATOR, first_name="Alice", last_name="Martin")
    return {
        "Panorama": publish(alice, "Panorama", (2400, 800), hours_ago=1),
        "Portrait": publish(alice, "Portrait", (800, 1200), hours_ago=2),
        "Square": publish(alice, "Square", (1000, 1000), hours_ago=3),
    }


def picture(page: Page):
    return page.locator(".photo-page-image")


def open_photo(page: Page, live_server, photo: Photo) -> None:
    page.goto(live_server.url + photo.get_absolute_url())
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0",
        arg=picture(page).element_handle(),
    )


def layout(page: Page) -> dict:
    return page.evaluate(
        """() => {
          const img = document.querySelector(".photo-page-image");
          const box = img.getBoundingClientRect();
          const stage = document.querySelector(".photo-stage").getBoundingClientRect();
          return {
            width: box.width, height: box.height,
            ratio: img.naturalWidth / img.naturalHeight,
            stageWidth: stage.width,
            viewport: window.innerHeight,
            overflow: document.documentElement.scrollWidth - window.innerWidth,
          };
        }"""
    )


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("caption", ["Panorama", "Portrait", "Square"])
def test_the_picture_is_whole_as_large_as_the_window_allows_and_never_taller(
    page: Page, live_server, photos, viewport, caption
):
    page.set_viewport_size(viewport)
    log_in(page, live_server, "alice")

    open_photo(page, live_server, photos[caption])

    shown = layout(page)
    assert shown["width"] / shown["height"] == pytest.approx(shown["ratio"], rel=0.02)
    assert shown["height"] <= shown["viewport"]
    # As large as it can be: the whole width, or as tall as the page lets it be.
    fills_width = shown["width"] >= shown["stageWidth"] - 1
    fills_height = shown["height"] >= shown["viewport"] - 8 * 16 - 1
    assert fills_width or fills_height, shown
    assert shown["overflow"] <= 0
    expect(page.get_by_role("heading", level=1)).to_have_text(caption)
    expect(page.get_by_role("link", name="Alice Martin")).to_be_visible()
    screenshot(page, "photo-page", f"{caption.lower()}-{viewport['width']}")


def test_left_and_right_step_through_the_uploaders_photos(
    page: Page, live_server, photos
):
    errors = []  # a CSP refusal, for one, is logged as an error
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    log_in(page, live_server, "alice")
    open_photo(page, live_server, photos["Portrait"])
    expect(page.locator("a[rel=prev]")).to_have_text("‹ Previous photo")
    expect(page.locator("a[rel=next]")).to_have_text("Next photo ›")

    page.keyboard.press("ArrowRight")  # older: the next one on her page
    expect(page).to_have_url(live_server.url + photos["Square"].get_absolute_url())
    expect(page.locator("a[rel=next]")).to_have_count(0)
    page.keyboard.press("ArrowLeft")
    expect(page).to_have_url(live_server.url + photos["Portrait"].get_absolute_url())
    page.keyboard.press("ArrowLeft")
    expect(page).to_have_url(live_server.url + photos["Panorama"].get_absolute_url())
    expect(page.locator("a[rel=prev]")).to_have_count(0)
    page.locator("a[rel=next]").click()
    expect(page).to_have_url(live_server.url + photos["Portrait"].get_absolute_url())
    assert errors == []


def test_the_arrows_leave_a_field_alone(page: Page, live_server, photos):
    log_in(page, live_server, "alice")
    open_photo(page, live_server, photos["Portrait"])

    page.locator("#language-select").focus()
    page.keyboard.press("ArrowRight")

    expect(page).to_have_url(live_server.url + photos["Portrait"].get_absolute_url())


def swipe(page: Page, distance: int) -> None:
    """A horizontal swipe of `distance` pixels with a finger across the picture."""
    start = {"pointerType": "touch", "isPrimary": True, "bubbles": True}
    stage = page.locator(".photo-stage")
    stage.dispatch_event("pointerdown", {**start, "clientX": 300, "clientY": 300})
    stage.dispatch_event(
        "pointerup", {**start, "clientX": 300 + distance, "clientY": 310}
    )


def test_a_swipe_steps_on_a_phone(page: Page, live_server, photos):
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "alice")
    open_photo(page, live_server, photos["Portrait"])

    swipe(page, -120)  # to the left: the next photo
    expect(page).to_have_url(live_server.url + photos["Square"].get_absolute_url())
    picture(page).wait_for()
    swipe(page, 20)  # too short: a tap, not a swipe
    swipe(page, 120)
    expect(page).to_have_url(live_server.url + photos["Portrait"].get_absolute_url())


def test_everything_the_page_says_fits_a_phone_in_french_and_dark(
    browser: Browser, live_server, photos
):
    portrait = photos["Portrait"]
    User.objects.filter(username="alice").update(shows_camera_details=True)
    Photo.objects.filter(pk=portrait.pk).update(
        alt="Une façade étroite, ses volets bleus ouverts sur la rue",
        camera="FUJIFILM X-T4",
        lens="XF23mmF2 R WR",
        focal_length=Decimal("23"),
        f_number=Decimal("2.8"),
        exposure_time="1/250",
        iso=400,
    )
    make_blog(portrait.uploader, title="Une rue de Lisbonne", photo=portrait)
    context = browser.new_context(color_scheme="dark", viewport=PHONE)
    try:
        page = context.new_page()
        log_in(page, live_server, "alice")
        french = {"name": settings.LANGUAGE_COOKIE_NAME, "value": "fr"}
        context.add_cookies([{**french, "url": live_server.url}])
        open_photo(page, live_server, portrait)

        for heading in ("Description", "Dans ce billet", "Prise de vue"):
            expect(page.get_by_role("heading", name=heading)).to_be_visible()
        expect(page.locator(".camera-details")).to_contain_text("ƒ/2,8")
        expect(page.get_by_role("link", name="Photo suivante")).to_be_visible()
        assert layout(page)["overflow"] <= 0
        screenshot(page, "photo-page", "portrait-390-fr-dark")
    finally:
        context.close()
