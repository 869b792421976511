"""Ratings sent at the same moment, on PostgreSQL: one person's many
ratings of one update leave exactly one.

SQLite runs one writer at a time, so this only means something on
PostgreSQL; it is skipped elsewhere and says so. Run it with
DATABASE_URL=postgres://postgres@127.0.0.1:5432/<name>."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from consult.commitments.rating_services import rate_update
from consult.models import Participant, UpdateRating

from .factories import ProgressUpdateFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrency needs PostgreSQL (SQLite has one writer at a time)",
    ),
]

VALUES = ("yes", "partly", "no")


def _in_thread(fn, *args):
    try:
        return fn(*args)
    finally:
        connection.close()  # each thread has its own connection


def test_forty_ratings_at_once_by_one_person_leave_one() -> None:
    update = ProgressUpdateFactory()
    person = Participant.objects.create(inquiry=update.commitment.inquiry)
    start = threading.Barrier(40)
    results, errors = [], []

    def rate(i: int) -> None:
        start.wait()
        try:
            results.append(
                rate_update(
                    update=update,
                    participant=person,
                    value=VALUES[i % 3],
                    comment=f"Comment {i}",
                )
            )
        except Exception as error:  # collected, then asserted to be none
            errors.append(error)

    threads = [threading.Thread(target=_in_thread, args=(rate, i)) for i in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(results) == 40
    assert sum(r.created for r in results) == 1
    [rating] = UpdateRating.objects.filter(update=update)
    # One whole rating from one of the sends, never a mix of two.
    sent = {(VALUES[i % 3], f"Comment {i}") for i in range(40)}
    assert (rating.value, rating.comment) in sent


def test_many_people_rating_at_once_leave_one_each() -> None:
    update = ProgressUpdateFactory()
    people = Participant.objects.bulk_create(
        Participant(inquiry=update.commitment.inquiry) for _ in range(30)
    )
    start = threading.Barrier(30)

    def rate(person: Participant) -> None:
        start.wait()
        rate_update(update=update, participant=person, value="yes")

    threads = [threading.Thread(target=_in_thread, args=(rate, p)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert UpdateRating.objects.filter(update=update).count() == 30
