"""Writes for budget ballots and pledges: each checks the rules again (the
phase is open, a split adds up to the pot, a choice stays within it) and
raises a BudgetProblem in plain words that the view shows next to the field."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction

from .. import audit
from ..models import (
    BallotKind,
    Budget,
    BudgetArea,
    BudgetBallot,
    BudgetChannel,
    BudgetModelVote,
    BudgetSplitLine,
    ModelVoteType,
    Participant,
    PhaseKind,
    Pledge,
    SupportModel,
)
from ..money import format_pounds, plain_pounds, share_in_ten

PENNY = Decimal("0.01")


class BudgetProblem(Exception):
    """Something the person can put right. `field` names the form field the
    message belongs next to (None: the whole form)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class BallotClosed(BudgetProblem):
    pass


class SplitDoesNotAddUp(BudgetProblem):
    pass


class OverBudget(BudgetProblem):
    pass


def decision_areas(budget: Budget) -> list[BudgetArea]:
    """The areas open to people's decision, in their order."""
    return [a for a in budget.areas.all() if a.is_decision_area]


def is_open(budget: Budget) -> bool:
    return budget.inquiry.is_phase_open(PhaseKind.DECIDE_MONEY)


def _check_open(budget: Budget) -> None:
    if not is_open(budget):
        raise BallotClosed(
            "Deciding on the money is not open now, so we cannot save this."
        )


def share_words(part: Decimal, whole: Decimal) -> str:
    """A share without percentages (easy read ER6): "about 3 in 10"."""
    tenths = share_in_ten(part, whole)
    if tenths == 0:
        return "less than 1 in 10"
    return f"about {tenths} in 10"


def remaining_words(remaining: Decimal) -> str:
    """ "You have £2 million left to place" or "You have placed £5 too much"."""
    if remaining > 0:
        return f"You have {plain_pounds(remaining)} left to place."
    if remaining < 0:
        return f"You have placed {plain_pounds(-remaining)} too much."
    return "You have placed all the money."


def check_split(budget: Budget, amounts: Mapping[int, Decimal]) -> None:
    """Every decision area has an amount of 0 or more; together they make the pot."""
    for area in decision_areas(budget):
        amount = amounts.get(area.pk)
        if amount is None:
            raise BudgetProblem(
                f"Enter an amount for {area.name}, 0 if none.", field=f"area_{area.pk}"
            )
        if amount < 0:
            raise BudgetProblem(
                f"The amount for {area.name} must be £0 or more.",
                field=f"area_{area.pk}",
            )
    total = sum(amounts.values(), Decimal(0))
    remaining = budget.pot - total
    if remaining != 0:
        raise SplitDoesNotAddUp(
            f"The amounts must add up to {format_pounds(budget.pot)}. "
            + remaining_words(remaining)
        )


def blocks_to_amounts(budget: Budget, blocks: Mapping[int, int]) -> dict[int, Decimal]:
    """Easy-read blocks as pounds: each block is an equal share of the pot.
    Pennies lost to rounding go to the area with the most blocks, so the
    amounts add up to the pot exactly."""
    total_blocks = sum(blocks.values())
    if total_blocks != budget.split_blocks:
        left = budget.split_blocks - total_blocks
        raise SplitDoesNotAddUp(
            f"Place all {budget.split_blocks} blocks. "
            + (
                f"You have {left} left to place."
                if left > 0
                else f"You placed {-left} too many."
            )
        )
    if any(count < 0 for count in blocks.values()):
        raise BudgetProblem("An area cannot have fewer than 0 blocks.")
    amounts = {
        area_id: (budget.pot * count / total_blocks).quantize(PENNY, ROUND_HALF_UP)
        for area_id, count in blocks.items()
    }
    drift = budget.pot - sum(amounts.values(), Decimal(0))
    if drift:
        biggest = max(blocks, key=lambda a: blocks[a])
        amounts[biggest] += drift
    return amounts


def amounts_to_blocks(budget: Budget, amounts: Mapping[int, Decimal]) -> dict[int, int]:
    """A saved split shown as blocks (rounded; largest remainders first)."""
    if budget.pot <= 0:
        return dict.fromkeys(amounts, 0)
    exact = {a: amounts[a] * budget.split_blocks / budget.pot for a in amounts}
    blocks = {a: int(v) for a, v in exact.items()}
    spare = budget.split_blocks - sum(blocks.values())
    for a in sorted(exact, key=lambda a: exact[a] - blocks[a], reverse=True)[:spare]:
        blocks[a] += 1
    return blocks


def _ballot_for(
    budget: Budget,
    participant: Participant,
    kind: str,
    channel: str,
    helped_by: Any,
) -> BudgetBallot:
    """The participant's ballot of this kind, created if new, locked for the
    rest of the transaction. The unique constraint settles a race: the loser
    of two simultaneous first votes gets the winner's ballot."""
    ballot, _ = BudgetBallot.objects.get_or_create(
        budget=budget,
        participant=participant,
        kind=kind,
        defaults={"inquiry_id": budget.inquiry_id, "channel": channel},
    )
    ballot = BudgetBallot.objects.select_for_update().get(pk=ballot.pk)
    ballot.channel = channel
    ballot.helped_by = helped_by
    ballot.save(update_fields=["channel", "helped_by", "updated_at"])
    if getattr(helped_by, "pk", None):
        audit.record(
            ballot,
            "coproduce.budget_ballot_helped",
            user=helped_by,
            data={"budget": budget.pk, "kind": kind, "channel": channel},
        )
    return ballot


