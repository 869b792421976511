"""/healthz: is this process able to serve? Checks the database and the cache.

Answered by a middleware at the very top of MIDDLEWARE, before the host check,
the HTTPS redirect, sessions and any page cache: load balancers ask by IP
address over plain HTTP, and a health answer must never come from a cache."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse

logger = logging.getLogger("coproduce.health")

HEALTH_PATHS = frozenset({"/healthz", "/healthz/"})
CACHE_KEY = "coproduce:healthz"


def check_database() -> bool:
    """True when the default database answers SELECT 1."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def check_cache() -> bool:
    """True when a value written to the default cache can be read back."""
    token = secrets.token_hex(8)
    cache.set(CACHE_KEY, token, timeout=30)
    return cache.get(CACHE_KEY) == token


CHECKS: dict[str, Callable[[], bool]] = {
    "database": check_database,
    "cache": check_cache,
}


def run_checks() -> dict[str, str]:
    """Each part's state, "ok" or "failing". A check that raises is failing:
    the health answer is the one place where any error is the expected news."""
    results = {}
    for name, check in CHECKS.items():
        try:
            ok = check()
        except Exception as error:
            # The class only: a driver's message can hold a host or user name.
            logger.error("health check %s failed: %s", name, type(error).__name__)
            ok = False
        else:
            if not ok:
                logger.error("health check %s failed: wrong answer", name)
        results[name] = "ok" if ok else "failing"
    return results


def healthz(request: HttpRequest) -> HttpResponse:
    """200 {"status": "ok", "checks": {...}} or 503 naming the failing part."""
    if request.method not in {"GET", "HEAD"}:
        response: HttpResponse = JsonResponse(
            {"status": "error", "detail": "Use GET."}, status=405
        )
        response["Allow"] = "GET, HEAD"
    else:
        checks = run_checks()
        failing = sorted(name for name, state in checks.items() if state != "ok")
        body: dict[str, object] = {
            "status": "failing" if failing else "ok",
            "checks": checks,
        }
        if failing:
            body["failing"] = failing
        response = JsonResponse(body, status=503 if failing else 200)
    response["Cache-Control"] = "no-store, max-age=0"
    return response


class HealthCheckMiddleware:
    """Answers /healthz before any other middleware sees the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info in HEALTH_PATHS:
            return healthz(request)
        return self.get_response(request)
