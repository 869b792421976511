"""The results document: built from the data, public parts only, cached
until the data changes."""

import pytest

from consult.models import Finding, FindingTheme, Theme
from consult.results.document import build_document, data_version, results_document
from tests.factories import FindingFactory, InquiryFactory, PriorityBallotFactory

pytestmark = pytest.mark.django_db


def test_the_demo_document_holds_every_part(demo) -> None:
    document = build_document(demo)
    assert document.findings_counted > 0
    assert len(document.changes) == 5
    assert document.priorities is not None and document.priorities.enough
    assert document.budget is not None
    assert document.themes and all(t.findings >= 0 for t in document.themes)
    assert not document.is_empty
    assert len(document.commitments) == 10  # the demo's, first change first
    numbers = [min(c.number for c in r.changes) for r in document.commitments]
    assert numbers == sorted(numbers)


def test_quotes_are_only_what_people_agreed_to_share() -> None:
    inquiry = InquiryFactory()
    theme = Theme.objects.create(inquiry=inquiry, name="Home")
    shared = FindingFactory(inquiry=inquiry, consent="anonymous", text="Shared words")
    count_only = FindingFactory(inquiry=inquiry, consent="count_only", text="Secret")
    pending = FindingFactory(inquiry=inquiry, state="pending", text="Not checked")
    for finding in (shared, count_only, pending):
        FindingTheme.objects.create(finding=finding, theme=theme, is_key_quote=True)
    (summary,) = build_document(inquiry).themes
    assert [q.text for q in summary.quotes] == ["Shared words"]
    assert summary.quotes[0].said_by == "Someone who took part"
    assert summary.findings == 2  # the count-only one counts; the pending one not


def test_an_empty_inquiry_is_an_empty_document() -> None:
    document = build_document(InquiryFactory())
    assert document.is_empty
    assert document.priorities is None and document.budget is None
    assert document.voices.took_part_display == "fewer than 5"


def test_the_version_moves_with_the_data() -> None:
    inquiry = InquiryFactory()
    finding = FindingFactory(inquiry=inquiry)
    first = data_version(inquiry)
    assert data_version(inquiry) == first
    Finding.objects.filter(pk=finding.pk).update(state="private")  # bulk: no signal
    FindingFactory(inquiry=inquiry)
    second = data_version(inquiry)
    assert second != first
    theme = Theme.objects.create(inquiry=inquiry, name="Home")
    assert data_version(inquiry) != second
    third = data_version(inquiry)
    FindingTheme.objects.create(finding=finding, theme=theme)
    assert data_version(inquiry) != third


def test_the_cached_document_refreshes_after_a_vote(demo) -> None:
    before = results_document(demo)
    assert results_document(demo).version == before.version
    PriorityBallotFactory(inquiry=demo)
    after = results_document(demo)
    assert after.version != before.version
    assert after.priorities.ballots == before.priorities.ballots + 1
