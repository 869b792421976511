"""Rates per minute for anonymous callers and signed-in people, read from
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] on every request (REST framework's
own classes read it once at import, so a settings override would not count)."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class _RateFromSettings:
    scope: str

    def get_rate(self) -> str | None:
        rates = api_settings.DEFAULT_THROTTLE_RATES
        if self.scope not in rates:
            raise ImproperlyConfigured(
                f'Set REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["{self.scope}"].'
            )
        return rates[self.scope]


class AnonThrottle(_RateFromSettings, AnonRateThrottle):
    """Callers who are not signed in, by address."""


class UserThrottle(_RateFromSettings, UserRateThrottle):
    """Signed-in people, by account (anonymous callers fall to AnonThrottle)."""

    def get_cache_key(self, request, view):  # type: ignore[no-untyped-def]
        if not (request.user and request.user.is_authenticated):
            return None  # counted by AnonThrottle instead
        return super().get_cache_key(request, view)
