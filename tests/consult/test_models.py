"""Inquiry, phases and the rules the database itself keeps."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from consult.models import Phase, PhaseKind
from consult.models.inquiries import PhaseStatus
from tests.factories import (
    BudgetFactory,
    ChangeFactory,
    InquiryFactory,
    ParticipantFactory,
    PhaseFactory,
    UserFactory,
)

DAY = dt.date(2026, 3, 3)


@pytest.mark.parametrize(
    ("opens", "closes", "on", "expected"),
    [
        (DAY, DAY, DAY, PhaseStatus.OPEN),
        (DAY, DAY + dt.timedelta(days=9), DAY - dt.timedelta(days=1), "upcoming"),
        (DAY, DAY + dt.timedelta(days=9), DAY + dt.timedelta(days=9), "open"),
        (DAY, DAY + dt.timedelta(days=9), DAY + dt.timedelta(days=10), "closed"),
        (DAY, None, DAY + dt.timedelta(days=1000), "open"),
    ],
)
def test_phase_status(opens, closes, on, expected):
    assert Phase(kind=PhaseKind.LISTEN, opens_on=opens, closes_on=closes).status(
        on
    ) == PhaseStatus(expected)


@pytest.mark.django_db
def test_open_phases_are_in_the_inquiry_order():
    inquiry = InquiryFactory()
    PhaseFactory(inquiry=inquiry, kind=PhaseKind.PRIORITISE)
    PhaseFactory(inquiry=inquiry, kind=PhaseKind.LISTEN)
    PhaseFactory(
        inquiry=inquiry,
        kind=PhaseKind.PUBLISH,
        opens_on=dt.date(2100, 1, 1),
        closes_on=None,
    )
    assert [p.kind for p in inquiry.open_phases()] == ["listen", "prioritise"]
    assert inquiry.is_phase_open("listen")
    assert not inquiry.is_phase_open("publish")
    assert not inquiry.is_phase_open("commit")


@pytest.mark.django_db
def test_a_phase_cannot_close_before_it_opens():
    inquiry = InquiryFactory()
    phase = Phase(
        inquiry=inquiry, kind="listen", opens_on=DAY, closes_on=DAY - dt.timedelta(1)
    )
    with pytest.raises(ValidationError) as error:
        phase.full_clean()
    assert "on or after the first day" in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        phase.save()


@pytest.mark.django_db
def test_each_phase_happens_once_per_inquiry():
    phase = PhaseFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PhaseFactory(inquiry=phase.inquiry, kind=phase.kind)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "make_dependent",
    [
        lambda inquiry: ChangeFactory(inquiry=inquiry),
        lambda inquiry: ParticipantFactory(inquiry=inquiry),
        lambda inquiry: BudgetFactory(inquiry=inquiry),
    ],
    ids=["change", "participant", "budget"],
)
def test_an_inquiry_holding_peoples_data_cannot_be_deleted(make_dependent):
    inquiry = InquiryFactory()
    make_dependent(inquiry)
    with pytest.raises(ProtectedError):
        inquiry.delete()


@pytest.mark.django_db
def test_an_inquiry_page_cannot_take_its_inquiry_with_it(demo):
    with pytest.raises(ProtectedError):
        demo.delete()
    demo.page.delete()  # deleting the page leaves the inquiry and its data
    demo.refresh_from_db()
    assert demo.changes.count() == 5


@pytest.mark.django_db
def test_a_person_is_a_participant_once_per_inquiry():
    participant = ParticipantFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipantFactory(inquiry=participant.inquiry, user=participant.user)
    # People without accounts (participation codes) are many per inquiry.
    ParticipantFactory(inquiry=participant.inquiry, user=None)
    ParticipantFactory(inquiry=participant.inquiry, user=None)


@pytest.mark.django_db
def test_user_is_named_by_preferred_name_then_email():
    assert str(UserFactory(preferred_name="Pat", email="p@example.org")) == "Pat"
    assert str(UserFactory(preferred_name="", email="q@example.org")) == (
        "q@example.org"
    )
