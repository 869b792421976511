"""Room mode: votes entered in a live session, and the counts its projector
shows for that session's votes only.

`tally` is pure: it takes the method, the changes and each ballot's choices
and returns per-change figures in the method's own terms. The rest reads and
writes through consult's ballot service, and links each ballot to its session
(consult knows only the channel)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from consult import services
from consult.models import BallotChannel, Change, Participant, PriorityChoice
from consult.priorities.ballots import CastResult, cast_ballot, settings_for

from .models import Session, SessionBallot


class RoomProblem(Exception):
    """What is wrong, in plain words, and the field it belongs to."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class ChangeCount:
    number: int
    title: str
    pictogram: str
    answers: int  # ballots that marked this change
    mean: float | None = None  # rate: mean importance, 1 to 5
    approvals: int = 0  # approve: how many chose it
    first_places: int = 0  # rank: how many put it first
    borda: int = 0  # rank: k points for 1st, k-1 for 2nd, ... 0 unranked


@dataclass(frozen=True)
class RoomCounts:
    method: str
    ballots: int
    changes: list[ChangeCount]


def tally(
    method: str,
    changes: Sequence[Change],
    ballots: Iterable[Mapping[int, int]],
    *,
    places: int,
) -> RoomCounts:
    """Per change, in the method's terms: rate -> mean and how many rated;
    approve -> how many chose it; rank -> first places and Borda points."""
    marks: dict[int, list[int]] = {change.pk: [] for change in changes}
    total = 0
    for values in ballots:
        total += 1
        for pk, value in values.items():
            if pk in marks:
                marks[pk].append(value)
    counted = []
    for change in changes:
        given = marks[change.pk]
        common = {
            "number": change.number,
            "title": change.easy_read_title,
            "pictogram": change.pictogram,
            "answers": len(given),
        }
        if method == "approve":
            counted.append(ChangeCount(**common, approvals=len(given)))
        elif method == "rank":
            counted.append(
                ChangeCount(
                    **common,
                    first_places=sum(1 for v in given if v == 1),
                    borda=sum(max(places - v + 1, 0) for v in given),
                )
            )
        else:
            mean = round(sum(given) / len(given), 1) if given else None
            counted.append(ChangeCount(**common, mean=mean))
    return RoomCounts(method=method, ballots=total, changes=counted)


def session_counts(session: Session) -> RoomCounts:
    """The counts for the ballots cast in this session, and no others."""
    inquiry = session.inquiry
    rules = settings_for(inquiry)
    changes = list(inquiry.changes.order_by("number"))
    by_ballot: dict[int, dict[int, int]] = {
        pk: {}
        for pk in SessionBallot.objects.filter(session=session).values_list(
            "ballot_id", flat=True
        )
    }
    rows = PriorityChoice.objects.filter(
        ballot__session_link__session=session
    ).values_list("ballot_id", "change_id", "value")
    for ballot_id, change_id, value in rows:
        by_ballot.setdefault(ballot_id, {})[change_id] = value
    return tally(
        rules.method,
        changes,
        by_ballot.values(),
        places=rules.places_to_rank(len(changes)),
    )


def counts_as_json(counts: RoomCounts, *, shown: bool) -> dict[str, Any]:
    """What the projector's script reads. With counts hidden, only how many
    votes the session has: nothing about any change."""
    data: dict[str, Any] = {
        "counts_on": shown,
        "method": counts.method,
        "ballots": counts.ballots,
    }
    if shown:
        data["changes"] = [
            {
                "number": c.number,
                "answers": c.answers,
                "mean": c.mean,
                "approvals": c.approvals,
                "first_places": c.first_places,
                "borda": c.borda,
            }
            for c in counts.changes
        ]
    return data


def cast_room_ballot(
    *,
    session: Session,
    code: str,
    marks: Mapping[str, str],
    by: Any,
    entry: str = "",
) -> tuple[CastResult | None, int | None]:
    """Save a vote a facilitator enters for someone in the room.

    With a code, it is that person's one ballot (a vote they cast before is
    replaced, never counted twice). Without, 'someone in the room' becomes a
    new participant of their own. `entry` is the form's one-time token, kept
    on the session link with a unique constraint: the same form sent twice (a
    double tap, a resend after a dropped connection, even to another app
    process) saves once. Returns (result, None), or (None, ballot pk) for a
    form that was already saved."""
    entry = entry or None
    earlier = _saved_entry(entry)
    if earlier is not None:
        return None, earlier
    inquiry = session.inquiry
    try:
        with transaction.atomic():
            if code:
                try:
                    participant = services.redeem_code(inquiry=inquiry, typed=code)
                except services.CodeProblem as problem:
                    raise RoomProblem(str(problem), field="code") from problem
            else:
                participant = Participant.objects.create(inquiry=inquiry)
            result = cast_ballot(
                inquiry=inquiry,
                participant=participant,
                choices=marks,
                channel=BallotChannel.ROOM,
                helped_by=by,
                entered_by=by,
            )
            SessionBallot.objects.update_or_create(
                ballot=result.ballot, defaults={"session": session, "entry": entry}
            )
    except IntegrityError:
        # The same form, sent again while the first was being saved: that
        # one won, and everything this one did was rolled back.
        earlier = _saved_entry(entry)
        if earlier is None:
            raise
        return None, earlier
    return result, None


def _saved_entry(entry: str | None) -> int | None:
    if not entry:
        return None
    return (
        SessionBallot.objects.filter(entry=entry)
        .values_list("ballot_id", flat=True)
        .first()
    )
