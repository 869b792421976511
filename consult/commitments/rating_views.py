"""Pages for the inquiry group's ratings of progress updates, the moderators'
list of rating comments, and inviting organisation editors by email. Thin:
they check who is asking, read forms, call services and render; all work
with the keyboard alone and without JavaScript."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods

from .. import permissions, services
from ..models import (
    Inquiry,
    ModerationState,
    Organisation,
    OrganisationInvite,
    ProgressUpdate,
    UpdateRating,
)
from ..participation import participant_for
from ..ratelimit import rate_limit
from . import invites, rating_selectors, rating_services, ratings
from .rating_forms import CommentModerationForm, InviteForm, RatingForm


def _private(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)  # it is about one person
    return response


def _commitment_url(update: ProgressUpdate) -> str:
    commitment = update.commitment
    return reverse(
        "consult:commitment", args=[commitment.organisation.slug, commitment.pk]
    )


def _options(form: RatingForm) -> list[dict[str, Any]]:
    """Each answer with its face and easy-read words."""
    return [
        {
            "widget": option,
            "face": ratings.FACES[option.data["value"]],
            "easy_read": ratings.EASY_READ_WORDS[option.data["value"]],
        }
        for option in form["value"]
    ]


@require_http_methods(["GET", "POST"])
@rate_limit("rating")
def rate(request: HttpRequest, slug: str, pk: int, upk: int) -> HttpResponse:
    """Is this what we asked for? One person's rating of one update."""
    update = get_object_or_404(
        ProgressUpdate.objects.select_related(
            "commitment__organisation", "commitment__inquiry"
        ),
        pk=upk,
        commitment__pk=pk,
        commitment__organisation__slug=slug,
    )
    commitment = update.commitment
    inquiry = commitment.inquiry
    participant = participant_for(request, inquiry)
    if participant is None and not request.user.is_authenticated:
        return _private(
            render(
                request,
                "consult/commitments/rate_who.html",
                {"inquiry": inquiry, "update": update, "commitment": commitment},
            )
        )
    saved = rating_services.rating_of(update, participant)
    initial = {"value": saved.value, "comment": saved.comment} if saved else {}
    form = (
        RatingForm(request.POST)
        if request.method == "POST"
        else RatingForm(initial=initial)
    )
    is_open = rating_services.is_group_open(inquiry)
    if request.method == "POST" and form.is_valid():
        try:
            if participant is None:
                # A signed-in person joins the inquiry with their first
                # rating, unless they may not rate at all.
                problem = rating_services.refusal(commitment, request.user.pk)
                if problem is not None:
                    raise problem
                participant = services.join_inquiry(inquiry=inquiry, user=request.user)
            result = rating_services.rate_update(
                update=update,
                participant=participant,
                value=form.cleaned_data["value"],
                comment=form.cleaned_data["comment"],
            )
        except rating_services.RatingProblem as problem:
            form.add_error(problem.field, str(problem))
        else:
            words = "Thank you. Your rating is saved."
            if result.rating.has_comment:
                if result.rating.comment_state == ModerationState.PUBLISHED:
                    words += " Your comment is shown with the update."
                else:
                    words += (
                        " A moderator reads your comment before anyone else can see it."
                    )
            messages.success(request, words)
            return redirect(f"{_commitment_url(update)}#update-{update.pk}-title")
    return _private(
        render(
            request,
            "consult/commitments/rate.html",
            {
                "inquiry": inquiry,
                "update": update,
                "commitment": commitment,
                "form": form,
                "options": _options(form),
                "saved": saved,
                "is_open": is_open,
                "closed_message": ""
                if is_open
                else rating_services.closed_message(inquiry),
            },
            status=400 if request.method == "POST" else 200,
        )
    )


def _gate(request: HttpRequest, allowed: bool, why: str) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not allowed:
        raise PermissionDenied(why)
    return None


