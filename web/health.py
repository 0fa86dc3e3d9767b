"""Health checks for load balancers and orchestrators: public, JSON, never cached."""

import uuid

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """The process answers."""
    return JsonResponse({"status": "ok"})


@login_not_required
@never_cache
@require_GET
def readyz(request):
    """The database, the cache and the media storage answer; 503 when one does not."""
    checks = {
        "database": _check(_database),
        "cache": _check(_cache),
        "storage": _check(_storage),
    }
    ready = all(result == "ok" for result in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )


def _check(probe) -> str:
    try:
        probe()
    except Exception as error:  # any failure means "not ready", whatever its kind
        return f"error: {type(error).__name__}"
    return "ok"


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache() -> None:
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=5)
    if cache.get(key) != "1":
        raise RuntimeError("the cache lost a value it was just given")
    cache.delete(key)


def _storage() -> None:
    # A read, not a write: probes come often, and a versioned bucket keeps every write.
    default_storage.exists("readyz-probe")
