from django.urls import path

from . import health, icons

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("favicon.ico", icons.favicon, name="favicon"),
]
