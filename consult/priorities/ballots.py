"""Casting priority ballots: checking what a person chose, and saving it once.

`check_choices` is pure (no ORM): it turns what a form, a paper tally or a
room console sent into clean values, or says in plain words what is wrong.
`cast_ballot` is the one way a ballot is written, whatever the channel.

What each method asks of a ballot (decided here, shown in the ballot pages):
- rate: each change gets 1 to 5 (1 = not important to me, 5 = very
  important to me). A person may leave a change unrated ("prefer not to
  say"); a skipped change is no answer, not a low score. At least 1 change
  must be rated, or there is no vote to count.
- approve: choose at least 1 and at most N changes.
- rank: give places 1st, 2nd, ... up to k (k = the setting, or all changes).
  A person may fill fewer than k places, but the places filled start at 1st
  with no gaps, and no place is given twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from consult.models import (
    BallotChannel,
    Change,
    Inquiry,
    PaperBatch,
    Participant,
    ParticipationCode,
    PhaseKind,
    PriorityBallot,
    PriorityChoice,
    PrioritySettings,
    VotingMethod,
)
from consult.models.priorities import RATE_MAX, RATE_MIN

# The whole ballot, when an error is not about one change.
CHOICES_FIELD = "choices"

# What a form sends for "prefer not to say", "not chosen" or "not ranked".
_EMPTY = {"", "none", "skip", "not_ranked", "0", "off", "false", "no"}
_YES = {"1", "on", "true", "yes", "chosen"}

RATE_WORDS: dict[int, str] = {
    1: "Not important to me",
    2: "A little important to me",
    3: "Quite important to me",
    4: "Important to me",
    5: "Very important to me",
}


class BallotError(Exception):
    """A ballot that cannot be cast. `errors` maps a field (`change_<pk>` or
    "choices") to a plain-English message for the person; `code` says why,
    for code: "invalid", "closed", "no_changes", "not_participant",
    "revoked", "already_voted", "batch", "channel"."""

    def __init__(self, code: str, errors: Mapping[str, str]) -> None:
        self.code = code
        self.errors = dict(errors)
        super().__init__(next(iter(self.errors.values()), code))


@dataclass(frozen=True)
class CleanChoices:
    """A checked ballot: change pk -> value, in the meaning the method gives
    it (see consult/models/priorities.py). Only answered changes appear."""

    method: str
    values: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class CastResult:
    ballot: PriorityBallot
    created: bool
    # False when the same choices were sent again (a double submit).
    changed: bool = True


def field_name(change: Change | int) -> str:
    """The form field (and error key) for one change."""
    pk = change if isinstance(change, int) else change.pk
    return f"change_{pk}"


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, ... 11th, 12th, 13th, 21st."""
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def settings_for(inquiry: Inquiry) -> PrioritySettings:
    """The inquiry's voting rules, or the defaults (rate each change) if its
    facilitators have not set them. The defaults are not saved."""
    try:
        return inquiry.priority_settings
    except PrioritySettings.DoesNotExist:
        return PrioritySettings(inquiry=inquiry)


