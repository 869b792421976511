"""Settings for the test suite: SQLite in memory unless DATABASE_URL says otherwise."""

import dj_database_url

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105 - test settings only
ALLOWED_HOSTS = ["*"]

DATABASES = {
    "default": dj_database_url.config(default="sqlite://:memory:", conn_max_age=0)
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The live server used by browser tests runs in another thread.
    # pytest-xdist appends "_gw0" etc. to the name: let it land in a query
    # parameter SQLite ignores. Named in-memory databases belong to one
    # process, so each worker has its own anyway.
    DATABASES["default"]["TEST"] = {
        "NAME": "file:testdb?mode=memory&cache=shared&worker="
    }
else:
    # A test database is thrown away: a commit need not wait for the disk.
    # (Transactional tests and the demo replay commit often.)
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"]["options"] = "-c synchronous_commit=off"

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEFAULT_FROM_EMAIL = "Coproduce <hello@example.org>"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
WHITENOISE_AUTOREFRESH = True

# Open data API (h-api): rates far above what any test sends, so the suite
# never meets a 429 by chance; tests/consult/api/test_throttling.py sets its
# own low rates with override_settings.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute", "user": "100000/minute"},
}

# --- Caching (h-caching): tests of the full-page cache turn it on with
# override_settings(PAGE_CACHE_SECONDS=...).
PAGE_CACHE_SECONDS = 0

# --- Security (h-security) ---
# Private files have no public address here either, as in base.py/production.
STORAGES["private"]["OPTIONS"] = {"base_url": "/no-public-url/"}