@require_http_methods(["GET", "POST"])
def rating_comments(request: HttpRequest, slug: str) -> HttpResponse:
    """Moderators publish or keep private the comments sent with ratings."""
    inquiry = get_object_or_404(Inquiry, slug=slug)
    gate = _gate(
        request,
        permissions.can_moderate(request.user, inquiry),
        "Only moderators check comments.",
    )
    if gate is not None:
        return gate
    state = request.GET.get("state", ModerationState.PENDING)
    if state not in {s.value for s in ModerationState if s != "escalated"}:
        state = ModerationState.PENDING
    if request.method == "POST":
        form = CommentModerationForm(request.POST)
        posted = request.POST.get("rating", "")
        rating = (
            UpdateRating.objects.filter(
                pk=int(posted), update__commitment__inquiry=inquiry
            ).first()
            if posted.isdigit()
            else None
        )
        if rating is None or not form.is_valid():
            messages.error(request, "Choose a comment and what to do with it.")
        else:
            rating_services.moderate_comment(
                rating=rating, action=form.cleaned_data["action"], by=request.user
            )
            messages.success(request, "Done.")
        return redirect(f"{request.path}?state={state}")
    return _private(
        render(
            request,
            "consult/commitments/rating_comments.html",
            {
                "inquiry": inquiry,
                "comments": rating_selectors.comments_to_moderate(inquiry, state)[:200],
                "state": state,
                "states": [
                    (s.value, s.label)
                    for s in ModerationState
                    if s != ModerationState.ESCALATED
                ],
                "answer_words": ratings.WORDS,
            },
        )
    )


# --- organisation editors invited by email -------------------------------------


@require_http_methods(["GET", "POST"])
def editors(request: HttpRequest, slug: str) -> HttpResponse:
    """Who edits for an organisation, and inviting someone by email."""
    organisation = get_object_or_404(Organisation, slug=slug)
    gate = _gate(
        request,
        permissions.can_edit_commitments(request.user, organisation),
        "Only this organisation's editors and site editors invite editors.",
    )
    if gate is not None:
        return gate
    form = InviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        invite, _ = invites.invite_editor(
            organisation=organisation, email=form.cleaned_data["email"], by=request.user
        )
        messages.success(
            request,
            f"We have emailed an invitation to {invite.email}. The link works "
            f"for {invites.INVITE_DAYS} days.",
        )
        return redirect("consult:org_editors", slug=organisation.slug)
    now = timezone.now()
    return _private(
        render(
            request,
            "consult/commitments/editors.html",
            {
                "organisation": organisation,
                "form": form,
                "editors": organisation.editors.select_related("user").order_by(
                    "added_at"
                ),
                "waiting": OrganisationInvite.objects.filter(
                    organisation=organisation,
                    accepted_at__isnull=True,
                    cancelled_at__isnull=True,
                    expires_at__gt=now,
                ),
            },
            status=400 if request.method == "POST" else 200,
        )
    )


@require_http_methods(["GET", "POST"])
def accept_invite(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the invitation email. Accepting takes a button press, so
    a mail program opening the link to check it accepts nothing."""
    invite = invites.find_invite(token)
    unusable = problem = ""
    try:
        invite = invites.check_usable(invite, timezone.now())
    except invites.InviteProblem as error:
        unusable = str(error)
    if not unusable and request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            invites.accept_invite(token=token, user=request.user)
        except invites.InviteProblem as error:
            problem = str(error)
        else:
            messages.success(
                request, f"You are now an editor for {invite.organisation.name}."
            )
            return redirect("consult:org_commitments", slug=invite.organisation.slug)
    status = 200
    if unusable:
        status = 404 if invite is None else 410
    elif problem:
        status = 400
    return _private(
        render(
            request,
            "consult/commitments/accept_invite.html",
            {
                "invite": invite,
                "unusable": unusable,
                "problem": problem,
                "next": request.get_full_path(),
            },
            status=status,
        )
    )
