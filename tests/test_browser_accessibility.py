"""axe-core on the main pages, at desktop and phone sizes, under the real CSP.

axe comes from the npm registry (package.json, node_modules/axe-core). The pages'
Content-Security-Policy allows scripts from the site itself only, so axe is served
from a same-origin URL that the test intercepts (page.route), and added with a
<script src> as any of the site's own scripts; the CSP stays on.

Each page is also saved as a full-page screenshot in /tmp/fotoblog-shots/pages/.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Page, Route, expect

from authentication.models import User
from blog.models import GalleryPhoto
from testsupport.browser import (
    DESKTOP,
    PHONE,
    account_menu,
    log_in,
    make_big_photo,
    screenshot,
)
from testsupport.factories import make_blog, make_user

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not AXE.exists(), reason="no axe-core: run `npm ci` (make test)"
    ),
]

AXE_PATH = "/static/__tests__/axe.min.js"  # answered by the test, never by Django
BLOCKING = {"serious", "critical"}
RUN_AXE_JS = """async () => {
  const results = await axe.run(document, { resultTypes: ["violations"] });
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({
      target: n.target.join(" "), summary: n.failureSummary,
    })),
  }));
}"""
# The viewport and the colour scheme of each run.
VARIANTS = {
    "desktop": (DESKTOP, "light"),
    "phone": (PHONE, "light"),
    "phone-dark": (PHONE, "dark"),
}


@pytest.fixture
def site():
    """A creator, alice, who writes and follows bob: every page has content."""
    alice = make_user("alice", User.CREATOR, first_name="Alice", last_name="Martin")
    bob = make_user("bob", User.CREATOR, first_name="Bob", last_name="Leroy")
    alice.follows.add(bob)
    colors = ["steelblue", "darkorange", "seagreen", "slateblue", "indianred"]
    photos = [
        make_big_photo(bob if i % 2 else alice, f"Photo {i}", color, hours_ago=i)
        for i, color in enumerate(colors)
    ]
    blog = make_blog(
        bob,
        alice,
        title="Harbour lights",
        content="Boats come home at dusk, one light after another.\n\nA second "
        "paragraph, long enough to wrap on a phone and show the line length.",
        photo=photos[1],
        starred=True,
    )
    for position, photo in enumerate(photos[3:]):  # a gallery after the text
        GalleryPhoto.objects.create(blog=blog, photo=photo, position=position)
    make_blog(alice, title="A draft in progress", is_published=False)
    make_blog(alice, title="Morning walk", content="Fog over the river.")
    return {"alice": alice, "bob": bob, "blog": blog, "photo": photos[2]}


def serve_axe(page: Page, live_server) -> None:
    def answer(route: Route) -> None:
        route.fulfill(path=AXE, content_type="text/javascript")

    page.route(live_server.url + AXE_PATH, answer)


def violations_of(page: Page, live_server) -> list[dict]:
    """Run axe on the page as it is; return its serious and critical violations."""
    page.add_script_tag(url=live_server.url + AXE_PATH)
    found = page.evaluate(RUN_AXE_JS)
    return [v for v in found if v["impact"] in BLOCKING]


def report(failures: dict[str, list[dict]]) -> str:
    lines = []
    for where, violations in failures.items():
        for v in violations:
            lines.append(f"{where}: {v['id']} ({v['impact']}) — {v['help']}")
            lines.extend(f"    {n['target']}: {n['summary']}" for n in v["nodes"])
    return "\n".join(lines)


def check(page: Page, live_server, url: str, name: str, variant: str, failures):
    page.goto(live_server.url + url)
    expect(page.locator("main h1").first).to_be_visible()
    # Lazy images load as they come into view: scroll them all in for the shot.
    page.evaluate(
        "() => document.querySelectorAll('img[loading=lazy]')"
        ".forEach((img) => { img.loading = 'eager'; })"
    )
    page.wait_for_function(
        "() => Array.from(document.images).every((img) => img.complete)"
    )
    viewport, scheme = VARIANTS[variant]
    dark = "-dark" if scheme == "dark" else ""
    screenshot(page, "pages", f"{name}-{viewport['width']}{dark}")
    found = violations_of(page, live_server)
    if found:
        failures[f"{name} ({variant})"] = found


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_main_pages_have_no_serious_accessibility_violation(
    page: Page, live_server, site, variant
):
    viewport, scheme = VARIANTS[variant]
    page.set_viewport_size(viewport)
    page.emulate_media(color_scheme=scheme)
    serve_axe(page, live_server)
    failures: dict[str, list[dict]] = {}

    for name, url in [("login", reverse("login")), ("signup", reverse("signup"))]:
        check(page, live_server, url, name, variant, failures)

    log_in(page, live_server, "alice")
    blog = site["blog"]
    pages = [
        ("home", reverse("home")),
        ("photos", reverse("photo_feed")),
        ("blog", blog.get_absolute_url()),
        ("edit-blog", reverse("edit_blog", args=[blog.pk])),
        ("my-blogs", reverse("my_blogs")),
        ("upload-photo", reverse("photo_upload")),
        ("upload-multiple", reverse("create_multiple_photos")),
        ("create-blog", reverse("blog_and_photo_upload")),
        ("creators", reverse("creator_list")),
        ("creator", reverse("creator_detail", args=["bob"])),
        ("feed-links", reverse("feed_links")),
        ("privacy", reverse("account_privacy")),
        ("creator-posts", reverse("creator_detail", args=["bob"]) + "?tab=posts"),
        ("edit-profile", reverse("edit_profile")),
        ("photo", site["photo"].get_absolute_url()),
        ("access-tokens", reverse("access_tokens")),
        ("api-reference", reverse("api:docs")),
    ]
    for name, url in pages:
        check(page, live_server, url, name, variant, failures)

    # The header's account menu, open.
    account_menu(page)
    found = violations_of(page, live_server)
    if found:
        failures[f"account menu ({variant})"] = found

    # The lightbox, open on a post (grid pictures lead to the photo's page).
    page.goto(live_server.url + blog.get_absolute_url())
    page.locator(".photo-zoom").first.click()
    expect(page.locator("dialog.lightbox")).to_be_visible()
    found = violations_of(page, live_server)
    if found:
        failures[f"lightbox ({variant})"] = found

    assert not failures, "axe found serious or critical violations:\n" + report(
        failures
    )
