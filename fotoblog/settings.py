"""fotoblog settings: one file, every value from the environment.

Defaults are safe for production (DEBUG off, SECRET_KEY required). `make run` writes a
local `.env` for development; see `.env.example` for every variable.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import botocore.config
import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# Variables already in the environment win over the file; an empty name reads none.
env_file = os.environ.get("FOTOBLOG_ENV_FILE", BASE_DIR / ".env")
if env_file:
    environ.Env.read_env(env_file)


def env_flag(name: str, default: bool) -> bool:
    """Read an on/off variable, refusing a value that is clearly neither."""
    value = env.str(name, default="").strip().lower()
    if not value:
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be on or off, not {value!r}.")


def env_int(name: str, default: int) -> int:
    """Read a whole number, naming the variable when it is not one."""
    value = env.str(name, default="").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a whole number, not {value!r}."
        ) from None


def env_database(name: str, default: str) -> dict:
    """Read a database URL, naming the variable when it is not one Django can use."""
    # Empty means unset, as for Redis and the bucket: `.env.example` leaves it empty.
    url = env.str(name, default="") or default
    scheme = url.partition("://")[0]
    if scheme not in ("sqlite", "postgres", "postgresql", "pgsql"):
        raise ImproperlyConfigured(
            f"{name} must be a sqlite:/// or postgres:// URL, not {url!r}."
        )
    database = env.db_url_config(url)
    if not database["NAME"]:
        raise ImproperlyConfigured(f"{name} names no database: {url!r}.")
    return database


DEBUG = env_flag("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "csp",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "web",
    "images",
    "audit",
    "authentication",
    "blog",
    "api",
    "rest_framework",
    "drf_spectacular",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Listed before the session and CSRF middleware: it sees the Vary: Cookie they
    # add to the response.
    "web.middleware.PrivateCacheMiddleware",
    # Every error answered under /api/ is JSON, whoever answered it.
    "api.errors.ApiErrorMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check, which reads a POST's body: refuses one too large for
    # its view, or a multipart body where no upload is taken, unread.
    "web.body_limits.BodyLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A personal access token logs its member in, on the API and media only.
    "api.authentication.BearerTokenMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "web.middleware.PermissionsPolicyMiddleware",
    "web.indexing.NoIndexMiddleware",
    # Turns a visitor's request for what only members may see into the login page.
    "web.middleware.VisitorLoginMiddleware",
    # After the middleware that set headers and the language of every page, before
    # anything reads the session or the database; its form check after the CSRF one.
    "web.middleware.RefuseNulMiddleware",
    "web.middleware.ServiceUnavailableMiddleware",
    "audit.context.AuditContextMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "fotoblog.urls"
WSGI_APPLICATION = "fotoblog.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "web.indexing.robots",
            ],
        },
    },
]

DATABASES = {
    "default": env_database(
        "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    )
}
# Keep connections between requests: opening one (and, on SQLite, setting its
# pragmas and warming its page cache) would cost more than many queries.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: the feeds' queries are estimated costly enough to trigger
    # it, and compiling them takes ten times longer than running them.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
else:
    # WAL lets readers work beside a writer; IMMEDIATE plus a timeout makes
    # concurrent writers wait their turn instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

REDIS_URL = env.str("REDIS_URL", default="")
CACHE_KEY_PREFIX = env.str("CACHE_KEY_PREFIX", default="fotoblog")
if REDIS_URL:
    if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"REDIS_URL must be a redis:// URL, not {REDIS_URL!r}."
        )
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
    # Sessions live in Redis for speed and in the database so a Redis restart
    # logs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "authentication.User"
AUTHENTICATION_BACKENDS = [
    # Lockout after repeated failures first, then per-object rules (blog/rules.py),
    # then groups and direct grants.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Django's ModelBackend in one query per request, never cached across requests.
    "authentication.backends.OneQueryModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Front-end packages come from the npm registry (package.json), never a CDN.
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploads waiting for a worker: outside MEDIA_ROOT, never served.
UPLOADS_ROOT = env.path("UPLOADS_ROOT", default=BASE_DIR / "uploads")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "uploads": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": UPLOADS_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# Media on S3-compatible object storage when a bucket is named; local disk otherwise.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
MEDIA_ORIGINS: list[str] = []
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None,
            # Names are generated and unique: never overwrite, never guess.
            "file_overwrite": False,
            "default_acl": None,
            # Photos are for members: signed, expiring links unless a CDN fronts it.
            "querystring_auth": env_flag("AWS_QUERYSTRING_AUTH", default=True),
            "querystring_expire": env_int("AWS_QUERYSTRING_EXPIRE", default=3600),
            # Give up in seconds, not minutes, when the endpoint is down (boto's
            # defaults: 60-second timeouts, 5 attempts): pages and /readyz answer.
            "client_config": botocore.config.Config(
                connect_timeout=5,
                read_timeout=30,
                retries={"mode": "standard", "max_attempts": 3},
            ),
        },
    }
    # Uploads wait in the same bucket, under a prefix no page ever links to: a
    # worker on any machine reads them there.
    STORAGES["uploads"] = {
        "BACKEND": STORAGES["default"]["BACKEND"],
        "OPTIONS": {**STORAGES["default"]["OPTIONS"], "location": "uploads"},
    }
    # The Content-Security-Policy lets pages show images from the storage's host.
    _media = STORAGES["default"]["OPTIONS"]
    if _media["custom_domain"]:
        MEDIA_ORIGINS = [f"https://{_media['custom_domain']}"]
    elif _media["endpoint_url"]:
        _endpoint = urlsplit(_media["endpoint_url"])
        MEDIA_ORIGINS = [f"{_endpoint.scheme}://{_endpoint.netloc}"]
    else:
        MEDIA_ORIGINS = ["https://*.amazonaws.com"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Email: the console by default; real mail from EMAIL_URL, for example
# smtp+tls://user:password@smtp.example.org:587
_email_url = env.str("EMAIL_URL", default="") or "consolemail://"
if (_scheme := _email_url.partition("://")[0]) not in environ.Env.EMAIL_SCHEMES:
    # Name the scheme alone: the rest of the URL may hold a password.
    _schemes = [f"{name}://" for name in environ.Env.EMAIL_SCHEMES]
    raise ImproperlyConfigured(
        f"EMAIL_URL must start with {', '.join(_schemes[:-1])} or {_schemes[-1]}, "
        f"not {_scheme}://."
    )
_email = env.email_url_config(_email_url)
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="") or _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(BASE_DIR / "sent-mail"))
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="fotoblog <noreply@localhost>"
)

# How many reverse proxies stand in front of the app servers and append to
# X-Forwarded-For (0: clients connect directly). Rate limits, lockouts and the audit
# trail then see the client's address, not the proxy's.
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", default=0)

# HTTPS: on in production (secure cookies, redirect to https, HSTS); `make run` and
# `make serve` on this machine turn it off. Behind a proxy that terminates TLS, the
# proxy must set X-Forwarded-Proto, and TRUSTED_PROXIES count it.
HTTPS = env_flag("HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
# Only a proxy, overwriting what the client sent, may say the request came over
# HTTPS: a client connecting directly could claim it itself.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS and TRUSTED_PROXIES > 0 else None
)
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", default=31_536_000) if HTTPS else 0
# Opt-in, for they bind more than this site: every subdomain, and browsers' built-in
# lists, slow to leave. `check --deploy` need not remind of them.
SECURE_HSTS_INCLUDE_SUBDOMAINS = (
    env_flag("HSTS_INCLUDE_SUBDOMAINS", default=False) and HTTPS
)
SECURE_HSTS_PRELOAD = env_flag("HSTS_PRELOAD", default=False) and HTTPS
if SECURE_HSTS_PRELOAD and not SECURE_HSTS_INCLUDE_SUBDOMAINS:
    # The preload lists take no site without its subdomains.
    raise ImproperlyConfigured("HSTS_PRELOAD needs HSTS_INCLUDE_SUBDOMAINS on.")
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # probes speak plain HTTP
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True  # the footer's form sets it; no script reads it
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# Content-Security-Policy: only this site's own scripts and styles, scripts with a
# per-response nonce; media from the storage's host, and `blob:` for the upload
# page's thumbnails of the files a member chose (never sent anywhere).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:", *MEDIA_ORIGINS],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Login lockout (django-axes): too many failures for one account from one address
# locks that pair out for a while; the account stays open from every other address,
# so a stranger's guessing cannot shut its owner out.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "authentication/lockout.html"
AXES_VERBOSE = False
# The one client address that lockouts, rate limits and the audit trail all use
# (TRUSTED_PROXIES, above, says which proxies it believes).
AXES_CLIENT_IP_CALLABLE = "web.client_ip.client_ip"

# A file larger than this is streamed to a temporary file instead of held in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FOTOBLOG_MAX_UPLOAD_BYTES = env_int(
    "FOTOBLOG_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024
)
FOTOBLOG_MAX_UPLOAD_PIXELS = env_int("FOTOBLOG_MAX_UPLOAD_PIXELS", default=40_000_000)
# All the photos of one upload together (default: ten photos of 40 megapixels).
FOTOBLOG_MAX_REQUEST_PIXELS = env_int(
    "FOTOBLOG_MAX_REQUEST_PIXELS", default=400_000_000
)
# One side of a photo at most this many times the other: no 1 × 60000 strips.
FOTOBLOG_MAX_ASPECT_RATIO = env_int("FOTOBLOG_MAX_ASPECT_RATIO", default=20)
# Photos of one member waiting for a worker at once, beyond which uploads get a 429.
FOTOBLOG_MAX_PROCESSING_PER_USER = env_int(
    "FOTOBLOG_MAX_PROCESSING_PER_USER", default=40
)
# A worker holds a photo this long at most (its job is stopped after half of it);
# past it, the photo is prepared again: its worker was killed.
FOTOBLOG_PHOTO_LEASE_SECONDS = env_int("FOTOBLOG_PHOTO_LEASE_SECONDS", default=600)

# Image work runs in workers beside the web servers (`make run` and `make serve`
# start them; docs/deploy.md). With Redis, on RQ: `manage.py rqworker --job-class
# django_tasks_rq.backend.Job`; without, in the database: `manage.py db_worker`.
# On Redis the queue is named after the cache's prefix: sites sharing one Redis keep
# their work apart. In the database it is the site's own.
FOTOBLOG_TASK_QUEUE = f"{CACHE_KEY_PREFIX}-photos" if REDIS_URL else "default"
if REDIS_URL:
    TASKS = {
        "default": {
            "BACKEND": "django_tasks_rq.RQBackend",
            "QUEUES": [FOTOBLOG_TASK_QUEUE],
        }
    }
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
RQ_QUEUES = {
    FOTOBLOG_TASK_QUEUE: {
        "URL": REDIS_URL or "redis://127.0.0.1:6379/0",
        "DEFAULT_TIMEOUT": FOTOBLOG_PHOTO_LEASE_SECONDS // 2,
    }
}

# Stored bytes per user, renditions included (default 2 GB).
FOTOBLOG_STORAGE_QUOTA_BYTES = env_int(
    "FOTOBLOG_STORAGE_QUOTA_BYTES", default=2 * 1024**3
)
# Requests per user (or address, for sign-up) and hour, beyond which: 429.
FOTOBLOG_RATE_LIMITS = {
    "signup": env_int("FOTOBLOG_RATE_SIGNUPS_PER_HOUR", default=10),
    "upload": env_int("FOTOBLOG_RATE_UPLOADS_PER_HOUR", default=60),
    "follow": env_int("FOTOBLOG_RATE_FOLLOWS_PER_HOUR", default=120),
    "password_reset": env_int("FOTOBLOG_RATE_PASSWORD_RESETS_PER_HOUR", default=5),
    # Passwords tried on share links, per member or address: nobody guesses one.
    "share_password": env_int("FOTOBLOG_RATE_SHARE_PASSWORDS_PER_HOUR", default=20),
    "tokens": env_int("FOTOBLOG_RATE_TOKENS_PER_HOUR", default=20),
    # Unknown, revoked or expired API tokens sent from one address: nobody guesses one.
    "tokens_tried": env_int("FOTOBLOG_RATE_TOKENS_TRIED_PER_HOUR", default=60),
}
FOTOBLOG_MAX_FILES_PER_UPLOAD = env_int("FOTOBLOG_MAX_FILES_PER_UPLOAD", default=20)
# Items per page of the home, photo and creator feeds ("Load more" fetches the next).
FOTOBLOG_FEED_PAGE_SIZE = env_int("FOTOBLOG_FEED_PAGE_SIZE", default=12)
if not 1 <= FOTOBLOG_FEED_PAGE_SIZE <= 100:
    raise ImproperlyConfigured(
        f"FOTOBLOG_FEED_PAGE_SIZE must be between 1 and 100, "
        f"not {FOTOBLOG_FEED_PAGE_SIZE}."
    )
# Django refuses more files than this with a bare 400; leave room so the form can
# answer with a clear message instead.
DATA_UPLOAD_MAX_NUMBER_FILES = FOTOBLOG_MAX_FILES_PER_UPLOAD + 10

# Becoming a creator: "open" lets people pick the role at sign-up; "approval" makes a
# creator sign-up a subscriber with a request that staff approve in the admin.
FOTOBLOG_CREATOR_SIGNUP = env.str("FOTOBLOG_CREATOR_SIGNUP", default="open")
if FOTOBLOG_CREATOR_SIGNUP not in ("open", "approval"):
    raise ImproperlyConfigured(
        f"FOTOBLOG_CREATOR_SIGNUP must be 'open' or 'approval', "
        f"not {FOTOBLOG_CREATOR_SIGNUP!r}."
    )

# The JSON API (/api/v1/, README "The API"): personal access tokens or the site's
# session; every call asks the same rules as the pages. Each token (or member, or
# visitor's address) may make FOTOBLOG_API_RATE calls, "number/period".
FOTOBLOG_API_RATE = env.str("FOTOBLOG_API_RATE", default="600/minute")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.BearerTokenAuthentication",
        "api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "api.permissions.MemberOnly",
        "api.permissions.TokenScope",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "fotoblog API",
    "DESCRIPTION": (
        "Read and post as yourself with a personal access token "
        "(Authorization: Bearer fbt_...). Every answer is what the site shows you."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_errors",
    ],
}

# Audiences: "Public" posts and photos are open to visitors who are not logged in;
# off, nobody may choose it and public items are seen by members only. Public pages
# may be indexed by search engines unless FOTOBLOG_SEARCH_INDEXING is off; other
# pages always ask not to be.
FOTOBLOG_PUBLIC_POSTING = env_flag("FOTOBLOG_PUBLIC_POSTING", default=True)
FOTOBLOG_SEARCH_INDEXING = env_flag("FOTOBLOG_SEARCH_INDEXING", default=True)

# Logs go to standard error, where gunicorn, systemd or the container collects them.
_log_level = env.str("LOG_LEVEL", default="WARNING")
if _log_level.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
    raise ImproperlyConfigured(
        "LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, "
        f"not {_log_level!r}."
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": _log_level.upper()},
}
