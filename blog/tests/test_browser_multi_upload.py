"""The upload page's script in a real browser: drop, caption, progress, errors; and
the page without JS."""

import base64
import os

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, Route, expect

from authentication.models import User
from blog.models import Photo
from testsupport.browser import log_in, log_out, screenshot
from testsupport.factories import image_bytes, make_user
from testsupport.storage import stored_files

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MULTI_UPLOAD_URL = reverse("create_multiple_photos")

# Each picture has its own width, so a stored photo tells which file it came from.
DAWN = ("dawn.jpg", "image/jpeg", image_bytes("JPEG", (64, 48), "orange"))
HARBOUR = ("harbour.png", "image/png", image_bytes("PNG", (80, 60), "navy"))
DUSK = ("dusk.jpg", "image/jpeg", image_bytes("JPEG", (96, 72), "purple"))
BAD = ("bad.jpg", "image/jpeg", os.urandom(2048))

DROP_FILES_JS = """(files) => {
  const transfer = new DataTransfer();
  for (const { name, type, data } of files) {
    const bytes = Uint8Array.from(atob(data), (char) => char.charCodeAt(0));
    transfer.items.add(new File([bytes], name, { type }));
  }
  return transfer;
}"""


def open_as_alice(page: Page, live_server) -> User:
    """Log in as a new creator, alice, and open the course's multi-upload page."""
    alice = make_user("alice", User.CREATOR)
    log_in(page, live_server, "alice")
    open_multi_upload(page, live_server)
    expect_script_ready(page)
    return alice


def open_multi_upload(page: Page, live_server) -> None:
    page.goto(live_server.url + MULTI_UPLOAD_URL)
    expect(page.get_by_role("heading", name="Upload photos")).to_be_visible()


def expect_script_ready(page: Page) -> None:
    """Wait until the page's script listens: the URL changes before it runs."""
    expect(page.locator("form[data-upload][data-ready]")).to_be_attached()


def drop_files(page: Page, files) -> None:
    """Drop `files` (name, type, bytes) on the drop zone as a real drop would."""
    transfer = page.evaluate_handle(
        DROP_FILES_JS,
        [
            {"name": name, "type": kind, "data": base64.b64encode(data).decode()}
            for name, kind, data in files
        ],
    )
    zone = page.locator("[data-drop-zone]")
    for event in ("dragenter", "dragover", "drop"):
        zone.dispatch_event(event, {"dataTransfer": transfer})
    transfer.dispose()


def choose_files(file_input, files) -> None:
    """Choose `files` (name, type, bytes) in the file input, as a person would."""
    file_input.set_input_files(
        [{"name": name, "mimeType": kind, "buffer": data} for name, kind, data in files]
    )


def caption_the_harbour_and_publish_both(page: Page, live_server) -> None:
    """With dawn and harbour listed: caption the harbour only, publish both."""
    expect(rows(page)).to_have_count(2)
    expect(rows(page)).to_contain_text(["dawn.jpg", "harbour.png"])
    caption_of(page, "harbour.png").fill("Boats")
    publish_all(page)

    expect_published(page, live_server, "2 photos uploaded: they are being prepared.")
    assert captions_by_width() == {64: "", 80: "Boats"}


def rows(page: Page):
    return page.locator("[data-file-list]").get_by_role("listitem")


def row(page: Page, name: str):
    return rows(page).filter(has_text=name)


def caption_of(page: Page, name: str):
    return page.get_by_role("textbox", name=f"Caption: {name}", exact=True)


def common_caption(page: Page):
    return page.get_by_label("Caption", exact=True)


def publish_all(page: Page) -> None:
    page.get_by_role("button", name="Publish photos").click()


def expect_published(page: Page, live_server, message: str) -> None:
    expect(page).to_have_url(live_server.url + reverse("photo_feed"))
    expect(page.get_by_role("status")).to_have_text(message)


def captions_by_width() -> dict[int, str]:
    return {photo.width: photo.caption for photo in Photo.objects.all()}


