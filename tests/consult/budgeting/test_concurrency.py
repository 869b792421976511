"""Two first ballots from one person at the same moment (a double-tap, two
tabs, a facilitator and the person): the database keeps one. PostgreSQL only:
SQLite serialises writers, so there is no race to test there."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from consult.budgeting import ballots
from consult.models import BudgetBallot
from tests.consult.budgeting.factories import open_budget

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL (set DATABASE_URL): SQLite serialises writers",
    ),
]


def test_two_simultaneous_first_splits_make_one_ballot():
    ob = open_budget()
    # Both areas lists load before the threads start.
    splits = [
        {a.pk: Decimal(v) for a, v in zip(ob.areas, values, strict=True)}
        for values in (("3000000", "0", "0"), ("0", "0", "3000000"))
    ]
    barrier = threading.Barrier(len(splits))
    errors: list[BaseException] = []

    def cast(amounts):
        try:
            barrier.wait(timeout=10)
            ballots.cast_split_ballot(
                budget=ob.budget, participant=ob.participant, amounts=amounts
            )
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=cast, args=(s,)) for s in splits]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    ballot = BudgetBallot.objects.get(participant=ob.participant, kind="split")
    amounts = sorted(ballot.split_lines.values_list("amount", flat=True))
    assert amounts == [Decimal(0), Decimal(0), Decimal(3000000)]


def test_the_second_of_two_concurrent_model_ballots_is_kept_as_one():
    ob = open_budget()
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def cast(model):
        try:
            barrier.wait(timeout=10)
            ballots.cast_model_ballot(
                budget=ob.budget, participant=ob.participant, points={model.pk: 1}
            )
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=cast, args=(m,)) for m in ob.models[:2]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    ballot = BudgetBallot.objects.get(participant=ob.participant, kind="models")
    assert ballot.model_votes.count() == 1
