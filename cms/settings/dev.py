"""Local development: SQLite, console email, DEBUG on. Never used in production."""

import os

import dj_database_url

from .base import *  # noqa: F403
from .base import BASE_DIR

DEBUG = True
SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - dev settings only
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

DATABASES = {
    "default": sqlite_for_several_writers(
        dj_database_url.config(
            default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}", conn_max_age=60
        )
    )
}
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = "Coproduce <hello@localhost>"
WAGTAILADMIN_BASE_URL = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"

# Open data API (h-api): the browsable API, in development only.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}

# --- Caching (h-caching): no full-page cache while developing.
PAGE_CACHE_SECONDS = 0
