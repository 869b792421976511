"""Retention: the purge erases inquiries past their keeping time, reports
counts, does nothing on a dry run and nothing twice."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command

from consult import about_you, listening
from consult.models import (
    Consent,
    Finding,
    Participant,
    PhaseKind,
    PriorityBallot,
    PrivacyRequest,
)
from consult.models.inquiries import today
from consult.privacy.retention import (
    add_months,
    ended_on,
    purge_due_on,
    purge_personal_data,
    purge_personal_data_task,
)
from consult.privacy.services import REMOVED
from tests.factories import (
    InquiryFactory,
    ParticipantFactory,
    PhaseFactory,
    PriorityBallotFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "day,months,expected",
    [
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2023, 11, 15), 24, dt.date(2025, 11, 15)),
        (dt.date(2024, 12, 1), 1, dt.date(2025, 1, 1)),
    ],
)
def test_add_months(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


def _ended_inquiry(days_ago: int, months: int = 1):  # type: ignore[no-untyped-def]
    inquiry = InquiryFactory(retention_months=months)
    closed = today() - dt.timedelta(days=days_ago)
    PhaseFactory(
        inquiry=inquiry,
        kind=PhaseKind.LISTEN,
        opens_on=closed - dt.timedelta(days=30),
        closes_on=closed,
    )
    # Tracking promises goes on for years: it does not hold the purge back.
    PhaseFactory(
        inquiry=inquiry, kind=PhaseKind.COMMIT, opens_on=closed, closes_on=None
    )
    return inquiry


def _someone(inquiry) -> Participant:  # type: ignore[no-untyped-def]
    participant = ParticipantFactory(inquiry=inquiry)
    Finding.objects.create(
        inquiry=inquiry,
        participant=participant,
        text="I am Jo from Mill Lane.",
        channel="online",
        consent=Consent.ANONYMOUS,
        state="published",
    )
    about_you.record_about_you(participant=participant, consented=True)
    PriorityBallotFactory(inquiry=inquiry, participant=participant)
    return participant


def test_an_inquiry_with_an_open_ended_phase_has_not_ended() -> None:
    inquiry = InquiryFactory()
    PhaseFactory(inquiry=inquiry, kind=PhaseKind.LISTEN, closes_on=None)
    assert ended_on(inquiry) is None and purge_due_on(inquiry) is None


def test_the_purge_erases_only_inquiries_past_their_keeping_time() -> None:
    old = _ended_inquiry(days_ago=40, months=1)
    recent = _ended_inquiry(days_ago=10, months=1)
    gone, kept = _someone(old), _someone(recent)
    listening.record_finding(
        inquiry=old,
        text="Someone in the room: Bob",
        channel="session",
        consent="anonymous",
    )

    report = purge_personal_data()

    assert [i.slug for i in report.inquiries] == [old.slug]
    assert report.totals["participants"] == 1
    assert report.totals["findings"] == 2  # the person's and the room's
    assert report.totals["about_you"] == 1
    gone.refresh_from_db()
    kept.refresh_from_db()
    assert gone.is_erased and gone.user is None
    assert not kept.is_erased
    assert not Finding.objects.filter(inquiry=old).exclude(text=REMOVED).exists()
    assert PriorityBallot.objects.filter(inquiry=old).count() == 1  # still counted
    request = PrivacyRequest.objects.get(participant=gone)
    assert request.source == "retention"


def test_a_dry_run_reports_and_removes_nothing() -> None:
    old = _ended_inquiry(days_ago=40)
    person = _someone(old)
    report = purge_personal_data(dry_run=True)
    assert report.dry_run and report.totals == {
        "about_you": 1,
        "findings": 1,
        "participants": 1,
    }
    person.refresh_from_db()
    assert not person.is_erased
    assert "Would remove" in report.as_text()


def test_a_second_run_removes_nothing() -> None:
    _someone(_ended_inquiry(days_ago=40))
    assert purge_personal_data().inquiries
    again = purge_personal_data()
    assert again.inquiries == [] and again.totals == {}
    assert "nothing to remove" in again.as_text()


def test_the_command_prints_what_it_removed(capsys) -> None:  # type: ignore[no-untyped-def]
    old = _ended_inquiry(days_ago=40)
    _someone(old)
    call_command("purge_personal_data", "--dry-run", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["dry_run"] is True and data["totals"]["participants"] == 1
    call_command("purge_personal_data")
    out = capsys.readouterr().out
    assert f"{old.slug} (due" in out and "participants: 1" in out
    call_command("purge_personal_data")
    assert "nothing to remove" in capsys.readouterr().out


def test_the_task_runs_the_same_purge() -> None:
    _someone(_ended_inquiry(days_ago=40))
    result = purge_personal_data_task.call()
    assert result["totals"]["participants"] == 1
