"""The public results pages, standard and easy read: hidden until published
(a preview for the team), every section on the demo, easy read with a picture
beside every point, nothing shown that people did not agree to share, plain
empty states, and a flat number of queries."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.models import HomePage
from consult import listening
from consult.models import (
    ChangeQuote,
    FindingTheme,
    Inquiry,
    InquiryPage,
    PriorityChoice,
    Theme,
)
from consult.publication import publish_results
from consult.results.document import build_document
from consult.results.easy_read import easy_read_sections
from consult.roles import Role
from tests.factories import (
    AboutYouFactory,
    BudgetAreaFactory,
    BudgetFactory,
    ChangeFactory,
    FindingFactory,
    InquiryFactory,
    PriorityBallotFactory,
)
from themes.easyread import check_blocks
from themes.pictograms import PICTOGRAMS

pytestmark = pytest.mark.django_db

STANDARD = "/anyshire/results/"
EASY = "/anyshire/results/easy-read/"
BANNER = "Not published: only the team sees this"
SECTIONS = ["voices", "themes", "changes", "money", "commitments", "more"]
NUMBER_WORDS = re.compile(
    r"\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|"
    r"hundred|thousand)\b",
    re.IGNORECASE,
)


def main_of(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content.decode(), "html.parser").find("main")


def client_as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page_for(inquiry: Inquiry) -> str:
    """An inquiry page under the demo's home page; returns its results URL."""
    home = HomePage.objects.first()
    home.add_child(
        instance=InquiryPage(title=inquiry.title, slug=inquiry.slug, inquiry=inquiry)
    )
    return f"/{inquiry.slug}/results/"


def mark_published(inquiry: Inquiry) -> None:
    """Published without publish_results, which rightly refuses an inquiry
    with nothing to show: the pages must still say so plainly."""
    Inquiry.objects.filter(pk=inquiry.pk).update(results_published_at=timezone.now())


def vote(inquiry, changes, n, *, channel="online", relationship=None):
    for i in range(n):
        ballot = PriorityBallotFactory(inquiry=inquiry, channel=channel)
        if relationship:
            AboutYouFactory(participant=ballot.participant, relationship=relationship)
        PriorityChoice.objects.bulk_create(
            PriorityChoice(ballot=ballot, change=c, value=1 + (i + c.number) % 5)
            for c in changes
        )


# Who sees what, when


@pytest.mark.parametrize("url", [STANDARD, EASY])
def test_the_public_gets_not_found_before_publishing(demo, demo_users, url):
    assert Client().get(url).status_code == 404
    for role in (Role.PARTICIPANT, Role.MODERATOR, Role.ORGANISATION_EDITOR):
        assert client_as(demo_users[role]).get(url).status_code == 404, role


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.SITE_EDITOR, Role.ADMIN])
@pytest.mark.parametrize("url", [STANDARD, EASY])
def test_the_team_sees_a_preview_that_is_never_cached(demo_users, role, url):
    response = client_as(demo_users[role]).get(url)
    assert response.status_code == 200
    assert BANNER in response.content.decode()
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("url", [STANDARD, EASY])
def test_after_publishing_everyone_sees_them(demo, url):
    publish_results(demo, by=None)
    response = Client().get(url)
    assert response.status_code == 200
    assert BANNER not in response.content.decode()
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_inquiry_page_links_to_the_results_only_once_published(
    demo, client_in_mode
):
    for mode in ("standard", "easy-read"):
        html = client_in_mode(mode).get("/anyshire/").content.decode()
        assert "results/" not in html, mode
    publish_results(demo, by=None)
    standard = client_in_mode("standard").get("/anyshire/").content.decode()
    assert 'href="/anyshire/results/"' in standard
    assert 'href="/anyshire/results/easy-read/"' in standard
    easy = client_in_mode("easy-read").get("/anyshire/").content.decode()
    assert 'href="/anyshire/results/easy-read/"' in easy


# The standard page