def screenshot_at(page: Page, name: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    screenshot(page, "multi-upload", f"{name}-{width}")


def test_a_creator_drops_three_photos_captions_two_and_publishes_them(
    page: Page, live_server
):
    open_as_alice(page, live_server)

    drop_files(page, [DAWN, HARBOUR, DUSK])

    expect(rows(page)).to_have_count(3)
    expect(rows(page)).to_contain_text(["dawn.jpg", "harbour.png", "dusk.jpg"])
    caption_of(page, "dawn.jpg").fill("First light")
    caption_of(page, "dusk.jpg").fill("Last light")
    caption_of(page, "harbour.png").fill("On the coast")

    # Hold the upload until the progress bar has been seen, then let it go.
    held: list[Route] = []
    page.route(live_server.url + MULTI_UPLOAD_URL, lambda route: held.append(route))
    publish_all(page)
    progress = page.get_by_role("progressbar")
    expect(progress).to_be_visible(timeout=5000)
    for _ in range(100):  # a few round trips let the route handler run
        if held:
            break
        page.evaluate("0")
    assert len(held) == 1
    assert held[0].request.method == "POST"
    held[0].continue_()

    expect_published(page, live_server, "3 photos uploaded: they are being prepared.")
    assert captions_by_width() == {
        64: "First light",
        80: "On the coast",
        96: "Last light",
    }
    assert {photo.uploader.username for photo in Photo.objects.all()} == {"alice"}


def test_a_bad_file_is_shown_in_its_row_and_nothing_is_published(
    page: Page, live_server
):
    open_as_alice(page, live_server)
    drop_files(page, [DAWN, BAD, DUSK])
    expect(rows(page)).to_have_count(3)
    caption_of(page, "dawn.jpg").fill("First light")
    caption_of(page, "dusk.jpg").fill("Last light")

    publish_all(page)

    error = "bad.jpg is not a JPEG, PNG, WebP or HEIC picture."
    expect(row(page, "bad.jpg").get_by_role("alert")).to_have_text(error)
    expect(row(page, "dawn.jpg")).not_to_contain_text(error)
    expect(row(page, "dusk.jpg")).not_to_contain_text(error)
    expect(page.get_by_text(error)).to_have_count(1)
    expect(page.get_by_role("progressbar")).to_be_hidden()
    expect(page).to_have_url(live_server.url + MULTI_UPLOAD_URL)
    assert not Photo.objects.exists()
    assert stored_files() == []
    screenshot_at(page, "error", 1280)
    screenshot_at(page, "error", 390)
    page.set_viewport_size({"width": 1280, "height": 720})

    row(page, "bad.jpg").get_by_role("button", name="Remove").click()
    expect(rows(page)).to_have_count(2)
    expect(page.get_by_text(error)).to_have_count(0)
    expect(caption_of(page, "dawn.jpg")).to_have_value("First light")
    expect(caption_of(page, "dusk.jpg")).to_have_value("Last light")
    publish_all(page)

    expect_published(page, live_server, "2 photos uploaded: they are being prepared.")
    assert captions_by_width() == {64: "First light", 96: "Last light"}


def test_files_chosen_with_the_file_input_are_listed_and_published(
    page: Page, live_server
):
    open_as_alice(page, live_server)

    choose_files(page.locator("input[type=file][name=images]"), (DAWN, HARBOUR))

    caption_the_harbour_and_publish_both(page, live_server)


def test_files_chosen_before_the_script_runs_are_listed_and_published(
    page: Page, live_server
):
    """A slow phone, or a form restored after Back: the files are in the input before
    the page's script starts; it lists them when it does."""
    make_user("alice", User.CREATOR)
    log_in(page, live_server, "alice")
    file_input = page.locator("input[type=file][name=images]")

    def choose_files_then_load_the_script(route: Route) -> None:
        choose_files(file_input, (DAWN, HARBOUR))
        route.continue_()

    page.route("**/js/multi-upload*.js", choose_files_then_load_the_script)
    open_multi_upload(page, live_server)

    caption_the_harbour_and_publish_both(page, live_server)


def test_without_javascript_the_form_posts_with_the_common_caption(
    browser: Browser, live_server
):
    make_user("alice", User.CREATOR)
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        log_in(page, live_server, "alice")
        open_multi_upload(page, live_server)
        choose_files(page.locator("input[type=file][name=images]"), (DAWN, DUSK))
        expect(rows(page)).to_have_count(0)
        common_caption(page).fill("Coast walk")
        publish_all(page)

        expect_published(
            page, live_server, "2 photos uploaded: they are being prepared."
        )
    finally:
        context.close()
    assert captions_by_width() == {64: "Coast walk", 96: "Coast walk"}


def form_errors(page: Page):
    return page.locator("[data-form-errors]")


def test_past_the_hourly_limit_it_says_so_and_keeps_the_files(
    page: Page, live_server, settings
):
    settings.FOTOBLOG_RATE_LIMITS = {**settings.FOTOBLOG_RATE_LIMITS, "upload": 0}
    open_as_alice(page, live_server)
    drop_files(page, [DAWN, DUSK])

    publish_all(page)

    expect(form_errors(page)).to_have_text(
        "To keep the site fair and safe, this action is limited per hour. "
        "Please try again a little later."
    )
    expect(rows(page)).to_have_count(2)
    expect(page.get_by_role("progressbar")).to_be_hidden()
    assert not Photo.objects.exists()
    assert stored_files() == []


def test_logged_out_in_another_tab_it_says_so_and_publishes_nothing(
    page: Page, live_server
):
    open_as_alice(page, live_server)
    drop_files(page, [DAWN])
    other_tab = page.context.new_page()
    other_tab.goto(live_server.url + reverse("home"))
    log_out(other_tab, live_server)

    publish_all(page)

    expect(form_errors(page)).to_have_text(
        "You have been logged out. Log in again, then choose your photos again."
    )
    expect(rows(page)).to_have_count(1)
    assert not Photo.objects.exists()
    assert stored_files() == []


def test_made_a_subscriber_meanwhile_it_says_the_page_may_no_longer_publish(
    page: Page, live_server
):
    alice = open_as_alice(page, live_server)
    drop_files(page, [DAWN])
    alice.role = User.SUBSCRIBER
    alice.save()

    publish_all(page)

    expect(form_errors(page)).to_have_text(
        "This page has expired, or your account may no longer publish photos. "
        "Reload the page and try again."
    )
    expect(rows(page)).to_have_count(1)
    assert not Photo.objects.exists()
    assert stored_files() == []


def test_more_files_than_the_site_reads_are_refused_with_the_limit(
    page: Page, live_server, settings
):
    settings.FOTOBLOG_MAX_FILES_PER_UPLOAD = 2
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 3  # past it Django answers 400 itself
    open_as_alice(page, live_server)
    drop_files(page, [DAWN, HARBOUR, DUSK, ("noon.jpg", *DAWN[1:])])

    publish_all(page)

    expect(form_errors(page)).to_have_text("Send at most 2 photos at once.")
    expect(rows(page)).to_have_count(4)
    assert not Photo.objects.exists()
    assert stored_files() == []


def test_removing_one_refused_file_keeps_the_others_error_and_the_focus(
    page: Page, live_server
):
    worse = ("worse.jpg", "image/jpeg", os.urandom(1024))
    open_as_alice(page, live_server)
    drop_files(page, [DAWN, BAD, worse])
    publish_all(page)
    worse_error = "worse.jpg is not a JPEG, PNG, WebP or HEIC picture."
    expect(row(page, "worse.jpg").get_by_role("alert")).to_have_text(worse_error)

    row(page, "bad.jpg").get_by_role("button", name="Remove").click()

    expect(rows(page)).to_have_count(2)
    expect(row(page, "worse.jpg").get_by_role("alert")).to_have_text(worse_error)
    expect(row(page, "worse.jpg").get_by_role("button", name="Remove")).to_be_focused()
    row(page, "worse.jpg").get_by_role("button", name="Remove").click()
    expect(row(page, "dawn.jpg").get_by_role("button", name="Remove")).to_be_focused()
    publish_all(page)

    expect_published(page, live_server, "1 photo uploaded: it is being prepared.")
    assert captions_by_width() == {64: ""}


def test_choosing_files_twice_keeps_the_first_ones_and_their_captions(
    page: Page, live_server
):
    open_as_alice(page, live_server)
    file_input = page.locator("input[type=file][name=images]")

    choose_files(file_input, [DAWN])
    caption_of(page, "dawn.jpg").fill("First light")
    choose_files(file_input, [DUSK])

    expect(rows(page)).to_have_count(2)
    expect(caption_of(page, "dawn.jpg")).to_have_value("First light")
    publish_all(page)

    expect_published(page, live_server, "2 photos uploaded: they are being prepared.")
    assert captions_by_width() == {64: "First light", 96: ""}
