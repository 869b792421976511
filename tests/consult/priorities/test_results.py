"""Priority results from the database: loading, groups with small numbers
hidden, caching, and the page, JSON and command agreeing."""

import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consult.models import PriorityChoice
from consult.priorities import results as R
from consult.priorities.aggregate import rate
from tests.factories import (
    AboutYouFactory,
    ChangeFactory,
    InquiryFactory,
    InquiryRoleFactory,
    ParticipantFactory,
    PriorityBallotFactory,
    PrioritySettingsFactory,
    UserFactory,
)


def vote(
    inquiry, values, *, channel="online", helped_by=None, relationship=None, method=None
):
    participant = ParticipantFactory(inquiry=inquiry)
    if relationship is not None:
        AboutYouFactory(participant=participant, relationship=relationship)
    ballot = PriorityBallotFactory(
        inquiry=inquiry,
        participant=participant,
        method=method or inquiry.priority_settings.method,
        channel=channel,
        helped_by=helped_by,
    )
    PriorityChoice.objects.bulk_create(
        PriorityChoice(ballot=ballot, change=change, value=value)
        for change, value in values.items()
    )
    return ballot


@pytest.fixture
def rated(db):
    """An inquiry voting by rating, with 3 changes and 12 ballots."""
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


def test_overall_results_match_the_pure_count(rated):
    a, b, c = rated.changes_abc
    results = R.priority_results(rated)
    assert results.ballots == 12 and results.enough
    expected = rate(
        [{a.pk: 5, b.pk: 3, c.pk: 1}] * 7 + [{a.pk: 2, b.pk: 4}] * 3 + [{b.pk: 5}] * 2,
        [a.pk, b.pk, c.pk],
    )
    assert [r.change.pk for r in results.rows] == [r.option for r in expected.rows]
    assert [r.figure for r in results.rows] == [r.mean_display for r in expected.rows]
    # b: (7*3 + 3*4 + 2*5) / 12 = 43/12 = 3.58.. -> 3.6; a: 41/10 = 4.1
    assert [(r.change.number, r.figure_display) for r in results.rows] == [
        (1, "4.1 out of 5"),
        (2, "3.6 out of 5"),
        (3, "1.0 out of 5"),
    ]


def test_ballots_load_in_a_fixed_number_of_queries(rated):
    with CaptureQueriesContext(connection) as few:
        R.priority_results(rated, use_cache=False)
    for _ in range(20):
        vote(rated, {rated.changes_abc[0]: 3}, relationship=["public"])
    with CaptureQueriesContext(connection) as many:
        R.priority_results(rated, use_cache=False)
    assert len(many) == len(few) <= 7


def test_groups_under_5_are_hidden_with_the_next_smallest(rated):
    results = R.priority_results(rated)
    channel = next(d for d in results.groups if d.key == "channel")
    by_key = {g.key: g for g in channel.groups}
    # online 7 shown; paper 3 and assisted 2 hidden; room 0 "fewer than 5".
    assert by_key["paper"].shown is False
    assert by_key["paper"].ballots_display == "fewer than 5"
    assert by_key["paper"].figures == {}
    assert by_key["room"].ballots_display == "fewer than 5"
    # online is the only group of 5 or more: hidden too, as "not shown", or
    # everyone minus online would give away the paper and assisted votes.
    assert by_key["online"].shown is False
    assert by_key["online"].ballots_display == "not shown"
    assert "fewer than 5 votes" in channel.summary


def test_a_group_of_5_or_more_is_shown_with_its_own_figures(rated):
    a, b, c = rated.changes_abc
    for _ in range(5):
        vote(rated, {a: 1, b: 1}, channel="paper", relationship=["unpaid_carer"])
    results = R.priority_results(rated)
    helped = {
        g.key: g for g in next(d for d in results.groups if d.key == "helped").groups
    }
    # helped 2 (assisted) -> hidden, so the smallest shown group goes too.
    assert not helped["helped"].shown and not helped["not_helped"].shown
    relationship = {
        g.key: g
        for g in next(d for d in results.groups if d.key == "relationship").groups
    }
    # draw_on_care 7, unpaid_carer 8, did not say 2 -> hidden; and then the
    # smallest shown (draw_on_care, 7) is hidden too.
    assert not relationship["did_not_say"].shown
    assert not relationship["draw_on_care"].shown
    carers = relationship["unpaid_carer"]
    assert carers.shown and carers.ballots == 8
    # 3 x {a:2, b:4} + 5 x {a:1, b:1}: a = 11/8 = 1.4, b = 17/8 = 2.1, c none
    assert carers.figures == {a.pk: "1.4", b.pk: "2.1", c.pk: "none"}


