"""Pages for priority voting: the ballot (all on one page, or one change per
screen in easy read), the confirmation, assisted voting and the setup.
Thin: they ask permissions, the forms and the ballot service, then render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods

from consult import permissions, services
from consult.codes import display as display_code
from consult.models import (
    BallotChannel,
    Change,
    Inquiry,
    Participant,
    PhaseKind,
    PriorityBallot,
    PrioritySettings,
    VotingMethod,
)
from consult.models.inquiries import PhaseStatus
from consult.participation import participant_for

from ..ratelimit import rate_limit
from . import ballots
from .forms import (
    RATE_FACES,
    AssistedWhoForm,
    BallotForm,
    SettingsForm,
    StepForm,
    approvals_words,
    step_answer,
    step_value,
)
from .setup import save_priority_settings

ANSWERS_KEY = "coproduce_priority_answers"
ASSISTED_KEY = "coproduce_assisted_voter"


# --- helpers -------------------------------------------------------------------


def _changes(inquiry: Inquiry) -> list[Change]:
    return list(inquiry.changes.order_by("number"))


def _voter(request: HttpRequest, inquiry: Inquiry, *, join: bool) -> Participant | None:
    """The person voting; a signed-in person joins when they first vote."""
    participant = participant_for(request, inquiry)
    if participant is None and join and request.user.is_authenticated:
        participant = services.join_inquiry(inquiry=inquiry, user=request.user)
    return participant


def _can_vote_now(request: HttpRequest, inquiry: Inquiry) -> bool:
    return (
        participant_for(request, inquiry) is not None or request.user.is_authenticated
    )


def _voting_words(rules: PrioritySettings, count: int) -> dict[str, Any]:
    return {
        "method": rules.method,
        "approve_words": approvals_words(rules.approvals_allowed(count)),
        "places": rules.places_to_rank(count),
    }


def _summary(
    rules_method: str, changes: list[Change], values: dict[int, Any]
) -> list[dict[str, Any]]:
    """Each change with the answer in words, in the order people see them."""
    rows = []
    for number, change in enumerate(changes, start=1):
        value = values.get(change.pk)
        rows.append(
            {
                "step": number,
                "change": change,
                "answer": _answer_words(rules_method, value),
                "answered": value not in (None, ""),
            }
        )
    if rules_method == VotingMethod.RANK:
        rows.sort(
            key=lambda r: (not r["answered"], int(values.get(r["change"].pk) or 0))
        )
    return rows


def _answer_words(method: str, value: Any) -> str:
    if value in (None, ""):
        return {
            VotingMethod.RATE: "Prefer not to say",
            VotingMethod.APPROVE: "Not chosen",
            VotingMethod.RANK: "Not ranked",
        }[method]
    number = int(value)
    if method == VotingMethod.RATE:
        return ballots.RATE_WORDS.get(number, str(value))
    if method == VotingMethod.APPROVE:
        return "Chosen"
    return f"{ballots.ordinal(number)} place"


def _answers(request: HttpRequest, inquiry: Inquiry) -> dict[str, str]:
    return dict(request.session.get(ANSWERS_KEY, {}).get(str(inquiry.pk), {}))


def _save_answers(
    request: HttpRequest, inquiry: Inquiry, answers: dict[str, str]
) -> None:
    store = dict(request.session.get(ANSWERS_KEY, {}))
    store[str(inquiry.pk)] = answers
    request.session[ANSWERS_KEY] = store


def _forget_answers(request: HttpRequest, inquiry: Inquiry) -> None:
    store = dict(request.session.get(ANSWERS_KEY, {}))
    store.pop(str(inquiry.pk), None)
    request.session[ANSWERS_KEY] = store


def _staff_gate(request: HttpRequest, inquiry: Inquiry) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_facilitate(request.user, inquiry):
        raise PermissionDenied("Only the inquiry's facilitators can do this.")
    return None


def _private(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)  # it is about one person
    return response


def _closed(
    request: HttpRequest, inquiry: Inquiry, participant: Participant | None
) -> HttpResponse:
    phase = inquiry.phase(PhaseKind.PRIORITISE)
    ballot = ballots.ballot_for(inquiry, participant)
    changes = _changes(inquiry)
    rows = []
    if ballot is not None:
        rows = _summary(ballot.method, changes, ballots.choices_of(ballot))
    return _private(
        render(
            request,
            "consult/priorities/closed.html",
            {
                "inquiry": inquiry,
                "phase": phase,
                "upcoming": phase is not None
                and phase.status() == PhaseStatus.UPCOMING,
                "ballot": ballot,
                "rows": rows,
            },
        )
    )


# --- the ballot ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@rate_limit("vote")
def ballot(request: HttpRequest, slug: str) -> HttpResponse:
    """Vote on the changes: the whole ballot on one page."""
    inquiry = get_object_or_404(Inquiry, slug=slug)
    if not inquiry.is_phase_open(PhaseKind.PRIORITISE):
        return _closed(request, inquiry, participant_for(request, inquiry))
    if not _can_vote_now(request, inquiry):
        return _private(
            render(request, "consult/priorities/who.html", {"inquiry": inquiry})
        )
    participant = _voter(request, inquiry, join=request.method == "POST")
    rules = ballots.settings_for(inquiry)
    changes = _changes(inquiry)
    saved = ballots.choices_of(ballots.ballot_for(inquiry, participant))
    data = request.POST if request.method == "POST" else None
    form = BallotForm(data, rules=rules, changes=changes, saved=saved)
    if request.method == "POST" and form.is_valid():
        try:
            ballots.cast_ballot(
                inquiry=inquiry,
                participant=participant,
                choices=form.checked,
                channel=BallotChannel.ONLINE,
            )
        except ballots.BallotError as error:
            if error.code == "closed":
                return _closed(request, inquiry, participant)
            form.add_ballot_error(error)
        else:
            _forget_answers(request, inquiry)
            return redirect("consult:priorities_voted", slug=inquiry.slug)
    return _private(
        render(
            request,
            "consult/priorities/ballot.html",
            {
                "inquiry": inquiry,
                "form": form,
                "rows": _rows(form),
                "has_voted": bool(saved),
                "no_changes": not changes,
                "change_pictograms": {str(c.pk): c.pictogram for c in changes},
                **_voting_words(rules, len(changes)),
            },
            status=400 if request.method == "POST" else 200,
        )
    )


def _rows(form: BallotForm) -> list[dict[str, Any]]:
    """Each change with its field and, for rating, a face beside each word."""
    if form.rules.method == VotingMethod.APPROVE:
        return []
    return [
        {"change": change, "field": field, "options": _faced(field)}
        for change, field in form.change_rows()
    ]


def _faced(field: Any) -> list[dict[str, Any]]:
    """A rating's options, each with the face drawn beside its words."""
    return [
        {"widget": option, "face": RATE_FACES.get(_int_or_none(option.data["value"]))}
        for option in field
    ]


