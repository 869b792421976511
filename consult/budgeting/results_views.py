"""The budget results page: the split rules side by side, greedy against the
Method of Equal Shares with the differences marked, and the pledges. Staff
only until the budget's results are published."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from themes.display import mode_for_request

from ..charts import split_chart
from ..models import Budget
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
        context.update(_results_tables(budget, found))
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


def _results_tables(budget: Budget, found: dict[str, Any]) -> dict[str, Any]:
    areas = {str(a.pk): a for a in budget.areas.all()}
    split_rows = [
        {
            "area": areas[area_id],
            "mean": Decimal(row["mean"]) if "mean" in row else None,
            "median": Decimal(row["median"]) if "median" in row else None,
            "markets": Decimal(row["markets"]) if "markets" in row else None,
        }
        for area_id, row in found["split"]["rows"].items()
        if area_id in areas
    ]
    greedy = found["models"]["greedy"]
    mes = found["models"]["mes"]
    mes_by_id = {p["id"]: p for p in mes["projects"]}
    order = {pid: n for n, pid in enumerate(mes["selected"] + greedy["selected"])}
    model_rows = []
    for g in greedy["projects"]:
        m = mes_by_id[g["id"]]
        model_rows.append(
            {
                "id": g["id"],
                "name": g["name"],
                "cost": g["cost"],
                "votes": g["votes"],
                "score": g["score"],
                "greedy": g["selected"],
                "mes": m["selected"],
                "differs": g["selected"] != m["selected"],
                "greedy_why": g["why"],
                "greedy_why_easy": g["why_easy_read"],
                "mes_why": m["why"],
                "mes_why_easy": m["why_easy_read"],
            }
        )
    model_rows.sort(key=lambda r: (r["id"] not in order, order.get(r["id"], 0)))
    return {
        "split_rows": split_rows,
        "split_ballots": found["split"]["ballots"],
        "greedy": greedy,
        "mes": mes,
        "model_rows": model_rows,
        "differences": sum(1 for r in model_rows if r["differs"]),
        "model_voters": found["model_voters"],
    }
