"""The Atom feed of an inquiry: phases as they open; the results and the
changes only once published."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from consult.models import PhaseKind
from consult.models.inquiries import today
from consult.publication import publish_results, unpublish_results
from tests.consult.test_opendata import add_page
from tests.factories import (
    ChangeFactory,
    FindingFactory,
    InquiryFactory,
    PhaseFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client: Client, url: str) -> list[dict[str, str]]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 (our own output)
    assert feed.tag == f"{ATOM}feed"
    found = [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "id": entry.findtext(f"{ATOM}id"),
            "summary": entry.findtext(f"{ATOM}summary"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "published": entry.findtext(f"{ATOM}published"),
        }
        for entry in feed.iter(f"{ATOM}entry")
    ]
    assert len({e["id"] for e in found}) == len(found), "entry ids must be unique"
    return found


@pytest.fixture
def inquiry(demo):
    """A small inquiry of its own, with a page (the demo gives the home page)."""
    inquiry = InquiryFactory(slug="feedshire")
    PhaseFactory(
        inquiry=inquiry,
        kind=PhaseKind.LISTEN,
        opens_on=today() - dt.timedelta(days=20),
        closes_on=today() - dt.timedelta(days=5),
    )
    PhaseFactory(
        inquiry=inquiry,
        kind=PhaseKind.PUBLISH,
        opens_on=today() - dt.timedelta(days=2),
        closes_on=None,
    )
    PhaseFactory(
        inquiry=inquiry,
        kind=PhaseKind.COMMIT,
        opens_on=today() + dt.timedelta(days=30),
        closes_on=None,
    )
    ChangeFactory(inquiry=inquiry, number=1, title="Homes people choose")
    ChangeFactory(inquiry=inquiry, number=2, title="Breaks for carers")
    FindingFactory(inquiry=inquiry, text="A QUOTE FROM SOMEONE")
    add_page(inquiry)
    return inquiry


def test_before_publishing_the_feed_has_opened_phases_and_no_results(
    inquiry,
) -> None:
    found = entries(Client(), "/feedshire/feed/")
    assert [e["title"] for e in found] == [
        "Publish results: this part of the inquiry is open",
        "Listen: this part of the inquiry is open",
    ]
    text = " ".join(f"{e['title']} {e['summary']}" for e in found)
    for secret in (
        "Homes people choose",
        "Breaks for carers",
        "are published",
        "QUOTE",
    ):
        assert secret not in text
    assert "Commit" not in text  # not open yet
    assert found[1]["published"].startswith(
        (today() - dt.timedelta(days=20)).isoformat()
    )
    assert found[0]["link"] == "http://testserver/feedshire/#phases"


def test_after_publishing_the_feed_has_the_results_and_the_changes(
    inquiry,
) -> None:
    editor = UserFactory()
    publish_results(inquiry, by=editor)
    found = entries(Client(), "/feedshire/feed/")
    assert [e["title"] for e in found] == [
        "The results are published",
        "Change 1: Homes people choose",
        "Change 2: Breaks for carers",
        "Publish results: this part of the inquiry is open",
        "Listen: this part of the inquiry is open",
    ]
    assert found[1]["link"] == "http://testserver/feedshire/changes/#change-1"
    assert all(e["id"].startswith("tag:testserver,") for e in found)

    unpublish_results(inquiry, by=editor)
    titles = [e["title"] for e in entries(Client(), "/feedshire/feed/")]
    assert "The results are published" not in titles
    assert not any(t.startswith("Change") for t in titles)


def test_the_inquiry_page_points_feed_readers_at_the_feed(demo) -> None:
    html = Client().get("/anyshire/").content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" '
        'title="News and results: ' in html
    )
    assert 'href="/anyshire/feed/"' in html


def test_the_demo_feed_names_no_change_until_published(demo) -> None:
    client = Client()
    changes = list(demo.changes.values_list("title", flat=True))
    assert changes
    before = client.get("/anyshire/feed/").content.decode()
    assert not [title for title in changes if title in before]
    publish_results(demo, by=UserFactory())
    after = client.get("/anyshire/feed/").content.decode()
    assert all(title in after for title in changes)
