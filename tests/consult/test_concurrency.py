"""Many people, and one person many times, at the same moment (PostgreSQL
only): budget ballots, ratings, joining an inquiry and first use of a code.
Exactly one ballot, rating or participant each; totals exact.

Priority ballots: tests/consult/test_priority_concurrency.py."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from consult import services
from consult.budgeting import ballots as budget_ballots
from consult.budgeting.results import split_results, splits_for
from consult.commitments import ratings
from consult.commitments.rating_selectors import board_for
from consult.commitments.rating_services import rate_update
from consult.models import (
    BudgetBallot,
    BudgetModelVote,
    BudgetSplitLine,
    Participant,
    UpdateRating,
)
from tests.concurrency import postgres_only, race
from tests.consult.budgeting.factories import open_budget
from tests.consult.commitments.factories import ProgressUpdateFactory
from tests.factories import InquiryFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), postgres_only]

PEOPLE = 30
POT = Decimal("3000000")


def _split(areas, i: int) -> dict[int, Decimal]:
    """Person i's split: a different one each, always the whole pot."""
    first = Decimal(100000 * (i % 30))
    second = Decimal(50000 * (i % 7))
    return dict(
        zip(
            [a.pk for a in areas],
            [first, second, POT - first - second],
            strict=True,
        )
    )


def test_thirty_people_splitting_at_once_leave_thirty_exact_ballots() -> None:
    ob = open_budget()
    people = Participant.objects.bulk_create(
        Participant(inquiry=ob.inquiry) for _ in range(PEOPLE)
    )
    race(
        lambda person, amounts: budget_ballots.cast_split_ballot(
            budget=ob.budget, participant=person, amounts=amounts
        ),
        [(p, _split(ob.areas, i)) for i, p in enumerate(people)],
    ).ok()

    assert BudgetBallot.objects.filter(budget=ob.budget).count() == PEOPLE
    _, splits = splits_for(ob.budget)
    assert len(splits) == PEOPLE  # every ballot whole: three lines, the pot
    for area in ob.areas:
        expected = sum(_split(ob.areas, i)[area.pk] for i in range(PEOPLE))
        total = sum(
            BudgetSplitLine.objects.filter(area=area).values_list("amount", flat=True)
        )
        assert total == expected
    assert split_results(ob.budget)["ballots"] == PEOPLE


def test_one_person_sending_twenty_splits_at_once_keeps_one_whole_split() -> None:
    ob = open_budget()
    sent = [_split(ob.areas, i) for i in range(20)]
    results = race(
        lambda amounts: budget_ballots.cast_split_ballot(
            budget=ob.budget, participant=ob.participant, amounts=amounts
        ),
        [(amounts,) for amounts in sent],
    ).ok()

    assert len({ballot.pk for ballot in results}) == 1
    ballot = BudgetBallot.objects.get(participant=ob.participant, kind="split")
    kept = dict(ballot.split_lines.values_list("area_id", "amount"))
    assert kept in sent  # one whole split, never lines from two


def test_people_choosing_models_at_once_are_each_counted_once() -> None:
    ob = open_budget()
    people = Participant.objects.bulk_create(
        Participant(inquiry=ob.inquiry) for _ in range(PEOPLE)
    )
    # Everyone at once, and ten of them twice (a double-tap).
    calls = [(p, ob.models[i % 3].pk) for i, p in enumerate(people)]
    calls += [(p, ob.models[i % 3].pk) for i, p in enumerate(people[:10])]
    race(
        lambda person, model_id: budget_ballots.cast_model_ballot(
            budget=ob.budget, participant=person, points={model_id: 1}
        ),
        calls,
    ).ok()

    assert BudgetBallot.objects.filter(budget=ob.budget, kind="models").count() == (
        PEOPLE
    )
    votes = Counter(
        BudgetModelVote.objects.filter(ballot__budget=ob.budget).values_list(
            "support_model_id", flat=True
        )
    )
    assert votes == Counter({ob.models[i].pk: 10 for i in range(3)})


def test_thirty_people_rating_at_once_give_exact_totals() -> None:
    update = ProgressUpdateFactory()
    people = Participant.objects.bulk_create(
        Participant(inquiry=update.commitment.inquiry) for _ in range(PEOPLE)
    )
    values = [ratings.VALUES[i % 3] for i in range(PEOPLE)]
    race(
        lambda person, value: rate_update(
            update=update, participant=person, value=value
        ),
        list(zip(people, values, strict=True)),
    ).ok()

    assert UpdateRating.objects.filter(update=update).count() == PEOPLE
    stored = Counter(
        UpdateRating.objects.filter(update=update).values_list("value", flat=True)
    )
    assert stored == Counter(values)
    board = board_for(commitment_ids=[update.commitment_id])
    assert board.by_commitment[update.commitment_id] == ratings.publish(
        ratings.tally(values)
    )


def test_one_person_rating_twice_at_once_then_changing_keeps_one() -> None:
    update = ProgressUpdateFactory()
    person = Participant.objects.create(inquiry=update.commitment.inquiry)
    results = race(
        lambda value: rate_update(update=update, participant=person, value=value),
        [("yes",), ("no",)],
    ).ok()
    assert sum(r.created for r in results) == 1
    [rating] = UpdateRating.objects.filter(update=update, participant=person)
    assert rating.value in {"yes", "no"}


def test_joining_an_inquiry_twice_at_once_makes_one_participant() -> None:
    inquiry = InquiryFactory()
    user = UserFactory()
    results = race(
        lambda: services.join_inquiry(inquiry=inquiry, user=user), [()] * 10
    ).ok()
    assert len({p.pk for p in results}) == 1
    assert Participant.objects.filter(inquiry=inquiry, user=user).count() == 1


def test_a_code_used_on_two_devices_at_once_makes_one_participant() -> None:
    inquiry = InquiryFactory()
    _, [code] = services.create_code_batch(
        inquiry=inquiry, label="Cards", size=1, created_by=None
    )
    results = race(
        lambda: services.redeem_code(inquiry=inquiry, typed=code), [()] * 10
    ).ok()
    assert len({p.pk for p in results}) == 1
    assert Participant.objects.filter(inquiry=inquiry).count() == 1
