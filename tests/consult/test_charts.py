"""The results pages' charts (consult/charts.py): built from the same results
as the tables, shown with their summary, SVG and table, and never for what
the page itself would not show."""

from __future__ import annotations

import re
from decimal import Decimal

import plotly.graph_objects as go
import pytest
from django.test import Client

from consult import charts
from consult.budgeting import ballots
from consult.priorities import results as R
from consult.selectors import money_picture
from tests.consult.budgeting.factories import open_budget
from tests.consult.priorities.test_results import facilitator_client, vote
from tests.factories import (
    ChangeFactory,
    InquiryFactory,
    ParticipantFactory,
    PrioritySettingsFactory,
    UserFactory,
)

TOGGLE = "<summary>Show the figures as a table</summary>"


def results_url(inquiry):
    return f"/inquiries/{inquiry.slug}/priorities/results/"


def budget_url(ob, page=""):
    return f"/inquiries/{ob.inquiry.slug}/budget/{page}"


# Priority results


@pytest.fixture
def rated(db):
    """As in tests/consult/priorities/test_results.py: rating, 3 changes and
    12 ballots (7 draw on care, 3 carers on paper, 2 helped)."""
    inquiry = InquiryFactory()
    PrioritySettingsFactory(inquiry=inquiry, method="rate")
    a, b, c = (ChangeFactory(inquiry=inquiry, number=n) for n in (1, 2, 3))
    helper = UserFactory()
    for _ in range(7):
        vote(inquiry, {a: 5, b: 3, c: 1}, relationship=["draw_on_care"])
    for _ in range(3):
        vote(inquiry, {a: 2, b: 4}, channel="paper", relationship=["unpaid_carer"])
    for _ in range(2):
        vote(inquiry, {b: 5}, channel="assisted", helped_by=helper)
    inquiry.changes_abc = (a, b, c)
    return inquiry


def test_priority_chart_shows_each_changes_headline_figure(rated):
    results = R.priority_results(rated)
    chart = charts.priority_chart(results)
    assert chart is not None
    a = rated.changes_abc[0]
    assert chart.categories[0] == f"1. {a.title}"
    # The bar labels are the figures the main table shows.
    table = R.main_table(results)
    assert [row[2] for row in table["rows"]] == [
        label.removesuffix(" out of 5") for _, label in chart.table()["rows"]
    ]
    assert chart.summary.endswith(f"“1. {a.title}” came first.")
    go.Figure(chart.figure())


def test_no_priority_chart_with_fewer_than_5_votes(db):
    inquiry = InquiryFactory()
    PrioritySettingsFactory(inquiry=inquiry, method="approve")
    change = ChangeFactory(inquiry=inquiry)
    for _ in range(4):
        vote(inquiry, {change: 1})
    assert charts.priority_chart(R.priority_results(inquiry)) is None
    assert charts.priority_group_charts(R.priority_results(inquiry)) == {}


def test_group_charts_leave_out_groups_under_5(rated):
    a, b, _ = rated.changes_abc
    for _ in range(5):
        vote(rated, {a: 1, b: 1}, channel="paper", relationship=["unpaid_carer"])
    results = R.priority_results(rated)
    group_charts = charts.priority_group_charts(results)
    # Only unpaid carers (8) are shown for relationship; the other questions
    # have a group under 5 with any votes and so hide their smallest group too.
    relationship = group_charts["relationship"]
    assert [s.name for s in relationship.series] == [
        "Unpaid carer for someone (8 votes)"
    ]
    assert relationship.series[0].values == (1.4, 2.1, None)
    assert relationship.table()["rows"][2][1] == "not rated"
    table = next(t for t in R.group_tables(results) if t["id"] == "group-relationship")
    assert relationship.table()["head"][1:] == table["headers"][1:]
    assert [row[1:2] for row in relationship.table()["rows"][:2]] == [
        row[1:2] for row in table["rows"][:2]
    ]
    assert "helped" not in group_charts


