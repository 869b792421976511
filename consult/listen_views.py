"""Views for the Listen phase: people's stories, their own list, moderation
and safeguarding. Thin: permissions, forms and services, then render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from . import listening, permissions, services
from .forms import CONSENT_PICTOGRAMS, ModerationForm, SafeguardingActionForm, StoryForm
from .models import (
    AboutYou,
    Channel,
    Finding,
    Inquiry,
    ModerationState,
    Participant,
    PhaseKind,
    SafeguardingConcern,
)
from .participation import participant_for
from .posted import posted_object
from .ratelimit import rate_limit


def _participant_or_none(request: HttpRequest, inquiry: Inquiry) -> Participant | None:
    """The person taking part; a signed-in person joins on their first story."""
    participant = participant_for(request, inquiry)
    if participant is None and request.user.is_authenticated:
        participant = services.join_inquiry(inquiry=inquiry, user=request.user)
    return participant


def _own_finding(inquiry: Inquiry, participant: Participant, pk: int) -> Finding:
    """One of the person's own findings they may still see and change."""
    return get_object_or_404(
        Finding,
        pk=pk,
        inquiry=inquiry,
        participant=participant,
        withdrawn_at=None,
        safeguarding_concern__isnull=True,
    )


def _story_data(form: StoryForm) -> dict[str, object]:
    data = form.cleaned_data
    return {
        "text": data["text"],
        "consent": data["consent"],
        "display_name": data["display_name"],
        "areas": data["areas"],
        "changes": data["changes"],
        "media": data["media"],
        "media_description": data["media_description"],
    }


