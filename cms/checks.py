"""Deployment checks: what a site needs once it runs in more than one process."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register

# Caches that live inside one process: what one worker puts there, no other
# worker (and not the db_worker) can see.
PROCESS_LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}

NO_SHARED_CACHE = "cms.W001"


@register(Tags.caches, deploy=True)
def shared_cache(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """Production runs several gunicorn workers and a `db_worker`; they share
    the inquiry version stamps, budget results worked out in the background,
    PDF rebuild locks and the limits on code guesses through the cache. A
    cache kept inside each process breaks all of that without an error."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in PROCESS_LOCAL_CACHES:
        return []
    return [
        Warning(
            f"The cache ({backend.rsplit('.', 1)[-1]}) is kept inside each "
            "process, so the web workers and the background worker do not "
            "share it.",
            hint=(
                "Set REDIS_URL (for example redis://redis:6379/0) so every "
                "process uses one Redis cache. Without it, pages can stay out "
                "of date after an edit, budget results worked out by "
                "`manage.py db_worker` never reach the web pages, and each "
                "worker counts wrong participation codes on its own."
            ),
            id=NO_SHARED_CACHE,
        )
    ]
