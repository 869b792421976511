"""The race harness really overlaps its calls: a read-then-write with no lock
loses updates under it, and the same update under select_for_update does not.
If the first test ever passes without losing, the harness no longer races."""

from __future__ import annotations

import time

import pytest
from django.db import transaction
from django.db.models import F

from consult.models import Budget
from tests.concurrency import MAX_THREADS, postgres_only, race
from tests.factories import BudgetFactory

pytestmark = [pytest.mark.django_db(transaction=True), postgres_only]

CALLS = 10


def _naive_add(pk: int) -> None:
    with transaction.atomic():
        budget = Budget.objects.get(pk=pk)
        time.sleep(0.05)  # everyone has read before anyone writes
        budget.pot += 1
        budget.save(update_fields=["pot"])


def _locked_add(pk: int) -> None:
    with transaction.atomic():
        budget = Budget.objects.select_for_update().get(pk=pk)
        time.sleep(0.01)
        Budget.objects.filter(pk=pk).update(pot=F("pot") + 1)
        budget.refresh_from_db()


def test_an_unlocked_read_then_write_loses_updates_under_the_harness() -> None:
    budget = BudgetFactory(pot=0)
    race(_naive_add, [(budget.pk,)] * CALLS).ok()
    budget.refresh_from_db()
    assert budget.pot < CALLS


def test_a_locked_update_loses_none() -> None:
    budget = BudgetFactory(pot=0)
    race(_locked_add, [(budget.pk,)] * CALLS).ok()
    budget.refresh_from_db()
    assert budget.pot == CALLS


def test_the_harness_refuses_more_threads_than_connections_allow() -> None:
    with pytest.raises(ValueError):
        race(_locked_add, [(0,)] * (MAX_THREADS + 1))
