"""Sign-up, the reserve list, cancelling, attendance and reminders."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from deliberation import services
from deliberation.models import SignUpStatus
from tests.factories import UserFactory

from .factories import SessionFactory, SignUpFactory

pytestmark = pytest.mark.django_db


def book(session, name="Sam", email="", phone="01632 960123", supporter=False):
    return services.sign_up(
        session=session,
        name=name,
        email=email,
        phone=phone,
        brings_supporter=supporter,
    )


def test_people_are_booked_until_the_seats_run_out_then_go_on_the_reserve_list():
    session = SessionFactory(capacity=3)
    first = book(session, "A", supporter=True)
    second = book(session, "B")
    third = book(session, "C")
    assert [first.status, second.status, third.status] == [
        SignUpStatus.BOOKED,
        SignUpStatus.BOOKED,
        SignUpStatus.RESERVE,
    ]
    assert services.seats_left(session) == 0


def test_a_supporter_needs_a_seat_too():
    session = SessionFactory(capacity=2)
    book(session, "A")
    entry = book(session, "B", supporter=True)
    assert entry.status == SignUpStatus.RESERVE


def test_giving_a_place_back_moves_the_reserve_list_up_in_order():
    session = SessionFactory(capacity=2)
    a = book(session, "A", supporter=True)
    needs_two = book(session, "B", supporter=True)
    needs_one = book(session, "C")
    later = book(session, "D")
    services.cancel_sign_up(sign_up=a)
    statuses = {
        e.name: e.status
        for e in (needs_two, needs_one, later)
        if e.refresh_from_db() is None
    }
    assert statuses == {
        "B": SignUpStatus.BOOKED,
        "C": SignUpStatus.RESERVE,
        "D": SignUpStatus.RESERVE,
    }


def test_someone_needing_two_seats_does_not_block_the_person_behind_them():
    session = SessionFactory(capacity=2)
    a = book(session, "A")
    book(session, "B")
    needs_two = book(session, "C", supporter=True)
    needs_one = book(session, "D")
    services.cancel_sign_up(sign_up=a)
    needs_two.refresh_from_db()
    needs_one.refresh_from_db()
    assert needs_two.status == SignUpStatus.RESERVE
    assert needs_one.status == SignUpStatus.BOOKED


def test_signing_up_twice_with_the_same_email_finds_the_first_place():
    session = SessionFactory()
    first = book(session, email="Sam@Example.org", phone="")
    with pytest.raises(services.AlreadySignedUp) as raised:
        book(session, email="sam@example.org", phone="")
    assert raised.value.sign_up == first


def test_an_account_signs_up_once():
    session = SessionFactory()
    user = UserFactory()
    services.sign_up(session=session, name="Sam", phone="01632 960123", user=user)
    with pytest.raises(services.AlreadySignedUp):
        services.sign_up(session=session, name="Sam", phone="01632 960124", user=user)


def test_a_session_that_has_started_or_is_cancelled_takes_no_sign_ups():
    started = SessionFactory(starts_at=timezone.now() - dt.timedelta(minutes=5))
    with pytest.raises(services.SessionClosed, match="already started"):
        book(started)
    cancelled = services.cancel_session(session=SessionFactory())
    with pytest.raises(services.SessionClosed, match="cancelled"):
        book(cancelled)


def test_more_seats_move_people_up_from_the_reserve_list():
    session = SessionFactory(capacity=1)
    book(session, "A")
    waiting = book(session, "B")
    plan = services.SessionPlan(
        title=session.title,
        format=session.format,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        capacity=2,
    )
    services.plan_session(inquiry=session.inquiry, plan=plan, session=session)
    waiting.refresh_from_db()
    assert waiting.status == SignUpStatus.BOOKED


def test_emails_say_booked_reserve_and_promoted(django_capture_on_commit_callbacks):
    session = SessionFactory(capacity=1, joining_details="Call 01632 960000")
    with django_capture_on_commit_callbacks(execute=True):
        a = book(session, "A", email="a@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        book(session, "B", email="b@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_sign_up(sign_up=a)
    subjects = [(m.to[0], m.subject.split(":")[0]) for m in mail.outbox]
    assert subjects == [
        ("a@example.org", "You have a place"),
        ("b@example.org", "You are on the reserve list"),
        ("b@example.org", "A place is free for you"),
    ]
    booked, reserve, promoted = mail.outbox
    assert "Call 01632 960000" in booked.body
    assert "Call 01632 960000" not in reserve.body
    assert "/cancel/" in promoted.body


def test_nobody_is_emailed_without_an_address(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        book(SessionFactory(), email="")
    assert mail.outbox == []


def test_reminders_go_once_to_booked_places_with_email(
    django_capture_on_commit_callbacks,
):
    soon = SessionFactory(starts_at=timezone.now() + dt.timedelta(hours=20))
    later = SessionFactory(starts_at=timezone.now() + dt.timedelta(days=5))
    SignUpFactory(session=soon, email="soon@example.org")
    SignUpFactory(session=soon, email="gone@example.org", status="cancelled")
    SignUpFactory(session=soon, email="", phone="01632 960123")
    SignUpFactory(session=later, email="later@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminders(within=dt.timedelta(hours=36)) == 1
        assert services.send_reminders(within=dt.timedelta(hours=36)) == 0
    assert [m.to for m in mail.outbox] == [["soon@example.org"]]
    assert mail.outbox[0].subject.startswith("Reminder")


def test_attendance_is_counted_only_once_the_session_has_started():
    user = UserFactory()
    future = SessionFactory()
    with pytest.raises(services.SessionProblem):
        services.record_attendance(
            session=future, attended=3, supporters_attended=0, by=user
        )
    past = SessionFactory(starts_at=timezone.now() - dt.timedelta(days=1))
    services.record_attendance(session=past, attended=9, supporters_attended=2, by=user)
    assert services.attendance_totals(past.inquiry) == {"people": 9, "supporters": 2}


def test_a_cancel_token_only_opens_its_own_place():
    entry = SignUpFactory()
    token = services.cancel_token(entry)
    assert services.sign_up_for_token(token) == entry
    assert services.sign_up_for_token(token + "x") is None
    assert services.sign_up_for_token("not-a-token") is None
