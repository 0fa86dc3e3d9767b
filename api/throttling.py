"""How often a token (or a member's session) may call the API: 429 with Retry-After
past FOTOBLOG_API_RATE, counted per token; visitors per address."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from web.client_ip import client_ip


class TokenRateThrottle(SimpleRateThrottle):
    scope = "api"

    def get_rate(self) -> str:
        return settings.FOTOBLOG_API_RATE

    def get_cache_key(self, request, view) -> str:
        if request.auth is not None:
            who = f"token:{request.auth.pk}"
        elif request.user.is_authenticated:
            who = f"member:{request.user.pk}"
        else:
            who = f"address:{client_ip(request)}"
        return f"throttle:api:{who}"
