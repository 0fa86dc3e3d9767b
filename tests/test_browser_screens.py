"""Layout facts a person notices, on the main pages of the demo site, as screenshots.

Every combination of a phone (390×844) and a desktop (1280×900), light and dark,
English and French is one test. Each seeds the demo (`manage.py seed_demo`: a 3:1
panorama, a 2:3 portrait and ordinary photographs) and a large portrait and panorama
newest in the feed, logs in as alice, a creator, and
opens home, Photos, a photo page, a post, a creator page, Discover and the upload
page, each just after an action that leaves a flash message. On each page, read from
the DOM rather than from class names:

- no photograph (an <img> of a file under photos/) is cropped or stretched: its box
  has its picture's ratio, within 2 %, and `object-fit: cover` only on such a box;
- on a phone the site's header is at most 56 px tall;
- the flash message lines up with the page's content column: same left and right
  edges (one content width);
- nothing overflows sideways;
- in the home feed no photograph is taller than the window.

A test reports every fact broken on every page at once, and saves each page as a
full-page screenshot in test-results/screens/ (not committed).
"""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from authentication.models import User
from blog import services
from blog.management.commands.seed_demo import DEMO_PASSWORD
from blog.management.demo_photos import demo_upload
from blog.models import Blog, Visibility
from images.pipeline import ProcessedImage, process_photo
from testsupport.browser import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = Path(settings.BASE_DIR) / "test-results" / "screens"
SIZES = {"phone": PHONE, "desktop": DESKTOP}
PHONE_HEADER_MAX = 56  # px
RATIO_TOLERANCE = 0.02
EDGE_TOLERANCE = 1  # px: sub-pixel rounding

# Everything measured in one pass over the page as it is drawn.
MEASURE_JS = """() => {
  const box = (el) => {
    const r = el.getBoundingClientRect();
    return { left: r.left, right: r.right, width: r.width, height: r.height };
  };
  const main = document.querySelector("main");
  const photos = Array.from(main.querySelectorAll("img"))
    .filter((img) => img.naturalWidth > 0 && img.naturalHeight > 0)
    .filter((img) => new URL(img.currentSrc || img.src).pathname.includes("/photos/"))
    .filter((img) => {
      const r = img.getBoundingClientRect();
      const style = getComputedStyle(img);
      return r.width > 0 && r.height > 0 && style.visibility !== "hidden";
    })
    .map((img) => {
      const style = getComputedStyle(img);
      // The content box: what the picture is drawn into.
      const r = img.getBoundingClientRect();
      const padX = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight)
        + parseFloat(style.borderLeftWidth) + parseFloat(style.borderRightWidth);
      const padY = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom)
        + parseFloat(style.borderTopWidth) + parseFloat(style.borderBottomWidth);
      return {
        src: new URL(img.currentSrc || img.src).pathname,
        alt: img.alt,
        width: r.width - padX, height: r.height - padY,
        naturalWidth: img.naturalWidth, naturalHeight: img.naturalHeight,
        objectFit: style.objectFit,
      };
    });
  const unloaded = Array.from(main.querySelectorAll("img"))
    .filter((img) => img.naturalWidth === 0)
    .map((img) => img.currentSrc || img.src);
  const header = Array.from(document.querySelectorAll("header"))
    .find((h) => !main.contains(h));
  const status = main.querySelector("[role=status]");
  const messages = status
    ? Array.from(status.querySelectorAll("li")).map(box).filter((b) => b.width > 0)
    : [];
  // The content column: main's child that holds the page's heading (the messages
  // may share it), its content box without padding.
  let column = main.querySelector("h1");
  while (column && column.parentElement !== main) column = column.parentElement;
  let columnBox = null;
  if (column && column !== status) {
    const style = getComputedStyle(column);
    const r = column.getBoundingClientRect();
    columnBox = {
      left: r.left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft),
      right: r.right - parseFloat(style.borderRightWidth)
        - parseFloat(style.paddingRight),
    };
  }
  return {
    lang: document.documentElement.lang,
    photos,
    unloaded,
    header: header ? box(header) : null,
    messages: messages.length
      ? { left: Math.min(...messages.map((b) => b.left)),
          right: Math.max(...messages.map((b) => b.right)) }
      : null,
    column: columnBox,
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    innerHeight: window.innerHeight,
  };
}"""
ALL_IMAGES_LOADED_JS = """() => {
  document.querySelectorAll("img[loading=lazy]").forEach((img) => {
    img.loading = "eager";
  });
  return Array.from(document.images).every((img) => img.complete);
}"""


@pytest.fixture
def demo(db):
    """The demo site, and alice's newest upload: a large portrait and panorama
    (its own photographs, enlarged) that a phone or a desktop must shrink to show
    whole. Returns the pages to visit, by name."""
    call_command("seed_demo", force=True, stdout=io.StringIO())
    _, panorama = services.create_photos(
        uploader=User.objects.get(username="alice"),
        pictures=[
            (enlarged("rocket_tall", (1200, 1800)), "The rocket, printed large."),
            (enlarged("deep_field_strip", (2400, 800)), "The deep field, wall size."),
        ],
        visibility=Visibility.PUBLIC,
    )
    return {
        "home": reverse("home"),
        "photos": reverse("photo_feed"),
        # The photo page being built for issue 16 (URL name photo_detail).
        "photo": f"/photos/{panorama.pk}/",
        "post": Blog.objects.get(title="Launch night").get_absolute_url(),
        "creator": reverse("creator_detail", args=["alice"]),
        "discover": reverse("creator_list"),
        "upload": reverse("photo_upload"),
    }


