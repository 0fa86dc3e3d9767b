"""Shared test setup: fast hashing, media in a temporary folder, and the actors."""

import copy
import functools
import os
import shutil

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.test import override_settings
from django.utils import translation

from authentication.models import User
from authentication.roles import declared_group
from testsupport.environment import CHROMIUM, ORACLE_TALLY, clear_test_cache, migrate
from testsupport.factories import make_user
from testsupport.form_client import FormClient

pytest_plugins = ["testsupport.browser_fixtures", "testsupport.s3"]


def pytest_collection_modifyitems(config, items):
    """Skip browser tests without Debian's chromium, unless CI requires them."""
    if shutil.which(CHROMIUM):
        return
    browser_tests = [item for item in items if item.get_closest_marker("browser")]
    if not browser_tests:
        return
    if os.environ.get("FOTOBLOG_REQUIRE_BROWSER"):
        raise pytest.UsageError(f"browser tests are required but {CHROMIUM} is missing")
    skip = pytest.mark.skip(
        reason=f"{CHROMIUM} is missing: apt-get install chromium to run browser tests"
    )
    for item in browser_tests:
        item.add_marker(skip)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Say how much the surface oracle checked, without needing `-s`."""
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "when", None) != "call":
                continue
            for name, line in report.user_properties:
                if name == ORACLE_TALLY:
                    terminalreporter.write_line(line)


@pytest.fixture(scope="session", autouse=True)
def _cache_keys_of_this_process():
    """Parallel test processes (`pytest -n`) share one Redis: give each its own
    keys, so that one's clearing and counting never touches another's."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not (worker and settings.REDIS_URL):
        yield
        return
    caches = copy.deepcopy(settings.CACHES)
    caches["default"]["KEY_PREFIX"] += f"-{worker}"
    with override_settings(CACHES=caches):
        yield


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # Rate-limit counters must not leak between tests, nor the language the last
    # request of the previous test asked for (the locale middleware leaves it on).
    clear_test_cache()
    translation.deactivate()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    # Queued work runs when its transaction commits, in the test's own process
    # (tests that need a real worker start one: blog/tests/test_workers.py).
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": [settings.FOTOBLOG_TASK_QUEUE],
        }
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "uploads": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "uploads", "base_url": None},
        },
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


@pytest.fixture
def photo_worker(django_capture_on_commit_callbacks):
    """`with photo_worker():` runs the image work that the block's uploads queue
    when it ends, as a worker does once an upload commits."""
    return functools.partial(django_capture_on_commit_callbacks, execute=True)


@pytest.fixture
def client() -> FormClient:
    """pytest-django's test client, posting forms as a browser does."""
    return FormClient()


@pytest.fixture
def creator(db):
    return make_user("alice", User.CREATOR)


@pytest.fixture
def other_creator(db):
    return make_user("bob", User.CREATOR)


@pytest.fixture
def subscriber(db):
    return make_user("charlie", User.SUBSCRIBER)


@pytest.fixture
def coauthor(db):
    """A creator who co-writes the blogs that tests make for `creator`."""
    return make_user("dana", User.CREATOR)


@pytest.fixture
def moderator(db):
    """A subscriber in the moderators group."""
    user = make_user("mona", User.SUBSCRIBER)
    user.groups.add(declared_group("moderators"))
    return user


@pytest.fixture
def inactive_creator(db):
    return make_user("ivan", User.CREATOR, is_active=False)


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", "root@example.com", "x")


@pytest.fixture
def migrator():
    """Yield `migrate` to a migration test; whatever happens, leave the database
    fully migrated."""
    try:
        yield migrate
    finally:
        migrate()
        ContentType.objects.clear_cache()
