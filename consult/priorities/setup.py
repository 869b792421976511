"""Choosing an inquiry's voting rules. Once anyone has voted, the rules that
shape a ballot stay as they are, so every ballot is counted the same way."""

from __future__ import annotations

from django.db import transaction

from consult.models import Inquiry, PriorityBallot, PrioritySettings, VotingMethod

from .ballots import BallotError


@transaction.atomic
def save_priority_settings(
    *,
    inquiry: Inquiry,
    method: str,
    max_approvals: int = 3,
    rank_top_k: int | None = None,
    room_counts_on: bool = False,
) -> PrioritySettings:
    """Create or change the inquiry's voting rules.

    Raises BallotError("locked") when ballots exist and the change would alter
    how they are read: the method, or N (choose up to N) or k (rank k) for
    the method in use. Turning room counts on or off is always allowed."""
    # A new row starts from the defaults, which is what earlier ballots used.
    rules, _ = PrioritySettings.objects.select_for_update().get_or_create(
        inquiry=inquiry
    )
    voted = PriorityBallot.objects.filter(inquiry=inquiry).count()
    if voted:
        errors: dict[str, str] = {}
        people = "1 person has" if voted == 1 else f"{voted} people have"
        if method != rules.method:
            errors["method"] = (
                f"{people} already voted, so the way people vote cannot change "
                "now. Every vote must be counted the same way."
            )
        elif method == VotingMethod.APPROVE and max_approvals != rules.max_approvals:
            errors["max_approvals"] = (
                f"{people} already voted, so the number of changes people may "
                "choose cannot change now."
            )
        elif method == VotingMethod.RANK and rank_top_k != rules.rank_top_k:
            errors["rank_top_k"] = (
                f"{people} already voted, so the number of places cannot change now."
            )
        if errors:
            raise BallotError("locked", errors)
    rules.method = method
    rules.max_approvals = max_approvals
    rules.rank_top_k = rank_top_k
    rules.room_counts_on = room_counts_on
    rules.full_clean()
    rules.save()
    return rules
