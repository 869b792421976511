"""The editor's publish page: what will go public, and the one button that
publishes (or takes down) an inquiry's results."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from . import permissions, publication
from .models import Inquiry, ResultsPdf
from .results import pdfs


def publish_page(request: HttpRequest, slug: str) -> HttpResponse:
    inquiry = get_object_or_404(Inquiry, slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_edit_site(request.user):
        raise PermissionDenied("Only site editors publish results.")
    error = ""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "publish":
            try:
                publication.publish_results(inquiry, by=request.user)
            except publication.NothingToPublish as problem:
                error = str(problem)
            else:
                messages.success(request, "The results are published.")
                return redirect(request.path)
        elif action == "unpublish":
            publication.unpublish_results(inquiry, by=request.user)
            messages.success(
                request, "The results are taken down. Nothing shows in public now."
            )
            return redirect(request.path)
        elif action == "rebuild_pdfs" and publication.is_published(inquiry):
            for variant in pdfs.VARIANTS:
                pdfs.build_results_pdf.enqueue(inquiry.pk, variant, True)
            messages.success(
                request, "The PDFs are being made again. This takes a minute or two."
            )
            return redirect(request.path)
        else:
            error = "Choose publish or take down."
        inquiry.refresh_from_db()
    response = render(
        request,
        "consult/publish.html",
        {
            "inquiry": inquiry,
            "checklist": publication.checklist(inquiry),
            "published": publication.is_published(inquiry),
            "error": error,
            "pdf_rows": _pdf_rows(inquiry),
        },
        status=400 if error else 200,
    )
    return response


def _pdf_rows(inquiry: Inquiry) -> list[dict[str, Any]]:
    """Each results PDF as the team needs to see it: ready, being made, or
    failed with the reason (the public never sees a failure)."""
    if not publication.is_published(inquiry):
        return []
    rows = {r.variant: r for r in ResultsPdf.objects.filter(inquiry=inquiry)}
    out = []
    for key, variant in pdfs.VARIANTS.items():
        row = rows.get(key)
        current = pdfs.current_pdf(inquiry, key) is not None
        out.append(
            {
                "name": variant.name,
                "row": row,
                "current": current,
                "size": pdfs.file_size(row.size_bytes) if row and current else "",
            }
        )
    return out


def team_links(user: Any, inquiry: Inquiry) -> list[tuple[str, str]]:
    if not permissions.can_edit_site(user):
        return []
    words = (
        "Publish results: they are public now"
        if publication.is_published(inquiry)
        else "Publish results: nothing is public yet"
    )
    return [(reverse("consult:publish", args=[inquiry.slug]), words)]
