"""Schemathesis fuzzes the open data API from its own OpenAPI schema, in
process over WSGI, against the demo: no 5xx, and only the status codes,
content types and bodies the schema documents, for valid and invalid input."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

# The schema exactly as /api/schema/?format=json serves it (a JSON round trip,
# so schemathesis sees plain strings rather than Django's lazy ones).
SCHEMA = json.loads(
    OpenApiJsonRenderer().render(
        SchemaGenerator().get_schema(request=None, public=True), "application/json"
    )
)
# Every phase (the schema's examples, coverage of each parameter's edges, and
# random fuzzing, valid and invalid) and every check: schemathesis' defaults,
# given explicitly so that a stray schemathesis.toml cannot change what runs.
schema = schemathesis.openapi.from_dict(SCHEMA, config=SchemathesisConfig())
DJANGO = get_wsgi_application()


def app(environ: dict, start_response: Callable) -> list[bytes]:
    """Django's WSGI handler, kept off the connection as the test client is:
    at the end of a request a WSGI server closes the database connection,
    which on PostgreSQL would close the test's transaction under it."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = DJANGO(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            response.close()  # sends request_finished
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=25,  # per operation, for the fuzzing phase: about 20 s in all
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_answers_every_generated_request_as_its_schema_says(case, demo):
    case.call_and_validate(app=app)


def test_the_schemas_slug_examples_name_the_demo(demo):
    """The examples phase sends each slug's example: they must reach real
    answers (200, or results not yet published), not only "not found"."""
    for path, methods in SCHEMA["paths"].items():
        parameters = methods["get"].get("parameters", [])
        slugs = [p for p in parameters if p["name"] == "slug"]
        if not slugs:
            continue
        (example,) = (e["value"] for e in slugs[0]["examples"].values())
        response = Client().get(path.replace("{slug}", example))
        if path.endswith("/results/") and response.status_code == 404:
            assert "not published" in response.json()["detail"]
        else:
            assert response.status_code == 200, (path, response.content[:200])