@require_http_methods(["GET", "POST"])
@rate_limit("story")
def story(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    """Tell us what works and what doesn't (or change what you told us)."""
    inquiry = get_object_or_404(Inquiry, slug=slug)
    participant = _participant_or_none(request, inquiry)
    if participant is None:
        return render(request, "consult/story_who.html", {"inquiry": inquiry})
    finding = None
    if pk is not None:
        finding = _own_finding(inquiry, participant, pk)
    elif not inquiry.is_phase_open(PhaseKind.LISTEN):
        return render(request, "consult/story_closed.html", {"inquiry": inquiry})
    initial = {}
    if finding is not None:
        initial = {
            "text": finding.text,
            "consent": finding.consent,
            "display_name": finding.display_name,
            "areas": list(finding.areas.all()),
            "changes": list(finding.changes.all()),
            "media_description": getattr(
                getattr(finding, "attachment", None), "description", ""
            ),
        }
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = StoryForm(data, files, inquiry=inquiry, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if finding is None:
                listening.record_finding(
                    inquiry=inquiry,
                    participant=participant,
                    channel=Channel.ONLINE,
                    **_story_data(form),
                )
                messages.success(
                    request,
                    "Thank you. We got your story. Someone will check it before "
                    "anything is shown. If you like, tell us a little about "
                    "yourself too: see “About you” below.",
                )
            else:
                listening.update_own_finding(
                    finding=finding,
                    participant=participant,
                    remove_media=form.cleaned_data["remove_media"],
                    **_story_data(form),
                )
                messages.success(request, "Thank you. Your changes are saved.")
        except listening.ListenProblem as problem:
            form.add_error(None, str(problem))
        else:
            return redirect("consult:my_stories", slug=inquiry.slug)
    return render(
        request,
        "consult/story_form.html",
        {
            "inquiry": inquiry,
            "form": form,
            "finding": finding,
            "consent_pictograms": CONSENT_PICTOGRAMS,
            "media_lost": request.method == "POST" and bool(request.FILES),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET"])
def my_stories(request: HttpRequest, slug: str) -> HttpResponse:
    inquiry = get_object_or_404(Inquiry, slug=slug)
    participant = participant_for(request, inquiry)
    if participant is None:
        return render(request, "consult/story_who.html", {"inquiry": inquiry})
    findings = (
        participant.findings.filter(withdrawn_at=None)
        .select_related("attachment")
        .order_by("-created_at")
    )
    return render(
        request,
        "consult/my_stories.html",
        {
            "inquiry": inquiry,
            "findings": findings,
            "can_change": listening.can_change_findings(inquiry),
            "listening": inquiry.is_phase_open(PhaseKind.LISTEN),
            "has_about_you": AboutYou.objects.filter(participant=participant).exists(),
        },
    )


@require_http_methods(["GET", "POST"])
def withdraw_story(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    inquiry = get_object_or_404(Inquiry, slug=slug)
    participant = participant_for(request, inquiry)
    if participant is None:
        return render(request, "consult/story_who.html", {"inquiry": inquiry})
    finding = _own_finding(inquiry, participant, pk)
    problem = ""
    if request.method == "POST":
        try:
            listening.withdraw_finding(finding=finding, participant=participant)
        except listening.ListenProblem as error:
            problem = str(error)
        else:
            messages.success(request, "We have taken back what you said.")
            return redirect("consult:my_stories", slug=inquiry.slug)
    return render(
        request,
        "consult/withdraw_story.html",
        {"inquiry": inquiry, "finding": finding, "problem": problem},
    )


def _staff_gate(request: HttpRequest, allowed: bool) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not allowed:
        raise PermissionDenied("This page is for moderators and facilitators.")
    return None


@require_http_methods(["GET", "POST"])
def moderation(request: HttpRequest, slug: str) -> HttpResponse:
    """The moderation queue. Moderators publish, keep private or escalate;
    facilitators and moderators mark safeguarding concerns."""
    inquiry = get_object_or_404(Inquiry, slug=slug)
    can_moderate = permissions.can_moderate(request.user, inquiry)
    can_flag = can_moderate or permissions.can_facilitate(request.user, inquiry)
    gate = _staff_gate(request, can_flag)
    if gate is not None:
        return gate
    state = request.GET.get("state", ModerationState.PENDING)
    if state not in ModerationState.values:
        state = ModerationState.PENDING
    if request.method == "POST":
        form = ModerationForm(request.POST)
        finding = posted_object(
            request, "finding", Finding.objects.filter(inquiry=inquiry)
        )
        if finding is None or not form.is_valid():
            messages.error(request, "Choose a finding and what to do with it.")
        elif form.cleaned_data["action"] == "safeguarding":
            listening.raise_safeguarding_concern(
                finding=finding, raised_by=request.user
            )
            messages.success(
                request,
                "Marked as a safeguarding concern. Only the safeguarding lead can "
                "see it now. Tell them straight away as well.",
            )
        elif not can_moderate:
            raise PermissionDenied("Only moderators publish or hide findings.")
        else:
            listening.moderate_finding(
                finding=finding,
                action=form.cleaned_data["action"],
                actor=request.user,
                note=form.cleaned_data["note"],
            )
            messages.success(request, "Done.")
        return redirect(f"{request.path}?state={state}")
    findings = (
        Finding.objects.filter(inquiry=inquiry, state=state, withdrawn_at=None)
        .select_related("safeguarding_concern", "attachment")
        .prefetch_related("moderation_events", "reports")
        .order_by("created_at")[:200]
    )
    return render(
        request,
        "consult/moderation.html",
        {
            "inquiry": inquiry,
            "findings": findings,
            "state": state,
            "states": ModerationState.choices,
            "can_moderate": can_moderate,
        },
    )


@require_http_methods(["GET", "POST"])
def safeguarding(request: HttpRequest, slug: str) -> HttpResponse:
    """Only the safeguarding lead sees concerns' text and records the action."""
    inquiry = get_object_or_404(Inquiry, slug=slug)
    gate = _staff_gate(request, permissions.can_handle_safeguarding(request.user))
    if gate is not None:
        return gate
    concerns = SafeguardingConcern.objects.filter(
        finding__inquiry=inquiry
    ).select_related("finding__attachment", "raised_by", "action_by")
    forms = {c.pk: SafeguardingActionForm(prefix=f"c{c.pk}") for c in concerns}
    if request.method == "POST":
        pk = request.POST.get("concern", "")
        concern = next((c for c in concerns if str(c.pk) == pk), None)
        if concern is None:
            raise Http404("No such concern")
        form = SafeguardingActionForm(request.POST, prefix=f"c{concern.pk}")
        if form.is_valid():
            listening.record_safeguarding_action(
                concern=concern,
                action_taken=form.cleaned_data["action_taken"],
                by=request.user,
            )
            messages.success(request, "The action is recorded.")
            return redirect(reverse("consult:safeguarding", args=[inquiry.slug]))
        forms[concern.pk] = form
    return render(
        request,
        "consult/safeguarding.html",
        {"inquiry": inquiry, "rows": [(c, forms[c.pk]) for c in concerns]},
    )