def _text(value: str | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else ""
    return str(value).strip().lower()


def _as_int(text: str) -> int | None:
    return int(text) if text.isdigit() and len(text) <= 4 else None


def _change_pk(key: str | int) -> int | None:
    if isinstance(key, bool):
        return None
    if isinstance(key, int):
        return key
    text = str(key).strip()
    if text.startswith("change_"):
        text = text[len("change_") :]
    return _as_int(text)


def check_choices(
    settings: PrioritySettings,
    changes: Sequence[Change],
    raw: Mapping[str | int, str | int | None],
) -> CleanChoices:
    """Check what the person chose against the inquiry's rules.

    `raw` maps a change (its pk, or "change_<pk>") to what was sent for it:
    a number, or empty for no answer. Changes missing from `raw` count as no
    answer. Returns CleanChoices, or raises BallotError("invalid") with a
    message per field."""
    if not changes:
        raise BallotError(
            "no_changes", {CHOICES_FIELD: "There are no changes to vote on yet."}
        )
    by_pk = {c.pk: c for c in changes}
    sent: dict[int, str] = {}
    for key, value in raw.items():
        pk = _change_pk(key)
        if pk not in by_pk:
            raise BallotError(
                "invalid",
                {
                    CHOICES_FIELD: "Your vote had a change that is not in this "
                    "inquiry. Start again from the list of changes."
                },
            )
        sent[pk] = _text(value)
    method = settings.method
    if method == VotingMethod.RATE:
        return _check_rate(changes, sent)
    if method == VotingMethod.APPROVE:
        return _check_approve(settings, changes, sent)
    return _check_rank(settings, changes, sent)


def _check_rate(changes: Sequence[Change], sent: dict[int, str]) -> CleanChoices:
    errors: dict[str, str] = {}
    values: dict[int, int] = {}
    for change in changes:
        text = sent.get(change.pk, "")
        if text in _EMPTY:
            continue
        number = _as_int(text)
        if number is None or not RATE_MIN <= number <= RATE_MAX:
            errors[field_name(change)] = (
                f"Choose how important “{change.title}” is to you, from "
                f"{RATE_MIN} to {RATE_MAX}, or choose “Prefer not to say”."
            )
        else:
            values[change.pk] = number
    if errors:
        raise BallotError("invalid", errors)
    if not values:
        raise BallotError(
            "invalid",
            {
                CHOICES_FIELD: "Say how important at least 1 change is to you. "
                "You can choose “Prefer not to say” for the others."
            },
        )
    return CleanChoices(VotingMethod.RATE, values)


def _check_approve(
    settings: PrioritySettings, changes: Sequence[Change], sent: dict[int, str]
) -> CleanChoices:
    most = settings.approvals_allowed(len(changes))
    values: dict[int, int] = {}
    for change in changes:
        text = sent.get(change.pk, "")
        if text in _EMPTY:
            continue
        if text not in _YES:
            raise BallotError(
                "invalid",
                {field_name(change): f"Choose “{change.title}” or leave it empty."},
            )
        values[change.pk] = 1
    if not values:
        raise BallotError(
            "invalid",
            {CHOICES_FIELD: f"Choose at least 1 change. You can choose up to {most}."},
        )
    if len(values) > most:
        things = "change" if most == 1 else "changes"
        raise BallotError(
            "invalid",
            {
                CHOICES_FIELD: f"You chose {len(values)} changes. "
                f"Choose up to {most} {things}."
            },
        )
    return CleanChoices(VotingMethod.APPROVE, values)


def _check_rank(
    settings: PrioritySettings, changes: Sequence[Change], sent: dict[int, str]
) -> CleanChoices:
    places = settings.places_to_rank(len(changes))
    errors: dict[str, str] = {}
    values: dict[int, int] = {}
    for change in changes:
        text = sent.get(change.pk, "")
        if text in _EMPTY:
            continue
        number = _as_int(text)
        if number is None or not 1 <= number <= places:
            errors[field_name(change)] = (
                f"Choose a place for “{change.title}” from 1st to "
                f"{ordinal(places)}, or “Not ranked”."
            )
        else:
            values[change.pk] = number
    if errors:
        raise BallotError("invalid", errors)
    if not values:
        raise BallotError(
            "invalid",
            {CHOICES_FIELD: "Put at least 1 change in order. Give it 1st place."},
        )
    holders: dict[int, list[Change]] = {}
    for change in changes:
        if change.pk in values:
            holders.setdefault(values[change.pk], []).append(change)
    for place, sharing in sorted(holders.items()):
        if len(sharing) > 1:
            for change in sharing:
                errors[field_name(change)] = (
                    f"You gave {len(sharing)} changes {ordinal(place)} place. "
                    "Give each place to only 1 change."
                )
    if errors:
        raise BallotError("invalid", errors)
    missing = [p for p in range(1, max(holders) + 1) if p not in holders]
    if missing:
        names = " and ".join(ordinal(p) for p in missing)
        places_word = "place" if len(missing) == 1 else "places"
        raise BallotError(
            "invalid",
            {
                CHOICES_FIELD: f"You left out {names} {places_word}. Fill the "
                "places in order from 1st, with no gaps."
            },
        )
    return CleanChoices(VotingMethod.RANK, values)


def ballot_for(
    inquiry: Inquiry, participant: Participant | None
) -> PriorityBallot | None:
    """The person's ballot in this inquiry, with its choices, if they voted."""
    if participant is None:
        return None
    return (
        PriorityBallot.objects.filter(inquiry=inquiry, participant=participant)
        .prefetch_related("choices__change")
        .first()
    )


def choices_of(ballot: PriorityBallot | None) -> dict[int, int]:
    """A saved ballot as change pk -> value (to pre-fill a form)."""
    if ballot is None:
        return {}
    return {choice.change_id: choice.value for choice in ballot.choices.all()}


def _is_revoked(participant: Participant) -> bool:
    return ParticipationCode.objects.filter(
        participant=participant, revoked_at__isnull=False
    ).exists()


def _check_who(
    *,
    inquiry: Inquiry,
    participant: Participant,
    channel: str,
    helped_by: Any,
    batch: PaperBatch | None,
    on: dt.date,
) -> None:
    if channel not in BallotChannel.values:
        raise BallotError("channel", {CHOICES_FIELD: "Say how this vote was cast."})
    if channel == BallotChannel.ASSISTED and helped_by is None:
        raise BallotError(
            "channel", {CHOICES_FIELD: "Say who helped the person to vote."}
        )
    if not inquiry.is_phase_open(PhaseKind.PRIORITISE, on=on):
        raise BallotError(
            "closed", {CHOICES_FIELD: "Voting on the changes is not open now."}
        )
    if participant.inquiry_id != inquiry.pk:
        raise BallotError(
            "not_participant",
            {CHOICES_FIELD: "This person is not taking part in this inquiry."},
        )
    if _is_revoked(participant):
        raise BallotError(
            "revoked",
            {
                CHOICES_FIELD: "This participation code has been stopped. Ask "
                "the person who gave it to you for a new one."
            },
        )
    if batch is not None:
        if channel != BallotChannel.PAPER or batch.inquiry_id != inquiry.pk:
            raise BallotError(
                "batch", {CHOICES_FIELD: "Paper ballots go in a paper batch."}
            )
        if batch.closed_at is not None:
            raise BallotError(
                "batch",
                {CHOICES_FIELD: "This batch of paper ballots is closed."},
            )


def cast_ballot(
    *,
    inquiry: Inquiry,
    participant: Participant,
    choices: Mapping[str | int, str | int | None] | CleanChoices,
    channel: str,
    helped_by: Any = None,
    entered_by: Any = None,
    batch: PaperBatch | None = None,
    allow_update: bool = True,
    now: dt.datetime | None = None,
) -> CastResult:
    """Save the person's vote: their one ballot in this inquiry, made or
    replaced. Safe when the same person votes twice at once (two tabs, a
    double click, two facilitators): one ballot remains, with the last
    choices. With allow_update=False an existing ballot is an error (a paper
    code used twice)."""
    now = now or timezone.now()
    _check_who(
        inquiry=inquiry,
        participant=participant,
        channel=channel,
        helped_by=helped_by,
        batch=batch,
        on=timezone.localdate(now),
    )
    rules = settings_for(inquiry)
    changes = list(inquiry.changes.order_by("number"))
    raw = choices.values if isinstance(choices, CleanChoices) else choices
    clean = check_choices(rules, changes, raw)

    with transaction.atomic():
        # Lock the person: their casts queue up here, one after another.
        Participant.objects.select_for_update().filter(pk=participant.pk).first()
        ballot = (
            PriorityBallot.objects.select_for_update()
            .filter(inquiry=inquiry, participant=participant)
            .first()
        )
        created = False
        if ballot is None:
            try:
                with transaction.atomic():
                    ballot = PriorityBallot.objects.create(
                        inquiry=inquiry,
                        participant=participant,
                        method=clean.method,
                        channel=channel,
                        helped_by=helped_by,
                        entered_by=entered_by,
                        batch=batch,
                        created_at=now,
                        updated_at=now,
                    )
                created = True
            except IntegrityError:
                # Someone else made it between our look and our insert.
                ballot = PriorityBallot.objects.select_for_update().get(
                    inquiry=inquiry, participant=participant
                )
        if not created:
            if not allow_update:
                raise BallotError(
                    "already_voted",
                    {
                        CHOICES_FIELD: "This person has already voted. Their "
                        "vote was not changed."
                    },
                )
            if (
                ballot.method == clean.method
                and ballot.channel == channel
                and choices_of(ballot) == clean.values
            ):
                return CastResult(ballot, created=False, changed=False)
            ballot.method = clean.method
            ballot.channel = channel
            ballot.helped_by = helped_by
            ballot.entered_by = entered_by
            ballot.batch = batch
            ballot.updated_at = now
            ballot.save()
            ballot.choices.all().delete()
        PriorityChoice.objects.bulk_create(
            PriorityChoice(ballot=ballot, change_id=pk, value=value)
            for pk, value in clean.values.items()
        )
    return CastResult(ballot, created=created)
