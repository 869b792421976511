"""The per-inquiry stamp that cached pages and fingerprints are keyed on."""

import pytest
from django.core.cache import cache

from consult.caching import (
    inquiry_id_of,
    inquiry_version,
    path_to_inquiry,
)
from consult.models import Finding, ResultsPdf, SpendFigure, Theme, User
from consult.results.document import data_version, known_data_version
from tests.factories import (
    FindingFactory,
    InquiryFactory,
    OrganisationFactory,
    SpendFigureFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_every_model_finds_its_inquiry_by_the_shortest_chain() -> None:
    assert path_to_inquiry(Finding) == ("inquiry",)
    assert path_to_inquiry(SpendFigure) == ("area", "budget", "inquiry")
    assert path_to_inquiry(User) is None
    figure = SpendFigureFactory()
    assert inquiry_id_of(figure) == figure.area.budget.inquiry_id


def test_a_saved_finding_moves_its_inquirys_stamp_only() -> None:
    mine, other = InquiryFactory(), InquiryFactory()
    before_mine, before_other = inquiry_version(mine.pk), inquiry_version(other.pk)
    FindingFactory(inquiry=mine)
    assert inquiry_version(mine.pk) != before_mine
    assert inquiry_version(other.pk) == before_other


def test_a_deleted_row_moves_the_stamp_too() -> None:
    finding = FindingFactory()
    before = inquiry_version(finding.inquiry_id)
    finding.delete()
    assert inquiry_version(finding.inquiry_id) != before


def test_a_row_of_no_inquiry_moves_every_stamp() -> None:
    inquiry = InquiryFactory()
    before = inquiry_version(inquiry.pk)
    OrganisationFactory()
    assert inquiry_version(inquiry.pk) != before


def test_work_done_on_the_data_does_not_move_the_stamp() -> None:
    """A results PDF records a build; if saving it moved the stamp, the PDF
    would be old the moment it was made. Signing in is no data either."""
    inquiry = InquiryFactory()
    user = UserFactory()
    before = inquiry_version(inquiry.pk)
    ResultsPdf.objects.create(inquiry=inquiry, variant="standard")
    user.save(update_fields=["last_login"])
    assert inquiry_version(inquiry.pk) == before


def test_the_stamp_moves_again_when_the_transaction_commits(
    django_capture_on_commit_callbacks,
) -> None:
    inquiry = InquiryFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        FindingFactory(inquiry=inquiry)
    during = inquiry_version(inquiry.pk)
    assert callbacks
    for callback in callbacks:
        callback()
    assert inquiry_version(inquiry.pk) != during


def test_a_lost_cache_gives_a_fresh_stamp() -> None:
    inquiry = InquiryFactory()
    before = inquiry_version(inquiry.pk)
    cache.clear()
    assert inquiry_version(inquiry.pk) != before


def test_the_known_fingerprint_costs_no_query_until_the_data_changes(
    django_assert_num_queries,
) -> None:
    inquiry = InquiryFactory()
    first = known_data_version(inquiry)
    assert first == data_version(inquiry)
    with django_assert_num_queries(0):
        assert known_data_version(inquiry) == first
    Theme.objects.create(inquiry=inquiry, name="Getting out")
    assert known_data_version(inquiry) != first
    assert known_data_version(inquiry) == data_version(inquiry)


def test_a_bulk_edit_shows_once_its_stamp_is_moved_or_the_copy_expires() -> None:
    """QuerySet.update sends no signal: the copy is kept for at most a
    minute (VERSION_TTL), and sooner when the code that edits moves the stamp."""
    from consult.caching import bump_inquiry_version

    inquiry = InquiryFactory()
    theme = Theme.objects.create(inquiry=inquiry, name="Home")
    kept = known_data_version(inquiry)
    Theme.objects.filter(pk=theme.pk).update(name="At home")
    assert known_data_version(inquiry) == kept  # within the minute
    bump_inquiry_version(inquiry.pk)
    assert known_data_version(inquiry) == data_version(inquiry) != kept
