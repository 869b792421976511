"""The priority results page and its JSON: thin, they ask permissions and
consult/priorities/results.py, then render."""

from __future__ import annotations

import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from consult import permissions
from consult.charts import priority_chart, priority_group_charts
from consult.models import Inquiry
from themes.display import mode_for_request

from .results import as_dict, group_tables, main_table, priority_results


def _visible_inquiry(request: HttpRequest, slug: str) -> Inquiry:
    """The inquiry, if this person may see its priority results. Not found
    otherwise (not "forbidden"), so nobody learns whether results exist."""
    inquiry = get_object_or_404(Inquiry, slug=slug)
    if not permissions.can_see_priority_results(request.user, inquiry):
        raise Http404("No priority results here.")
    return inquiry


@require_safe
def results_page(request: HttpRequest, slug: str) -> HttpResponse:
    """How people prioritised the changes, overall and by group."""
    inquiry = _visible_inquiry(request, slug)
    results = priority_results(inquiry)
    easy_read = mode_for_request(request).is_easy_read
    group_charts = priority_group_charts(results)
    tables = group_tables(results)
    for t in tables:
        t["chart"] = group_charts.get(str(t["id"]).removeprefix("group-"))
    response = render(
        request,
        "consult/priorities/results.html",
        {
            "inquiry": inquiry,
            "results": results,
            "table": main_table(results),
            "group_tables": tables,
            "chart": priority_chart(results, easy_read=easy_read),
            "top": [r for r in results.rows if r.place <= 3],
        },
    )
    if not results.published:
        # The team's live view: never stored by a shared cache.
        response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def results_json(request: HttpRequest, slug: str) -> HttpResponse:
    """The same results as the page, as JSON."""
    inquiry = _visible_inquiry(request, slug)
    results = priority_results(inquiry)
    response = HttpResponse(
        json.dumps(as_dict(results), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    if not results.published:
        response["Cache-Control"] = "private, no-store"
    return response


def results_team_links(user: Any, inquiry: Inquiry) -> list[tuple[str, str]]:
    """The team page's link to the live results."""
    if not permissions.can_facilitate(user, inquiry):
        return []
    return [
        (
            reverse("consult:priority_results", args=[inquiry.slug]),
            "Priority results: how people are voting (only the team sees "
            "them until they are published)",
        )
    ]
