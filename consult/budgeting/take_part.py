"""Budget items on an inquiry's Take part page (split the money, choose
models, offer time) and on its team page (assisted entry, results)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from ..models import BallotKind, Budget, BudgetBallot, Inquiry, Participant, PhaseKind
from ..take_part import Action, Done, TakePartItems


def budget_items(
    request: HttpRequest, inquiry: Inquiry, participant: Participant | None
) -> TakePartItems:
    items = TakePartItems()
    budget = Budget.objects.filter(inquiry=inquiry).first()
    if budget is None:
        return items
    open_now = inquiry.is_phase_open(PhaseKind.DECIDE_MONEY)
    slug = inquiry.slug
    if open_now:
        items.actions += [
            Action(
                "Decide how to spend the money: split it across the areas",
                "Share out the money between the areas.",
                "money",
                reverse("consult:budget_split", args=[slug]),
                order=40,
            ),
            Action(
                "Decide how to spend the money: choose support models",
                "Choose ways to support people.",
                "vote",
                reverse("consult:budget_choose", args=[slug]),
                order=41,
            ),
            Action(
                "Offer time, rooms, transport or skills",
                "Offer your time or help.",
                "help",
                reverse("consult:budget_pledge", args=[slug]),
                order=42,
            ),
        ]
    if participant is None:
        return items
    kinds = set(
        BudgetBallot.objects.filter(budget=budget, participant=participant).values_list(
            "kind", flat=True
        )
    )
    change = "See or change it" if open_now else "See where the money goes"
    if BallotKind.SPLIT in kinds:
        items.done.append(
            Done(
                "You split the money across the areas."
                + (" You can change it while voting is open." if open_now else ""),
                "You shared out the money.",
                "money",
                reverse(
                    "consult:budget_split" if open_now else "consult:budget",
                    args=[slug],
                ),
                change,
                order=40,
            )
        )
    if BallotKind.MODELS in kinds:
        items.done.append(
            Done(
                "You chose support models."
                + (
                    " You can change your choice while voting is open."
                    if open_now
                    else ""
                ),
                "You chose ways to support people.",
                "vote",
                reverse(
                    "consult:budget_choose" if open_now else "consult:budget",
                    args=[slug],
                ),
                change,
                order=41,
            )
        )
    return items