def cast_split_ballot(
    *,
    budget: Budget,
    participant: Participant,
    amounts: Mapping[int, Decimal],
    channel: str = BudgetChannel.ONLINE,
    helped_by: Any = None,
) -> BudgetBallot:
    """Save (or change) how this person splits the pot across the areas."""
    _check_open(budget)
    if participant.inquiry_id != budget.inquiry_id:
        raise BudgetProblem("This person is not taking part in this inquiry.")
    check_split(budget, amounts)
    areas = {a.pk for a in decision_areas(budget)}
    with transaction.atomic():
        ballot = _ballot_for(budget, participant, BallotKind.SPLIT, channel, helped_by)
        ballot.split_lines.all().delete()
        BudgetSplitLine.objects.bulk_create(
            BudgetSplitLine(ballot=ballot, area_id=area_id, amount=amounts[area_id])
            for area_id in sorted(areas)
        )
    return ballot


def check_model_choice(budget: Budget, points: Mapping[int, int]) -> None:
    """Approval: at least one model, all within the pot. Points: whole points
    of at least 0, at most the limits."""
    chosen = {m: p for m, p in points.items() if p}
    if not chosen:
        raise BudgetProblem("Choose at least one support model.", field="models")
    models = {m.pk: m for m in budget.support_models.filter(pk__in=chosen)}
    if len(models) != len(chosen):
        raise BudgetProblem("Choose from the support models on this page.")
    if budget.model_vote_type == ModelVoteType.APPROVAL:
        cost = sum((m.cost for m in models.values()), Decimal(0))
        if cost > budget.pot:
            raise OverBudget(
                f"The models you chose cost {format_pounds(cost)}. That is "
                f"{plain_pounds(cost - budget.pot)} more than the "
                f"{plain_pounds(budget.pot)} there is. Take some out.",
                field="models",
            )
        return
    if budget.model_vote_type != ModelVoteType.CUMULATIVE:
        raise BudgetProblem("This budget takes ballots on paper only.")
    for model_id, given in chosen.items():
        if given < 0:
            raise BudgetProblem("Points must be 0 or more.", field=f"model_{model_id}")
        most = budget.max_points_per_model
        if most is not None and given > most:
            raise BudgetProblem(
                f"Give {models[model_id].name} at most {most} points.",
                field=f"model_{model_id}",
            )
    total = sum(chosen.values())
    if total > budget.max_points:
        raise OverBudget(
            f"You gave {total} points. You have {budget.max_points} points to give. "
            f"Take away {total - budget.max_points}.",
            field="models",
        )


def cast_model_ballot(
    *,
    budget: Budget,
    participant: Participant,
    points: Mapping[int, int],
    channel: str = BudgetChannel.ONLINE,
    helped_by: Any = None,
) -> BudgetBallot:
    """Save (or change) which support models this person chooses, or the
    points they give them."""
    _check_open(budget)
    if participant.inquiry_id != budget.inquiry_id:
        raise BudgetProblem("This person is not taking part in this inquiry.")
    check_model_choice(budget, points)
    chosen = {m: p for m, p in points.items() if p}
    approval = budget.model_vote_type == ModelVoteType.APPROVAL
    with transaction.atomic():
        ballot = _ballot_for(budget, participant, BallotKind.MODELS, channel, helped_by)
        ballot.model_votes.all().delete()
        BudgetModelVote.objects.bulk_create(
            BudgetModelVote(
                ballot=ballot,
                support_model_id=model_id,
                points=1 if approval else given,
                position=position,
            )
            for position, (model_id, given) in enumerate(sorted(chosen.items()), 1)
        )
    return ballot


def record_pledge(
    *,
    budget: Budget,
    kind: str,
    description: str,
    participant: Participant | None = None,
    organisation_name: str = "",
    area: BudgetArea | None = None,
    hours_per_week: Decimal | None = None,
    channel: str = BudgetChannel.ONLINE,
) -> Pledge:
    """Time, a room, transport or skills someone offers beside the money."""
    _check_open(budget)
    if participant is None and not organisation_name.strip():
        raise BudgetProblem(
            "Tell us the name of the organisation making the offer.",
            field="organisation_name",
        )
    if area is not None and area.budget_id != budget.pk:
        raise BudgetProblem("Choose an area from the list.", field="area")
    if hours_per_week is not None and not (0 <= hours_per_week <= 168):
        raise BudgetProblem(
            "Hours a week must be between 0 and 168.", field="hours_per_week"
        )
    pledge = Pledge(
        inquiry_id=budget.inquiry_id,
        budget=budget,
        area=area,
        participant=participant,
        organisation_name=organisation_name.strip(),
        kind=kind,
        hours_per_week=hours_per_week,
        description=description.strip(),
        channel=channel,
    )
    pledge.full_clean()
    pledge.save()
    return pledge


def ballot_of(
    budget: Budget, participant: Participant | None, kind: str
) -> BudgetBallot | None:
    if participant is None:
        return None
    return BudgetBallot.objects.filter(
        budget=budget, participant=participant, kind=kind
    ).first()


def support_models_by_area(
    budget: Budget,
) -> list[tuple[BudgetArea, list[SupportModel]]]:
    models = list(budget.support_models.select_related("area"))
    return [
        (area, [m for m in models if m.area_id == area.pk])
        for area in budget.areas.all()
        if any(m.area_id == area.pk for m in models)
    ]
