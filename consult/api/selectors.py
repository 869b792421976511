"""What the API reads: public inquiries (those with a live, public page),
filtered; and an inquiry's published results as plain data.

Results come from the same functions as the results pages
(consult/priorities/results.py, consult/budgeting/results.py), so the API can
never show more than they do. Callers ask `is_published` first."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from ..budgeting import results as budget_results
from ..models import Budget, Inquiry, InquiryPage
from ..models.inquiries import today
from ..priorities.results import as_dict, priority_results


def public_inquiries() -> QuerySet[Inquiry]:
    """Inquiries whose public page is live and open to everyone, newest first,
    with their page and phases."""
    return (
        Inquiry.objects.filter(page__in=InquiryPage.objects.live().public())
        .select_related("page")
        .prefetch_related("phases")
        .order_by("-created_at", "-pk")
    )


def filter_inquiries(
    inquiries: QuerySet[Inquiry],
    *,
    phase_open: str | None = None,
    published: bool | None = None,
    on: dt.date | None = None,
) -> QuerySet[Inquiry]:
    """Only inquiries with that phase open on the day (today by default),
    and/or whose results are (or are not) published."""
    if phase_open is not None:
        on = on or today()
        inquiries = inquiries.filter(
            Q(phases__closes_on__isnull=True) | Q(phases__closes_on__gte=on),
            phases__kind=phase_open,
            phases__opens_on__lte=on,
        )
    if published is not None:
        inquiries = inquiries.filter(results_published_at__isnull=not published)
    return inquiries


def _budget_results(budget: Budget) -> dict[str, Any]:
    areas = {str(a.pk): a for a in budget.areas.all()}
    split = budget_results.split_results(budget)
    found, progress = budget_results.cached_results(budget)
    models: dict[str, Any] = {"ready": found is not None, "progress": progress}
    if found is not None:
        tables = budget_results.results_tables(budget, found)
        models.update(voters=tables["model_voters"], enough=tables["models_enough"])
    if found is not None and tables["models_enough"]:
        models.update(
            greedy={"spent": tables["greedy"]["spent"]},
            equal_shares={"spent": tables["mes"]["spent"]},
            differences=tables["differences"],
            models=[
                {
                    "id": row["id"],
                    "name": row["name"],
                    "cost": row["cost"],
                    "votes": row["votes"],
                    "funded_by_greedy": row["greedy"],
                    "funded_by_equal_shares": row["mes"],
                    "differs": row["differs"],
                    "greedy_why": row["greedy_why"],
                    "greedy_why_easy_read": row["greedy_why_easy"],
                    "equal_shares_why": row["mes_why"],
                    "equal_shares_why_easy_read": row["mes_why_easy"],
                }
                for row in tables["model_rows"]
            ],
        )
    return {
        "organisation": budget.organisation_name,
        "year": budget.year_label,
        "pot": budget.pot,
        "illustrative": budget.is_illustrative,
        "split": {
            "ballots": split["ballots"],
            "enough": split["enough"],
            "rules": [
                {
                    "key": key,
                    "description": words,
                    "easy_read": budget_results.SPLIT_RULES_EASY[key],
                }
                for key, words in budget_results.SPLIT_RULES.items()
            ],
            "areas": [
                {
                    "number": areas[area_id].number,
                    "name": areas[area_id].name,
                    "easy_read_name": areas[area_id].easy_read_name,
                    **row,
                }
                for area_id, row in split["rows"].items()
                if area_id in areas
            ],
        },
        "models": models,
        "pledges": [
            {
                "area": row["area"].name if row["area"] else None,
                "pledges": len(row["pledges"]),
                "hours_per_week": row["hours"],
                "kinds": row["kinds"],
            }
            for row in budget_results.pledges_by_area(budget)
        ],
    }


def published_results(inquiry: Inquiry) -> dict[str, Any]:
    """The inquiry's results as the API shows them. Only for a published
    inquiry: the caller checks consult.publication.is_published."""
    has_changes = inquiry.changes.exists()
    budget = Budget.objects.filter(inquiry=inquiry).first()
    return {
        "inquiry": inquiry.slug,
        "published_at": inquiry.results_published_at,
        "priorities": as_dict(priority_results(inquiry)) if has_changes else None,
        "budget": _budget_results(budget) if budget is not None else None,
    }
