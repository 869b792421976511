"""A full-page cache for what anonymous visitors see, shared by every process.

The middleware is the last (innermost) one: it stores the view's answer and
lets every other middleware run on a cached answer too (security headers,
sessions, CSRF), so a hit costs the same as a miss minus the view.

A page is looked up only for an anonymous GET or HEAD with no state: no
signed-in user, no session data (participant or code state, assisted
ballots), no pending messages, and not under /admin/, /api/ (the API has
its own caching), /accounts/ or /healthz. An answer is stored only when it
is a plain 200 that sets no cookie, asked for no CSRF token, shows no
message or POST form, left the session alone and did not say private,
no-store or no-cache.

The key is the full URL plus the display mode and language cookies. Each
entry records the version stamps (consult/caching.py) it was built under
and is a hit only while they are unchanged: the site stamp (moved when an
editor publishes, unpublishes, moves or deletes a page, or changes a site
setting) and either the stamp of the one inquiry the page is about (moved by
any change to that inquiry's data) or, for any other page, the any-data
stamp (moved by every change to any data). PAGE_CACHE_SECONDS bounds how
long an entry lives in any case, as a net for writes that send no signal.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_init
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_max_age, patch_vary_headers

from themes.display import mode_for_request

from .caching import ALL_INQUIRIES, ANY_DATA, SITE, bump_site_version, stamps

PAGE_KEY = "coproduce:page:{}"
HEADER = "X-Cache"
NEVER_PATHS = (
    "/admin/",
    "/api/",
    "/accounts/",
    "/healthz",
    "/static/",
    "/media/",
    "/documents/",
)
MESSAGES_COOKIE = "messages"  # django.contrib.messages' CookieStorage
# Vary headers our key already covers (Cookie: we serve only requests
# without session or sign-in; the cookies that change a page are in the key).
VARY_COVERED = {"cookie", "accept-encoding"}
# Marks of a page that posts back: its token is per visitor.
POST_FORM_MARKS = (b"csrfmiddlewaretoken", b'method="post"', b"method='post'")


@dataclass
class Seen:
    """The inquiries whose rows were loaded while a page was rendered."""

    inquiry_ids: set[int] = field(default_factory=set)
    slugs: set[str] = field(default_factory=set)


_recording: ContextVar[Seen | None] = ContextVar("page_cache_seen", default=None)


def page_cache_seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0) or 0)


def is_cacheable_request(request: HttpRequest) -> bool:
    """True for an anonymous GET/HEAD without state, outside the never-cached
    addresses."""
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(NEVER_PATHS):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    if MESSAGES_COOKIE in request.COOKIES:
        return False
    session = getattr(request, "session", None)
    # Participant and code state, assisted ballots, paper checks: any data at
    # all in the session means this visitor may see a page of their own.
    has_session = settings.SESSION_COOKIE_NAME in request.COOKIES
    return not (has_session and session is not None and list(session.keys()))


def page_key(request: HttpRequest) -> str:
    """The cache key: the full URL and the cookies that change the page."""
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    parts = "|".join(
        (
            request.build_absolute_uri(),
            mode_for_request(request).key,
            language[:16],
        )
    )
    return PAGE_KEY.format(hashlib.sha256(parts.encode()).hexdigest())


def storable_seconds(request: HttpRequest, response: HttpResponseBase) -> int:
    """How long `response` may be kept: 0 when it must not be stored."""
    if response.status_code != 200 or response.streaming:
        return 0
    if response.cookies or response.has_header("Set-Cookie"):
        return 0
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return 0
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v}
    if vary - VARY_COVERED:
        return 0
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return 0  # the page asked for a CSRF token: it holds a form
    messages = getattr(request, "_messages", None)
    if messages is not None and len(messages):
        return 0
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return 0
    content = response.content.lower()  # type: ignore[attr-defined]
    if any(mark in content for mark in POST_FORM_MARKS):
        return 0
    seconds = page_cache_seconds()
    max_age = get_max_age(response)
    if max_age is not None:
        seconds = min(seconds, max_age)
    return max(seconds, 0)


def _stamp_names(request: HttpRequest, seen: Seen) -> list[int | str]:
    """The stamps a page depends on: its one inquiry's when it is about one
    inquiry (its address names it), else any data's; the site's always."""
    segments = [part for part in request.path.split("/") if part]
    if segments and segments[0] == "inquiries":
        segments = segments[1:]
    if len(seen.inquiry_ids) == 1 and segments and segments[0] in seen.slugs:
        (inquiry_id,) = seen.inquiry_ids
        return [SITE, inquiry_id, ALL_INQUIRIES]
    return [SITE, ANY_DATA]


def _from_entry(request: HttpRequest, entry: dict[str, Any]) -> HttpResponse:
    content = entry["content"]
    response = HttpResponse(
        b"" if request.method == "HEAD" else content, status=entry["status"]
    )
    for name, value in entry["headers"]:
        response[name] = value
    response["Content-Length"] = str(len(content))
    return response


class PageCacheMiddleware:
    """Serve and store anonymous public pages (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if page_cache_seconds() <= 0 or not is_cacheable_request(request):
            return self.get_response(request)
        key = page_key(request)
        entry = cache.get(key)
        if entry is not None and stamps(list(entry["stamps"])) == entry["stamps"]:
            response = _from_entry(request, entry)
            response[HEADER] = "hit"
            patch_vary_headers(response, ["Cookie"])
            return response

        before = stamps([SITE, ANY_DATA])
        seen = Seen()
        token = _recording.set(seen)
        try:
            response = self.get_response(request)
        finally:
            _recording.reset(token)
        seconds = storable_seconds(request, response)
        if not seconds:
            return response
        names = _stamp_names(request, seen)
        now = stamps([*names, ANY_DATA])
        if now[ANY_DATA] != before[ANY_DATA] or now[SITE] != before[SITE]:
            # Data changed while the page was rendered: it may show either.
            return response
        entry = {
            "stamps": {name: now[name] for name in names},
            "status": response.status_code,
            "headers": [
                (name, value)
                for name, value in response.items()
                if name.lower() not in ("set-cookie", "content-length", "x-cache")
            ],
            "content": response.content,  # type: ignore[attr-defined]
        }
        cache.set(key, entry, seconds)
        response[HEADER] = "miss"
        patch_vary_headers(response, ["Cookie"])
        return response


# --------------------------------------------------------------------------
# Signals


def _saw_row(sender: type, instance: Any, **kwargs: object) -> None:
    seen = _recording.get()
    if seen is None:
        return
    values = instance.__dict__
    inquiry_id = values.get("id") if sender.__name__ == "Inquiry" else None
    inquiry_id = inquiry_id or values.get("inquiry_id")
    if inquiry_id is not None:
        seen.inquiry_ids.add(inquiry_id)
    if values.get("slug"):
        seen.slugs.add(values["slug"])


def _site_changed(**kwargs: object) -> None:
    bump_site_version()


def connect_signals() -> None:
    """Record which inquiries a page shows; move the site stamp when an
    editor changes pages."""
    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from .models import Inquiry, InquiryPage

    for model in (Inquiry, InquiryPage):
        post_init.connect(
            _saw_row, sender=model, dispatch_uid=f"page-cache-saw-{model.__name__}"
        )
    page_published.connect(_site_changed, dispatch_uid="page-cache-published")
    page_unpublished.connect(_site_changed, dispatch_uid="page-cache-unpublished")
    post_page_move.connect(_site_changed, dispatch_uid="page-cache-moved")
    post_delete.connect(_site_changed, sender=Page, dispatch_uid="page-cache-deleted")
