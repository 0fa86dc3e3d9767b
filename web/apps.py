from django.apps import AppConfig


class WebConfig(AppConfig):
    """The HTTP edge every app shares: middleware, rate limits, the client's
    address, health probes, reading submitted forms."""

    name = "web"
