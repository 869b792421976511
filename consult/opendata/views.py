"""Open data over HTTP: the files and the downloads page's context. Thin: they
ask `is_published`, then consult/opendata/datasets.py and formats.py."""

from __future__ import annotations

import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_safe

from ..models import Inquiry
from ..publication import is_published
from .datasets import LICENCE, LICENCE_LINE, SPREADSHEET_NOTE, Dataset, datasets_for
from .formats import (
    MEDIA_TYPES,
    csv_chunks,
    datapackage,
    dictionary_csv,
    json_chunks,
)

DATAPACKAGE = "datapackage.json"
DICTIONARY = "data-dictionary.csv"


def published_inquiry(slug: str) -> Inquiry:
    """The inquiry, if its results are public. Not found otherwise, so nobody
    learns whether there is anything to download."""
    inquiry = get_object_or_404(Inquiry, slug=slug)
    if not is_published(inquiry):
        raise Http404("No open data here.")
    return inquiry


def file_url(inquiry: Inquiry, filename: str) -> str:
    return reverse("consult:opendata_file", args=[inquiry.slug, filename])


def _page_url(inquiry: Inquiry, request: HttpRequest) -> str:
    page = getattr(inquiry, "page", None)
    return page.get_full_url(request) if page is not None else ""


def _attachment(
    response: HttpResponse | StreamingHttpResponse, inquiry: Inquiry, filename: str
) -> HttpResponse | StreamingHttpResponse:
    response["Content-Disposition"] = (
        f'attachment; filename="{inquiry.slug}-{filename}"'
    )
    # Taken down with the results: a shared cache must not keep a copy long.
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_safe
def download(
    request: HttpRequest, slug: str, filename: str
) -> HttpResponse | StreamingHttpResponse:
    """One open data file, streamed when it is a table."""
    inquiry = published_inquiry(slug)
    datasets = datasets_for(inquiry)
    if filename == DATAPACKAGE:
        descriptor = datapackage(
            datasets,
            name=inquiry.slug,
            title=inquiry.title,
            homepage=_page_url(inquiry, request),
        )
        response = HttpResponse(
            json.dumps(descriptor, ensure_ascii=False, indent=2),
            content_type=MEDIA_TYPES["json"],
        )
        return _attachment(response, inquiry, filename)
    if filename == DICTIONARY:
        return _attachment(
            StreamingHttpResponse(
                dictionary_csv(datasets), content_type=MEDIA_TYPES["csv"]
            ),
            inquiry,
            filename,
        )
    key, _, fmt = filename.rpartition(".")
    dataset = next((d for d in datasets if d.key == key and fmt in d.formats), None)
    if dataset is None:
        raise Http404("No such file.")
    if fmt == "csv":
        content = csv_chunks(dataset)
    elif fmt == "json":
        content = json_chunks(dataset, source=_page_url(inquiry, request))
    elif dataset.text is not None:
        try:
            text = dataset.text()
        except ValueError as error:  # the pabulib writer refuses this budget
            raise Http404(f"This budget cannot be written as a file: {error}") from None
        return _attachment(
            HttpResponse(text, content_type=MEDIA_TYPES[fmt]), inquiry, filename
        )
    else:
        raise Http404("No such file.")
    return _attachment(
        StreamingHttpResponse(content, content_type=MEDIA_TYPES[fmt]),
        inquiry,
        filename,
    )


def downloads_context(inquiry: Inquiry) -> dict[str, Any]:
    """What the downloads page shows: each file with its links and fields."""
    if not is_published(inquiry):
        raise Http404("No open data here.")
    datasets: list[Dataset] = datasets_for(inquiry)
    return {
        "inquiry": inquiry,
        "datasets": [
            {
                "dataset": d,
                "links": [
                    (fmt.upper(), file_url(inquiry, d.filename(fmt)))
                    for fmt in d.formats
                ],
                "caption": "Fields in "
                + " and ".join(d.filename(fmt) for fmt in d.formats),
                "table_rows": [
                    [f.name, f.type, f.meaning, f.allowed] for f in d.fields
                ],
            }
            for d in datasets
        ],
        "field_headers": ["Field", "Type", "Meaning", "Allowed values"],
        "no_numeric": [],
        "licence": LICENCE,
        "licence_line": LICENCE_LINE,
        "spreadsheet_note": SPREADSHEET_NOTE,
        "datapackage_url": file_url(inquiry, DATAPACKAGE),
        "dictionary_url": file_url(inquiry, DICTIONARY),
    }
