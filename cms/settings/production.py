"""Production: every setting that differs between deployments comes from the
environment. Nothing secret has a default here."""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def env(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None or value == "":
        raise ImproperlyConfigured(f"Set the {name} environment variable.")
    return value


def env_list(name: str, default: str | None = None) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list(
    "CSRF_TRUSTED_ORIGINS", ",".join(f"https://{h}" for h in ALLOWED_HOSTS)
)

DATABASES = {
    "default": sqlite_for_several_writers(
        dj_database_url.parse(
            env("DATABASE_URL"),
            conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
            conn_health_checks=True,
        )
    )
}

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Behind a load balancer that terminates TLS and sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

PRIVATE_MEDIA_ROOT = os.environ.get("PRIVATE_MEDIA_ROOT", str(PRIVATE_MEDIA_ROOT))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": "/no-public-url/"},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
STATIC_ROOT = os.environ.get("STATIC_ROOT", str(STATIC_ROOT))
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", str(MEDIA_ROOT))

# EMAIL_URL-style settings split into Django's own names.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Coproduce <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
PARTICIPATION_CODE_KEY = os.environ.get("PARTICIPATION_CODE_KEY") or None
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", f"https://{ALLOWED_HOSTS[0]}")

LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "INFO")

# Background work (results PDFs, budget results, theme suggestions, emails)
# runs in a worker process, `python manage.py db_worker`, from a queue kept in
# the database, so a request never waits for it. TASKS_BACKEND=immediate runs
# it inside the request instead (a one-process deployment, the benchmarks).
if os.environ.get("TASKS_BACKEND", "database") == "database":
    INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks_db"]
    TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default"],
        }
    }

# Open data API (h-api): rates per minute, and how many proxies in front of the
# app add to X-Forwarded-For (the load balancer: 1), so a client cannot pick
# its own address for the rates by sending that header.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_RATE_ANON", "60/minute"),
        "user": env("API_RATE_USER", "120/minute"),
    },
    "NUM_PROXIES": int(env("API_TRUSTED_PROXIES", "1")),
}

# --- Caching (h-caching) ---
# Full-page cache: on by default only with a shared cache (Redis), where every
# worker and host sees the same pages and version stamps; each process's own
# memory would keep a page another process has already changed.
PAGE_CACHE_SECONDS = int(
    os.environ.get("PAGE_CACHE_SECONDS", "300" if os.environ.get("REDIS_URL") else "0")
)

# --- Privacy (h-privacy) ---
BACKUP_KEEP_DAYS = int(os.environ.get("BACKUP_KEEP_DAYS", "35"))

# --- Reliability (h-reliability) ---
# LOG_FORMAT=json: one JSON object per line (cms/logs.py) for a log shipper;
# anything else: plain text for people.
if os.environ.get("LOG_FORMAT", "plain").strip().lower() == "json":
    LOGGING["handlers"]["console"]["formatter"] = "json"
