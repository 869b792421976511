"""Ballots cast at the same moment, on PostgreSQL: one person's many casts
(through the service, or the form sent from several tabs) leave one ballot;
many people's casts leave one ballot each.

SQLite runs one writer at a time, so these tests only mean something on
PostgreSQL; they are skipped elsewhere and say so. Run them with
DATABASE_URL=postgres://postgres@127.0.0.1:5432/<name>."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client

from consult.models import Participant, PhaseKind, PriorityBallot, PriorityChoice
from consult.priorities.ballots import cast_ballot
from tests.concurrency import race
from tests.factories import (
    ChangeFactory,
    InquiryFactory,
    ParticipantFactory,
    PhaseFactory,
)

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


def test_a_signed_in_person_double_submitting_the_form_at_once_votes_once(
    voting,
) -> None:
    inquiry, changes = voting
    voter = ParticipantFactory(inquiry=inquiry)
    clients = []
    for _ in range(6):
        client = Client()
        client.force_login(voter.user)
        clients.append(client)
    url = f"/inquiries/{inquiry.slug}/priorities/"

    def send(client: Client, score: int) -> int:
        data = {f"change_{c.pk}": str(score) for c in changes}
        return client.post(url, data).status_code

    statuses = race(send, [(c, n % 5 + 1) for n, c in enumerate(clients)]).ok()

    assert statuses == [302] * 6
    ballot = PriorityBallot.objects.get(inquiry=inquiry)
    assert ballot.participant_id == voter.pk
    assert len(set(ballot.choices.values_list("value", flat=True))) == 1
    assert ballot.choices.count() == len(changes)
