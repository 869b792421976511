"""The budget results page: the split rules side by side, greedy against the
Method of Equal Shares with the differences marked, and the pledges. Staff
only until the budget's results are published."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from themes.display import mode_for_request

from ..charts import split_chart
from . import results as budget_results
from .views import base_context, budget_or_404, can_see_results


@require_safe
def results(request: HttpRequest, slug: str) -> HttpResponse:
    """Results side by side: the split rules, greedy against the Method of
    Equal Shares, and the pledges. Staff only until published."""
    budget = budget_or_404(slug)
    if not can_see_results(request, budget):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied("The results are not published yet.")
    found, progress = budget_results.cached_results(budget)
    context = base_context(
        budget,
        progress=progress,
        ready=found is not None,
        pledges=budget_results.pledges_by_area(budget),
        split_rules=budget_results.SPLIT_RULES,
        split_rules_easy=budget_results.SPLIT_RULES_EASY,
    )
    if found is not None:
        context.update(budget_results.results_tables(budget, found))
    if found is not None and context["split_enough"]:
        context["split_chart"] = split_chart(
            context["split_rows"],
            pot=budget.pot,
            ballots=context["split_ballots"],
            easy_read=mode_for_request(request).is_easy_read,
        )
    response = render(request, "consult/budget/results.html", context)
    if not budget.results_published:
        add_never_cache_headers(response)
    return response