def test_results_page_shows_chart_summary_svg_and_table(rated, client):
    facilitator_client(client, rated)
    html = client.get(results_url(rated)).content.decode()
    assert 'id="priority-chart"' in html
    assert "The bars show the average score people gave each change" in html
    assert 'class="chart__svg"' in html and 'role="img"' in html
    assert TOGGLE in html
    assert 'type="application/json"' in html
    # The full table stays, with the same numbers the tests of it read.
    assert 'id="results-table"' in html
    # Plotly comes from our own static files, never a CDN. (Not a search for
    # "cdn" in the page: a random CSRF token can hold those three letters.)
    scripts = re.findall(r'(?:<script[^>]* src|data-plotly-src)="([^"]+)"', html)
    assert any("plotly" in src for src in scripts)
    assert all(src.startswith("/static/") for src in scripts), scripts


def test_results_page_in_easy_read_has_an_easy_read_chart(rated, client_in_mode):
    client = facilitator_client(client_in_mode("easy-read"), rated)
    html = client.get(results_url(rated)).content.decode()
    assert "What people chose" in html
    assert "The bars show the score for each change, out of 5." in html


def test_results_page_with_too_few_votes_has_no_chart(db, client):
    inquiry = InquiryFactory()
    PrioritySettingsFactory(inquiry=inquiry, method="rank", results_published=True)
    ChangeFactory(inquiry=inquiry)
    html = client.get(results_url(inquiry)).content.decode()
    assert 'class="chart"' not in html and "chart__svg" not in html


def test_public_gets_no_chart_before_publishing(rated, client):
    assert client.get(results_url(rated)).status_code == 404


# Money


@pytest.mark.django_db
def test_spend_chart_in_millions_with_unknown_areas_said_so():
    ob = open_budget()
    ob.areas[0].figures.create(
        year_label="2023-24", amount=Decimal(78_000_000), source="Council"
    )
    ob.areas[1].figures.create(
        year_label="2023-24", amount=Decimal(1_500_000), source="Council"
    )
    chart = charts.spend_chart(money_picture(ob.budget))
    assert chart is not None
    labels = [row[1] for row in chart.table()["rows"]]
    assert labels == ["£78.0 million", "£1.5 million", "not known", "not known"]
    assert "the longest is support at home, £78 million" in chart.summary


@pytest.mark.django_db
def test_money_page_shows_the_chart_with_its_table_and_summary():
    ob = open_budget()
    ob.areas[0].figures.create(
        year_label="2023-24", amount=Decimal(78_000_000), source="Council"
    )
    html = Client().get(budget_url(ob)).content.decode()
    assert '<figure class="chart" id="spend-chart"' in html
    assert '<h2 class="chart__title" id="spend-chart-title">' in html
    assert "Each bar is one area&#x27;s share of the £78 million" in html
    assert TOGGLE in html
    assert '<td class="table__cell--numeric">£78 million</td>' in html
    assert "£78,000,000" in html  # the page's own table is still there
    assert 'style="width' not in html  # no inline styles left from the old bars


@pytest.mark.django_db
def test_money_page_in_easy_read_names_the_biggest_area(client_in_mode):
    ob = open_budget()
    ob.areas[1].figures.create(
        year_label="2023-24", amount=Decimal(5_000_000), source="Council"
    )
    html = client_in_mode("easy-read").get(budget_url(ob)).content.decode()
    assert "Money for each area" in html
    assert "The longest bar shows where most money goes: Where you live." in html


# Budget results


@pytest.mark.django_db
def test_budget_results_chart_the_three_split_rules():
    ob = open_budget()
    ob.budget.results_published = True
    ob.budget.save()
    for amounts in [(1_000_000, 1_000_000, 1_000_000)] * 3 + [(3_000_000, 0, 0)] * 2:
        ballots.cast_split_ballot(
            budget=ob.budget,
            participant=ParticipantFactory(inquiry=ob.inquiry),
            amounts={a.pk: Decimal(v) for a, v in zip(ob.areas, amounts, strict=True)},
        )
    html = Client().get(budget_url(ob, "results/")).content.decode()
    assert '<figure class="chart" id="split-chart"' in html
    assert "The bars show how each rule would split the £3 million pot" in html
    assert "from the splits of 5 people" in html
    assert (
        '<th scope="col" class="table__cell--numeric">Independent markets</th>' in html
    )
    assert '<td class="table__cell--numeric">£1.8 million</td>' in html  # mean
    assert TOGGLE in html


@pytest.mark.django_db
def test_budget_results_without_splits_have_no_chart():
    ob = open_budget()
    ob.budget.results_published = True
    ob.budget.save()
    html = Client().get(budget_url(ob, "results/")).content.decode()
    assert "split-chart" not in html