def enlarged(key: str, size: tuple[int, int]) -> ProcessedImage:
    """Demo photo `key` resized to `size`, prepared as an upload is."""
    with Image.open(demo_upload(key)) as image:
        buffer = io.BytesIO()
        image.resize(size, Image.Resampling.LANCZOS).save(buffer, "JPEG")
    return process_photo(
        SimpleUploadedFile(f"{key}-large.jpg", buffer.getvalue(), "image/jpeg")
    )


def log_in_as_alice(page: Page, live_server) -> None:
    page.goto(live_server.url + reverse("login"))
    form = page.locator("main form")
    form.locator("input[name=username]").fill("alice")
    form.locator("input[name=password]").fill(DEMO_PASSWORD)
    form.locator("input[name=password]").press("Enter")
    expect(page).to_have_url(live_server.url + reverse("home"))


def leave_a_flash_message(page: Page, live_server, language: str) -> None:
    """Renew alice's feed links, a harmless action whose confirmation the next
    page shows; the redirect is not followed, so the message waits for it."""
    token = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    response = page.request.post(
        live_server.url + reverse("feed_links"),
        form={"csrfmiddlewaretoken": token, "action": "renew"},
        # The context's locale is not sent with this request: say it, as the
        # browser does, for the message to be in the page's language.
        headers={"Accept-Language": language},
        max_redirects=0,
    )
    assert response.status == 302, response.status


def open_as_drawn(page: Page, url: str) -> int:
    """Open `url`, wait until its scripts ran and every picture is in; return its
    status."""
    response = page.goto(url, wait_until="load")
    page.wait_for_function(ALL_IMAGES_LOADED_JS)
    # Loaded is not yet drawn: wait until each picture is decoded, then a frame.
    page.evaluate(
        """() => Promise.all(Array.from(document.images)
              .map((img) => img.decode().catch(() => null)))
            .then(() => new Promise((done) => requestAnimationFrame(done)))"""
    )
    return response.status


def broken_facts(name: str, size: str, facts: dict) -> list[str]:
    """What a person would notice is wrong on page `name`, from its measures."""
    broken = [f"picture not shown: {src}" for src in facts["unloaded"]]
    for photo in facts["photos"]:
        natural = photo["naturalWidth"] / photo["naturalHeight"]
        drawn = photo["width"] / photo["height"]
        shape = (
            f"{photo['src']} ({natural:.2f}:1) drawn "
            f"{photo['width']:.0f}×{photo['height']:.0f} ({drawn:.2f}:1)"
        )
        if abs(drawn / natural - 1) > RATIO_TOLERANCE:
            how = "cropped" if photo["objectFit"] == "cover" else "out of shape"
            broken.append(f"{how}: {shape}, object-fit {photo['objectFit']}")
        if name == "home" and photo["height"] > facts["innerHeight"] + EDGE_TOLERANCE:
            broken.append(
                f"taller than the window ({facts['innerHeight']} px): {shape}"
            )
    header = facts["header"]
    if header is None:
        broken.append("no site header")
    elif size == "phone" and header["height"] > PHONE_HEADER_MAX:
        broken.append(
            f"header {header['height']:.0f} px tall on a phone "
            f"(at most {PHONE_HEADER_MAX})"
        )
    messages, column = facts["messages"], facts["column"]
    if messages is None:
        broken.append("the flash message is not shown")
    elif column is None:
        broken.append("no content column holding the page's heading")
    elif (
        abs(messages["left"] - column["left"]) > EDGE_TOLERANCE
        or abs(messages["right"] - column["right"]) > EDGE_TOLERANCE
    ):
        broken.append(
            f"flash message spans {messages['left']:.0f}–{messages['right']:.0f} px, "
            f"the content column {column['left']:.0f}–{column['right']:.0f} px"
        )
    if facts["scrollWidth"] > facts["innerWidth"]:
        broken.append(
            f"overflows sideways: {facts['scrollWidth']} px wide in a "
            f"{facts['innerWidth']} px window"
        )
    return broken


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", SIZES)
def test_the_main_pages_keep_photos_whole_and_one_content_width(
    browser: Browser, live_server, demo, size, scheme, language
):
    context = browser.new_context(
        viewport=SIZES[size], color_scheme=scheme, locale=language
    )
    page = context.new_page()
    failures: dict[str, list[str]] = {}
    try:
        log_in_as_alice(page, live_server)
        for name, path in demo.items():
            leave_a_flash_message(page, live_server, language)
            status = open_as_drawn(page, live_server.url + path)
            shot = SCREENS / f"{name}-{SIZES[size]['width']}-{scheme}-{language}.png"
            shot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=shot, full_page=True)
            if status != 200:
                failures[name] = [f"{path} answered {status}"]
                continue
            facts = page.evaluate(MEASURE_JS)
            assert facts["lang"] == language, f"{name} is not in {language}"
            if broken := broken_facts(name, size, facts):
                failures[name] = broken
    finally:
        context.close()

    assert not failures, "\n".join(
        f"{name}: {fact}" for name, facts in failures.items() for fact in facts
    )
