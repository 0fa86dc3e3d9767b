"""`manage.py check --deploy`: a production-like environment passes it, warnings too.

Each run is a fresh interpreter with exactly the environment given and no .env file
(FOTOBLOG_ENV_FILE empty), so a local development .env cannot mask a problem.
"""

import subprocess

import pytest

from testsupport.environment import fresh_python
from testsupport.servers import production_environment


@pytest.fixture
def production_env(tmp_path) -> dict[str, str]:
    return production_environment(tmp_path)


def check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess:
    return fresh_python(
        "manage.py", "check", "--deploy", "--fail-level", "WARNING", env=env
    )


def test_a_production_like_environment_passes_without_a_single_warning(
    production_env,
):
    result = check_deploy(production_env)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_debug_on_fails_the_deployment_check_and_says_so(production_env):
    result = check_deploy({**production_env, "DEBUG": "on"})

    assert result.returncode != 0
    assert "security.W018" in result.stderr
    assert "DEBUG set to True" in result.stderr


def test_a_short_secret_key_fails_the_deployment_check(production_env):
    result = check_deploy({**production_env, "SECRET_KEY": "too-short"})

    assert result.returncode != 0
    assert "security.W009" in result.stderr


def test_https_off_fails_the_deployment_check_naming_the_insecure_cookies(
    production_env,
):
    result = check_deploy({**production_env, "HTTPS": "off"})

    assert result.returncode != 0
    for warning in ("security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr
