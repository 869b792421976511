"""The API's documentation page (/api/docs/): our own server-rendered page,
built from the drf-spectacular schema, so what it says cannot drift from what
the API does. No Swagger UI, no ReDoc, nothing from a CDN."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe
from drf_spectacular.generators import SchemaGenerator
from rest_framework.settings import api_settings

from .pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

# The slug each kind of address is shown with in the curl examples.
EXAMPLE_SLUGS = {"inquiries": "anyshire", "organisations": "anyshire-council"}
OK_WORDS = {"200": "The answer, with the fields above."}
PERIODS = {"s": "second", "m": "minute", "h": "hour", "d": "day"}


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str  # "path" or "query"
    type: str
    required: bool
    description: str


@dataclass(frozen=True)
class FieldRow:
    name: str
    type: str
    description: str

    @property
    def parts(self) -> list[str]:
        """The name in pieces where a long one may wrap: after each dot."""
        return re.findall(r"[^.]+\.?", self.name)


@dataclass(frozen=True)
class Answer:
    status: str
    description: str


@dataclass(frozen=True)
class Endpoint:
    anchor: str
    method: str
    path: str
    tag: str
    summary: str
    description: str
    parameters: tuple[Parameter, ...]
    fields: tuple[FieldRow, ...]
    paginated: bool
    answers: tuple[Answer, ...]
    example: str  # JSON, pretty printed; empty if none
    example_path: str  # the path with a real slug in it, for the curl example


@dataclass
class _Walker:
    """Turns a JSON schema into rows of dotted field names."""

    components: dict[str, Any]
    rows: list[FieldRow] = field(default_factory=list)

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        if "$ref" in schema:
            return self.resolve(self.components[schema["$ref"].split("/")[-1]])
        if "allOf" in schema and len(schema["allOf"]) == 1:
            inner = self.resolve(schema["allOf"][0])
            return {**inner, **{k: v for k, v in schema.items() if k != "allOf"}}
        return schema

    def type_words(self, schema: dict[str, Any]) -> str:
        schema = self.resolve(schema)
        if "oneOf" in schema:  # e.g. page: a number, or "last"
            words = " or ".join(self.type_words(each) for each in schema["oneOf"])
        elif "enum" in schema:
            values = [v for v in schema["enum"] if v not in ("", None)]
            words = "one of: " + ", ".join(str(v) for v in values)
        elif schema.get("type") == "array":
            words = f"list of {self.type_words(schema.get('items', {}))}"
        elif schema.get("type") == "object" or "properties" in schema:
            words = "object"
        else:
            words = schema.get("type", "any")
            if schema.get("format"):
                words += f" ({schema['format']})"
        if schema.get("nullable"):
            words += ", or null"
        return words

    def walk(self, schema: dict[str, Any], prefix: str = "") -> None:
        schema = self.resolve(schema)
        for name, prop in schema.get("properties", {}).items():
            resolved = self.resolve(prop)
            path = f"{prefix}{name}"
            description = prop.get("description") or resolved.get("description", "")
            self.rows.append(FieldRow(path, self.type_words(prop), description))
            if "properties" in resolved:
                self.walk(resolved, f"{path}.")
            elif resolved.get("type") == "array":
                items = self.resolve(resolved.get("items", {}))
                if "properties" in items:
                    self.walk(items, f"{path}[].")


def _anchor(method: str, path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", f"{method} {path}".lower()).strip("-")


def _endpoint(path: str, method: str, op: dict[str, Any], schema: dict) -> Endpoint:
    components = schema.get("components", {}).get("schemas", {})
    walker = _Walker(components)
    parameters = tuple(
        Parameter(
            name=p["name"],
            location=p["in"],
            type=walker.type_words(p.get("schema", {})),
            required=bool(p.get("required")),
            description=p.get("description", ""),
        )
        for p in op.get("parameters", [])
    )
    ok = op["responses"].get("200", {}).get("content", {}).get("application/json", {})
    body = walker.resolve(ok.get("schema", {}))
    paginated = {"count", "results"} <= set(body.get("properties", {}))
    if paginated:
        walker.walk(walker.resolve(body["properties"]["results"])["items"])
    else:
        walker.walk(body)
    examples = list(ok.get("examples", {}).values())
    tag = (op.get("tags") or [""])[0]
    return Endpoint(
        anchor=_anchor(method, path),
        method=method.upper(),
        path=path,
        tag=tag,
        summary=op.get("summary", ""),
        description=op.get("description", ""),
        parameters=parameters,
        fields=tuple(walker.rows),
        paginated=paginated,
        answers=tuple(
            Answer(code, answer.get("description") or OK_WORDS.get(code, ""))
            for code, answer in sorted(op["responses"].items())
        ),
        example=(
            json.dumps(examples[0]["value"], indent=2, ensure_ascii=False)
            if examples
            else ""
        ),
        example_path=path.replace("{slug}", EXAMPLE_SLUGS.get(tag, "example")),
    )


@functools.cache
def api_reference() -> tuple[Endpoint, ...]:
    """Every GET endpoint in the schema, in the schema's order. The schema is
    fixed for a running process, so it is built once."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return tuple(
        _endpoint(path, method, op, schema)
        for path, methods in schema["paths"].items()
        for method, op in methods.items()
        if method == "get"
    )


def rate_words(rate: str | None) -> str:
    """ "60/minute" -> "60 requests a minute"."""
    if not rate:
        return "no limit"
    number, period = rate.split("/")
    return f"{number} requests a {PERIODS.get(period[0], period)}"


@require_safe
def docs_page(request: HttpRequest) -> HttpResponse:
    rates = api_settings.DEFAULT_THROTTLE_RATES
    return render(
        request,
        "consult/api/docs.html",
        {
            "endpoints": api_reference(),
            "base": request.build_absolute_uri("/").rstrip("/"),
            "page_size": DEFAULT_PAGE_SIZE,
            "max_page_size": MAX_PAGE_SIZE,
            "anon_rate": rate_words(rates.get("anon")),
            "user_rate": rate_words(rates.get("user")),
        },
    )
