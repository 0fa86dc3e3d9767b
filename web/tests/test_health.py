"""/healthz and /readyz: what a load balancer or an orchestrator sees."""

import pytest
from django.urls import reverse

from testsupport.s3 import closed_port
from testsupport.storage import stored_files

pytestmark = pytest.mark.django_db


def cache_directives(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


def test_healthz_answers_ok_to_anyone_and_is_never_cached(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert {"no-cache", "no-store"} <= cache_directives(response)


def test_readyz_reports_the_database_cache_and_storage_ok(client):
    response = client.get(reverse("readyz"))

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "storage": "ok"},
    }
    assert "no-cache" in cache_directives(response)
    assert stored_files() == []  # its probe file is gone


@pytest.mark.parametrize("name", ["healthz", "readyz"])
def test_a_post_is_refused_with_405(client, name):
    response = client.post(reverse(name))

    assert response.status_code == 405
    assert response["Allow"] == "GET"


def test_readyz_answers_503_naming_the_cache_when_redis_is_unreachable(
    client, settings
):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }

    response = client.get(reverse("readyz"))

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["cache"].startswith("error: ")
    assert body["checks"]["database"] == body["checks"]["storage"] == "ok"
    assert response["Content-Type"] == "application/json"
