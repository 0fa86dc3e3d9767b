"""The machine tests run on: browser, cache, migrations, fresh interpreters."""

import subprocess
import sys

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.state import StateApps

CHROMIUM = "/usr/bin/chromium"


# The name of the line the surface oracle adds to its test's report, which
# conftest.py prints in pytest's terminal summary (from every parallel process).
ORACLE_TALLY = "surface oracle tally"


def clear_test_cache() -> None:
    """Empty the cache; on Redis, only this run's keys (never FLUSHDB a database
    someone else may use)."""
    if not settings.REDIS_URL:
        cache.clear()
        return
    client = redis.Redis.from_url(settings.REDIS_URL)
    prefix = cache.make_key("*").rsplit(":", 1)[0]
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)
    client.close()


def migrate(*targets: tuple[str, str]) -> StateApps:
    """Migrate to `targets` (the latest state if none); return their historical
    apps."""
    executor = MigrationExecutor(connection)
    targets = list(targets) or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def fresh_python(
    *args: str, env: dict[str, str], timeout: float = 120
) -> subprocess.CompletedProcess:
    """Run `python *args` in the project folder with exactly `env`: no .env file or
    setting of this test run leaks into it."""
    return subprocess.run(
        [sys.executable, *args],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
