"""The daily reminder to a commitment's owner when its progress update is
overdue: sent once per review date, however often it runs."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command

from consult.commitments import overdue, services
from consult.models import OverdueReminder
from consult.models.inquiries import today

from .factories import CommitmentFactory

pytestmark = pytest.mark.django_db

OWNER = "adult-social-care@testshire.example"


def _days(n: int) -> dt.date:
    return today() + dt.timedelta(days=n)


@pytest.fixture
def late():
    return CommitmentFactory(
        title="Peer support in every town",
        owner_email=OWNER,
        review_on=_days(-3),
    )


def test_the_owner_is_emailed_in_plain_words(late) -> None:
    assert overdue.send_overdue_reminders() == 1
    [email] = mail.outbox
    assert email.to == [OWNER]
    assert email.subject == "Progress update overdue: Peer support in every town"
    assert "Peer support in every town" in email.body
    assert f"{late.review_on:%A} {late.review_on.day} {late.review_on:%B %Y}" in (
        email.body
    )
    path = f"/organisations/{late.organisation.slug}/commitments/{late.pk}/updates/new/"
    assert settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path in email.body
    assert "update overdue" in email.body
    reminder = OverdueReminder.objects.get()
    assert (reminder.commitment, reminder.review_on, reminder.sent_to) == (
        late,
        late.review_on,
        OWNER,
    )


def test_a_rerun_sends_nothing_twice(late) -> None:
    assert overdue.send_overdue_reminders() == 1
    assert overdue.send_overdue_reminders() == 0
    assert overdue.send_overdue_reminders(on=_days(5)) == 0
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    "fields",
    [
        {"owner_email": ""},  # nobody to tell
        {"review_on": today()},  # due today: not passed yet
        {"review_on": _days(4)},
        {"status": "done"},  # done and not-doing owe no more updates
        {"status": "not_doing", "not_doing_reason": "No money."},
    ],
)
def test_no_reminder_when_nothing_is_overdue(fields) -> None:
    CommitmentFactory(**{"owner_email": OWNER, "review_on": _days(-3), **fields})
    assert overdue.send_overdue_reminders() == 0
    assert mail.outbox == []


def test_an_update_since_the_review_date_means_no_reminder(late) -> None:
    services.post_progress_update(
        commitment=late,
        by=None,
        values=services.UpdateValues(
            dated=_days(-1), text="Going well.", status="started", progress=30
        ),
    )
    assert overdue.send_overdue_reminders() == 0


def test_a_new_review_date_that_passes_brings_a_new_reminder(late) -> None:
    assert overdue.send_overdue_reminders() == 1
    services.post_progress_update(
        commitment=late,
        by=None,
        values=services.UpdateValues(
            dated=today(),
            text="Going well.",
            status="started",
            progress=30,
            next_review_on=_days(10),
        ),
    )
    assert overdue.send_overdue_reminders(on=_days(10)) == 0
    assert overdue.send_overdue_reminders(on=_days(11)) == 1
    assert overdue.send_overdue_reminders(on=_days(12)) == 0
    assert len(mail.outbox) == 2
    assert OverdueReminder.objects.count() == 2


def test_a_mail_server_failure_records_nothing_so_the_next_run_sends(late) -> None:
    with mock.patch.object(overdue, "send_mail", side_effect=OSError("down")):
        assert overdue.send_overdue_reminders() == 0
    assert not OverdueReminder.objects.exists()
    assert overdue.send_overdue_reminders() == 1
    assert len(mail.outbox) == 1


def test_the_command_says_what_it_sent(late) -> None:
    out = StringIO()
    call_command("send_overdue_reminders", stdout=out)
    assert out.getvalue().strip() == "Sent 1 overdue reminder(s)."
    out = StringIO()
    call_command("send_overdue_reminders", "--format", "json", stdout=out)
    assert json.loads(out.getvalue()) == {"reminders_sent": 0}
    assert len(mail.outbox) == 1


def test_the_daily_task_sends_them(late) -> None:
    out = StringIO()
    call_command("send_overdue_reminders", "--queue", stdout=out)
    assert "Queued" in out.getvalue()
    # Tests run tasks at once (django-tasks' immediate backend).
    assert len(mail.outbox) == 1
    assert overdue.send_overdue_reminders_task.call() == 0
