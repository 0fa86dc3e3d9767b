"""A photo being prepared, in a real browser: its uploader sees a placeholder that
becomes the photo by itself once a worker has prepared it, without a reload."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from authentication.models import User
from blog.models import Photo
from blog.tasks import prepare_photo
from testsupport.browser import log_in, mark_window, screenshot, window_is_marked
from testsupport.factories import image_bytes, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def queue_kept(settings):
    """Queued work waits until the test runs it, as it waits for a worker."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "QUEUES": [settings.FOTOBLOG_TASK_QUEUE],
        }
    }


@pytest.mark.parametrize(
    "viewport",
    [{"width": 390, "height": 844}, {"width": 1280, "height": 900}],
    ids=["phone", "desktop"],
)
def test_the_placeholder_turns_into_the_photo_once_a_worker_has_prepared_it(
    page: Page, live_server, tmp_path, queue_kept, viewport
):
    page.set_viewport_size(viewport)
    make_user("alice", User.CREATOR)
    picture = tmp_path / "harbour.jpg"
    picture.write_bytes(image_bytes("JPEG", (900, 600)))
    log_in(page, live_server, "alice")
    page.goto(live_server.url + reverse("photo_upload"))
    page.locator("input[type=file][name=images]").set_input_files(picture)
    page.get_by_label("Caption").fill("Harbour at noon")
    page.get_by_role("button", name="Publish").click()

    expect(page).to_have_url(live_server.url + reverse("photo_feed"))
    placeholder = page.get_by_role("status").filter(has_text="Preparing your photo…")
    expect(placeholder).to_be_visible()
    expect(page.get_by_role("img", name="Harbour at noon")).to_have_count(0)
    screenshot(page, "photo-preparation", f"placeholder-{viewport['width']}")
    mark_window(page)
    caption = page.locator("figcaption", has_text="Harbour at noon")
    caption_before = caption.bounding_box()

    prepare_photo.call(Photo.objects.get().pk)  # what a worker does

    photo = page.get_by_role("img", name="Harbour at noon")
    expect(photo).to_be_visible(timeout=10_000)  # the next poll, within 2 s
    expect(placeholder).to_have_count(0)
    assert window_is_marked(page)  # no reload
    # The placeholder took the picture's place at its size: nothing below it moved.
    assert abs(caption.bounding_box()["y"] - caption_before["y"]) < 2
    # The picture itself arrives (the browser decodes it once it is downloaded).
    page.wait_for_function(
        "() => document.querySelector('main img[srcset]').naturalWidth > 0"
    )
    screenshot(page, "photo-preparation", f"prepared-{viewport['width']}")
    # Like every tile of the grid, it opens the photo's page.
    photo.click()
    expect(page).to_have_url(live_server.url + Photo.objects.get().get_absolute_url())