def test_every_section_is_on_the_published_demo(demo):
    publish_results(demo, by=None)
    main = main_of(Client().get(STANDARD))
    contents = [a["href"] for a in main.select("nav.contents a")]
    assert contents == [f"#{s}" for s in SECTIONS]
    for section in SECTIONS:
        assert main.find(id=section) is not None, section
    text = main.get_text(" ", strip=True)
    assert "people have taken part so far" in text
    assert main.find("table", id=None) is not None
    captions = [c.get_text(strip=True) for c in main.select("caption")]
    assert "Relationship to care" in captions
    assert "Priority results: every change" in captions
    assert any(c.startswith("Relationship to care:") for c in captions)  # groups
    assert "The pot split by three rules, side by side" in captions
    assert "Offers for each area" in captions
    theme = Theme.objects.filter(inquiry=demo).first()
    assert theme.name in text
    assert "Why each model was funded or not" in text
    assert "Greedy:" in text and "Equal Shares:" in text
    # The demo's commitments, counted, with the way to the tracker.
    assert main.select_one("#commitments ~ .overview-figures") is not None
    assert main.find("a", href="/anyshire/you-said-we-did/") is not None
    assert main.find("a", href=EASY) is not None
    assert main.find("a", href="/inquiries/anyshire/priorities/results.json")
    assert main.find("a", href="/anyshire/data/") is not None
    # Charts beside the tables: priorities overall, by group, the pot's split.
    charts = [f["id"] for f in main.select("figure.chart")]
    assert "priority-chart" in charts and "split-chart" in charts
    assert "group-relationship" in charts


def test_the_preview_does_not_link_to_the_data_not_yet_open(demo_users):
    client = client_as(demo_users[Role.FACILITATOR])
    main = main_of(client.get(STANDARD))
    assert main.find("a", href="/anyshire/data/") is None


def test_a_visitor_in_easy_read_mode_gets_easy_read(demo, client_in_mode):
    publish_results(demo, by=None)
    main = main_of(client_in_mode("easy-read").get(STANDARD))
    assert main.find("h1").get_text(strip=True) == "What we found out"
    # The way to the full results switches the look back to standard.
    link = main.find("a", string="Read the full results")
    assert link["href"].startswith("/display/standard/")
    # The easy-read address is easy read in every mode, in large type.
    response = client_in_mode("standard").get(EASY)
    assert 'class="mode-easy-read"' in response.content.decode()
    assert main_of(response).find("a", string="Read the full results")["href"] == (
        STANDARD
    )


# The easy-read page


def points_of(main: BeautifulSoup) -> list:
    banner = main.select_one(".banner")
    return [
        p for p in main.find_all(["p", "li"]) if not (banner and banner in p.parents)
    ]


def test_every_easy_read_point_has_a_picture_beside_it(demo):
    publish_results(demo, by=None)
    main = main_of(Client().get(EASY))
    points = points_of(main)
    assert len(points) > 40
    for point in points:
        row = point.find_parent(class_="picto-row")
        assert row is not None, point.get_text()
        picture = row.select_one(".picto-row__picture img.pictogram")
        assert picture is not None and picture["alt"], point.get_text()
        name = picture["src"].rsplit("/", 1)[-1].removesuffix(".svg")
        assert name in PICTOGRAMS, name


def test_easy_read_words_follow_the_rules(demo):
    publish_results(demo, by=None)
    main = main_of(Client().get(EASY))
    for point in points_of(main):
        words = point.get_text(" ", strip=True)
        for sentence in re.split(r"(?<=[.!?])\s+", words):
            assert len(sentence.split()) <= 15, sentence  # ER1
        assert "%" not in words and "per cent" not in words, words  # ER6
        assert not NUMBER_WORDS.search(words), words  # ER6: digits
    assert "in 10 of the money" in main.get_text()


def passes_the_easy_read_checker(inquiry) -> None:
    """Generated easy read must pass every rule the checker has (shared/
    EASY_READ.md), warnings included: the words are ours, not an editor's."""
    sections = easy_read_sections(build_document(inquiry))
    texts = [s.heading for s in sections]
    texts += [" ".join(p.sentences) for s in sections for p in s.points]
    report = check_blocks(texts)
    assert not report.problems, [(p.rule, p.excerpt) for p in report.problems]


def test_the_demo_easy_read_passes_the_checker(demo):
    passes_the_easy_read_checker(demo)


# Only what people agreed to share


@pytest.mark.parametrize("url", [STANDARD, EASY])
@pytest.mark.parametrize("mode", ["standard", "easy-read"])
def test_nothing_is_shown_that_people_did_not_agree_to_share(
    demo, client_in_mode, url, mode
):
    theme = Theme.objects.filter(inquiry=demo).first()
    change = demo.changes.first()
    secrets = {
        "COUNT-ONLY-WORDS": {"consent": "count_only"},
        "NOT-YET-CHECKED-WORDS": {"state": "pending"},
        "PRIVATE-WORDS": {"state": "private"},
        "CONCERN-WORDS": {},
    }
    for text, fields in secrets.items():
        finding = FindingFactory(inquiry=demo, text=text, **fields)
        FindingTheme.objects.create(finding=finding, theme=theme, is_key_quote=True)
        ChangeQuote.objects.create(change=change, finding=finding)
        if text == "CONCERN-WORDS":
            listening.raise_safeguarding_concern(finding=finding, raised_by=None)
    publish_results(demo, by=None)
    html = client_in_mode(mode).get(url).content.decode()
    for text in secrets:
        assert text not in html, text


