"""Demo room mode: the demo's votes cast in a room belong to its library
session, so that session's projector screen shows their counts."""

from __future__ import annotations

from django.utils import timezone

from consult.models import BallotChannel, Inquiry, PriorityBallot, PrioritySettings
from deliberation.models import Session, SessionBallot, SessionFormat


def link_room_ballots(inquiry: Inquiry) -> str:
    """Link unlinked room ballots to the latest room session that has
    started, and show counts in the room. Safe to run again."""
    session = (
        Session.objects.filter(
            inquiry=inquiry,
            format=SessionFormat.ROOM,
            starts_at__lte=timezone.now(),
            cancelled_at__isnull=True,
        )
        .order_by("-starts_at")
        .first()
    )
    if session is None:
        return ""
    PrioritySettings.objects.filter(inquiry=inquiry).update(room_counts_on=True)
    loose = list(
        PriorityBallot.objects.filter(
            inquiry=inquiry, channel=BallotChannel.ROOM, session_link__isnull=True
        )
    )
    if not loose:
        return ""
    SessionBallot.objects.bulk_create(
        SessionBallot(session=session, ballot=ballot) for ballot in loose
    )
    count = SessionBallot.objects.filter(session=session).count()
    return f"room screen for “{session.title}” with {count} votes, counts shown"
