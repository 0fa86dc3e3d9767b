"""Pictures keep their shape: justified grids, feed pictures that fit the window,
albums — in a real browser, on a phone and on a desktop."""

import uuid
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from authentication.models import User
from blog import services
from blog.models import Photo
from images.pipeline import process_photo
from testsupport.browser import DESKTOP, PHONE, expect_htmx_ready, log_in, screenshot
from testsupport.factories import image_bytes, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Caption (and alt text) → size in pixels: a 3:1 panorama, a 2:3 portrait, a square.
SHAPES = {
    "Panorama": (1800, 600),
    "Portrait": (800, 1200),
    "Square": (700, 700),
}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}

# Each picture of the page's main content: its box, and its caption (its alt text).
BOXES = """() => [...document.querySelectorAll("main img:not(.avatar)")].map(img => {
  const box = img.getBoundingClientRect();
  return {alt: img.alt, width: box.width, height: box.height,
          top: box.top + scrollY, bottom: box.bottom + scrollY, left: box.left};
})"""
OVERFLOWS = "() => document.documentElement.scrollWidth > innerWidth"


def make_shaped_photo(
    uploader: User, caption: str, hours_ago: int = 0, batch: uuid.UUID | None = None
) -> Photo:
    """Publish a picture of the shape SHAPES gives `caption`."""
    upload = SimpleUploadedFile(
        "shape.jpg", image_bytes("JPEG", SHAPES[caption], "teal"), "image/jpeg"
    )
    (photo,) = services.create_photos(
        uploader=uploader, pictures=[(process_photo(upload), caption)]
    )
    date = timezone.now() - timedelta(hours=hours_ago)
    Photo.objects.filter(pk=photo.pk).update(date_created=date, upload_batch=batch)
    return photo


@pytest.fixture
def alice() -> User:
    """alice, who posted a panorama, a portrait and a square, newest first."""
    alice = make_user("alice", User.CREATOR)
    for age, caption in enumerate(SHAPES):
        make_shaped_photo(alice, caption, hours_ago=age)
    return alice


def boxes(page: Page) -> list[dict]:
    return page.evaluate(BOXES)


def expect_whole_pictures(page: Page) -> list[dict]:
    """Assert each of the three pictures is shown at its own shape, and nothing
    overflows sideways; return the pictures' boxes."""
    expect(page.locator("main img:not(.avatar)")).to_have_count(len(SHAPES))
    shown = boxes(page)
    for box in shown:
        width, height = SHAPES[box["alt"]]
        ratio = box["width"] / box["height"]
        assert ratio == pytest.approx(width / height, rel=0.02), box
    assert not page.evaluate(OVERFLOWS)
    return shown


def heights_in_the_panoramas_row(shown: list[dict]) -> set[int]:
    """The heights of the pictures in the row of the panorama."""
    panorama = next(box for box in shown if box["alt"] == "Panorama")
    row = [box for box in shown if round(box["top"]) == round(panorama["top"])]
    assert len(row) > 1
    return {round(box["height"]) for box in row}


def pictures_per_row(shown: list[dict]) -> list[int]:
    """How many pictures each row holds, top to bottom."""
    rows: dict[int, int] = {}
    for box in shown:
        rows[round(box["top"])] = rows.get(round(box["top"]), 0) + 1
    return [rows[top] for top in sorted(rows)]


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_photos_grid_shows_each_picture_whole_in_rows(
    page: Page, live_server, alice, viewport
):
    page.set_viewport_size(VIEWPORTS[viewport])
    log_in(page, live_server, "alice")

    page.goto(live_server.url + reverse("photo_feed"))

    shown = expect_whole_pictures(page)
    screenshot(page, "grids", f"photos-{viewport}")
    if viewport == "phone":
        assert max(pictures_per_row(shown)) >= 2
    else:  # justified: the pictures of a full row fill it, at one height
        assert len(heights_in_the_panoramas_row(shown)) == 1


def test_on_a_phone_a_picture_alone_on_its_row_takes_most_of_it(
    page: Page, live_server
):
    alice = make_user("alice", User.CREATOR)
    # Newest first: the square, then a panorama too wide to join its row.
    for age, caption in enumerate(["Square", "Panorama", "Portrait"]):
        make_shaped_photo(alice, caption, hours_ago=age)
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "alice")

    page.goto(live_server.url + reverse("photo_feed"))

    shown = expect_whole_pictures(page)
    assert pictures_per_row(shown)[0] == 1
    square = next(box for box in shown if box["alt"] == "Square")
    grid = page.locator("main .grid").bounding_box()
    # Not stopped at twice the row's height (220 px), nor a poster: three times.
    assert square["width"] == pytest.approx(330, abs=2)
    assert square["width"] > 0.85 * grid["width"]


