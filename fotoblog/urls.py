from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from blog.views.media import serve_media
from images.storage import media_served_here

handler500 = "web.middleware.server_error"

urlpatterns = [
    path("", include("web.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    # Public: visitors choose their language on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("", include("authentication.urls")),
    path("", include("api.site_urls")),
    path("", include("blog.urls")),
]

if media_served_here():
    # The embedded default keeps media on local disk: serve it here, to whoever
    # may see each picture. Object storage serves its own (signed) URLs.
    urlpatterns += [
        path(
            f"{settings.MEDIA_URL.strip('/')}/<path:path>",
            login_not_required(serve_media),
            name="media",
        )
    ]
