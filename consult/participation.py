"""Who is taking part, from the request: a signed-in account, or a
participation code entered in this browser (kept in the session)."""

from __future__ import annotations

from django.http import HttpRequest

from .models import Inquiry, Participant

SESSION_KEY = "coproduce_participants"


def remember_participant(request: HttpRequest, participant: Participant) -> None:
    known = dict(request.session.get(SESSION_KEY, {}))
    known[str(participant.inquiry_id)] = participant.pk
    request.session[SESSION_KEY] = known
    request.session.cycle_key()  # a new session id on every sign-in by code


def forget_participant(request: HttpRequest, inquiry: Inquiry) -> None:
    known = dict(request.session.get(SESSION_KEY, {}))
    known.pop(str(inquiry.pk), None)
    request.session[SESSION_KEY] = known


def participant_for(request: HttpRequest, inquiry: Inquiry) -> Participant | None:
    """The participant this browser speaks for in this inquiry, if any."""
    pk = request.session.get(SESSION_KEY, {}).get(str(inquiry.pk))
    if pk is not None:
        participant = Participant.objects.filter(
            pk=pk, inquiry=inquiry, code__revoked_at__isnull=True, erased_at=None
        ).first()
        if participant is not None:
            return participant
    if request.user.is_authenticated:
        return Participant.objects.filter(
            inquiry=inquiry, user=request.user, erased_at=None
        ).first()
    return None


def code_participants(request: HttpRequest) -> list[Participant]:
    """Everyone this browser entered a participation code for, in any
    inquiry (not erased, code not stopped)."""
    pks = [pk for pk in request.session.get(SESSION_KEY, {}).values() if pk]
    return list(
        Participant.objects.filter(
            pk__in=pks,
            erased_at=None,
            code__isnull=False,
            code__revoked_at__isnull=True,
        )
        .select_related("inquiry")
        .order_by("pk")
    )
