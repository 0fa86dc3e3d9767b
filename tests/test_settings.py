"""Start-up from the environment: a wrong value stops it, naming the variable.

Each case imports the settings in a fresh interpreter with exactly the environment
given, and no .env file (FOTOBLOG_ENV_FILE empty), so a local .env cannot mask it.
"""

import ast
import json
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from testsupport.environment import fresh_python

SETTINGS_FILE = Path(settings.BASE_DIR) / "fotoblog" / "settings.py"
ENV_EXAMPLE = Path(settings.BASE_DIR) / ".env.example"
BASE_ENV = {
    "DJANGO_SETTINGS_MODULE": "fotoblog.settings",
    "SECRET_KEY": "a-test-secret-key-that-is-long-enough-for-django-checks",
    "FOTOBLOG_ENV_FILE": "",
}


def start(probe: str = "start", **variables: str) -> subprocess.CompletedProcess:
    """Run testsupport/settings_probe.py's `probe` in a new interpreter whose
    environment is BASE_ENV + `variables`; a variable given as None is left out."""
    env = {**BASE_ENV, **variables}
    env = {name: value for name, value in env.items() if value is not None}
    return fresh_python("-m", "testsupport.settings_probe", probe, env=env)


def error_of(result: subprocess.CompletedProcess) -> str:
    """The last line of the traceback: the exception and its message."""
    assert result.returncode != 0, result.stdout
    return result.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        pytest.param(
            {"DEBUG": "maybe"}, "DEBUG must be on or off, not 'maybe'.", id="DEBUG"
        ),
        pytest.param(
            {"FOTOBLOG_MAX_UPLOAD_BYTES": "20MB"},
            "FOTOBLOG_MAX_UPLOAD_BYTES must be a whole number, not '20MB'.",
            id="a number",
        ),
        pytest.param(
            {"DATABASE_URL": "foo://x"},
            "DATABASE_URL must be a sqlite:/// or postgres:// URL, not 'foo://x'.",
            id="DATABASE_URL scheme",
        ),
        pytest.param(
            {"DATABASE_URL": "postgres://"},
            "DATABASE_URL names no database: 'postgres://'.",
            id="DATABASE_URL without a database",
        ),
        pytest.param(
            {"REDIS_URL": "localhost"},
            "REDIS_URL must be a redis:// URL, not 'localhost'.",
            id="REDIS_URL",
        ),
        pytest.param(
            {"FOTOBLOG_CREATOR_SIGNUP": "x"},
            "FOTOBLOG_CREATOR_SIGNUP must be 'open' or 'approval', not 'x'.",
            id="FOTOBLOG_CREATOR_SIGNUP",
        ),
        pytest.param(
            {"LOG_LEVEL": "loud"},
            "LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not 'loud'.",
            id="LOG_LEVEL",
        ),
        pytest.param(
            {"EMAIL_URL": "smpt://user:secret@mail.example.org"},
            "EMAIL_URL must start with smtp://, smtps://, smtp+tls://, smtp+ssl://, "
            "consolemail://, filemail://, memorymail:// or dummymail://, not smpt://.",
            id="EMAIL_URL, its password left out",
        ),
        pytest.param(
            {"HSTS_PRELOAD": "on"},
            "HSTS_PRELOAD needs HSTS_INCLUDE_SUBDOMAINS on.",
            id="HSTS_PRELOAD alone",
        ),
        pytest.param(
            {"SECRET_KEY": None},
            "Set the SECRET_KEY environment variable",
            id="SECRET_KEY missing",
        ),
    ],
)
def test_start_up_stops_with_a_message_naming_the_wrong_variable(variables, message):
    error = error_of(start(**variables))

    assert error == f"django.core.exceptions.ImproperlyConfigured: {message}"


