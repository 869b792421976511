"""Paper ballots for facilitators: print them, type them in by batch, and
have a second person check each batch. Thin: permissions, forms, then the
services in paper.py and paper_entry.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from themes.pdf import render_pdf

from .. import permissions, services
from ..models import Inquiry, PaperBatch, PhaseKind, VotingMethod
from ..posted import posted_object
from . import paper, paper_entry
from .ballots import RATE_WORDS, BallotError, choices_of, ordinal, settings_for
from .entry_forms import PaperBallotForm

CHECK_SESSION_KEY = "coproduce_paper_checks"


class PrintForm(forms.Form):
    count = forms.IntegerField(
        label="How many paper ballots?",
        min_value=1,
        max_value=paper.MAX_PAPER_BALLOTS,
        initial=20,
        help_text=f"From 1 to {paper.MAX_PAPER_BALLOTS}. Each one gets its own "
        "code, on its own page.",
        error_messages={
            "required": "Say how many paper ballots you need.",
            "invalid": "Type a whole number, like 20.",
            "min_value": "Ask for at least 1 paper ballot.",
            "max_value": f"Ask for {paper.MAX_PAPER_BALLOTS} or fewer at a time.",
        },
    )
    label = forms.CharField(
        label="What are they for? (optional)",
        required=False,
        max_length=100,
        help_text="For example: the library session on Tuesday.",
    )


class StartBatchForm(forms.Form):
    note = forms.CharField(
        label="A note for this batch (optional)",
        required=False,
        max_length=200,
        help_text="For example: papers from the Tuesday session.",
    )


def _facilitator_inquiry(request: HttpRequest, slug: str) -> Inquiry | HttpResponse:
    inquiry = get_object_or_404(Inquiry, slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_facilitate(request.user, inquiry):
        raise PermissionDenied("Only the inquiry's facilitators handle paper ballots.")
    return inquiry


def _changes(inquiry: Inquiry) -> list:
    return list(inquiry.changes.order_by("number"))


def _paper_page(
    request: HttpRequest,
    inquiry: Inquiry,
    *,
    print_form: PrintForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "consult/priorities/paper_home.html",
        {
            "inquiry": inquiry,
            "rules": settings_for(inquiry),
            "changes": _changes(inquiry),
            "is_open": inquiry.is_phase_open(PhaseKind.PRIORITISE),
            "print_form": print_form or PrintForm(),
            "start_form": StartBatchForm(),
            "batches": paper_entry.batches(inquiry),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def paper_home(request: HttpRequest, slug: str) -> HttpResponse:
    """Print paper ballots, start a batch, see every batch and its check."""
    inquiry = _facilitator_inquiry(request, slug)
    if isinstance(inquiry, HttpResponse):
        return inquiry
    if request.method == "POST":
        form = StartBatchForm(request.POST)
        note = form.cleaned_data["note"] if form.is_valid() else ""
        batch = paper_entry.start_batch(inquiry=inquiry, by=request.user, note=note)
        return redirect("consult:paper_batch", slug=inquiry.slug, pk=batch.pk)
    return _paper_page(request, inquiry)


@require_http_methods(["GET", "POST"])
def paper_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """Make N new participation codes and one easy-read ballot for each.
    A POST, not a GET: every download makes new codes, so a link followed
    twice (or a browser prefetching it) must not make more."""
    inquiry = _facilitator_inquiry(request, slug)
    if isinstance(inquiry, HttpResponse):
        return inquiry
    if request.method == "GET":
        count = request.GET.get("count", "")
        target = reverse("consult:paper_home", args=[inquiry.slug])
        return redirect(f"{target}?count={count}#print" if count.isdigit() else target)
    form = PrintForm(request.POST)
    changes = _changes(inquiry)
    if not form.is_valid():
        return _paper_page(request, inquiry, print_form=form, status=400)
    if not changes:
        form.add_error(None, "There are no changes to vote on yet. Add them first.")
        return _paper_page(request, inquiry, print_form=form, status=400)
    count = form.cleaned_data["count"]
    label = form.cleaned_data["label"] or (
        f"Paper ballots, {timezone.localdate():%d %b %Y}"
    )
    batch, plain = services.create_code_batch(
        inquiry=inquiry, label=label, size=count, created_by=request.user
    )
    entry_url = request.build_absolute_uri(
        reverse("consult:code_entry", args=[inquiry.slug])
    )
    rules = settings_for(inquiry)
    pdf = render_pdf(
        "consult/pdf/paper_ballots.html",
        paper_context(inquiry, rules, changes, plain, entry_url),
        title=f"Paper ballots: {inquiry.title}",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"paper-ballots-{inquiry.slug}-{batch.pk}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def paper_context(
    inquiry: Inquiry, rules: Any, changes: list, plain: list[str], entry_url: str
) -> dict[str, Any]:
    places = rules.places_to_rank(len(changes))
    return {
        "inquiry": inquiry,
        "method": rules.method,
        "places": places,
        "marks": paper.rate_marks(),
        "changes": paper.paper_changes(changes),
        "steps": paper.instructions(
            rules.method,
            approvals=rules.approvals_allowed(len(changes)),
            places=places,
        ),
        "sheets": [paper.sheet_for(code, entry_url) for code in plain],
        "entry_url": entry_url,
    }


def _batch(inquiry: Inquiry, pk: int) -> PaperBatch:
    return get_object_or_404(
        PaperBatch.objects.select_related("entered_by", "checked_by", "inquiry"),
        pk=pk,
        inquiry=inquiry,
    )


@require_http_methods(["GET", "POST"])
def paper_batch(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Type in the papers of one batch, one after another, each against its
    code. After each save the form comes back empty with the running total."""
    inquiry = _facilitator_inquiry(request, slug)
    if isinstance(inquiry, HttpResponse):
        return inquiry
    batch = _batch(inquiry, pk)
    rules = settings_for(inquiry)
    changes = _changes(inquiry)
    is_typist = batch.entered_by_id == request.user.pk
    status = 200
    form = PaperBallotForm(rules=rules, changes=changes)
    action = request.POST.get("action", "enter")
    if request.method == "POST" and action == "finish" and is_typist:
        paper_entry.finish_batch(batch=batch, by=request.user)
        messages.success(
            request,
            f"Batch {batch.pk} is finished: {batch.ballots.count()} ballots. "
            "Ask another facilitator to check it.",
        )
        return redirect("consult:paper_home", slug=inquiry.slug)
    if request.method == "POST":
        status = 400
        form = PaperBallotForm(request.POST, rules=rules, changes=changes)
        if not is_typist:
            form.is_valid()
            form.add_error(
                None,
                f"Batch {batch.pk} is being typed in by someone else. Start a "
                "batch of your own.",
            )
        elif batch.closed_at is not None:
            form.is_valid()
            form.add_error(None, "This batch is finished. Start a new batch.")
        elif form.is_valid():
            try:
                entered = paper_entry.enter_paper_ballot(
                    batch=batch,
                    typed_code=form.cleaned_data["code"],
                    marks=form.raw_marks(),
                    by=request.user,
                )
            except paper_entry.PaperProblem as problem:
                field = problem.field if problem.field in form.fields else None
                form.add_error(field, str(problem))
            except BallotError as problem:
                form.add_ballot_error(problem)
            else:
                flag = "again" if entered.again else "saved"
                return redirect(f"{request.path}?{flag}={entered.ballot.pk}")
    return render(
        request,
        "consult/priorities/paper_batch.html",
        {
            "inquiry": inquiry,
            "batch": batch,
            "rules": rules,
            "form": form,
            "count": batch.ballots.count(),
            "is_typist": is_typist,
            "is_open": inquiry.is_phase_open(PhaseKind.PRIORITISE),
            "saved": request.GET.get("saved", "").isdigit(),
            "again": request.GET.get("again", "").isdigit(),
            "method_is_rate": rules.method == VotingMethod.RATE,
        },
        status=status,
    )


