"""Room mode pages: the projector page with live counts for one session, its
JSON, and the console form a facilitator uses to enter a vote for someone
who asks for help."""

from __future__ import annotations

import secrets

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from consult.models import Inquiry, PhaseKind
from consult.priorities.ballots import BallotError, settings_for
from consult.priorities.entry_forms import RoomBallotForm

from . import room
from .models import Session, SessionBallot
from .views import _facilitator_gate

REFRESH_SECONDS = 5


def _session(inquiry: Inquiry, pk: int) -> Session:
    return get_object_or_404(Session, pk=pk, inquiry=inquiry)


@require_safe
@never_cache
def room_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """For a projector: the question, each change with its picture and, when
    the inquiry shows them, the counts of this session's votes. A small
    script fetches new counts every few seconds; without it, a Refresh link."""
    inquiry = get_object_or_404(Inquiry, slug=slug)
    gate = _facilitator_gate(request, inquiry)
    if gate is not None:
        return gate
    session = _session(inquiry, pk)
    rules = settings_for(inquiry)
    return render(
        request,
        "deliberation/room.html",
        {
            "inquiry": inquiry,
            "session": session,
            "rules": rules,
            "counts": room.session_counts(session),
            "counts_on": rules.room_counts_on,
            "refresh_seconds": REFRESH_SECONDS,
        },
    )


@require_safe
@never_cache
def room_counts(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    inquiry = get_object_or_404(Inquiry, slug=slug)
    gate = _facilitator_gate(request, inquiry)
    if gate is not None:
        return gate
    session = _session(inquiry, pk)
    rules = settings_for(inquiry)
    return JsonResponse(
        room.counts_as_json(room.session_counts(session), shown=rules.room_counts_on)
    )


@require_http_methods(["GET", "POST"])
def console_vote(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Enter a vote for someone in the session who asks for help: with their
    code, or as 'someone in the room'. After saving, an empty form for the
    next person."""
    inquiry = get_object_or_404(Inquiry, slug=slug)
    gate = _facilitator_gate(request, inquiry)
    if gate is not None:
        return gate
    session = _session(inquiry, pk)
    rules = settings_for(inquiry)
    changes = list(inquiry.changes.order_by("number"))
    form = RoomBallotForm(rules=rules, changes=changes)
    entry = request.POST.get("entry", "")[:64]
    status = 200
    if request.method == "POST":
        status = 400
        form = RoomBallotForm(request.POST, rules=rules, changes=changes)
        if form.is_valid():
            try:
                result, earlier = room.cast_room_ballot(
                    session=session,
                    code=form.cleaned_data["code"],
                    marks=form.raw_marks(),
                    by=request.user,
                    entry=entry,
                )
            except room.RoomProblem as problem:
                form.add_error(problem.field, str(problem))
            except BallotError as problem:
                form.add_ballot_error(problem)
            else:
                if result is None:
                    return redirect(f"{request.path}?again={earlier}")
                return redirect(f"{request.path}?saved={result.ballot.pk}")
    mine = SessionBallot.objects.filter(
        session=session, ballot__helped_by=request.user
    ).count()
    return render(
        request,
        "deliberation/console_vote.html",
        {
            "inquiry": inquiry,
            "session": session,
            "rules": rules,
            "form": form,
            "changes": changes,
            # A failed form keeps its token: sending it again is still one vote.
            "entry": entry if form.errors and entry else secrets.token_urlsafe(16),
            "saved": request.GET.get("saved", "").isdigit(),
            "again": request.GET.get("again", "").isdigit(),
            "is_open": inquiry.is_phase_open(PhaseKind.PRIORITISE),
            "mine": mine,
        },
        status=status,
    )
