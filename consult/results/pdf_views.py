"""Public downloads of the results PDFs: served only while the results are
published and the file was built from the data as it is now."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from ..models import Inquiry, PdfVariant
from .pdfs import VARIANTS, current_pdf


def _serve(request: HttpRequest, slug: str, variant: str) -> FileResponse:
    inquiry = get_object_or_404(Inquiry, slug=slug)
    row = current_pdf(inquiry, variant)
    if row is None:
        raise Http404("These results are not published, or their PDF is not ready.")
    try:
        handle = default_storage.open(row.file.name, "rb")
    except FileNotFoundError:
        raise Http404("The PDF file is missing.") from None
    response = FileResponse(
        handle,
        content_type="application/pdf",
        filename=f"{inquiry.slug}-{VARIANTS[variant].file_stem}.pdf",
    )
    # Taking the results down must take the file down at once: no shared
    # caches, and browsers check again each time.
    response["Cache-Control"] = "no-cache"
    response["X-Robots-Tag"] = "noarchive"
    return response


@require_safe
def results_pdf(request: HttpRequest, slug: str) -> FileResponse:
    return _serve(request, slug, PdfVariant.STANDARD)


@require_safe
def results_pdf_easy_read(request: HttpRequest, slug: str) -> FileResponse:
    return _serve(request, slug, PdfVariant.EASY_READ)