@pytest.mark.parametrize(
    ("sizes", "shown"),
    [
        ([7, 3, 2, 0], [False, False, False, False]),
        ([7, 9, 2], [False, True, False]),
        ([7, 9, 0], [True, True, False]),
        ([5, 5, 1], [False, True, False]),
        ([6, 8], [True, True]),
        ([4], [False]),
    ],
)
def test_hide_small_groups(sizes, shown):
    assert R.hide_small_groups(sizes) == shown


def test_fewer_than_5_ballots_show_no_results(db):
    inquiry = InquiryFactory()
    PrioritySettingsFactory(inquiry=inquiry, method="rate")
    change = ChangeFactory(inquiry=inquiry)
    for _ in range(4):
        vote(inquiry, {change: 5})
    results = R.priority_results(inquiry)
    assert not results.enough and results.rows == () and results.groups == ()
    assert results.ballots_display == "fewer than 5"
    assert "Fewer than 5 people have voted" in results.summary


def test_ballots_cast_by_another_method_are_not_counted(rated):
    vote(rated, {rated.changes_abc[0]: 1}, method="approve")
    assert R.priority_results(rated).ballots == 12


def test_results_are_cached_until_a_ballot_changes(rated):
    first = R.priority_results(rated)
    with CaptureQueriesContext(connection) as cached:
        assert R.priority_results(rated) == first
    assert not any("priorityChoice" in q["sql"].lower() for q in cached)
    assert not any("consult_prioritychoice" in q["sql"] for q in cached)
    vote(rated, {rated.changes_abc[2]: 5})
    assert R.priority_results(rated).ballots == 13


def test_approval_results_take_n_forward_two_ways(db):
    inquiry = InquiryFactory()
    PrioritySettingsFactory(inquiry=inquiry, method="approve", max_approvals=2)
    a, b, c = (ChangeFactory(inquiry=inquiry, number=n) for n in (1, 2, 3))
    for _ in range(6):
        vote(inquiry, {a: 1, b: 1})
    for _ in range(4):
        vote(inquiry, {c: 1})
    results = R.priority_results(inquiry)
    assert [x.number for x in results.committee.by_votes] == [1, 2]
    # PAV: {a, c} = 6 + 4 = 10 beats {a, b} = 6 * 1.5 = 9; {b, c} ties {a, c}.
    assert [x.number for x in results.committee.by_pav] == [1, 3]
    assert results.committee.tied
    data = R.as_dict(results)
    assert data["take_forward"]["proportional"] == [1, 3]
    assert data["changes"][0] == {
        "number": 1,
        "title": a.title,
        "place": "joint 1st",
        "votes": "6",
        "share": "60%",
    }


def test_ranking_results_give_borda_and_schulze(db):
    inquiry = InquiryFactory()
    PrioritySettingsFactory(inquiry=inquiry, method="rank")
    a, b, c = (ChangeFactory(inquiry=inquiry, number=n) for n in (1, 2, 3))
    for _ in range(3):
        vote(inquiry, {a: 1, b: 2, c: 3})
    for _ in range(2):
        vote(inquiry, {b: 1})
    results = R.priority_results(inquiry)
    # Borda: a = 3*2 + 2*0.5 = 7, b = 3*1 + 2*2 = 7, c = 0 + 2*0.5 = 1.
    assert [
        (r.change.number, r.figure_display, r.place_display) for r in results.rows
    ] == [
        (1, "7.0 points", "joint 1st"),
        (2, "7.0 points", "joint 1st"),
        (3, "1.0 points", "3rd"),
    ]
    # a over b: 3 to 2, so a is the Condorcet and Schulze winner.
    assert results.condorcet_winner.number == 1
    assert [x.number for x in results.schulze_winners] == [1]