def test_start_up_reads_the_missing_secret_key_from_the_named_env_file(tmp_path):
    env_file = tmp_path / "fotoblog.env"
    env_file.write_text("SECRET_KEY=from-the-file\nDEBUG=on\n")

    result = start(
        "secret",
        SECRET_KEY=None,
        FOTOBLOG_ENV_FILE=str(env_file),
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout == "from-the-file True\n"


def test_the_embedded_default_keeps_media_on_disk_and_caches_in_process():
    result = start("report")

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "storage": "django.core.files.storage.FileSystemStorage",
        "options": {},
        "client": None,
        "cache": "django.core.cache.backends.locmem.LocMemCache",
        "cache_location": None,
        "sessions": "django.contrib.sessions.backends.db",
        "debug": False,
    }


def test_a_bucket_and_redis_switch_media_to_s3_and_sessions_to_redis():
    result = start(
        "report",
        AWS_STORAGE_BUCKET_NAME="fotoblog-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.org",
        AWS_ACCESS_KEY_ID="key-id",
        AWS_SECRET_ACCESS_KEY="secret",
        AWS_S3_REGION_NAME="eu-west-1",
        REDIS_URL="redis://127.0.0.1:6379/1",
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "storage": "storages.backends.s3.S3Storage",
        "options": {
            "bucket_name": "fotoblog-media",
            "endpoint_url": "https://s3.example.org",
            "access_key": "key-id",
            "secret_key": "secret",
            "region_name": "eu-west-1",
            "custom_domain": None,
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 3600,
        },
        "client": {
            "connect_timeout": 5,
            "read_timeout": 30,
            "retries": {"mode": "standard", "max_attempts": 3},
        },
        "cache": "django.core.cache.backends.redis.RedisCache",
        "cache_location": "redis://127.0.0.1:6379/1",
        "sessions": "django.contrib.sessions.backends.cached_db",
        "debug": False,
    }


def dotted_name(node: ast.expr) -> str:
    """`env.str` for the expression env.str; empty for anything but names."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute) and (base := dotted_name(node.value)):
        return f"{base}.{node.attr}"
    return ""


def is_environment_read(function: str) -> bool:
    """Whether a call to `function` reads the variable named by its first argument."""
    return function in ("env", "os.environ.get", "os.getenv") or function.startswith(
        ("env.", "env_")
    )


def variables_read_by_settings() -> set[str]:
    """Every environment variable fotoblog/settings.py reads by name."""
    names = set()
    for node in ast.walk(ast.parse(SETTINGS_FILE.read_text())):
        if isinstance(node, ast.Call) and is_environment_read(dotted_name(node.func)):
            name = node.args[0] if node.args else None
        elif (
            isinstance(node, ast.Subscript) and dotted_name(node.value) == "os.environ"
        ):
            name = node.slice
        else:
            continue
        if isinstance(name, ast.Constant) and isinstance(name.value, str):
            names.add(name.value)
    return names


def variables_in_env_example() -> set[str]:
    """Every variable .env.example sets, or shows commented out (`# NAME=value`)."""
    return set(
        re.findall(r"^(?:# ?)?([A-Z][A-Z0-9_]*)=", ENV_EXAMPLE.read_text(), re.M)
    )


def test_env_example_lists_every_variable_the_settings_read_and_no_other():
    read = variables_read_by_settings()
    listed = variables_in_env_example()

    assert {"SECRET_KEY", "HTTPS", "FOTOBLOG_FEED_PAGE_SIZE"} <= read
    missing, unread = sorted(read - listed), sorted(listed - read)
    assert not missing, f"read by the settings, missing in .env.example: {missing}"
    assert not unread, f"in .env.example, never read by the settings: {unread}"


def test_env_example_as_the_env_file_gives_the_default_settings():
    """Copying .env.example to .env changes nothing but what it asks to fill in."""
    defaults = start("dump")
    from_example = start("dump", FOTOBLOG_ENV_FILE=str(ENV_EXAMPLE))

    assert defaults.returncode == 0, defaults.stderr
    assert from_example.returncode == 0, from_example.stderr
    assert json.loads(from_example.stdout) == json.loads(defaults.stdout)


@pytest.mark.django_db
def test_the_database_compiles_no_query_just_in_time():
    """PostgreSQL's JIT took ten times longer to compile a feed's query than to run
    it (SQLite has none: there the setting is simply absent)."""
    if connection.vendor != "postgresql":
        assert "options" not in settings.DATABASES["default"].get("OPTIONS", {})
        return
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
