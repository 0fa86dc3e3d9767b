"""The address a request comes from, behind as many trusted proxies as configured.

One function for the login lockout (django-axes' AXES_CLIENT_IP_CALLABLE), the rate
limits and the audit trail, so all three count the same client.
"""

from ipaddress import ip_address

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or with TRUSTED_PROXIES proxies in front,
    the address the outermost trusted proxy saw (X-Forwarded-For, read from the right:
    whatever a client writes there itself stays on the left)."""
    proxies = settings.TRUSTED_PROXIES
    if proxies:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies and _is_address(hops[-proxies]):
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def _is_address(text: str) -> bool:
    # A proxy that passes on what the client wrote must not get it stored: the
    # address columns (PostgreSQL's inet) refuse anything else with an error.
    try:
        ip_address(text)
    except ValueError:
        return False
    return True
