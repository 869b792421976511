"""The demo's priority vote: Anyshire rates its five changes.

Rating (1 to 5 for each change) is the demo's method: it is the easiest to
explain in a room, and its results read well by group (the average score
each group gave each change). About 150 people vote across the four
channels: online, helped by a facilitator, on paper (two batches, each
checked by a second person) and in a live session. Most of them shared
"About you" answers, so results by group have groups big enough to show.

Made with bulk_create so seed_demo stays fast; every ballot is still
checked by the same rules as a real vote (check_choices) before it is saved.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from consult import services
from consult.models import (
    AboutYou,
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
from consult.priorities.ballots import check_choices
from consult.roles import Role

from .demo_listen import LOCAL_AREAS

# How many ballots come in by each channel (about 150 in all). People with
# the demo's library and phone circle cards vote online or in the room.
NEW_VOTERS = {
    BallotChannel.ONLINE: 46,
    BallotChannel.ASSISTED: 24,
    BallotChannel.PAPER: 40,  # 2 batches: 24 and 16
    BallotChannel.ROOM: 16,
}
PAPER_BATCHES = [("Paper ballots from the Anytown library box", 24),
                 ("Paper ballots sent back by post", 16)]  # fmt: skip

# A typical score for each change (by number), and how groups lean away
# from it: enough of a pattern that results by group say something.
BASE_SCORE = {1: 3.6, 2: 4.3, 3: 4.0, 4: 3.4, 5: 3.8}
LEANINGS: dict[str, dict[int, float]] = {
    "draw_on_care": {5: 0.8, 3: 0.3},
    "unpaid_carer": {4: 0.9, 1: 0.2},
    "work_in_care": {4: 0.6, 5: -0.3},
    "public": {1: 0.5, 4: -0.4},
}
AGE_LEANINGS: dict[str, dict[int, float]] = {
    "65_74": {2: 0.4},
    "75_plus": {2: 0.6, 3: -0.3},
    "18_24": {3: 0.6, 1: 0.3},
}
TOOK_PART = {
    BallotChannel.ONLINE: ["online", "easy_read_online"],
    BallotChannel.ASSISTED: ["phone_with_help", "in_a_room"],
    BallotChannel.PAPER: ["peer_group", "video_or_drawing"],
    BallotChannel.ROOM: ["in_a_room"],
}
RELATIONSHIPS = ["draw_on_care"] * 5 + ["unpaid_carer"] * 3 + [
    "work_in_care", "work_in_care", "public", "community_org", "commission"
]  # fmt: skip
AGES = ["18_24", "25_34", "35_49", "35_49", "50_64", "50_64", "65_74", "65_74",
        "75_plus", "75_plus", "75_plus", "prefer_not"]  # fmt: skip
ETHNICITIES = ["white_british"] * 7 + [
    "asian_indian", "asian_pakistani", "black_caribbean", "black_african",
    "mixed_white_black_caribbean", "white_irish", "other_arab", "prefer_not",
]  # fmt: skip


def seed_priorities(inquiry: Inquiry, users: dict[Role, Any], on: dt.date) -> str:
    """Open the vote today and cast the demo's ballots. Returns what it made,
    or "" when the demo already has them."""
    if PrioritySettings.objects.filter(inquiry=inquiry).exists():
        return ""
    PrioritySettings.objects.create(inquiry=inquiry, method=VotingMethod.RATE)
    _open_prioritise_today(inquiry, on)
    # Repeatable demo data, not secrets: a seeded generator is what we want.
    rng = random.Random(2021)  # noqa: S311
    facilitator = users[Role.FACILITATOR]
    checker = users[Role.ADMIN]
    changes = list(inquiry.changes.order_by("number"))
    now = timezone.now()

    card_people = list(
        Participant.objects.filter(
            inquiry=inquiry,
            code__batch__label="Library and phone circle cards",
            code__revoked_at__isnull=True,
        ).order_by("pk")
    )
    voters: list[tuple[Participant, str]] = [
        (p, BallotChannel.ONLINE if i % 3 else BallotChannel.ROOM)
        for i, p in enumerate(card_people)
    ]
    new_people = _new_participants(inquiry, facilitator, sum(NEW_VOTERS.values()))
    channels = [ch for ch, n in NEW_VOTERS.items() for _ in range(n)]
    _about_you(new_people, channels, rng, now)
    voters += list(zip(new_people, channels, strict=True))

    batches = [
        PaperBatch.objects.create(
            inquiry=inquiry,
            entered_by=facilitator,
            checked_by=checker,
            note=note,
            created_at=now - dt.timedelta(days=2 - i),
            closed_at=now - dt.timedelta(days=1 - i, hours=-2),
        )
        for i, (note, _) in enumerate(PAPER_BATCHES)
    ]
    batch_for_paper = [b for b, (_, n) in zip(batches, PAPER_BATCHES, strict=True)
                       for _ in range(n)]  # fmt: skip

    profiles = {
        a.participant_id: a
        for a in AboutYou.objects.filter(participant__in=[p for p, _ in voters])
    }
    rules = PrioritySettings(method=VotingMethod.RATE)
    ballots: list[PriorityBallot] = []
    scores: list[dict[int, int]] = []
    paper_seen = 0
    for index, (person, channel) in enumerate(voters):
        batch = None
        if channel == BallotChannel.PAPER:
            batch = batch_for_paper[paper_seen]
            paper_seen += 1
        helped = channel == BallotChannel.ASSISTED
        entered = channel != BallotChannel.ONLINE
        when = now - dt.timedelta(minutes=37 * (len(voters) - index))
        ballots.append(
            PriorityBallot(
                inquiry=inquiry,
                participant=person,
                method=VotingMethod.RATE,
                channel=channel,
                helped_by=facilitator if helped else None,
                entered_by=facilitator if entered else None,
                batch=batch,
                created_at=when,
                updated_at=when,
            )
        )
        raw = _scores(changes, profiles.get(person.pk), rng)
        scores.append(check_choices(rules, changes, raw).values)
    PriorityBallot.objects.bulk_create(ballots)
    PriorityChoice.objects.bulk_create(
        PriorityChoice(ballot=ballot, change_id=pk, value=value)
        for ballot, values in zip(ballots, scores, strict=True)
        for pk, value in values.items()
    )
    return (
        f"priority vote (rate each change) open today with {len(ballots)} ballots: "
        "online, helped, paper (2 batches) and in a room"
    )


def _open_prioritise_today(inquiry: Inquiry, on: dt.date) -> None:
    """The demo shows voting: Prioritise runs from 5 days ago for 4 weeks."""
    phase = inquiry.phase(PhaseKind.PRIORITISE)
    if phase is None:
        phase = inquiry.phases.model(inquiry=inquiry, kind=PhaseKind.PRIORITISE)
    phase.opens_on = on - dt.timedelta(days=5)
    phase.closes_on = on + dt.timedelta(days=23)
    phase.note = "Vote online, on paper, by phone or at a session."
    phase.save()


def _new_participants(
    inquiry: Inquiry, facilitator: Any, count: int
) -> list[Participant]:
    """People who voted with a code printed on their ballot or card: the
    same cards as anyone else's, first used when the vote was cast."""
    batch, _ = services.create_code_batch(
        inquiry=inquiry,
        label="Codes printed on ballots and voting cards",
        size=count,
        created_by=facilitator,
    )
    people = Participant.objects.bulk_create(
        Participant(inquiry=inquiry) for _ in range(count)
    )
    cards = list(batch.codes.order_by("pk"))
    used = timezone.now()
    for card, person in zip(cards, people, strict=True):
        card.participant = person
        card.first_used_at = used
    ParticipationCode.objects.bulk_update(cards, ["participant", "first_used_at"])
    return people


