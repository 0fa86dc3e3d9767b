"""The README's screenshots: a demo subscriber's home feed, on a desktop and a phone.

Run with `make screenshots` (or `.venv/bin/python -m bench.screenshots`). A fresh
site is made in a temporary folder (testsupport/servers.py: its own SQLite file and
media, never the developer's db.sqlite3), migrated, its static files collected, and
seeded with the demo (`manage.py seed_demo --force`); gunicorn serves it on a free
loopback port. Debian's chromium logs in as sam, a demo subscriber, and saves the
home feed in English and the light scheme at 1280×900 as docs/screenshot.png and at
390×844 as docs/screenshot-phone.png. Then everything stops and the folder goes.
"""

import argparse
from pathlib import Path

from playwright.sync_api import Browser, expect, sync_playwright

from testsupport.browser_fixtures import CHROMIUM_ARGS
from testsupport.environment import CHROMIUM
from testsupport.servers import BASE_DIR, exit_with, serving, temporary_site

SUBSCRIBER = "sam"
SHOTS = {
    BASE_DIR / "docs" / "screenshot.png": {"width": 1280, "height": 900},
    BASE_DIR / "docs" / "screenshot-phone.png": {"width": 390, "height": 844},
}


def shoot(
    browser: Browser, url: str, password: str, viewport: dict, path: Path
) -> None:
    """Log in as the demo subscriber at `viewport` and save their home feed."""
    context = browser.new_context(
        viewport=viewport, color_scheme="light", locale="en-US"
    )
    try:
        page = context.new_page()
        page.goto(f"{url}/login/")
        form = page.locator("main form")
        form.locator("input[name=username]").fill(SUBSCRIBER)
        form.locator("input[name=password]").fill(password)
        form.locator("input[name=password]").press("Enter")
        expect(page).to_have_url(f"{url}/")
        # Every picture in view loaded and decoded before the shot.
        page.wait_for_function(
            """() => Array.from(document.images).every((img) => {
              img.loading = "eager";
              return img.complete;
            })"""
        )
        page.evaluate(
            "() => Promise.all(Array.from(document.images)"
            ".map((img) => img.decode().catch(() => null)))"
        )
        page.screenshot(path=path)
        print(
            f"wrote {path.relative_to(BASE_DIR)} ({viewport['width']}×"
            f"{viewport['height']})"
        )
    finally:
        context.close()


def demo_password(logins: str) -> str:
    """The demo members' password, as seed_demo prints it beside each login."""
    return logins.rsplit("password:", 1)[1].split()[0]


def run(args) -> int:
    with temporary_site(prefix="fotoblog-screenshots", keep=args.keep) as site:
        site.set_up()
        logins = site.manage("seed_demo", "--force")
        password = demo_password(logins)
        with serving(site) as (server,), sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS
            )
            try:
                for path, viewport in SHOTS.items():
                    shoot(browser, server.url, password, viewport, path)
            finally:
                browser.close()
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary site's folder"
    )
    exit_with(lambda: run(parser.parse_args()))


if __name__ == "__main__":
    main()
