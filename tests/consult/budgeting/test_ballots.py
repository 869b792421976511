"""Budget ballot services: the rules they re-check and the constraints behind them."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from consult.budgeting import ballots
from consult.models import BudgetBallot, BudgetChannel, Pledge
from tests.consult.budgeting.factories import open_budget
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def _amounts(ob, *values):
    return {a.pk: Decimal(v) for a, v in zip(ob.areas, values, strict=True)}


def test_a_split_that_adds_up_is_saved_over_the_decision_areas_only():
    ob = open_budget()
    ballot = ballots.cast_split_ballot(
        budget=ob.budget,
        participant=ob.participant,
        amounts=_amounts(ob, "1000000", "1500000", "500000"),
    )
    lines = {line.area_id: line.amount for line in ballot.split_lines.all()}
    assert lines == _amounts(ob, "1000000", "1500000", "500000")
    assert ballot.channel == BudgetChannel.ONLINE


def test_a_split_that_does_not_add_up_says_how_much_is_left():
    ob = open_budget()
    with pytest.raises(ballots.SplitDoesNotAddUp) as problem:
        ballots.cast_split_ballot(
            budget=ob.budget,
            participant=ob.participant,
            amounts=_amounts(ob, "1000000", "0", "0"),
        )
    assert "You have £2 million left to place." in str(problem.value)
    assert not BudgetBallot.objects.exists()


def test_a_negative_amount_is_refused_next_to_its_area():
    ob = open_budget()
    with pytest.raises(ballots.BudgetProblem) as problem:
        ballots.cast_split_ballot(
            budget=ob.budget,
            participant=ob.participant,
            amounts=_amounts(ob, "4000000", "-1000000", "0"),
        )
    assert problem.value.field == f"area_{ob.areas[1].pk}"


def test_changing_a_split_keeps_one_ballot():
    ob = open_budget()
    for values in (("3000000", "0", "0"), ("0", "0", "3000000")):
        ballots.cast_split_ballot(
            budget=ob.budget, participant=ob.participant, amounts=_amounts(ob, *values)
        )
    ballot = BudgetBallot.objects.get()
    assert sorted(line.amount for line in ballot.split_lines.all()) == [
        Decimal(0),
        Decimal(0),
        Decimal(3000000),
    ]


def test_nothing_is_saved_when_deciding_money_is_closed():
    ob = open_budget(is_open=False)
    with pytest.raises(ballots.BallotClosed):
        ballots.cast_split_ballot(
            budget=ob.budget,
            participant=ob.participant,
            amounts=_amounts(ob, "3000000", "0", "0"),
        )
    assert not BudgetBallot.objects.exists()


def test_blocks_become_pounds_that_add_up_to_the_pot_exactly():
    ob = open_budget(pot="1000")
    ob.budget.split_blocks = 3
    blocks = {ob.areas[0].pk: 1, ob.areas[1].pk: 1, ob.areas[2].pk: 1}
    amounts = ballots.blocks_to_amounts(ob.budget, blocks)
    assert sum(amounts.values()) == Decimal(1000)
    assert sorted(amounts.values()) == [
        Decimal("333.33"),
        Decimal("333.33"),
        Decimal("333.34"),
    ]


def test_too_few_blocks_are_refused_with_how_many_are_left():
    ob = open_budget()
    with pytest.raises(ballots.SplitDoesNotAddUp, match="You have 7 left to place"):
        ballots.blocks_to_amounts(ob.budget, {ob.areas[0].pk: 3})


def test_an_approval_set_over_the_pot_is_refused():
    ob = open_budget()
    chosen = {m.pk: 1 for m in ob.models[:4]}  # £5m from a £3m pot
    with pytest.raises(ballots.OverBudget, match="more than the"):
        ballots.cast_model_ballot(
            budget=ob.budget, participant=ob.participant, points=chosen
        )
    assert not BudgetBallot.objects.exists()


def test_an_approval_set_within_the_pot_is_saved_with_one_point_each():
    ob = open_budget()
    ballot = ballots.cast_model_ballot(
        budget=ob.budget,
        participant=ob.participant,
        points={ob.models[0].pk: 1, ob.models[1].pk: 1},
    )
    assert [v.points for v in ballot.model_votes.all()] == [1, 1]


def test_points_ballots_keep_points_within_both_limits():
    ob = open_budget(vote_type="cumulative")
    ob.budget.max_points = 5
    ob.budget.max_points_per_model = 3
    ob.budget.save()
    with pytest.raises(ballots.BudgetProblem, match="at most 3 points"):
        ballots.check_model_choice(ob.budget, {ob.models[0].pk: 4})
    with pytest.raises(ballots.OverBudget, match="You gave 6 points"):
        ballots.check_model_choice(ob.budget, {ob.models[0].pk: 3, ob.models[1].pk: 3})
    ballot = ballots.cast_model_ballot(
        budget=ob.budget,
        participant=ob.participant,
        points={ob.models[0].pk: 3, ob.models[1].pk: 2},
    )
    assert sorted(v.points for v in ballot.model_votes.all()) == [2, 3]


def test_a_model_from_another_budget_is_refused():
    ob, other = open_budget(), open_budget()
    with pytest.raises(ballots.BudgetProblem, match="Choose from the support models"):
        ballots.check_model_choice(ob.budget, {other.models[0].pk: 1})


def test_the_database_allows_one_ballot_of_each_kind_per_participant():
    ob = open_budget()
    BudgetBallot.objects.create(
        inquiry=ob.inquiry, budget=ob.budget, participant=ob.participant, kind="split"
    )
    BudgetBallot.objects.create(
        inquiry=ob.inquiry, budget=ob.budget, participant=ob.participant, kind="models"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetBallot.objects.create(
            inquiry=ob.inquiry,
            budget=ob.budget,
            participant=ob.participant,
            kind="split",
        )


def test_anonymous_imported_ballots_need_a_voter_key_unique_per_budget():
    ob = open_budget()
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetBallot.objects.create(inquiry=ob.inquiry, budget=ob.budget, kind="models")
    BudgetBallot.objects.create(
        inquiry=ob.inquiry, budget=ob.budget, kind="models", voter_key="7"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetBallot.objects.create(
            inquiry=ob.inquiry, budget=ob.budget, kind="models", voter_key="7"
        )


def test_negative_amounts_and_zero_points_are_refused_by_the_database():
    ob = open_budget()
    ballot = BudgetBallot.objects.create(
        inquiry=ob.inquiry, budget=ob.budget, participant=ob.participant, kind="split"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ballot.split_lines.create(area=ob.areas[0], amount=Decimal(-1))
    with pytest.raises(IntegrityError), transaction.atomic():
        ballot.model_votes.create(support_model=ob.models[0], points=0)


def test_assisted_ballots_record_who_helped(django_user_model):
    ob = open_budget()
    helper = django_user_model.objects.create(username="helper", email="h@example.org")
    ballot = ballots.cast_split_ballot(
        budget=ob.budget,
        participant=ob.participant,
        amounts=_amounts(ob, "1000000", "1000000", "1000000"),
        channel=BudgetChannel.ASSISTED,
        helped_by=helper,
    )
    assert (ballot.channel, ballot.helped_by) == (BudgetChannel.ASSISTED, helper)


def test_a_participant_of_another_inquiry_cannot_vote_here():
    ob = open_budget()
    stranger = ParticipantFactory()
    with pytest.raises(ballots.BudgetProblem):
        ballots.cast_split_ballot(
            budget=ob.budget,
            participant=stranger,
            amounts=_amounts(ob, "3000000", "0", "0"),
        )


def test_a_pledge_needs_someone_and_sane_hours():
    ob = open_budget()
    with pytest.raises(ballots.BudgetProblem) as problem:
        ballots.record_pledge(budget=ob.budget, kind="time", description="Driving")
    assert problem.value.field == "organisation_name"
    with pytest.raises(ballots.BudgetProblem):
        ballots.record_pledge(
            budget=ob.budget,
            kind="time",
            description="Driving",
            participant=ob.participant,
            hours_per_week=Decimal(200),
        )
    ballots.record_pledge(
        budget=ob.budget,
        kind="transport",
        description="Lifts to the day centre",
        organisation_name="Community Transport",
        area=ob.areas[0],
        hours_per_week=Decimal(4),
    )
    assert Pledge.objects.get().area == ob.areas[0]