def _int_or_none(value: Any) -> int | None:
    text = str(value)
    return int(text) if text.isdigit() else None


@require_http_methods(["GET", "POST"])
@rate_limit("vote")
def step(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """One change per screen (easy read). Answers wait in the session until
    the person checks them and sends their vote."""
    inquiry = get_object_or_404(Inquiry, slug=slug)
    if not inquiry.is_phase_open(PhaseKind.PRIORITISE):
        return _closed(request, inquiry, participant_for(request, inquiry))
    if not _can_vote_now(request, inquiry):
        return _private(
            render(request, "consult/priorities/who.html", {"inquiry": inquiry})
        )
    changes = _changes(inquiry)
    if not 1 <= number <= len(changes):
        raise Http404("No such step")
    rules = ballots.settings_for(inquiry)
    change = changes[number - 1]
    answers = _answers(request, inquiry)
    if not answers and number == 1 and request.method == "GET":
        # Changing a vote: start from the one saved.
        saved = ballots.choices_of(
            ballots.ballot_for(inquiry, participant_for(request, inquiry))
        )
        if saved:
            answers = {str(c.pk): str(saved.get(c.pk, "")) for c in changes}
            _save_answers(request, inquiry, answers)
    from_check = request.GET.get("from") == "check"
    form = StepForm(
        request.POST if request.method == "POST" else None,
        rules=rules,
        change=change,
        change_count=len(changes),
        initial_answer=step_answer(rules.method, answers.get(str(change.pk))),
    )
    if request.method == "POST" and form.is_valid():
        answers[str(change.pk)] = step_value(rules.method, form.cleaned_data["answer"])
        _save_answers(request, inquiry, answers)
        if from_check or number == len(changes):
            return redirect("consult:priorities_check", slug=inquiry.slug)
        return redirect("consult:priorities_step", slug=inquiry.slug, number=number + 1)
    previous = (
        reverse("consult:priorities_step", args=[inquiry.slug, number - 1])
        if number > 1
        else reverse("consult:priorities", args=[inquiry.slug])
    )
    pictograms = {}
    if rules.method == VotingMethod.APPROVE:
        pictograms = {"yes": "yes", "no": "no"}
    elif rules.method == VotingMethod.RATE:
        pictograms = {"1": "sad", "5": "happy"}
    return _private(
        render(
            request,
            "consult/priorities/step.html",
            {
                "inquiry": inquiry,
                "form": form,
                "change": change,
                "number": number,
                "total": len(changes),
                "previous": previous,
                "from_check": from_check,
                "options": _faced(form["answer"]),
                "pictograms": pictograms,
                **_voting_words(rules, len(changes)),
            },
            status=400 if request.method == "POST" else 200,
        )
    )


@require_http_methods(["GET", "POST"])
@rate_limit("vote")
def check(request: HttpRequest, slug: str) -> HttpResponse:
    """Check your answers, then send your vote (GOV.UK check-answers pattern)."""
    inquiry = get_object_or_404(Inquiry, slug=slug)
    if not inquiry.is_phase_open(PhaseKind.PRIORITISE):
        return _closed(request, inquiry, participant_for(request, inquiry))
    if not _can_vote_now(request, inquiry):
        return _private(
            render(request, "consult/priorities/who.html", {"inquiry": inquiry})
        )
    changes = _changes(inquiry)
    answers = _answers(request, inquiry)
    if not changes or not answers:
        return redirect("consult:priorities_step", slug=inquiry.slug, number=1)
    rules = ballots.settings_for(inquiry)
    by_pk = {c.pk: c for c in changes}
    raw = {int(k): v for k, v in answers.items() if k.isdigit() and int(k) in by_pk}
    errors: dict[str, str] = {}
    if request.method == "POST":
        participant = _voter(request, inquiry, join=True)
        try:
            ballots.cast_ballot(
                inquiry=inquiry,
                participant=participant,
                choices=raw,
                channel=BallotChannel.ONLINE,
            )
        except ballots.BallotError as error:
            if error.code == "closed":
                return _closed(request, inquiry, participant)
            errors = error.errors
        else:
            _forget_answers(request, inquiry)
            return redirect("consult:priorities_voted", slug=inquiry.slug)
    step_of = {ballots.field_name(c): n for n, c in enumerate(changes, start=1)}
    error_links = [
        {
            "message": message,
            "href": reverse(
                "consult:priorities_step", args=[inquiry.slug, step_of.get(where, 1)]
            )
            + "?from=check",
        }
        for where, message in errors.items()
    ]
    return _private(
        render(
            request,
            "consult/priorities/check.html",
            {
                "inquiry": inquiry,
                "rows": _summary(rules.method, changes, raw),
                "errors": error_links,
                **_voting_words(rules, len(changes)),
            },
            status=400 if errors else 200,
        )
    )


@require_http_methods(["GET"])
def voted(request: HttpRequest, slug: str) -> HttpResponse:
    """Your vote is saved: what you chose, and until when you can change it."""
    inquiry = get_object_or_404(Inquiry, slug=slug)
    participant = participant_for(request, inquiry)
    saved = ballots.ballot_for(inquiry, participant)
    if saved is None:
        return redirect("consult:priorities", slug=inquiry.slug)
    if not inquiry.is_phase_open(PhaseKind.PRIORITISE):
        return _closed(request, inquiry, participant)
    changes = _changes(inquiry)
    return _private(
        render(
            request,
            "consult/priorities/voted.html",
            {
                "inquiry": inquiry,
                "ballot": saved,
                "phase": inquiry.phase(PhaseKind.PRIORITISE),
                "rows": _summary(saved.method, changes, ballots.choices_of(saved)),
            },
        )
    )


# --- facilitators ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest, slug: str) -> HttpResponse:
    """Facilitators choose how people vote, before voting opens."""
    inquiry = get_object_or_404(Inquiry, slug=slug)
    gate = _staff_gate(request, inquiry)
    if gate is not None:
        return gate
    rules = ballots.settings_for(inquiry)
    form = SettingsForm(request.POST or None, instance=rules)
    # The form must not save the instance itself: the service checks the rules.
    if request.method == "POST" and form.is_valid():
        try:
            save_priority_settings(
                inquiry=inquiry,
                method=form.cleaned_data["method"],
                max_approvals=form.cleaned_data["max_approvals"],
                rank_top_k=form.cleaned_data["rank_top_k"],
                room_counts_on=form.cleaned_data["room_counts_on"],
            )
        except ballots.BallotError as error:
            for where, message in error.errors.items():
                form.add_error(where if where in form.fields else None, message)
        else:
            messages.success(request, "The voting rules are saved.")
            return redirect("consult:priorities_setup", slug=inquiry.slug)
    return render(
        request,
        "consult/priorities/setup.html",
        {
            "inquiry": inquiry,
            "form": form,
            "ballot_count": PriorityBallot.objects.filter(inquiry=inquiry).count(),
            "is_open": inquiry.is_phase_open(PhaseKind.PRIORITISE),
            "phase": inquiry.phase(PhaseKind.PRIORITISE),
        },
        status=400 if request.method == "POST" else 200,
    )


def _assisted_voter(request: HttpRequest, inquiry: Inquiry) -> Participant | None:
    held = request.session.get(ASSISTED_KEY, {}).get(str(inquiry.pk))
    if not held:
        return None
    return Participant.objects.filter(
        pk=held.get("participant"), inquiry=inquiry, code__revoked_at__isnull=True
    ).first()


def _hold_assisted_voter(
    request: HttpRequest, inquiry: Inquiry, participant: Participant | None, code: str
) -> None:
    store = dict(request.session.get(ASSISTED_KEY, {}))
    if participant is None:
        store.pop(str(inquiry.pk), None)
    else:
        store[str(inquiry.pk)] = {"participant": participant.pk, "code": code}
    request.session[ASSISTED_KEY] = store


@require_http_methods(["GET", "POST"])
def assisted(request: HttpRequest, slug: str) -> HttpResponse:
    """A facilitator helps someone vote: first, who is it?"""
    inquiry = get_object_or_404(Inquiry, slug=slug)
    gate = _staff_gate(request, inquiry)
    if gate is not None:
        return gate
    is_open = inquiry.is_phase_open(PhaseKind.PRIORITISE)
    form = AssistedWhoForm(request.POST or None)
    if request.method == "POST" and is_open and form.is_valid():
        new_code = ""
        try:
            if form.cleaned_data["who"] == AssistedWhoForm.NEW:
                _, plain = services.create_code_batch(
                    inquiry=inquiry,
                    label="Made for an assisted vote",
                    size=1,
                    created_by=request.user,
                )
                new_code = display_code(plain[0])
                participant = services.redeem_code(inquiry=inquiry, typed=plain[0])
            else:
                participant = services.redeem_code(
                    inquiry=inquiry, typed=form.cleaned_data["code"]
                )
        except services.CodeProblem as problem:
            form.add_error("code", str(problem))
        else:
            _hold_assisted_voter(request, inquiry, participant, new_code)
            return redirect("consult:priorities_assisted_vote", slug=inquiry.slug)
    return render(
        request,
        "consult/priorities/assisted.html",
        {"inquiry": inquiry, "form": form, "is_open": is_open},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def assisted_vote(request: HttpRequest, slug: str) -> HttpResponse:
    """The ballot, filled in with and for the person being helped."""
    inquiry = get_object_or_404(Inquiry, slug=slug)
    gate = _staff_gate(request, inquiry)
    if gate is not None:
        return gate
    participant = _assisted_voter(request, inquiry)
    if participant is None:
        messages.error(request, "First say who you are helping.")
        return redirect("consult:priorities_assisted", slug=inquiry.slug)
    new_code = request.session[ASSISTED_KEY][str(inquiry.pk)].get("code", "")
    rules = ballots.settings_for(inquiry)
    changes = _changes(inquiry)
    saved = ballots.choices_of(ballots.ballot_for(inquiry, participant))
    form = BallotForm(request.POST or None, rules=rules, changes=changes, saved=saved)
    if request.method == "POST" and form.is_valid():
        try:
            ballots.cast_ballot(
                inquiry=inquiry,
                participant=participant,
                choices=form.checked,
                channel=BallotChannel.ASSISTED,
                helped_by=request.user,
                entered_by=request.user,
            )
        except ballots.BallotError as error:
            form.add_ballot_error(error)
        else:
            _hold_assisted_voter(request, inquiry, None, "")
            return render(
                request,
                "consult/priorities/assisted_done.html",
                {"inquiry": inquiry, "new_code": new_code},
            )
    return _private(
        render(
            request,
            "consult/priorities/assisted_vote.html",
            {
                "inquiry": inquiry,
                "form": form,
                "rows": _rows(form),
                "has_voted": bool(saved),
                "new_code": new_code,
                "no_changes": not changes,
                "change_pictograms": {str(c.pk): c.pictogram for c in changes},
                **_voting_words(rules, len(changes)),
            },
            status=400 if request.method == "POST" else 200,
        )
    )
