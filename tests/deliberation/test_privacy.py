"""Session sign-ups join a person's download and go when they are erased or
when the inquiry's keeping time passes (deliberation/privacy.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from consult.models import PhaseKind
from consult.models.inquiries import today
from consult.privacy import export
from consult.privacy.retention import purge_personal_data
from consult.privacy.services import erase_account, erase_participant
from deliberation.models import SignUp
from tests.factories import InquiryFactory, ParticipantFactory, PhaseFactory

from .factories import SessionFactory, SignUpFactory

pytestmark = pytest.mark.django_db


def test_an_accounts_sign_ups_are_in_its_download() -> None:
    participant = ParticipantFactory()
    SignUpFactory(user=participant.user, name="Pat Jones", access_needs="BSL")
    SignUpFactory(name="Someone else")
    data = export.as_json_data(
        export.person_data(user=participant.user, code_participants=[])
    )
    rows = data["Sessions you booked"]
    assert [(r["name"], r["access_needs"]) for r in rows] == [("Pat Jones", "BSL")]


def test_erasing_a_code_holder_deletes_their_sign_ups() -> None:
    participant = ParticipantFactory(user=None)
    SignUpFactory(participant=participant)
    other = SignUpFactory()
    summary = erase_participant(participant=participant)
    assert summary["session_sign_ups"] == 1
    assert list(SignUp.objects.all()) == [other]


def test_erasing_an_account_deletes_its_sign_ups() -> None:
    participant = ParticipantFactory()
    SignUpFactory(user=participant.user)
    assert erase_account(user=participant.user)["session_sign_ups"] == 1
    assert not SignUp.objects.exists()


def test_the_purge_deletes_the_inquirys_sign_ups() -> None:
    inquiry = InquiryFactory(retention_months=1)
    closed = today() - dt.timedelta(days=40)
    PhaseFactory(
        inquiry=inquiry,
        kind=PhaseKind.LISTEN,
        opens_on=closed - dt.timedelta(days=5),
        closes_on=closed,
    )
    SignUpFactory(session=SessionFactory(inquiry=inquiry))
    kept = SignUpFactory()
    report = purge_personal_data()
    assert report.totals["session_sign_ups"] == 1
    assert list(SignUp.objects.all()) == [kept]
