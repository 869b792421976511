"""Settings shared by every environment. Nothing secret lives here."""

from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    # Ours, highest layer first so its templates win.
    "cms",
    "deliberation",
    "consult",
    "themes",
    # Wagtail
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Accounts
    "allauth",
    "allauth.account",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "themes.middleware.FriendlyErrorMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "themes.context_processors.display",
            ],
            "builtins": [
                "themes.templatetags.themes",
                "wagtail.templatetags.wagtailcore_tags",
            ],
        },
    },
]

AUTH_USER_MODEL = "consult.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-allauth: email is the login; a code sent by email is the main way in,
# so nobody needs to remember a password. Passwords stay possible (optional).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1"]  # a password is optional
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 15 * 60
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_ADAPTER = "cms.accounts.AccountAdapter"
ACCOUNT_USER_DISPLAY = "consult.models.accounts.user_display"
ACCOUNT_RATE_LIMITS = {
    # Per IP and per email: enough for a slow typist, not for a guessing script.
    "request_login_code": "20/m/ip,5/m/key",
    "confirm_login_code": "10/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "var" / "media"
PRIVATE_MEDIA_ROOT = BASE_DIR / "var" / "private"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # People's photos and recordings: never under MEDIA_URL, served only by a
    # view that checks who is asking (consult.media_views).
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": "/no-public-url/"},
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

WAGTAIL_SITE_NAME = "Coproduce"
WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]

CSRF_FAILURE_VIEW = "cms.views.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"coproduce": {"level": "INFO"}},
}

# Editors sign in through the same page as everyone else (login by code).
WAGTAILADMIN_LOGIN_URL = "/accounts/login/"
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"

# Participation codes are stored as HMAC hashes under this key. Keep it stable:
# changing it makes every printed code stop working. None means SECRET_KEY.
PARTICIPATION_CODE_KEY: str | None = None
# Wrong code entries allowed per browser address in 10 minutes.
PARTICIPATION_CODE_TRIES = 10


def sqlite_for_several_writers(database: dict) -> dict:
    """SQLite settings for more than one writer (two gunicorn workers, the
    runserver's threads): take the write lock when a transaction starts, wait
    for it instead of failing with "database is locked", and let readers
    carry on while someone writes (WAL)."""
    if database.get("ENGINE", "").endswith("sqlite3"):
        options = database.setdefault("OPTIONS", {})
        options.setdefault("transaction_mode", "IMMEDIATE")
        options.setdefault("timeout", 20)
        options.setdefault(
            "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
        )
    return database


# --- Charts (h-charts): plotly.js from the installed plotly package, served as
# static/themes/vendor/plotly.min.js (themes/staticfinders.py); never a CDN.
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "themes.staticfinders.PlotlyFinder",
]

# Open data API (issue 7, h-api): Django REST framework, read-only, under /api/.
# consult/api/ holds the views; /api/docs/ explains every setting below.
INSTALLED_APPS += ["rest_framework", "drf_spectacular"]
REST_FRAMEWORK = {
    # JSON only: the browsable API is off (dev.py turns it on locally).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    # Nobody signs in to the API; a signed-in browser session only earns the
    # higher "user" rate. No Basic auth: no password is ever sent to it.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication"
    ],
    # Reads only; the views answer 405 to anything else before this is asked.
    "DEFAULT_PERMISSION_CLASSES": ["consult.api.permissions.ReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "consult.api.pagination.Pagination",
    "PAGE_SIZE": 20,
    "DEFAULT_THROTTLE_CLASSES": [
        "consult.api.throttling.AnonThrottle",
        "consult.api.throttling.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": "60/minute", "user": "120/minute"},
    # Who is asking, for the rates: the connecting address, never a client's
    # X-Forwarded-For (production.py trusts its load balancer's).
    "NUM_PROXIES": 0,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Coproduce open data API",
    "DESCRIPTION": (
        "Read-only open data about inquiries: their phases, the changes people "
        "called for, and results once an editor has published them."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "PREPROCESSING_HOOKS": ["consult.api.schema.only_open_data"],
    # Field help text already names the choices; no generated Markdown lists.
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
    # No key or sign-in is needed, so the schema names no security scheme.
    "AUTHENTICATION_WHITELIST": [],
    "ENUM_NAME_OVERRIDES": {
        "PhaseKindEnum": "consult.models.inquiries.PhaseKind",
        "PhaseStatusEnum": "consult.models.inquiries.PhaseStatus",
        "OrganisationKindEnum": "consult.models.organisations.Organisation.Kind",
        "VotingMethodEnum": "consult.models.priorities.VotingMethod",
    },
}
# Cross-origin reads (CORS) are off: no Access-Control-* header is ever sent.

# Commitments in the API (h-commitio): one name for the status choices.
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]["CommitmentStatusEnum"] = (
    "consult.models.commitments.CommitmentStatus"
)

