"""Typing in paper ballots: batches, one ballot per printed code, and the
second person's check.

A batch is one pile of papers typed in by one facilitator. Each paper is
typed against its code, so a code is counted once and only once: a code that
has already voted (on paper, online or in a room) is refused, with where and
when it was counted.

The check is a blind second keying ("double data entry"): another
facilitator types every paper of the closed batch again without seeing the
first entry; the two are compared, and each difference is settled by looking
at the paper. Re-typing catches misreads that a "does this look right?"
screen lets through, because a checker shown the first answer tends to agree
with it. The checker's keying is held in their browser session until the
batch is signed off; only the outcome (checked_by, and any corrected ballot)
is stored."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format

from .. import audit, codes, services
from ..models import (
    BallotChannel,
    Inquiry,
    PaperBatch,
    ParticipationCode,
    PriorityBallot,
)
from .ballots import CHOICES_FIELD, BallotError, CastResult, cast_ballot, choices_of


class PaperProblem(Exception):
    """What is wrong, in plain words, and the field it belongs to."""

    def __init__(self, message: str, field: str = CHOICES_FIELD) -> None:
        super().__init__(message)
        self.field = field


def batches(inquiry: Inquiry) -> list[PaperBatch]:
    return list(
        PaperBatch.objects.filter(inquiry=inquiry)
        .annotate(ballot_count=Count("ballots"))
        .select_related("entered_by", "checked_by")
        .order_by("-created_at")
    )


def start_batch(*, inquiry: Inquiry, by: Any, note: str = "") -> PaperBatch:
    return PaperBatch.objects.create(
        inquiry=inquiry, entered_by=by, note=note.strip()[:200]
    )


def finish_batch(*, batch: PaperBatch, by: Any) -> PaperBatch:
    """No more papers go into this batch; it is ready to be checked."""
    if batch.closed_at is None:
        batch.closed_at = timezone.now()
        batch.save(update_fields=["closed_at"])
    return batch


def _where_counted(ballot: PriorityBallot) -> str:
    when = date_format(timezone.localtime(ballot.created_at), "j F")
    if ballot.batch_id is not None:
        return f"in batch {ballot.batch_id} on {when}"
    return f"{ballot.get_channel_display().lower()} on {when}"


def code_for(inquiry: Inquiry, typed: str) -> ParticipationCode:
    try:
        return services.find_code(inquiry=inquiry, typed=typed)
    except services.CodeProblem as problem:
        raise PaperProblem(str(problem), field="code") from problem


@dataclass(frozen=True)
class Entered:
    ballot: PriorityBallot
    again: bool  # the same paper sent twice (a double submit): nothing new saved


def enter_paper_ballot(
    *,
    batch: PaperBatch,
    typed_code: str,
    marks: Mapping[str, str],
    by: Any,
    now: dt.datetime | None = None,
) -> Entered:
    """Count one paper ballot, against the code printed on it."""
    inquiry = batch.inquiry
    if batch.closed_at is not None:
        raise PaperProblem("This batch is finished. Start a new batch.")
    shown = codes.display(codes.normalise(typed_code))
    with transaction.atomic():
        code = code_for(inquiry, typed_code)
        code = ParticipationCode.objects.select_for_update().get(pk=code.pk)
        if code.is_revoked:
            raise PaperProblem(
                f"Code {shown} has been stopped, so this paper cannot be "
                "counted. Put it aside and tell the inquiry's team.",
                field="code",
            )
        earlier = (
            PriorityBallot.objects.filter(
                inquiry=inquiry, participant_id=code.participant_id
            )
            .select_related("batch")
            .first()
            if code.participant_id is not None
            else None
        )
        if earlier is not None:
            if earlier.batch_id == batch.pk and _same_marks(earlier, marks):
                return Entered(earlier, again=True)
            raise PaperProblem(
                f"Code {shown} has already been counted, {_where_counted(earlier)}."
                " This paper was not counted. Put it aside.",
                field="code",
            )
        participant = services.redeem_code(inquiry=inquiry, typed=typed_code)
        try:
            result = cast_ballot(
                inquiry=inquiry,
                participant=participant,
                choices=marks,
                channel=BallotChannel.PAPER,
                entered_by=by,
                batch=batch,
                allow_update=False,
                now=now,
            )
        except BallotError as problem:
            if problem.code == "already_voted":
                raise PaperProblem(
                    f"Code {shown} has already been counted. This paper was "
                    "not counted. Put it aside.",
                    field="code",
                ) from problem
            raise
        audit.record(
            result.ballot,
            "coproduce.paper_ballot_entered",
            user=by,
            data={"batch": batch.pk, "inquiry": inquiry.pk},
        )
    return Entered(result.ballot, again=False)


def _same_marks(ballot: PriorityBallot, marks: Mapping[str, str]) -> bool:
    sent = {
        int(key.removeprefix("change_")): int(value)
        for key, value in marks.items()
        if value not in ("", None) and str(value).isdigit()
    }
    return choices_of(ballot) == sent


# -- the second person's check ------------------------------------------------


def check_problem(batch: PaperBatch, by: Any) -> str:
    """Why this person cannot check this batch now, or "" if they can."""
    if batch.closed_at is None:
        return "This batch is still being typed in. Check it when it is finished."
    if batch.checked_by_id is not None:
        return "This batch has already been checked."
    if batch.entered_by_id == getattr(by, "pk", None):
        return (
            "You typed in this batch, so someone else must check it. "
            "A second person catches what the first one misread."
        )
    return ""


def ballot_in_batch(batch: PaperBatch, typed_code: str) -> PriorityBallot:
    code = code_for(batch.inquiry, typed_code)
    ballot = PriorityBallot.objects.filter(
        batch=batch, participant_id=code.participant_id
    ).first()
    if code.participant_id is None or ballot is None:
        raise PaperProblem(
            f"Code {codes.display(codes.normalise(typed_code))} is not in batch "
            f"{batch.pk}. Check the code, or put the paper with the right batch.",
            field="code",
        )
    return ballot


@dataclass(frozen=True)
class Difference:
    ballot: PriorityBallot
    first: dict[int, int]
    second: dict[int, int] | None  # None: not typed again yet


def compare(
    batch: PaperBatch, rekeyed: Mapping[str, Mapping[str, int]]
) -> list[Difference]:
    """Every ballot of the batch whose second keying is missing or differs."""
    found = []
    for ballot in batch.ballots.prefetch_related("choices").order_by("pk"):
        first = choices_of(ballot)
        again = rekeyed.get(str(ballot.pk))
        second = (
            {int(k): int(v) for k, v in again.items()} if again is not None else None
        )
        if second != first:
            found.append(Difference(ballot, first, second))
    return found


@transaction.atomic
def correct_ballot(
    *, batch: PaperBatch, ballot: PriorityBallot, values: Mapping[int, int], by: Any
) -> CastResult:
    """The checker looked at the paper and their keying was right: the
    ballot takes the checked marks (the batch is reopened for that one save)."""
    closed = batch.closed_at
    batch.closed_at = None
    try:
        return cast_ballot(
            inquiry=batch.inquiry,
            participant=ballot.participant,
            choices={f"change_{k}": str(v) for k, v in values.items()},
            channel=BallotChannel.PAPER,
            entered_by=by,
            batch=batch,
            allow_update=True,
        )
    finally:
        batch.closed_at = closed


def sign_off(*, batch: PaperBatch, by: Any) -> PaperBatch:
    problem = check_problem(batch, by)
    if problem:
        raise PaperProblem(problem)
    batch.checked_by = by
    batch.save(update_fields=["checked_by"])
    return batch
