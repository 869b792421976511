"""Open data written out: CSV (safe to open in a spreadsheet), JSON, the data
dictionary and a frictionless data package (datapackage.json).

CSV and JSON come out in chunks, so a big file streams instead of being built
in memory first."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from .datasets import LICENCE, LICENCE_LINE, SPREADSHEET_NOTE, Dataset, Field

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Roughly 64 kB per chunk: few enough writes, little held in memory.
CHUNK_CHARS = 64 * 1024
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "pb": "text/plain; charset=utf-8",
}


def spreadsheet_safe(text: str) -> str:
    """Text a spreadsheet shows as text: a leading =, +, -, @, tab or carriage
    return gets an apostrophe in front (OWASP's advice on CSV injection)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return spreadsheet_safe(str(value))


def json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class _Echo:
    """A file-like object whose write hands the line back (for csv.writer)."""

    def write(self, value: str) -> str:
        return value


def _chunked(pieces: Iterable[str]) -> Iterator[str]:
    buffer: list[str] = []
    size = 0
    for piece in pieces:
        buffer.append(piece)
        size += len(piece)
        if size >= CHUNK_CHARS:
            yield "".join(buffer)
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer)


def csv_table(header: list[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    """A CSV file, header first, every cell through csv_cell."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")

    def lines() -> Iterator[str]:
        yield writer.writerow([csv_cell(name) for name in header])
        for row in rows:
            yield writer.writerow([csv_cell(value) for value in row])

    return _chunked(lines())


def csv_chunks(dataset: Dataset) -> Iterator[str]:
    names = [f.name for f in dataset.fields]
    return csv_table(names, ([row.get(n) for n in names] for row in dataset.rows()))


def json_chunks(dataset: Dataset, source: str) -> Iterator[str]:
    """{"title", "source", "licence", "fields", "rows": [...]}, streamed."""
    names = [f.name for f in dataset.fields]
    head = {
        "title": dataset.title,
        "source": source,
        "licence": LICENCE,
        "fields": names,
    }

    def pieces() -> Iterator[str]:
        yield json.dumps(head, ensure_ascii=False)[:-1] + ', "rows": ['
        for number, row in enumerate(dataset.rows()):
            record = {n: json_value(row.get(n)) for n in names}
            yield (
                ("," if number else "") + "\n" + json.dumps(record, ensure_ascii=False)
            )
        yield "\n]}\n"

    return _chunked(pieces())


def dictionary_rows(datasets: list[Dataset]) -> Iterator[list[str]]:
    for dataset in datasets:
        for f in dataset.fields:
            files = ", ".join(dataset.filename(fmt) for fmt in dataset.formats)
            yield [files, f.name, f.type, f.meaning, f.allowed]


DICTIONARY_HEADER = ["file", "field", "type", "meaning", "allowed_values"]


def dictionary_csv(datasets: list[Dataset]) -> Iterator[str]:
    return csv_table(DICTIONARY_HEADER, dictionary_rows(datasets))


def _schema_field(f: Field) -> dict[str, Any]:
    described: dict[str, Any] = {
        "name": f.name,
        "type": f.type,
        "description": f.meaning,
    }
    if f.allowed:
        described["x-allowed-values"] = f.allowed
    if f.enum:
        described["constraints"] = {"enum": list(f.enum)}
    if f.type == "boolean":
        described["trueValues"] = ["yes"]
        described["falseValues"] = ["no"]
    if f.type == "date":
        described["format"] = "%Y-%m-%d"
    if f.type == "yearmonth":
        described["format"] = "%Y-%m"
    return described


def datapackage(
    datasets: list[Dataset], *, name: str, title: str, homepage: str
) -> dict[str, Any]:
    """A frictionless Data Package descriptor (specs.frictionlessdata.io):
    the CSV files with their Table Schemas, the JSON and pabulib files beside
    them. Paths are relative to the descriptor, which sits with the files."""
    resources: list[dict[str, Any]] = []
    for dataset in datasets:
        schema = {"fields": [_schema_field(f) for f in dataset.fields]}
        for fmt in dataset.formats:
            resource: dict[str, Any] = {
                "name": dataset.key if fmt != "json" else f"{dataset.key}-json",
                "path": dataset.filename(fmt),
                "title": dataset.title,
                "description": dataset.description,
                "format": fmt,
                "mediatype": MEDIA_TYPES[fmt].split(";")[0],
                "encoding": "utf-8",
            }
            if fmt == "csv":
                resource["profile"] = "tabular-data-resource"
                resource["schema"] = schema
            else:
                resource["x-fields"] = schema["fields"]
            resources.append(resource)
    return {
        "profile": "data-package",
        "name": name,
        "title": title,
        "homepage": homepage,
        "licenses": [LICENCE],
        "description": f"{LICENCE_LINE} {SPREADSHEET_NOTE}",
        "resources": resources,
    }
