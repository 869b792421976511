"""/healthz: 200 when the database and the cache answer, 503 naming the part
that does not, whatever the Host header, never cached."""

from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError
from django.test import Client, override_settings

from cms import health


@pytest.mark.django_db
def test_healthz_is_ok_when_database_and_cache_answer(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok"},
    }
    assert response["Content-Type"] == "application/json"


@pytest.mark.django_db
def test_healthz_answers_a_load_balancer_asking_by_ip_over_http(
    client: Client,
) -> None:
    # Not in ALLOWED_HOSTS, and HTTPS is required: still answered, not 400/301.
    with override_settings(
        ALLOWED_HOSTS=["coproduce.example"], SECURE_SSL_REDIRECT=True
    ):
        response = client.get("/healthz/", HTTP_HOST="10.0.3.7:8000")
        other = client.get("/", HTTP_HOST="10.0.3.7:8000")
    assert response.status_code == 200
    assert other.status_code in {400, 301}  # the rest of the site still checks


@pytest.mark.django_db
def test_healthz_is_never_cached(client: Client) -> None:
    response = client.get("/healthz")
    assert "no-store" in response["Cache-Control"]


def test_health_middleware_comes_first() -> None:
    assert settings.MIDDLEWARE[0] == "cms.health.HealthCheckMiddleware"


@pytest.mark.django_db
def test_healthz_is_503_naming_the_database_when_it_is_down(client: Client) -> None:
    with mock.patch("cms.health.connection.cursor", side_effect=OperationalError("x")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "failing",
        "checks": {"database": "failing", "cache": "ok"},
        "failing": ["database"],
    }


@pytest.mark.django_db
def test_healthz_is_503_naming_the_cache_when_it_is_down(client: Client) -> None:
    with mock.patch("cms.health.cache.set", side_effect=ConnectionError("redis")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["cache"]
    assert response.json()["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_healthz_is_503_when_the_cache_forgets_what_it_was_given(
    client: Client,
) -> None:
    # A dummy cache (or a full one) accepts the value and returns nothing.
    with mock.patch("cms.health.cache.get", return_value=None):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["cache"]


@pytest.mark.django_db
def test_healthz_failure_logs_no_connection_details(client: Client, caplog) -> None:
    error = OperationalError('connection to "db.internal" user "coproduce" refused')
    with mock.patch("cms.health.connection.cursor", side_effect=error):
        client.get("/healthz")
    assert "health check database failed: OperationalError" in caplog.text
    assert "db.internal" not in caplog.text
    assert 'coproduce"' not in caplog.text


@pytest.mark.django_db
def test_healthz_refuses_other_methods(client: Client) -> None:
    response = client.post("/healthz")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_health_checks_cover_database_and_cache() -> None:
    assert set(health.CHECKS) == {"database", "cache"}
