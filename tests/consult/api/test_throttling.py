"""Rates: callers past their rate get 429 with Retry-After; the rates come
from settings (the suite's own are far too high to meet)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client, override_settings

from consult.roles import Role

pytestmark = pytest.mark.django_db

URL = "/api/v1/organisations/"


def rates(anon: str, user: str):  # type: ignore[no-untyped-def]
    return override_settings(
        REST_FRAMEWORK={
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"anon": anon, "user": user},
        }
    )


def statuses(client: Client, n: int, **extra: str) -> list[int]:
    return [client.get(URL, **extra).status_code for _ in range(n)]


def test_the_suite_rates_are_too_high_to_meet():
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"].startswith(
        "100000/"
    )


def test_anonymous_callers_past_their_rate_get_429_with_retry_after():
    cache.clear()
    with rates("3/minute", "100/minute"):
        client = Client()
        assert statuses(client, 3) == [200, 200, 200]
        response = client.get(URL)
        assert response.status_code == 429
        assert 0 < int(response["Retry-After"]) <= 60
        assert response.json()["detail"].startswith("Request was throttled")
        # Another address has its own allowance.
        assert Client(REMOTE_ADDR="10.0.0.9").get(URL).status_code == 200
    cache.clear()


def test_a_forged_forwarded_for_header_does_not_reset_the_count():
    cache.clear()
    with rates("2/minute", "100/minute"):
        client = Client()
        codes = [
            client.get(URL, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
            for n in range(3)
        ]
        assert codes == [200, 200, 429]
    cache.clear()


def test_signed_in_people_have_their_own_higher_rate(demo_users):
    cache.clear()
    with rates("2/minute", "4/minute"):
        client = Client()
        client.force_login(demo_users[Role.PARTICIPANT])
        assert statuses(client, 5) == [200, 200, 200, 200, 429]
        # The anonymous allowance of the same address is untouched.
        assert statuses(Client(), 2) == [200, 200]
    cache.clear()
