from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import health, media

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("", include("authentication.urls")),
    path("", include("blog.urls")),
]

if settings.STORAGES["default"]["BACKEND"].endswith(".FileSystemStorage"):
    # The embedded default keeps media on local disk: serve it here, behind the
    # login like every page. Object storage serves its own (signed) URLs.
    urlpatterns += [
        path(
            f"{settings.MEDIA_URL.strip('/')}/<path:path>",
            media.serve_media,
            name="media",
        )
    ]
