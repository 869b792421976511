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


@pytest.mark.django_db
def test_findings_totals_agree_with_counted_and_public() -> None:
    from django.utils import timezone

    from consult.models import Finding, SafeguardingConcern
    from consult.selectors import findings_totals
    from tests.factories import FindingFactory

    inquiry = InquiryFactory()
    other = InquiryFactory()
    mix = [
        ("published", "anonymous", 4),
        ("published", "named", 2),
        ("published", "count_only", 3),
        ("private", "anonymous", 2),
        ("pending", "anonymous", 5),
        ("escalated", "anonymous", 1),
    ]
    for state, consent, how_many in mix:
        for _ in range(how_many):
            FindingFactory(
                inquiry=inquiry, state=state, consent=consent, display_name="Ann"
            )
    FindingFactory(inquiry=other)  # another inquiry's finding counts nowhere here
    withdrawn = FindingFactory(inquiry=inquiry, withdrawn_at=timezone.now())
    concern = FindingFactory(inquiry=inquiry)
    SafeguardingConcern.objects.create(finding=concern)
    findings = Finding.objects.filter(inquiry=inquiry)
    totals = findings_totals(inquiry)
    assert totals == {
        "counted": findings.counted().count(),
        "public": findings.public().count(),
    }
    assert totals == {"counted": 11, "public": 6}
    assert withdrawn.pk and concern.pk


@pytest.mark.django_db
def test_the_public_findings_page_counts_its_findings_once(demo, client) -> None:
    client.get("/anyshire/findings/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/anyshire/findings/")
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1, counts
    body = response.content.decode()
    from consult.models import Finding

    counted = Finding.objects.filter(inquiry=demo).counted().count()
    assert f"{counted} things people told us so far" in body
