"""Voting on the changes, on an inquiry's Take part page (vote, or what you
voted) and on its team page (setup, helping someone vote)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from consult import permissions
from consult.models import Inquiry, Participant, PhaseKind, PriorityBallot
from consult.take_part import Action, Done, TakePartItems


def priority_items(
    request: HttpRequest, inquiry: Inquiry, participant: Participant | None
) -> TakePartItems:
    items = TakePartItems()
    is_open = inquiry.is_phase_open(PhaseKind.PRIORITISE)
    href = reverse("consult:priorities", args=[inquiry.slug])
    has_voted = (
        participant is not None
        and PriorityBallot.objects.filter(
            inquiry=inquiry, participant=participant
        ).exists()
    )
    if is_open and not has_voted:
        items.actions.append(
            Action(
                "Vote on the changes",
                "Vote for the changes that matter most to you.",
                "vote",
                href,
                order=30,
            )
        )
    if has_voted:
        items.done.append(
            Done(
                "You voted on the changes."
                + (
                    " You can change your vote while voting is open." if is_open else ""
                ),
                "You voted on the changes.",
                "vote",
                reverse("consult:priorities_voted", args=[inquiry.slug])
                if is_open
                else href,
                "See or change your vote" if is_open else "See how you voted",
                order=30,
            )
        )
    return items


def team_links(user: Any, inquiry: Inquiry) -> list[tuple[str, str]]:
    if not permissions.can_facilitate(user, inquiry):
        return []
    return [
        (
            reverse("consult:priorities_setup", args=[inquiry.slug]),
            "Voting on the changes: choose how people vote",
        ),
        (
            reverse("consult:priorities_assisted", args=[inquiry.slug]),
            "Help someone vote on the changes",
        ),
    ]
