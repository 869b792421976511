"""Nothing about the priority results leaks while voting is open.

Every public page and output (the inquiry page and its sub-pages, Take part,
findings, every page under /inquiries/<slug>/ including CSV and JSON, and
the ballot pages) is fetched by a visitor and by a participant twice: with
the votes cast and with none. The pages must be the same, so no count,
mean or result can be on them. The results page and its JSON are not found
for them until the results are published.

The exception by design, room mode's live counts shown in a session when the
facilitator turns them on (PrioritySettings.room_counts_on), lives in the
room pages of deliberation and is tested there."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.models import Page

from consult.models import (
    Phase,
    PhaseKind,
    PriorityBallot,
    PriorityChoice,
    PrioritySettings,
)
from consult.priorities.results import priority_results
from deliberation.models import Session
from tests.factories import ParticipantFactory, PriorityBallotFactory

CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+')


def slug_routes(patterns=None, prefix=""):
    """Every URL the site routes with only the inquiry's slug in it."""
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from slug_routes(p.url_patterns, route)
        elif (
            isinstance(p, URLPattern)
            and "<slug:slug>" in route
            and route.count("<") == 1
        ):
            yield "/" + route.replace("<slug:slug>", "anyshire").lstrip("^")


def public_urls(inquiry):
    urls = set(slug_routes())
    for page in Page.objects.live().specific():
        url = page.url
        if url:
            urls.add(url)
    page_url = inquiry.page.url
    urls |= {page_url + "findings/", page_url + "take-part/"}
    urls |= {f"/inquiries/anyshire/sessions/{s.pk}/" for s in Session.objects.all()}
    return sorted(urls)


def snapshot(client, urls):
    cache.clear()  # render afresh: a cached page would prove nothing
    shots = {}
    for url in urls:
        response = client.get(url)
        body = ""
        if response.status_code == 200 and not response.streaming:
            body = CSRF.sub(r"\1", response.content.decode("utf-8", "replace"))
        shots[url] = (response.status_code, response.get("Location"), body)
    return shots


@pytest.fixture
def voting_open(demo):
    Phase.objects.filter(inquiry=demo, kind=PhaseKind.PRIORITISE).update(
        opens_on=dt.date.today() - dt.timedelta(days=1),
        closes_on=dt.date.today() + dt.timedelta(days=10),
    )
    rules, _ = PrioritySettings.objects.get_or_create(inquiry=demo)
    rules.method = "rate"
    rules.results_published = False
    rules.save()
    return demo


def cast(inquiry, count):
    changes = list(inquiry.changes.order_by("number"))
    for i in range(count):
        ballot = PriorityBallotFactory(
            inquiry=inquiry, participant=ParticipantFactory(inquiry=inquiry)
        )
        PriorityChoice.objects.bulk_create(
            PriorityChoice(ballot=ballot, change=c, value=1 + (i * (n + 2)) % 5)
            for n, c in enumerate(changes)
        )


@pytest.mark.django_db
def test_no_public_page_changes_when_votes_are_cast(voting_open):
    demo = voting_open
    PriorityChoice.objects.filter(ballot__inquiry=demo).delete()
    PriorityBallot.objects.filter(inquiry=demo).delete()
    urls = public_urls(demo)
    assert "/inquiries/anyshire/priorities/results/" in urls
    assert any(u.endswith(".json") for u in urls) and any(
        u.endswith(".csv") for u in urls
    )
    visitor = Client()
    participant = ParticipantFactory(inquiry=demo)
    member = Client()
    member.force_login(participant.user)
    before = {"visitor": snapshot(visitor, urls), "participant": snapshot(member, urls)}

    cast(demo, 37)
    results = priority_results(demo, use_cache=False)
    assert results.enough and results.ballots == 37
    after = {"visitor": snapshot(visitor, urls), "participant": snapshot(member, urls)}

    for who in before:
        for url in urls:
            assert after[who][url] == before[who][url], (who, url)
        assert after[who]["/inquiries/anyshire/priorities/results/"][0] == 404
        assert after[who]["/inquiries/anyshire/priorities/results.json"][0] == 404

    # The comparison does see results when they are there: once published,
    # the results page differs from the one with no votes.
    PrioritySettings.objects.filter(inquiry=demo).update(results_published=True)
    published = snapshot(visitor, ["/inquiries/anyshire/priorities/results/"])
    status, _, body = published["/inquiries/anyshire/priorities/results/"]
    assert status == 200 and "37 people voted" in body


@pytest.mark.django_db
def test_a_voter_sees_no_results_while_voting_is_open(voting_open):
    demo = voting_open
    cast(demo, 30)
    voter = PriorityBallot.objects.filter(inquiry=demo).last().participant
    client = Client()
    client.force_login(voter.user)
    results = priority_results(demo, use_cache=False)
    telltales = [results.summary, "Priority results", "out of 5 (", "people voted"]
    telltales += [
        f"{row.change.title}: <strong>{row.figure_display}" for row in results.rows
    ]
    shots = snapshot(client, public_urls(demo))
    for url, (_, _, body) in shots.items():
        for telltale in telltales:
            assert telltale not in body, (url, telltale)
    assert shots["/inquiries/anyshire/priorities/results/"][0] == 404


@pytest.mark.django_db
def test_publishing_opens_the_results_to_everyone(voting_open):
    cast(voting_open, 6)
    url = "/inquiries/anyshire/priorities/results/"
    assert Client().get(url).status_code == 404
    PrioritySettings.objects.filter(inquiry=voting_open).update(results_published=True)
    page = Client().get(url)
    assert page.status_code == 200
    assert b"6 people voted" in page.content
