"""Browser-test fixtures: Playwright drives Debian's chromium against live_server.

Registered from the root conftest.py with `pytest_plugins`. Playwright's own browser
download does not work everywhere we run, so the browser is the system's chromium.
Browser tests carry `@pytest.mark.browser` and run in a pytest invocation of their own
(`make test`): Playwright leaves its event loop installed until the session ends.
"""

import pytest

from testsupport.environment import CHROMIUM

CHROMIUM_ARGS = [
    # We run as root (containers, CI), where chromium cannot use its sandbox.
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these chromium calls home: refused connections, as there is no network.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PLAYWRIGHT_FIXTURES = {"playwright", "browser", "context", "page"}


def pytest_collection_modifyitems(items):
    """Refuse a test that drives the browser without @pytest.mark.browser.

    Unmarked, it would run among the other tests and leave Playwright's event loop
    behind for them (see `playwright` below).
    """
    for item in items:
        uses_browser = PLAYWRIGHT_FIXTURES.intersection(
            getattr(item, "fixturenames", ())
        )
        if uses_browser and not item.get_closest_marker("browser"):
            raise pytest.UsageError(
                f"{item.nodeid} uses {sorted(uses_browser)}: "
                "mark it @pytest.mark.browser"
            )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's launch options (--headed, --slowmo…) with our chromium."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS],
    }


@pytest.fixture(scope="session")
def _allow_sync_orm_beside_playwright():
    """Let Django's ORM work while Playwright's event loop is installed.

    Playwright's sync API installs an asyncio loop in the main thread from its start
    to its stop, so Django sees a running loop and refuses synchronous database calls
    (SynchronousOnlyOperation). Function-scoped is not enough: the test database is
    created during the first browser test and destroyed at the end of the session,
    both while the loop is installed.
    """
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def playwright(_allow_sync_orm_beside_playwright, playwright):
    """pytest-playwright's Playwright, started and stopped inside the allowance."""
    return playwright


@pytest.fixture(scope="session", autouse=True)
def _patient_assertions():
    """Give `expect` assertions 15 s instead of 5: CI machines are small and shared,
    and a waiting assertion returns as soon as the page is right anyway."""
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)
