"""The OpenAPI schema validates with no warning, its examples match the
serializers, and the docs page is built from it."""

from __future__ import annotations

import json
from html import unescape

import pytest
import yaml
from django.core.management import call_command
from django.test import Client
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from consult.api import examples
from consult.api.docs import api_reference, rate_words
from consult.api.serializers import (
    ChangeSerializer,
    CommitmentSerializer,
    InquirySerializer,
    OrganisationSerializer,
    ResultsSerializer,
)

ENDPOINTS = {
    ("GET", "/api/v1/inquiries/"),
    ("GET", "/api/v1/inquiries/{slug}/"),
    ("GET", "/api/v1/inquiries/{slug}/changes/"),
    ("GET", "/api/v1/inquiries/{slug}/results/"),
    ("GET", "/api/v1/organisations/"),
    ("GET", "/api/v1/organisations/{slug}/"),
    # Commitments (h-commitio)
    ("GET", "/api/v1/inquiries/{slug}/commitments/"),
    ("GET", "/api/v1/organisations/{slug}/commitments/"),
}


def test_the_schema_validates_with_no_warning(tmp_path):
    GENERATOR_STATS.reset()
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = yaml.safe_load(out.read_text())
    validate_schema(schema)
    operations = {
        (method.upper(), path)
        for path, methods in schema["paths"].items()
        for method in methods
    }
    assert operations == ENDPOINTS  # only the open data API, reads only


def test_every_field_and_operation_is_described():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, methods in schema["paths"].items():
        for op in methods.values():
            assert op.get("summary"), path
            for parameter in op.get("parameters", []):
                assert parameter.get("description"), (path, parameter["name"])
    for name, component in schema["components"]["schemas"].items():
        for field, prop in component.get("properties", {}).items():
            assert prop.get("description") or "$ref" in prop, (name, field)


@pytest.mark.parametrize(
    ("serializer", "example"),
    [
        (InquirySerializer, examples.INQUIRY_DATA),
        (ChangeSerializer, examples.CHANGE_DATA),
        (OrganisationSerializer, examples.ORGANISATION_DATA),
        (ResultsSerializer, examples.RESULTS_DATA),
        (CommitmentSerializer, examples.COMMITMENT_DATA),
    ],
)
def test_examples_have_exactly_the_serializer_fields(serializer, example):
    assert set(example) == set(serializer().fields)


@pytest.mark.django_db
def test_the_schema_is_served_as_yaml_and_json():
    client = Client()
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert yaml.safe_load(response.content)["info"]["title"] == (
        "Coproduce open data API"
    )
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    assert set(json.loads(response.content)["paths"]) == {p for _, p in ENDPOINTS}


def test_rates_in_words():
    assert rate_words("60/minute") == "60 requests a minute"
    assert rate_words("1000/day") == "1000 requests a day"
    assert rate_words(None) == "no limit"


def test_the_reference_lists_fields_parameters_and_examples():
    reference = {(e.method, e.path): e for e in api_reference()}
    assert set(reference) == ENDPOINTS
    inquiries = reference[("GET", "/api/v1/inquiries/")]
    assert inquiries.paginated
    assert {p.name for p in inquiries.parameters} == {
        "page",
        "page_size",
        "phase_open",
        "published",
    }
    fields = {f.name: f for f in inquiries.fields}
    assert "phases[].status" in fields
    assert fields["phases[].status"].type == "one of: upcoming, open, closed"
    assert fields["links.results"].type.endswith("or null")
    assert "anyshire" in inquiries.example
    results = reference[("GET", "/api/v1/inquiries/{slug}/results/")]
    assert not results.paginated
    assert "budget.split.areas[].median" in {f.name for f in results.fields}
    assert results.example_path == "/api/v1/inquiries/anyshire/results/"
    assert {a.status for a in results.answers} == {"200", "404"}


@pytest.mark.django_db
def test_the_docs_page_explains_every_endpoint(demo):
    response = Client().get("/api/docs/")
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "<h1>Open data API</h1>" in html
    for method, path in ENDPOINTS:
        assert f"{method} {path}" in html
    assert (
        'curl -H "Accept: application/json" '
        '"http://testserver/api/v1/inquiries/anyshire/changes/"'
    ) in html
    for words in (
        "Pages of results",
        "How often you can ask",
        "Access-Control-Allow-Origin",
        "until an editor publishes",
        "Commitments",
        "requests a minute",
    ):
        assert words in html, words
    assert "swagger" not in html.lower() and "redoc" not in html.lower()
    assert "<script" not in html.replace(
        '<script src="/static/themes/js/site.js" defer></script>', ""
    )


def test_the_schema_states_what_pages_and_slugs_may_be():
    """What the fuzzing (test_fuzz_api.py) holds the API to: a page is a number
    from 1 or "last", a page size from 1, a slug what Django's converter takes."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    changes = schema["paths"]["/api/v1/inquiries/{slug}/changes/"]["get"]
    parameters = {p["name"]: p["schema"] for p in changes["parameters"]}
    assert parameters["page"]["oneOf"] == [
        {"type": "integer", "minimum": 1},
        {"type": "string", "enum": ["last"]},
    ]
    assert parameters["page_size"] == {"type": "integer", "minimum": 1}
    assert parameters["slug"]["pattern"] == "^[-a-zA-Z0-9_]+$"
    reference = {(e.method, e.path): e for e in api_reference()}
    page = next(
        p
        for p in reference[("GET", "/api/v1/inquiries/")].parameters
        if p.name == "page"
    )
    assert page.type == "integer or one of: last"