# --- Caching (h-caching) ---
# Full-page cache for anonymous visitors (consult/page_cache.py): how long a
# page is kept at most; version stamps make it fresh sooner. It must be the
# last middleware, so every other one also runs on a cached page.
PAGE_CACHE_SECONDS = 300
MIDDLEWARE.append("consult.page_cache.PageCacheMiddleware")

# --- Privacy (h-privacy) ---
# The longest any backup copy is kept, on the machine or off it, in days. The
# privacy notice tells people that erased information leaves the backups
# within this time (deploy/backup.sh keeps 14 days on the machine).
BACKUP_KEEP_DAYS = 35

# --- Reliability (h-reliability) ---
# /healthz answers first of all (cms/health.py): before the host check and the
# HTTPS redirect, since load balancers ask by IP over plain HTTP, and before any
# cache. Then every request gets an id for its log lines (cms/logs.py).
MIDDLEWARE.insert(0, "cms.logs.RequestIdMiddleware")
MIDDLEWARE.insert(0, "cms.health.HealthCheckMiddleware")
# Control characters (NUL above all, which PostgreSQL cannot store) are taken
# out of form fields and query strings before any form sees them (cms/input.py).
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.common.CommonMiddleware"),
    "cms.input.ControlCharacterMiddleware",
)
# Plain text logs with the request id; production.py switches to JSON lines
# with LOG_FORMAT=json.
LOGGING = {
    **LOGGING,
    "filters": {"request_id": {"()": "cms.logs.RequestIdFilter"}},
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
        },
        "json": {"()": "cms.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
}

# --- Security (h-security) ---
# Headers on every response; cms/security.py holds the two middlewares and
# SECURITY.md explains each choice. Production adds HSTS and secure cookies.
from csp.constants import NONE, SELF  # noqa: E402

INSTALLED_APPS += ["csp"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "cms.security.ContentSecurityPolicyMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("cms.security.ContentSecurityPolicyMiddleware") + 1,
    "cms.security.PermissionsPolicyMiddleware",
)
PLOTLY_STYLE_HASHES = [
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
    "'sha256-ji27qzEtxXZW+7dun6UwjHXJ18e6WAin1VvNtkzIE/o='",
]
# The public site: our own files only, no inline script or style, nothing may
# frame us, forms post only to us. Charts are drawn by our static charts.js
# from JSON in the page (json_script), so they need nothing looser.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # plotly.js (v4.1.1) adds two <style> elements of its own: an empty one
        # it fills through the CSSOM, and the map library's fixed rules. Only
        # those exact contents are allowed, by hash; no other inline style.
        # tests/cms/test_security.py fails if a new plotly.js changes them.
        "style-src": [SELF, *PLOTLY_STYLE_HASHES],
        # data: for the small inline images plotly.js and the SVG charts use.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# The Wagtail admin (and its page previews) writes inline scripts and style
# attributes, previews pages in a frame of its own, and shows uploads as
# blob: and data: images before they are saved. Only these are relaxed;
# objects, base and other sites' scripts stay off.
ADMIN_CSP_URL_PREFIXES = ["/admin/"]
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, "'unsafe-inline'"],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:"],
        "media-src": [SELF, "blob:"],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
    },
}
# No Gravatar pictures in the admin: they would tell another site (and our
# policy would block it anyway) a hash of each editor's email address.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Browser features we never use, off for us and anything we embed.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
# Sent in every environment, not only production.
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Uploads through Wagtail: pictures we can check, never SVG (it can hold
# script); documents are downloaded, not opened in our pages' origin.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
WAGTAILDOCS_INLINE_CONTENT_TYPES: list[str] = []
# Public forms (consult/ratelimit.py): posts per client in a window, generous
# for a person, not for a script. "0/60" would turn a form off. Code entry is
# by address only (no one is known yet): 5 x 200 lets a room of 1,000 people
# on one wifi type their cards in 10 minutes; wrong codes have their own,
# much lower, limit (PARTICIPATION_CODE_TRIES).
FORM_RATE_LIMITS = {
    "story": (20, 60 * 60),
    "code_entry": (200, 10 * 60),
    "vote": (60, 10 * 60),
    "rating": (30, 60 * 60),
    "about_you": (30, 60 * 60),
    "follow": (10, 60 * 60),
}