def _about_you(
    people: Sequence[Participant],
    channels: Sequence[str],
    rng: random.Random,
    now: dt.datetime,
) -> None:
    """Most voters (about 4 in 5) shared "About you" answers."""
    rows = []
    for person, channel in zip(people, channels, strict=True):
        if rng.random() < 0.2:
            continue
        relationship = [rng.choice(RELATIONSHIPS)]
        if relationship == ["draw_on_care"] and rng.random() < 0.2:
            relationship.append("unpaid_carer")
        rows.append(
            AboutYou(
                participant=person,
                relationship=relationship,
                age_band=rng.choice(AGES),
                disability=rng.choice(["yes", "yes", "no", "no", "prefer_not"]),
                ethnicity=rng.choice(ETHNICITIES),
                area=rng.choice([*LOCAL_AREAS, *LOCAL_AREAS, "elsewhere"]),
                took_part=[rng.choice(TOOK_PART[channel])],
                helped="yes" if channel == BallotChannel.ASSISTED else "no",
                consented_at=now,
            )
        )
    AboutYou.objects.bulk_create(rows)


def _scores(
    changes: Sequence[Change], profile: AboutYou | None, rng: random.Random
) -> dict[int, int]:
    """One person's ratings: the typical score, their groups' leanings and
    some personal spread. About 1 answer in 20 is "prefer not to say"."""
    lean: dict[int, float] = {}
    if profile is not None:
        for group in profile.relationship:
            for number, shift in LEANINGS.get(group, {}).items():
                lean[number] = lean.get(number, 0.0) + shift
        for number, shift in AGE_LEANINGS.get(profile.age_band, {}).items():
            lean[number] = lean.get(number, 0.0) + shift
    values: dict[int, int] = {}
    for change in changes:
        if rng.random() < 0.05:
            continue
        score = BASE_SCORE.get(change.number, 3.5) + lean.get(change.number, 0.0)
        score += rng.gauss(0, 0.9)
        values[change.pk] = min(5, max(1, round(score)))
    if not values:
        values[changes[0].pk] = 3
    return values
