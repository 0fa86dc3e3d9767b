"""A post with a gallery in a real browser, on a phone and on a desktop: the cover and
each gallery photo whole (never cropped, never taller than the window), in order
after the text, nothing overflowing sideways; a gallery photo opens in the lightbox."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from playwright.sync_api import Page, expect

from authentication.models import User
from blog import services
from blog.models import GalleryPhoto, Photo
from images.pipeline import process_photo
from testsupport.browser import DESKTOP, PHONE, log_in, screenshot
from testsupport.factories import image_bytes, make_blog, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# (caption, colour, width, height): a tall cover, then a wide, a tall, a square photo.
COVER = ("Lighthouse", "navy", 600, 1600)
GALLERY = [
    ("Pier", "teal", 1800, 600),
    ("Mast", "maroon", 500, 1500),
    ("Buoy", "olive", 900, 900),
]


def big_photo(uploader, caption: str, color: str, width: int, height: int) -> Photo:
    upload = SimpleUploadedFile(
        f"{color}.jpg", image_bytes("JPEG", (width, height), color), "image/jpeg"
    )
    (photo,) = services.create_photos(
        uploader=uploader, pictures=[(process_photo(upload), caption)]
    )
    return photo


@pytest.fixture
def post():
    alice = make_user("alice", User.CREATOR, first_name="Alice", last_name="Martin")
    blog = make_blog(
        alice,
        title="A day at the harbour",
        content="We walked the pier at dawn.",
        photo=big_photo(alice, *COVER),
    )
    for position, spec in enumerate(GALLERY):
        photo = big_photo(alice, *spec)
        Photo.objects.filter(pk=photo.pk).update(shown_alone=False)
        GalleryPhoto.objects.create(blog=blog, photo=photo, position=position)
    return blog


FIGURES_JS = """() => [...document.querySelectorAll("main figure.photo img")].map(
  (img) => {
    const box = img.getBoundingClientRect();
    return { alt: img.alt, top: box.top + window.scrollY, width: box.width,
             height: box.height, natural: img.naturalWidth / img.naturalHeight };
  })"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_posts_photos_are_whole_in_order_and_fit_the_window(
    page: Page, live_server, post, viewport
):
    page.set_viewport_size(viewport)
    log_in(page, live_server, "alice")
    page.goto(live_server.url + post.get_absolute_url())
    gallery = page.locator(".post-gallery figure.photo img")
    expect(gallery).to_have_count(3)
    page.wait_for_function(
        "() => [...document.querySelectorAll('main figure.photo img')]"
        ".every((img) => img.complete && img.naturalWidth > 0)"
    )
    screenshot(page, "posts", f"post-with-gallery-{viewport['width']}")

    figures = page.evaluate(FIGURES_JS)
    assert [f["alt"] for f in figures] == [COVER[0], *(g[0] for g in GALLERY)]
    text_top = page.locator(".blog-content").bounding_box()["y"]
    title_top = page.locator("main h1").bounding_box()["y"]
    assert title_top < figures[0]["top"] < text_top < figures[1]["top"]
    assert [f["top"] for f in figures] == sorted(f["top"] for f in figures)
    for figure in figures:
        assert figure["height"] <= viewport["height"], figure
        assert figure["width"] <= viewport["width"], figure
        shown = figure["width"] / figure["height"]
        assert abs(shown - figure["natural"]) / figure["natural"] < 0.02, figure
    assert page.evaluate(
        "() => document.documentElement.scrollWidth"
        " <= document.documentElement.clientWidth"
    )


def test_a_gallery_photo_opens_in_the_lightbox(page: Page, live_server, post):
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server, "alice")
    page.goto(live_server.url + post.get_absolute_url())

    page.get_by_role("button", name="Enlarge: Mast", exact=True).click()

    dialog = page.get_by_role("dialog", name="Mast", exact=True)
    expect(dialog).to_be_visible()
    expect(dialog.locator(".lightbox-caption")).to_have_text("Mast")


def test_the_gallery_of_the_edit_page_fits_a_phone(page: Page, live_server, post):
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "alice")
    page.goto(live_server.url + reverse("edit_blog", args=[post.pk]))

    page.get_by_role("button", name="Move up: Mast", exact=True).click()

    expect(page.locator(".message").first).to_contain_text("The photo moved up.")
    captions = page.locator(".gallery-edit .gallery-caption")
    expect(captions).to_have_text(["Mast", "Pier", "Buoy"])
    screenshot(page, "posts", "edit-gallery-phone")
    assert page.evaluate(
        "() => document.documentElement.scrollWidth"
        " <= document.documentElement.clientWidth"
    )
