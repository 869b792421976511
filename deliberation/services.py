"""Writes for sessions: planning, sign-up with a reserve list, cancelling,
attendance and reminders. Seats are counted under a row lock on the session,
so two people taking the last seat at once cannot both get it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from consult.models import Inquiry, Participant

from .models import Session, SignUp, SignUpStatus

CANCEL_SALT = "deliberation.sign-up.cancel"


class SessionProblem(Exception):
    """Something the person asked for cannot be done; the message says why."""


class SessionClosed(SessionProblem):
    pass


class AlreadySignedUp(SessionProblem):
    def __init__(self, message: str, sign_up: SignUp) -> None:
        super().__init__(message)
        self.sign_up = sign_up


@dataclass(frozen=True)
class SessionPlan:
    title: str
    format: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    place: str = ""
    joining_details: str = ""
    access_features: tuple[str, ...] = ()
    access_notes: str = ""
    payment_policy: str = ""


@transaction.atomic
def plan_session(
    *,
    inquiry: Inquiry,
    plan: SessionPlan,
    facilitators: Iterable[Any] = (),
    by: Any = None,
    session: Session | None = None,
) -> Session:
    """Create a session, or change one already planned."""
    if session is None:
        session = Session(inquiry=inquiry, created_by=by)
    for field in SessionPlan.__dataclass_fields__:
        value = getattr(plan, field)
        setattr(session, field, list(value) if field == "access_features" else value)
    session.full_clean()
    session.save()
    session.facilitators.set(facilitators)
    if session.pk:
        _promote_reserves(session)
    return session


def seats_taken(session: Session) -> int:
    booked = session.sign_ups.filter(status=SignUpStatus.BOOKED)
    people = booked.count()
    supporters = booked.filter(brings_supporter=True).count()
    return people + supporters


def seats_left(session: Session) -> int:
    return max(session.capacity - seats_taken(session), 0)


@transaction.atomic
def sign_up(
    *,
    session: Session,
    name: str,
    email: str = "",
    phone: str = "",
    brings_supporter: bool = False,
    access_needs: str = "",
    user: Any = None,
    participant: Participant | None = None,
) -> SignUp:
    """Book a place, or a place on the reserve list when the session is full."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.is_cancelled:
        raise SessionClosed("This session has been cancelled.")
    if session.has_started:
        raise SessionClosed("This session has already started, so you cannot sign up.")
    email = email.strip().lower()
    existing = _existing_sign_up(session, email=email, user=user)
    if existing is not None:
        raise AlreadySignedUp("You have already signed up for this session.", existing)
    needed = 2 if brings_supporter else 1
    status = (
        SignUpStatus.BOOKED
        if seats_taken(session) + needed <= session.capacity
        else SignUpStatus.RESERVE
    )
    entry = SignUp(
        session=session,
        name=name.strip(),
        email=email,
        phone=phone.strip(),
        brings_supporter=brings_supporter,
        access_needs=access_needs.strip(),
        user=user if user is not None and user.is_authenticated else None,
        participant=participant,
        status=status,
    )
    entry.full_clean()
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError as error:
        raise SessionProblem("You have already signed up for this session.") from error
    _send_later(entry, "booked" if status == SignUpStatus.BOOKED else "reserve")
    return entry


def _existing_sign_up(session: Session, *, email: str, user: Any) -> SignUp | None:
    active = session.sign_ups.exclude(status=SignUpStatus.CANCELLED)
    if user is not None and user.is_authenticated:
        found = active.filter(user=user).first()
        if found is not None:
            return found
    if email:
        return active.filter(email=email).first()
    return None


@transaction.atomic
def cancel_sign_up(*, sign_up: SignUp) -> SignUp:
    """Give a place back. People on the reserve list move up in the order
    they signed up, as long as their seats fit."""
    session = Session.objects.select_for_update().get(pk=sign_up.session_id)
    sign_up = SignUp.objects.select_for_update().get(pk=sign_up.pk)
    if sign_up.status == SignUpStatus.CANCELLED:
        return sign_up
    was_booked = sign_up.status == SignUpStatus.BOOKED
    sign_up.status = SignUpStatus.CANCELLED
    sign_up.cancelled_at = timezone.now()
    sign_up.save(update_fields=["status", "cancelled_at"])
    if was_booked and not session.has_started:
        _promote_reserves(session)
    return sign_up


