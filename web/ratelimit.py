"""Limit how often one member (or one address, before sign-up) may do something."""

import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

from .client_ip import client_ip

WINDOW_SECONDS = 3600


def rate_limited(scope: str):
    """Answer 429 to a POST past FOTOBLOG_RATE_LIMITS[scope] per hour; GETs pass."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST" and over_limit(request, scope):
                response = render(request, "429.html", status=429)
                response["Retry-After"] = str(WINDOW_SECONDS)
                return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def over_limit(request, scope: str) -> bool:
    """Count this request in its hour; True once the count passes the limit."""
    who = request.user.pk if request.user.is_authenticated else client_ip(request)
    window = int(time.time() // WINDOW_SECONDS)
    key = f"rate:{scope}:{who}:{window}"
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: this request opens a window
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        count = 1
    return count > settings.FOTOBLOG_RATE_LIMITS[scope]
