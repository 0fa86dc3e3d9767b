"""The benchmark's settings: the site's own, its URLs plus /floor/.

Servers and commands of bench/pages.py run with DJANGO_SETTINGS_MODULE=bench.settings;
everything else comes from the environment, as in production.
"""

from fotoblog.settings import *  # noqa: F403
from fotoblog.settings import STORAGES

ROOT_URLCONF = "bench.urls"
# Hashed names as in production, not compressed: no page of the benchmark fetches a
# static file, and compressing them all takes half a minute.
STORAGES = {
    **STORAGES,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
    },
}
