"""Limits on how often one browser, account or participant may send a public
form (a story, a code, a vote, a rating, about-you answers, a follow), so a
script cannot flood the inquiry. Counts live in the cache.

The limits (settings.FORM_RATE_LIMITS) are generous for a person. Many people
can share one address (a day centre's wifi, a session in a hall), so the
address alone gets SHARED_ADDRESS_FACTOR times the limit; the account or
participant code gets the limit itself.

Votes, ratings and "about you" answers replace the person's earlier ones (one
ballot per participant), so many people on one address cannot add up to more
than one each: there the address is only a brake on a flood, and a request
that speaks for someone (an account or a code) counts against
ROOM_ADDRESS_FACTOR times the limit, so a room of hundreds voting on the
venue's wifi is never turned away. Requests that speak for no one still get
SHARED_ADDRESS_FACTOR. Stories are not in ROOM_SCOPES: each one adds work for
the moderators."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .participation import SESSION_KEY

SHARED_ADDRESS_FACTOR = 5
ROOM_ADDRESS_FACTOR = 50
ROOM_SCOPES = frozenset({"vote", "rating", "about_you"})
# Never sent back on the "too many" page.
_NOT_KEPT = {"csrfmiddlewaretoken", "password", "password1", "password2"}

View = Callable[..., HttpResponse]


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR: behind a proxy, the deployment sets it from the proxy's
    X-Forwarded-For (see README "Security"); a client's own header is never
    trusted here."""
    return request.META.get("REMOTE_ADDR") or "unknown"


def counter_keys(request: HttpRequest, scope: str) -> list[tuple[str, int]]:
    """(cache key, how many times its limit) for everyone the request speaks
    for: the address, the signed-in account, the participants by code."""
    keys = [(f"coproduce:rate:{scope}:ip:{client_address(request)}", 0)]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        keys.append((f"coproduce:rate:{scope}:user:{user.pk}", 1))
    session = getattr(request, "session", None)
    if session is not None:
        for participant_pk in sorted(set(session.get(SESSION_KEY, {}).values())):
            keys.append((f"coproduce:rate:{scope}:participant:{participant_pk}", 1))
    return keys


def _count(key: str, window: int) -> int:
    """Add one to the counter and return it. add() then incr() is atomic in
    Redis and in the local memory cache; a counter that expired between the
    two starts again at one."""
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:
        cache.set(key, 1, window)
        return 1


def address_allowance(scope: str, limit: int, speaks_for_someone: bool) -> int:
    """How many posts one address may send in the window (see the module's
    docstring)."""
    if speaks_for_someone and scope in ROOM_SCOPES:
        return limit * ROOM_ADDRESS_FACTOR
    return limit * SHARED_ADDRESS_FACTOR


def is_over_limit(request: HttpRequest, scope: str) -> bool:
    """Count this request; True when any of its counters is past its limit."""
    limit, window = settings.FORM_RATE_LIMITS[scope]
    keys = counter_keys(request, scope)
    speaks_for_someone = any(is_personal for _key, is_personal in keys)
    over = False
    for key, is_personal in keys:
        allowed = (
            limit
            if is_personal
            else address_allowance(scope, limit, speaks_for_someone)
        )
        if _count(key, window) > allowed:
            over = True
    return over


def kept_fields(request: HttpRequest) -> list[tuple[str, str]]:
    """What the person typed, to send again from the "too many" page."""
    return [
        (name, value)
        for name, values in request.POST.lists()
        if name not in _NOT_KEPT
        for value in values
    ]


def too_many(request: HttpRequest, scope: str) -> HttpResponse:
    """A friendly 429 page that keeps what they typed, ready to send again."""
    _limit, window = settings.FORM_RATE_LIMITS[scope]
    response = render(
        request,
        "consult/rate_limited.html",
        {
            "fields": kept_fields(request),
            "had_files": bool(request.FILES),
            "minutes": max(1, window // 60),
            "action": request.get_full_path(),
        },
        status=429,
    )
    response["Retry-After"] = str(window)
    return response


def rate_limit(scope: str) -> Callable[[View], View]:
    """Limit the view's POSTs under settings.FORM_RATE_LIMITS[scope]; other
    methods pass straight through."""
    if scope not in settings.FORM_RATE_LIMITS:
        raise KeyError(f"No FORM_RATE_LIMITS entry for {scope!r}")

    def decorator(view: View) -> View:
        @wraps(view)
        def limited(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST" and is_over_limit(request, scope):
                return too_many(request, scope)
            return view(request, *args, **kwargs)

        return limited

    return decorator