def _rekeyed(request: HttpRequest, batch: PaperBatch) -> dict[str, dict[str, int]]:
    return dict(request.session.get(CHECK_SESSION_KEY, {}).get(str(batch.pk), {}))


def _keep_rekeyed(
    request: HttpRequest, batch: PaperBatch, rekeyed: dict[str, dict[str, int]]
) -> None:
    checks = dict(request.session.get(CHECK_SESSION_KEY, {}))
    checks[str(batch.pk)] = rekeyed
    request.session[CHECK_SESSION_KEY] = checks


@require_http_methods(["GET", "POST"])
def paper_check(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The second person types every paper of a finished batch again,
    without seeing the first entry. Differences are listed; for each, they
    look at the paper and keep the right marks. Then they sign the batch off."""
    inquiry = _facilitator_inquiry(request, slug)
    if isinstance(inquiry, HttpResponse):
        return inquiry
    batch = _batch(inquiry, pk)
    rules = settings_for(inquiry)
    changes = _changes(inquiry)
    problem = paper_entry.check_problem(batch, request.user)
    form = PaperBallotForm(rules=rules, changes=changes)
    rekeyed = _rekeyed(request, batch)
    status = 200
    action = request.POST.get("action", "")
    if request.method == "POST" and not problem:
        status = 400
        if action == "rekey":
            form = PaperBallotForm(request.POST, rules=rules, changes=changes)
            if form.is_valid():
                try:
                    ballot = paper_entry.ballot_in_batch(
                        batch, form.cleaned_data["code"]
                    )
                except paper_entry.PaperProblem as trouble:
                    form.add_error("code", str(trouble))
                else:
                    values = form.choices.values if form.choices else {}
                    rekeyed[str(ballot.pk)] = {str(k): v for k, v in values.items()}
                    _keep_rekeyed(request, batch, rekeyed)
                    return redirect(f"{request.path}?typed=1")
        elif action in {"keep_first", "use_second"}:
            ballot = posted_object(request, "ballot", batch.ballots.all())
            if ballot is None or str(ballot.pk) not in rekeyed:
                messages.error(request, "Choose a ballot from the list.")
                return redirect(request.path)
            if action == "use_second":
                values = {int(k): v for k, v in rekeyed[str(ballot.pk)].items()}
                try:
                    paper_entry.correct_ballot(
                        batch=batch, ballot=ballot, values=values, by=request.user
                    )
                except BallotError as trouble:
                    messages.error(request, str(trouble))
                    return redirect(request.path)
            else:
                rekeyed[str(ballot.pk)] = {
                    str(k): v for k, v in choices_of(ballot).items()
                }
                _keep_rekeyed(request, batch, rekeyed)
            messages.success(request, "Settled. The ballot now matches the paper.")
            return redirect(request.path)
        elif action == "sign_off":
            differences = paper_entry.compare(batch, rekeyed)
            if differences:
                messages.error(
                    request,
                    f"{len(differences)} papers still differ or are not typed "
                    "again yet. Settle them first.",
                )
                return redirect(request.path)
            paper_entry.sign_off(batch=batch, by=request.user)
            checks = dict(request.session.get(CHECK_SESSION_KEY, {}))
            checks.pop(str(batch.pk), None)
            request.session[CHECK_SESSION_KEY] = checks
            messages.success(request, f"Batch {batch.pk} is checked. Thank you.")
            return redirect("consult:paper_home", slug=inquiry.slug)
    elif request.method == "POST":
        status = 400
    differences = paper_entry.compare(batch, rekeyed) if not problem else []
    names = {c.pk: c.easy_read_title for c in changes}
    return render(
        request,
        "consult/priorities/paper_check.html",
        {
            "inquiry": inquiry,
            "batch": batch,
            "problem": problem,
            "form": form,
            "total": batch.ballots.count(),
            "typed_again": len(rekeyed),
            "mismatches": [
                {
                    "ballot": d.ballot,
                    "first": _words(d.first, names, rules.method),
                    "second": _words(d.second, names, rules.method),
                }
                for d in differences
                if d.second is not None
            ],
            "not_typed": sum(1 for d in differences if d.second is None),
        },
        status=status,
    )


def _words(
    values: dict[int, int] | None, names: dict[int, str], method: str
) -> list[str]:
    """A ballot's marks in words, change by change, for the checker."""
    if values is None:
        return []
    said = []
    for pk, name in names.items():
        value = values.get(pk)
        if value is None:
            mark = "no mark"
        elif method == VotingMethod.APPROVE:
            mark = "ticked"
        elif method == VotingMethod.RANK:
            mark = f"{ordinal(value)} place"
        else:
            mark = f"{value} ({RATE_WORDS.get(value, '')})"
        said.append(f"{name}: {mark}")
    return said


def team_links(user: Any, inquiry: Inquiry) -> list[tuple[str, str]]:
    """The paper ballots page on the inquiry's team page, for facilitators."""
    if not permissions.can_facilitate(user, inquiry):
        return []
    href = reverse("consult:paper_home", args=[inquiry.slug])
    return [(href, "Paper ballots: print them, type them in, check them")]