# A browser whose CSS cannot read data-ratio as a number: CSS.supports says so, and
# the stylesheet's rule that reads it is undone.
WITHOUT_TYPED_ATTR = "CSS.supports = () => false;"
UNDO_TYPED_ATTR = ".grid > [data-ratio] { --ratio: 1; }"


def test_rows_are_justified_where_css_cannot_read_the_ratio(
    browser: Browser, live_server, alice
):
    # Without the page's CSP, so that the test may add a stylesheet of its own.
    context = browser.new_context(viewport=DESKTOP, bypass_csp=True)
    try:
        page = context.new_page()
        page.add_init_script(WITHOUT_TYPED_ATTR)
        log_in(page, live_server, "alice")
        page.goto(live_server.url + reverse("photo_feed"))
        page.add_style_tag(content=UNDO_TYPED_ATTR)

        shown = expect_whole_pictures(page)

        assert len(heights_in_the_panoramas_row(shown)) == 1
    finally:
        context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_creator_page_shows_each_picture_whole(
    page: Page, live_server, alice, viewport
):
    page.set_viewport_size(VIEWPORTS[viewport])
    log_in(page, live_server, "alice")

    page.goto(live_server.url + reverse("creator_detail", args=["alice"]))

    expect_whole_pictures(page)
    screenshot(page, "grids", f"creator-{viewport}")


def test_load_more_adds_pictures_to_the_same_rows(
    page: Page, live_server, alice, settings
):
    settings.FOTOBLOG_FEED_PAGE_SIZE = 2
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server, "alice")
    page.goto(live_server.url + reverse("photo_feed"))
    expect_htmx_ready(page)
    expect(page.locator("main img")).to_have_count(2)

    page.get_by_role("link", name="Load more").click()

    expect_whole_pictures(page)
    assert page.locator(".grid").count() == 1
    expect(page.locator(".grid img")).to_have_count(len(SHAPES))


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_feed_shows_a_portrait_whole_within_the_window(
    page: Page, live_server, alice, viewport
):
    page.set_viewport_size(VIEWPORTS[viewport])
    log_in(page, live_server, "alice")

    portrait = page.get_by_role("img", name="Portrait", exact=True)
    portrait.evaluate("img => img.scrollIntoView({block: 'center'})")

    expect_whole_pictures(page)
    box = portrait.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= VIEWPORTS[viewport]["height"]
    screenshot(page, "grids", f"home-{viewport}", full_page=False)


def test_photos_sent_together_are_one_album_in_the_order_they_were_sent(
    page: Page, live_server
):
    alice = make_user("alice", User.CREATOR)
    batch = uuid.uuid4()
    make_shaped_photo(alice, "Square", hours_ago=5)  # sent on its own, before
    for caption in ("Panorama", "Portrait"):  # sent together, in this order
        make_shaped_photo(alice, caption, hours_ago=1, batch=batch)
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server, "alice")

    album = page.locator(".album-card")
    expect(album).to_have_count(1)
    expect(album.get_by_text("2 photos")).to_be_visible()
    expect(album.locator("img")).to_have_count(2)
    assert [img.get_attribute("alt") for img in album.locator("img").all()] == [
        "Panorama",
        "Portrait",
    ]
    expect(page.locator(".photo-card:not(.album-card .photo-card)")).to_have_count(1)
    expect_whole_pictures(page)
    screenshot(page, "grids", "album-desktop")
    # Its one row spans the card, at one height: not two thumbnails in a corner.
    room = album.locator(".grid-album").evaluate(
        """grid => {
          const box = grid.getBoundingClientRect(), style = getComputedStyle(grid);
          return box.right - parseFloat(style.paddingRight);
        }"""
    )
    pictures = [box for box in boxes(page) if box["alt"] in ("Panorama", "Portrait")]
    assert max(box["left"] + box["width"] for box in pictures) == pytest.approx(
        room, abs=2
    )
    assert len({round(box["height"]) for box in pictures}) == 1


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_an_album_of_two_squares_spans_its_card(page: Page, live_server, viewport):
    alice = make_user("alice", User.CREATOR)
    batch = uuid.uuid4()
    for _ in range(2):
        make_shaped_photo(alice, "Square", hours_ago=1, batch=batch)
    page.set_viewport_size(VIEWPORTS[viewport])
    log_in(page, live_server, "alice")

    grid = page.locator(".album-card .grid-album")
    room = grid.evaluate(
        """grid => {
          const box = grid.getBoundingClientRect(), style = getComputedStyle(grid);
          return box.right - parseFloat(style.paddingRight);
        }"""
    )
    squares = boxes(page)
    assert len(squares) == 2
    assert max(box["left"] + box["width"] for box in squares) == pytest.approx(
        room, abs=2
    )
    assert {round(box["width"]) for box in squares} == {
        round(box["height"]) for box in squares
    }
