"""The inquiry overview reads in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consult.selectors import inquiry_overview
from tests.factories import (
    BudgetAreaFactory,
    BudgetFactory,
    ChangeFactory,
    InquiryFactory,
    PhaseFactory,
    SpendFigureFactory,
)


def build(size: int):
    inquiry = InquiryFactory()
    PhaseFactory(inquiry=inquiry)
    for _ in range(size):
        ChangeFactory(inquiry=inquiry)
    budget = BudgetFactory(inquiry=inquiry)
    for _ in range(size):
        SpendFigureFactory(area=BudgetAreaFactory(budget=budget))
    return inquiry


def count_queries(inquiry) -> int:
    with CaptureQueriesContext(connection) as queries:
        inquiry_overview(inquiry.pk)
    return len(queries)


@pytest.mark.django_db
def test_overview_query_count_stays_flat_as_the_inquiry_grows():
    assert count_queries(build(2)) == count_queries(build(40))


@pytest.mark.django_db
def test_money_picture_totals_and_shares(demo):
    money = inquiry_overview(demo.pk).money
    assert money is not None
    assert money.total_plain == "£300 million"
    assert money.pot_plain == "£3 million"
    assert money.biggest.area.name == "Support with accommodation"
    shares = {a.area.name: a.share_words for a in money.areas}
    assert shares["Support with accommodation"] == "about 5 in 10"
    assert shares["Whole-community work"] == "less than 1 in 10"
    assert money.is_illustrative
