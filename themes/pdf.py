"""PDFs from templates with WeasyPrint: tagged (PDF/UA-1) so screen readers
can read them, with static files (pictograms, fonts) read from disk."""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from weasyprint import DEFAULT_OPTIONS, HTML, Document
from weasyprint.urls import URLFetcher, URLFetcherResponse

MIME_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".css": "text/css"}


class StaticOnlyFetcher(URLFetcher):
    """Serves data: URLs and the project's own static files; a PDF never
    fetches anything from the network or from elsewhere on disk."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"data", "file"}, fail_on_errors=True)

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = urlsplit(url).path
        if path.startswith(settings.STATIC_URL):
            found = static_file(path.removeprefix(settings.STATIC_URL))
            if found:
                suffix = found[found.rfind(".") :]
                with open(found, "rb") as handle:
                    body = handle.read()
                return URLFetcherResponse(
                    url,
                    body,
                    {
                        "Content-Type": MIME_TYPES.get(
                            suffix, "application/octet-stream"
                        )
                    },
                )
        raise ValueError(f"PDFs load only the project's static files, not {url}")


def static_file(name: str) -> str | None:
    """The file on disk behind a static name: from the app directories (dev,
    tests) or, in production, the collected copy under its hashed name
    (ManifestStaticFilesStorage writes names like site.3ec01c10bfcb.css)."""
    found = finders.find(name)
    if found:
        return str(found)
    try:
        collected = staticfiles_storage.path(name)
    except NotImplementedError:  # a storage without local files
        return None
    return collected if os.path.isfile(collected) else None


PDF_OPTIONS = {**DEFAULT_OPTIONS, "pdf_variant": "pdf/ua-1"}


def render_document(template: str, context: dict[str, Any], *, title: str) -> Document:
    """Lay a template out in pages, before writing it: tests count the pages
    and read the text of each from here."""
    html = render_to_string(template, {**context, "pdf_title": title})
    source = HTML(string=html, base_url="file:///", url_fetcher=StaticOnlyFetcher())
    return source.render(**PDF_OPTIONS)


def write_pdf(document: Document) -> bytes:
    """A laid-out document as a tagged PDF (PDF/UA-1)."""
    return document.write_pdf(**PDF_OPTIONS)


def render_pdf(template: str, context: dict[str, Any], *, title: str) -> bytes:
    """Render a template to a tagged PDF (PDF/UA-1)."""
    return write_pdf(render_document(template, context, title=title))
