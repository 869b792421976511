"""The public results pages of an inquiry, standard and easy read: who may see
them (the publication gate) and the context their templates read.

Both pages read the one cached results document (consult/results/document.py),
so a page costs the same few queries however many ballots came in."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import mark_safe

from themes.display import EASY_READ, MODES_BY_KEY, STANDARD, mode_for_request

from .. import permissions
from ..charts import priority_chart, priority_group_charts, split_chart
from ..commitments.selectors import summary as commitments_summary
from ..commitments.status import ProgressSummary
from ..models import Commitment
from ..models.inquiries import today
from ..priorities.results import group_tables, main_table
from ..publication import is_published
from ..voices import DimensionView, VoicesReport
from .document import ResultsDocument, known_data_version, results_document
from .easy_read import easy_read_sections
from .pdfs import pdf_links

if TYPE_CHECKING:
    from ..models import Inquiry, InquiryPage

# (anchor, heading) of every section of the standard page, in order.
CONTENTS = (
    ("voices", "Whose voices we heard"),
    ("themes", "What people told us"),
    ("changes", "The changes and their priority"),
    ("money", "How people decided about the money"),
    ("commitments", "Commitments"),
    ("more", "Easy read, downloads and data"),
)


def voices_tables(report: VoicesReport) -> list[dict[str, Any]]:
    """Each 'About you' question as a public table. The numbers are the
    published ones (small numbers already hidden in consult/voices.py)."""
    return [_voices_table(d) for d in report.dimensions]


def _voices_table(dimension: DimensionView) -> dict[str, Any]:
    has_reference = any(row.expected is not None for row in dimension.rows)
    headers = ["Group", "People", "Share of those who answered"]
    if has_reference:
        headers += ["Expected share", "Heard less than expected?"]
    rows = []
    for row in dimension.rows:
        cells = [row.label, row.display, row.share_display]
        if has_reference:
            cells += [row.expected_display or "not set", row.flag_words]
        rows.append(cells)
    if dimension.prefer_not_display is not None:
        rows.append(
            [
                "Prefer not to say",
                dimension.prefer_not_display,
                "",
                *[""] * (2 if has_reference else 0),
            ]
        )
    return {
        "id": f"voices-{dimension.key}",
        "caption": dimension.label,
        "headers": headers,
        "rows": rows,
        "numeric": [1, 2, 3] if has_reference else [1, 2],
        "summary": dimension.summary,
        "multi": dimension.multi,
    }


def standard_context(document: ResultsDocument) -> dict[str, Any]:
    priorities = document.priorities
    tables = group_tables(priorities) if priorities else []
    if priorities:
        # A group question with groups to show gets a chart, which holds
        # its own table; one with none shows why (as the team's page does).
        charts = priority_group_charts(priorities)
        for table in tables:
            table["chart"] = charts.get(str(table["id"]).removeprefix("group-"))
    context: dict[str, Any] = {
        "document": document,
        "contents": CONTENTS,
        "voices_tables": voices_tables(document.voices),
        "priorities": priorities,
        "priority_chart": priority_chart(priorities) if priorities else None,
        "priority_table": main_table(priorities) if priorities else None,
        "priority_group_tables": tables,
    }
    budget = document.budget
    if budget is not None and budget.ready and budget.tables["split_enough"]:
        context["split_chart"] = split_chart(
            budget.tables["split_rows"],
            pot=budget.budget.pot,
            ballots=budget.tables["split_ballots"],
        )
    if budget is not None:
        # The names consult/budget/_results_body.html reads.
        context.update(
            budget=budget.budget,
            ready=budget.ready,
            progress=budget.progress,
            pledges=budget.pledges,
            split_rules=budget.split_rules,
            split_rules_easy=budget.split_rules_easy,
            **budget.tables,
        )
    return context


def easy_read_context(
    document: ResultsDocument, commitments: ProgressSummary | None = None
) -> dict[str, Any]:
    return {
        "document": document,
        "sections": easy_read_sections(document, commitments),
        # The easy-read page is easy read whatever mode the visitor chose.
        "easy_read": True,
        "display_mode": MODES_BY_KEY[EASY_READ],
    }


def commitments_progress(inquiry: Inquiry) -> ProgressSummary:
    """Where the inquiry's commitments stand, counted (one query): the
    snapshot both pages show beside the "You said, we did" tracker."""
    return commitments_summary(Commitment.objects.filter(inquiry=inquiry), today())


BODY_TTL = 24 * 60 * 60


def _body_context(
    page: InquiryPage,
    request: HttpRequest,
    inquiry: Inquiry,
    version: str,
    pdfs: list[Any],
    *,
    easy: bool,
    chosen_easy_read: bool,
    published: bool,
) -> dict[str, Any]:
    document = results_document(inquiry)
    progress = commitments_progress(inquiry)
    context = (
        easy_read_context(document, progress) if easy else standard_context(document)
    )
    standard_url = page.url + "results/"
    context.update(
        page=page,
        inquiry=inquiry,
        is_preview=not published,
        easy_read_url=page.url + "results/easy-read/",
        standard_url=standard_url,
        # Someone who chose easy read gets easy read at results/ too: the way
        # to the full results switches the look back to standard.
        standard_link=(
            reverse("themes:display_mode", args=[STANDARD])
            + "?"
            + urlencode({"next": standard_url})
            if chosen_easy_read
            else standard_url
        ),
        # The open data downloads (InquiryPage's data/ route, consult/opendata)
        # open with the results: no link to them from a preview.
        open_data_url=page.url + "data/" if published else "",
        # The results PDFs (consult/results/pdfs.py): empty until published,
        # listed by consult/templates/consult/results/_downloads.html.
        pdfs=pdfs,
        commitments=progress,
        tracker_url=page.url + "you-said-we-did/",
    )
    return context


def results_response(
    page: InquiryPage, request: HttpRequest, *, always_easy_read: bool = False
) -> HttpResponse:
    """The results page of `page`'s inquiry, standard or easy read. Before
    publication only the team sees it (as a preview, never cached); the
    public gets "not found", so nothing says whether results exist."""
    inquiry = page.inquiry
    published = is_published(inquiry)
    if not published and not permissions.can_preview_results(request.user, inquiry):
        raise Http404("No results here")
    chosen_easy_read = mode_for_request(request).is_easy_read
    easy = always_easy_read or chosen_easy_read
    version = known_data_version(inquiry)
    pdfs = pdf_links(inquiry, version)
    body_template = (
        "consult/results/_easy_read_body.html"
        if easy
        else "consult/results/_standard_body.html"
    )
    # The body is the costly part (charts, tables): kept rendered while the
    # data, the PDFs and the page's address stay the same. Previews never.
    key = (
        "coproduce:results-body:"
        + hashlib.sha256(
            repr((version, page.url, easy, chosen_easy_read, published, pdfs)).encode()
        ).hexdigest()
    )
    body = cache.get(key) if published else None
    if body is None:
        body = render_to_string(
            body_template,
            _body_context(
                page,
                request,
                inquiry,
                version,
                pdfs,
                easy=easy,
                chosen_easy_read=chosen_easy_read,
                published=published,
            ),
            request,
        )
        if published:
            cache.set(key, body, BODY_TTL)
    context: dict[str, Any] = {"inquiry": inquiry, "body": mark_safe(body)}  # noqa: S308
    if easy:  # the whole page, not only the body, is in easy read
        context.update(easy_read=True, display_mode=MODES_BY_KEY[EASY_READ])
    response = page.render(
        request,
        template=(
            "consult/results/easy_read_page.html"
            if easy
            else "consult/results/results_page.html"
        ),
        context_overrides=context,
    )
    if not published:
        add_never_cache_headers(response)
    return response