# Empty states: plain words, never a 500


def test_an_inquiry_with_nothing_yet_says_so_plainly(demo, client_in_mode):
    inquiry = InquiryFactory()
    url = page_for(inquiry)
    mark_published(inquiry)
    text = main_of(client_in_mode("standard").get(url)).get_text(" ", strip=True)
    assert "Fewer than 5 people have taken part so far" in text
    assert "Nothing people told us has been checked and counted yet" in text
    assert "The changes people called for are not written yet" in text
    assert "This inquiry did not ask people to decide about money" in text
    assert "No commitments are recorded yet" in text
    easy = main_of(client_in_mode("easy-read").get(url)).get_text(" ", strip=True)
    assert "Fewer than 5 people took part." in easy
    assert "There are no changes to show yet." in easy
    assert "People did not vote on money in this inquiry." in easy
    assert "Nobody has made a promise to act yet." in easy
    passes_the_easy_read_checker(inquiry)


def test_fewer_than_5_voters_show_no_results(demo, client_in_mode):
    inquiry = InquiryFactory()
    changes = ChangeFactory.create_batch(3, inquiry=inquiry)
    vote(inquiry, changes, 4)
    url = page_for(inquiry)
    mark_published(inquiry)
    main = main_of(client_in_mode("standard").get(url))
    assert "Fewer than 5 people voted on the changes" in main.get_text()
    assert main.find("caption", string="Priority results: every change") is None
    easy = main_of(client_in_mode("easy-read").get(url)).get_text(" ", strip=True)
    assert "Fewer than 5 people voted." in easy
    assert "It came 1st" not in easy
    passes_the_easy_read_checker(inquiry)


def test_when_every_group_is_too_small_no_group_is_shown(demo, client_in_mode):
    inquiry = InquiryFactory()
    changes = ChangeFactory.create_batch(2, inquiry=inquiry)
    vote(inquiry, changes, 3, channel="online", relationship=["draw_on_care"])
    vote(inquiry, changes, 3, channel="room", relationship=["unpaid_carer"])
    url = page_for(inquiry)
    mark_published(inquiry)
    main = main_of(client_in_mode("standard").get(url))
    assert main.find("caption", string="Priority results: every change")
    group_captions = [
        c for c in main.select("caption") if c.get_text().startswith("Helped to vote")
    ]
    assert not group_captions  # its groups have 3 votes each: no table
    assert "No group here has results we can show" in main.get_text()
    easy = main_of(client_in_mode("easy-read").get(url)).get_text(" ", strip=True)
    assert "No group had 5 or more votes." in easy
    assert "Their top change" not in easy
    passes_the_easy_read_checker(inquiry)


def test_a_budget_nobody_voted_on_says_so(demo, client_in_mode):
    inquiry = InquiryFactory()
    BudgetAreaFactory(budget=BudgetFactory(inquiry=inquiry))
    url = page_for(inquiry)
    mark_published(inquiry)
    text = main_of(client_in_mode("standard").get(url)).get_text(" ", strip=True)
    assert "No splits yet" in text
    assert "No offers yet" in text
    easy = main_of(client_in_mode("easy-read").get(url)).get_text(" ", strip=True)
    assert "Nobody has shared out the money yet." in easy
    assert "Nobody has offered time or help yet." in easy
    passes_the_easy_read_checker(inquiry)


# Cost


def test_the_number_of_queries_does_not_grow_with_the_ballots(demo):
    inquiry = InquiryFactory()
    changes = ChangeFactory.create_batch(4, inquiry=inquiry)
    BudgetAreaFactory(budget=BudgetFactory(inquiry=inquiry))
    url = page_for(inquiry)
    mark_published(inquiry)
    client = Client()

    def queries() -> int:
        cache.clear()  # build the document afresh, the costly case
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    vote(inquiry, changes, 10, relationship=["draw_on_care"])
    with_10 = queries()
    vote(inquiry, changes, 90, relationship=["unpaid_carer"])
    with_100 = queries()
    assert with_100 == with_10
    # And from the cache, far fewer.
    with CaptureQueriesContext(connection) as cached:
        client.get(url)
    assert len(cached.captured_queries) < with_10