# The page, the JSON and the command


def facilitator_client(client, inquiry):
    user = UserFactory()
    InquiryRoleFactory(inquiry=inquiry, user=user)
    client.force_login(user)
    return client


def page_numbers(html):
    """The main table's rows as the page shows them."""
    table = html.split('id="results-table"')[1].split("</table>")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in rows
    ]


def test_page_json_and_command_show_the_same_numbers(rated, client):
    facilitator_client(client, rated)
    url = f"/inquiries/{rated.slug}/priorities/results/"
    page = client.get(url)
    assert page.status_code == 200
    shown = page_numbers(page.content.decode())
    assert shown[0][:4] == ["1. " + rated.changes_abc[0].title, "1st", "4.1", "10"]
    table = R.main_table(R.priority_results(rated))
    assert shown == table["rows"]

    data = client.get(url[:-1] + ".json").json()
    out = StringIO()
    call_command("priority_results", rated.slug, "--format", "json", stdout=out)
    assert json.loads(out.getvalue()) == data
    assert [
        [f"{c['number']}. {c['title']}", c["place"], c["mean"], c["ratings"]]
        for c in data["changes"]
    ] == [row[:4] for row in shown]

    out = StringIO()
    call_command("priority_results", rated.slug, stdout=out)
    text = out.getvalue()
    for row in shown:
        assert re.search(r"\s+".join(re.escape(cell) for cell in row), text), row
    assert "NOT published" in text
    assert R.priority_results(rated).summary in text


def test_command_refuses_an_unknown_inquiry(db):
    with pytest.raises(CommandError):
        call_command("priority_results", "nope")


def test_results_page_is_not_found_for_the_public_until_published(rated, client):
    url = f"/inquiries/{rated.slug}/priorities/results/"
    assert client.get(url).status_code == 404
    assert client.get(url[:-1] + ".json").status_code == 404
    participant = ParticipantFactory(inquiry=rated)
    client.force_login(participant.user)
    assert client.get(url).status_code == 404
    rated.priority_settings.results_published = True
    rated.priority_settings.save()
    page = client.get(url)
    assert page.status_code == 200
    assert b"Not published" not in page.content
    assert client.get(url[:-1] + ".json").json()["published"] is True


def test_team_sees_unpublished_results_marked_as_such(rated, client):
    facilitator_client(client, rated)
    page = client.get(f"/inquiries/{rated.slug}/priorities/results/")
    assert b"Not published" in page.content
    assert page["Cache-Control"] == "private, no-store"


def test_easy_read_page_shows_top_changes_with_pictures_in_short_sentences(
    rated, client_in_mode
):
    client = facilitator_client(client_in_mode("easy-read"), rated)
    html = client.get(f"/inquiries/{rated.slug}/priorities/results/").content.decode()
    assert "What people said matters most" in html
    assert "12 people voted on the changes." in html
    assert "It came 1st. People gave it 4.1 out of 5." in html
    assert html.count('class="picto-row"') >= 5
    assert "See all the numbers" in html


def test_page_with_too_few_votes_says_so(db, client):
    inquiry = InquiryFactory()
    PrioritySettingsFactory(inquiry=inquiry, method="rank", results_published=True)
    ChangeFactory(inquiry=inquiry)
    page = client.get(f"/inquiries/{inquiry.slug}/priorities/results/")
    assert page.status_code == 200
    assert b"Fewer than 5 people have voted so far" in page.content
    assert b"results-table" not in page.content


def test_unknown_inquiry_is_not_found(db, client):
    assert client.get("/inquiries/nope/priorities/results/").status_code == 404


def test_team_page_links_to_the_results(rated, client):
    facilitator_client(client, rated)
    page = client.get(f"/inquiries/{rated.slug}/team/")
    assert f"/inquiries/{rated.slug}/priorities/results/".encode() in page.content
