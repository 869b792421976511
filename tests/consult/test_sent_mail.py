"""Every task or command that sends email sends each email once, however
often it runs: a retry, a second cron host, a double enqueue."""

from __future__ import annotations

import datetime as dt
import io
import threading
import time

import pytest
from django.core import mail
from django.core.mail import send_mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from consult.commitments import follows, invites, overdue
from consult.models import Follow, SentMail
from consult.models.inquiries import today
from consult.sent_mail import already_sent, recipient_key, send_once
from deliberation import services as session_services
from deliberation.emails import send_sign_up_email
from tests.consult.commitments.factories import CommitmentFactory
from tests.deliberation.factories import SessionFactory
from tests.factories import OrganisationFactory

DAY = dt.timedelta(days=1)


def _mail(to: str = "sam@example.org"):
    return lambda: send_mail("Hello", "Words.", None, [to])


@pytest.mark.django_db
def test_send_once_sends_once_and_keeps_no_address() -> None:
    assert send_once(
        kind="test", recipient="Sam@Example.org", about="x:1", send=_mail()
    )
    assert not send_once(
        kind="test", recipient="sam@example.org ", about="x:1", send=_mail()
    )
    assert len(mail.outbox) == 1
    row = SentMail.objects.get()
    assert row.recipient == recipient_key("sam@example.org")
    assert "sam" not in row.recipient
    assert already_sent(kind="test", recipient="SAM@example.org", about="x:1")
    # Another round (period) is another email.
    assert send_once(
        kind="test",
        recipient="sam@example.org",
        about="x:1",
        period="2026-W49",
        send=_mail(),
    )
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_a_failed_send_records_nothing_so_the_next_run_sends_it() -> None:
    def broken() -> None:
        raise ConnectionError("mail server down")

    with pytest.raises(ConnectionError):
        send_once(kind="test", recipient="sam@example.org", about="x:1", send=broken)
    assert not SentMail.objects.exists()
    assert send_once(
        kind="test", recipient="sam@example.org", about="x:1", send=_mail()
    )
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_sign_up_email_task_run_twice_sends_once(
    django_capture_on_commit_callbacks,
) -> None:
    session = SessionFactory()
    with django_capture_on_commit_callbacks(execute=True):
        entry = session_services.sign_up(
            session=session, name="Sam", email="sam@example.org"
        )
    assert len(mail.outbox) == 1  # "You have a place", sent by the task
    assert send_sign_up_email.call(entry.pk, "booked") is False  # a retry
    with django_capture_on_commit_callbacks(execute=True):
        send_sign_up_email.enqueue(entry.pk, "booked")  # a double enqueue
    assert len(mail.outbox) == 1
    # A different email about the same place still goes, once.
    assert send_sign_up_email.call(entry.pk, "reminder") is True
    assert send_sign_up_email.call(entry.pk, "reminder") is False
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_session_reminders_command_run_twice_sends_each_once(
    django_capture_on_commit_callbacks,
) -> None:
    soon = SessionFactory(starts_at=timezone.now() + dt.timedelta(hours=20))
    for n in range(3):
        session_services.sign_up(session=soon, name=f"P{n}", email=f"p{n}@example.org")
    mail.outbox.clear()
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_session_reminders", stdout=out)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_session_reminders", stdout=out)
    assert out.getvalue().splitlines() == ["Sent 3 reminder(s).", "Sent 0 reminder(s)."]
    assert sorted(m.to[0] for m in mail.outbox) == [
        "p0@example.org",
        "p1@example.org",
        "p2@example.org",
    ]
    # Even if the sent mark were lost (a restore), the task would not resend.
    soon.sign_ups.update(reminder_sent_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_session_reminders", stdout=out)
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_overdue_reminders_command_run_twice_sends_once() -> None:
    CommitmentFactory(owner_email="owner@example.org", review_on=today() - 3 * DAY)
    call_command("send_overdue_reminders", stdout=io.StringIO())
    call_command("send_overdue_reminders", stdout=io.StringIO())
    assert overdue.send_overdue_reminders_task.enqueue().return_value == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_digests_command_and_task_run_twice_send_once() -> None:
    organisation = OrganisationFactory()
    Follow.objects.create(
        email="sam@example.org",
        confirmed_at=timezone.now() - DAY,
        frequency="daily",
        organisation=organisation,
    )
    CommitmentFactory(organisation=organisation)
    call_command("send_digests", stdout=io.StringIO())
    call_command("send_digests", stdout=io.StringIO())
    follows.send_digests_task.enqueue()
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_an_editor_invitation_is_emailed_once_even_if_sent_twice(
    django_capture_on_commit_callbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invite, token = invites.invite_editor(
            organisation=OrganisationFactory(), email="ed@example.org", by=None
        )
    assert len(mail.outbox) == 1
    invites._send_invite(invite, token)  # on_commit fired twice, say
    assert len(mail.outbox) == 1
    # A new invitation (asked for again) is a new email.
    with django_capture_on_commit_callbacks(execute=True):
        invites.invite_editor(
            organisation=invite.organisation, email="ed@example.org", by=None
        )
    assert len(mail.outbox) == 2


@pytest.mark.django_db(transaction=True)
def test_two_hosts_sending_at_the_same_moment_send_once() -> None:
    """On PostgreSQL the second insert waits on the unique index until the
    first transaction ends, then fails: one email."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locking")
    start = threading.Barrier(2)
    results: list[bool] = []

    def slow_send() -> None:
        time.sleep(0.3)  # the first host is still sending
        send_mail("Hello", "Words.", None, ["sam@example.org"])

    def host() -> None:
        try:
            start.wait()
            results.append(
                send_once(
                    kind="test",
                    recipient="sam@example.org",
                    about="x:1",
                    send=slow_send,
                )
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=host) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, True]
    assert len(mail.outbox) == 1
    assert SentMail.objects.count() == 1
