"""Ballots cast at the same moment, on PostgreSQL: one person's many casts
leave one ballot; many people's casts leave one ballot each.

SQLite runs one writer at a time, so these tests only mean something on
PostgreSQL; they are skipped elsewhere and say so. Run them with
DATABASE_URL=postgres://postgres@127.0.0.1:5432/<name>."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from consult.models import Participant, PhaseKind, PriorityBallot, PriorityChoice
from consult.priorities.ballots import cast_ballot
from tests.factories import ChangeFactory, InquiryFactory, PhaseFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrency needs PostgreSQL (SQLite has one writer at a time)",
    ),
]


@pytest.fixture
def voting():
    inquiry = InquiryFactory()
    PhaseFactory(inquiry=inquiry, kind=PhaseKind.PRIORITISE)
    changes = [ChangeFactory(inquiry=inquiry, number=n) for n in range(1, 6)]
    return inquiry, changes


def _in_thread(fn, *args):
    try:
        return fn(*args)
    finally:
        connection.close()  # each thread has its own connection


def test_fifty_casts_at_once_for_one_person_leave_one_ballot(voting) -> None:
    inquiry, changes = voting
    person = Participant.objects.create(inquiry=inquiry)
    start = threading.Barrier(50)
    results, errors = [], []

    def cast(i: int) -> None:
        start.wait()
        # Each thread sends a whole, different vote: score i % 5 + 1 for all.
        choices = {c.pk: i % 5 + 1 for c in changes}
        try:
            results.append(
                cast_ballot(
                    inquiry=inquiry,
                    participant=person,
                    choices=choices,
                    channel="online",
                )
            )
        except Exception as error:  # collected, then asserted to be none
            errors.append(error)

    threads = [threading.Thread(target=_in_thread, args=(cast, i)) for i in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(results) == 50
    assert sum(r.created for r in results) == 1
    assert PriorityBallot.objects.filter(inquiry=inquiry).count() == 1
    # The saved vote is one whole vote, never a mix of two.
    values = set(PriorityChoice.objects.values_list("value", flat=True))
    assert len(values) == 1
    assert PriorityChoice.objects.count() == len(changes)


def test_a_thousand_people_voting_at_once_leave_a_thousand_ballots(voting) -> None:
    inquiry, changes = voting
    people = Participant.objects.bulk_create(
        Participant(inquiry=inquiry) for _ in range(1000)
    )

    def cast(person: Participant) -> bool:
        choices = {c.pk: (person.pk + c.number) % 5 + 1 for c in changes}
        return cast_ballot(
            inquiry=inquiry, participant=person, choices=choices, channel="online"
        ).created

    with ThreadPoolExecutor(max_workers=16) as pool:
        created = list(pool.map(lambda p: _in_thread(cast, p), people))

    assert all(created)
    assert PriorityBallot.objects.filter(inquiry=inquiry).count() == 1000
    assert PriorityChoice.objects.filter(ballot__inquiry=inquiry).count() == 5000