def _promote_reserves(session: Session) -> list[SignUp]:
    """Move reserves up while seats are free. Someone who needs two seats does
    not block a person behind them who needs one; they keep their place and
    move up as soon as two seats are free."""
    free = session.capacity - seats_taken(session)
    promoted = []
    for entry in session.sign_ups.filter(status=SignUpStatus.RESERVE).order_by(
        "created_at", "pk"
    ):
        if free <= 0:
            break
        if entry.seats <= free:
            entry.status = SignUpStatus.BOOKED
            entry.save(update_fields=["status"])
            free -= entry.seats
            promoted.append(entry)
            _send_later(entry, "promoted")
    return promoted


@transaction.atomic
def cancel_session(*, session: Session, by: Any = None) -> Session:
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.cancelled_at is None:
        session.cancelled_at = timezone.now()
        session.save(update_fields=["cancelled_at"])
        for entry in session.sign_ups.exclude(status=SignUpStatus.CANCELLED):
            _send_later(entry, "session_cancelled")
    return session


def record_attendance(
    *, session: Session, attended: int, supporters_attended: int, by: Any
) -> Session:
    """How many people came, counted after the session: counts only, no names."""
    if not session.has_started:
        raise SessionProblem("You can count who came once the session has started.")
    if attended < 0 or supporters_attended < 0:
        raise SessionProblem("Counts cannot be below 0.")
    session.attended = attended
    session.supporters_attended = supporters_attended
    session.attendance_recorded_by = by
    session.attendance_recorded_at = timezone.now()
    session.save(
        update_fields=[
            "attended",
            "supporters_attended",
            "attendance_recorded_by",
            "attendance_recorded_at",
        ]
    )
    return session


def attendance_totals(inquiry: Inquiry) -> dict[str, int]:
    """Everyone counted across the inquiry's sessions."""
    totals = Session.objects.filter(inquiry=inquiry).aggregate(
        people=Sum("attended"), supporters=Sum("supporters_attended")
    )
    return {key: value or 0 for key, value in totals.items()}


def cancel_token(sign_up: SignUp) -> str:
    """A link token so people without an account can cancel their place."""
    return signing.dumps(sign_up.pk, salt=CANCEL_SALT)


def sign_up_for_token(token: str) -> SignUp | None:
    try:
        pk = signing.loads(token, salt=CANCEL_SALT)
    except signing.BadSignature:
        return None
    return SignUp.objects.select_related("session__inquiry").filter(pk=pk).first()


def reminders_due(*, within: dt.timedelta, now: dt.datetime | None = None) -> list:
    """Booked places with an email address whose session starts soon and who
    have not had a reminder yet."""
    now = now or timezone.now()
    return list(
        SignUp.objects.filter(
            status=SignUpStatus.BOOKED,
            reminder_sent_at__isnull=True,
            session__cancelled_at__isnull=True,
            session__starts_at__gt=now,
            session__starts_at__lte=now + within,
        )
        .exclude(email="")
        .select_related("session__inquiry")
    )


def send_reminders(*, within: dt.timedelta = dt.timedelta(hours=36)) -> int:
    """Send each due reminder once. Marking it sent first means a crash
    between the two sends no duplicate; the send itself is retried by the
    task backend where it supports retries."""
    sent = 0
    for entry in reminders_due(within=within):
        updated = SignUp.objects.filter(
            pk=entry.pk, reminder_sent_at__isnull=True
        ).update(reminder_sent_at=timezone.now())
        if updated:
            _send_later(entry, "reminder")
            sent += 1
    return sent


def _send_later(entry: SignUp, kind: str) -> None:
    if not entry.email:
        return
    from .emails import send_sign_up_email

    transaction.on_commit(lambda: send_sign_up_email.enqueue(entry.pk, kind))
