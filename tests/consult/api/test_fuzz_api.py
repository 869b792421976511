"""Schemathesis fuzzes the open data API from its own OpenAPI schema, in
process over WSGI, against the demo: no 5xx, and only the status codes,
content types and bodies the schema documents, for valid and invalid input."""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
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
APP = get_wsgi_application()


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=25,  # per operation, for the fuzzing phase: about 20 s in all
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_answers_every_generated_request_as_its_schema_says(case, demo):
    case.call_and_validate(app=APP)


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
