"""Views for Commit and account. Public: an organisation's page, a commitment
page and its evidence files. For the organisation's editors (and site
editors): their list, a commitment, its milestones and progress updates.
Thin: they check permissions, read forms, call services and render; all
work with the keyboard alone and without JavaScript."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from .. import permissions
from ..media import MediaProblem, check_upload
from ..models import Commitment, Inquiry, Milestone, Organisation, ProgressUpdate
from ..models.inquiries import today
from . import rating_selectors, rating_services, selectors, services
from .forms import ChooseInquiryForm, CommitmentForm, MilestoneForm, ProgressUpdateForm

# --- public pages -----------------------------------------------------------


@require_safe
def organisation_page(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    view = selectors.organisation_page(organisation, today())
    return render(
        request,
        "consult/commitments/organisation.html",
        {
            "view": view,
            # Ratings by the inquiry group (h-ratings)
            "ratings": rating_selectors.board_for(
                commitment_ids=[r.commitment.pk for r in view.rows]
            ),
            "can_edit": permissions.can_edit_commitments(request.user, organisation),
        },
    )


def _public_commitment(slug: str, pk: int) -> Commitment:
    return get_object_or_404(
        selectors.listed(Commitment.objects.all()), pk=pk, organisation__slug=slug
    )


@require_safe
def commitment_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    commitment = _public_commitment(slug, pk)
    view = selectors.commitment_page(commitment, today())
    # Ratings by the inquiry group (h-ratings): added up, and the comments
    # a moderator published, under each update.
    comments = rating_selectors.published_comments(u.pk for u in view.updates)
    for update in view.updates:
        update.public_comments = comments.get(update.pk, [])
    return render(
        request,
        "consult/commitments/commitment.html",
        {
            "view": view,
            "ratings_shown": rating_selectors.board_for(
                commitment_ids=[commitment.pk]
            ).commitment(commitment.pk),
            "rating_open": rating_services.is_group_open(commitment.inquiry),
            "commitment": commitment,
            "tracker_url": _tracker_url(commitment.inquiry),
            "can_edit": permissions.can_edit_commitments(
                request.user, commitment.organisation
            ),
        },
    )


@require_safe
def update_evidence(request: HttpRequest, slug: str, pk: int, upk: int) -> FileResponse:
    """The photo or recording on a progress update: public, like the update."""
    update = get_object_or_404(
        ProgressUpdate, pk=upk, commitment__pk=pk, commitment__organisation__slug=slug
    )
    if not update.evidence_file:
        raise Http404("No file on this update")
    try:
        handle = update.evidence_file.open("rb")
    except FileNotFoundError as error:
        raise Http404("The file is missing") from error
    extension = update.evidence_file.name.rsplit(".", 1)[-1]
    response = FileResponse(handle, content_type=update.evidence_content_type)
    response["Content-Disposition"] = f'inline; filename="evidence-{upk}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _tracker_url(inquiry: Inquiry) -> str:
    page = getattr(inquiry, "page", None)
    return f"{page.url}you-said-we-did/" if page is not None and page.url else ""


# --- the organisation's editors ---------------------------------------------


def _editable(request: HttpRequest, slug: str) -> Organisation | HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_edit_commitments(request.user, organisation):
        raise PermissionDenied(
            "Only this organisation's editors change its commitments."
        )
    return organisation


def _own_commitment(organisation: Organisation, pk: int) -> Commitment:
    return get_object_or_404(
        Commitment.objects.select_related("inquiry", "organisation"),
        pk=pk,
        organisation=organisation,
    )


def _list_url(organisation: Organisation) -> str:
    return reverse("consult:org_commitments", args=[organisation.slug])


def _public_url(commitment: Commitment) -> str:
    return reverse(
        "consult:commitment", args=[commitment.organisation.slug, commitment.pk]
    )


@require_safe
def editor_list(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _editable(request, slug)
    if isinstance(organisation, HttpResponse):
        return organisation
    commitments = list(
        selectors.listed(Commitment.objects.filter(organisation=organisation))
        .annotate(update_count=Count("updates", distinct=True))
        .order_by("inquiry__title", "due_on", "pk")
    )
    return render(
        request,
        "consult/commitments/editor_list.html",
        {
            "organisation": organisation,
            "rows": [selectors.row(c, today()) for c in commitments],
        },
    )


def _inquiries_with_changes() -> Any:
    return Inquiry.objects.filter(changes__isnull=False).distinct().order_by("title")


def _posted(request: HttpRequest) -> Any:
    """The posted data, even when empty (so an empty post says what is missing)."""
    return request.POST if request.method == "POST" else None


def _status(request: HttpRequest) -> int:
    return 400 if request.method == "POST" else 200


def _commitment_values(form: CommitmentForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    return {
        "changes": data.pop("changes"),
        "findings": data.pop("findings"),
        "making_it_real": data.pop("making_it_real"),
        **data,
    }


@require_http_methods(["GET", "POST"])
def commitment_new(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _editable(request, slug)
    if isinstance(organisation, HttpResponse):
        return organisation
    inquiries = _inquiries_with_changes()
    chosen = request.GET.get("inquiry") or request.POST.get("inquiry_slug")
    inquiry = inquiries.filter(slug=chosen).first() if chosen else None
    if inquiry is None and len(inquiries) == 1:
        inquiry = inquiries[0]
    if inquiry is None:
        choose = ChooseInquiryForm(request.GET or None, inquiries=inquiries)
        if choose.is_valid():
            return redirect(
                f"{request.path}?inquiry={choose.cleaned_data['inquiry'].slug}"
            )
        return render(
            request,
            "consult/commitments/choose_inquiry.html",
            {"organisation": organisation, "form": choose, "none": not inquiries},
        )
    form = CommitmentForm(
        _posted(request),
        inquiry=inquiry,
        initial={"status": "planned", "pictogram": "equal"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            commitment = services.create_commitment(
                organisation=organisation,
                inquiry=inquiry,
                by=request.user,
                **_commitment_values(form),
            )
        except services.CommitmentProblem as problem:
            form.add_error(problem.field, str(problem))
        else:
            messages.success(
                request, f"Your commitment “{commitment.title}” is public now."
            )
            return redirect(_public_url(commitment))
    return render(
        request,
        "consult/commitments/commitment_form.html",
        {"organisation": organisation, "inquiry": inquiry, "form": form},
        status=_status(request),
    )


@require_http_methods(["GET", "POST"])
def commitment_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _editable(request, slug)
    if isinstance(organisation, HttpResponse):
        return organisation
    commitment = _own_commitment(organisation, pk)
    form = CommitmentForm(
        _posted(request),
        inquiry=commitment.inquiry,
        initial=CommitmentForm.initial_for(commitment),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.change_commitment(
                commitment, by=request.user, **_commitment_values(form)
            )
        except services.CommitmentProblem as problem:
            form.add_error(problem.field, str(problem))
        else:
            messages.success(request, "Your changes are saved and public.")
            return redirect(_public_url(commitment))
    return render(
        request,
        "consult/commitments/commitment_form.html",
        {
            "organisation": organisation,
            "inquiry": commitment.inquiry,
            "commitment": commitment,
            "form": form,
            "milestones": list(commitment.milestones.all()),
        },
        status=_status(request),
    )


@require_http_methods(["GET", "POST"])
def milestone_form(
    request: HttpRequest, slug: str, pk: int, mpk: int | None = None
) -> HttpResponse:
    organisation = _editable(request, slug)
    if isinstance(organisation, HttpResponse):
        return organisation
    commitment = _own_commitment(organisation, pk)
    milestone = (
        get_object_or_404(Milestone, pk=mpk, commitment=commitment) if mpk else None
    )
    initial: dict[str, Any] = {"progress": 0}
    if milestone is not None:
        initial = {name: getattr(milestone, name) for name in MilestoneForm.base_fields}
    form = MilestoneForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["order"] = data.get("order") or 0
        try:
            services.save_milestone(commitment=commitment, milestone=milestone, **data)
        except services.CommitmentProblem as problem:
            form.add_error(problem.field, str(problem))
        else:
            messages.success(request, f"The step “{data['title']}” is saved.")
            return redirect(
                reverse("consult:commitment_edit", args=[organisation.slug, pk])
            )
    return render(
        request,
        "consult/commitments/milestone_form.html",
        {
            "organisation": organisation,
            "commitment": commitment,
            "milestone": milestone,
            "form": form,
        },
        status=_status(request),
    )


def _update_values(form: ProgressUpdateForm) -> services.UpdateValues:
    data = form.cleaned_data
    return services.UpdateValues(
        dated=data["dated"],
        text=data["text"],
        easy_read_text=data.get("easy_read_text", ""),
        status=data["status"],
        status_reason=data.get("status_reason", ""),
        progress=data["progress"],
        evidence_links=tuple(data.get("evidence_links") or ()),
        evidence_description=data.get("evidence_description", ""),
        next_review_on=data.get("next_review_on"),
    )


def _checked_evidence(form: ProgressUpdateForm) -> Any:
    """The uploaded file checked by its bytes (consult/media.py), or None;
    a bad file becomes a message next to the file field."""
    upload = form.cleaned_data.get("evidence_file")
    if not upload:
        return None
    try:
        return check_upload(upload.read())
    except MediaProblem as problem:
        form.add_error("evidence_file", f"{problem} You need to choose the file again.")
        return False


@require_http_methods(["GET", "POST"])
def update_form(
    request: HttpRequest, slug: str, pk: int, upk: int | None = None
) -> HttpResponse:
    organisation = _editable(request, slug)
    if isinstance(organisation, HttpResponse):
        return organisation
    commitment = _own_commitment(organisation, pk)
    update = (
        get_object_or_404(ProgressUpdate, pk=upk, commitment=commitment)
        if upk
        else None
    )
    if update is not None:
        initial: dict[str, Any] = {
            "dated": update.dated,
            "text": update.text,
            "easy_read_text": update.easy_read_text,
            "status": update.status,
            "status_reason": update.status_reason,
            "progress": update.progress,
            "next_review_on": commitment.review_on,
            "evidence_links": "\n".join(update.evidence_links),
            "evidence_description": update.evidence_description,
        }
    else:
        initial = {
            "dated": today(),
            "status": commitment.status,
            "progress": commitment.progress,
            "status_reason": commitment.not_doing_reason,
        }
    form = ProgressUpdateForm(
        _posted(request),
        request.FILES if request.method == "POST" else None,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        evidence = _checked_evidence(form)
        if evidence is not False:
            try:
                if update is None:
                    services.post_progress_update(
                        commitment=commitment,
                        by=request.user,
                        values=_update_values(form),
                        evidence=evidence,
                    )
                else:
                    services.edit_progress_update(
                        update,
                        by=request.user,
                        values=_update_values(form),
                        evidence=evidence,
                    )
            except services.CommitmentProblem as problem:
                form.add_error(problem.field, str(problem))
            else:
                messages.success(
                    request,
                    "Your progress update is public now."
                    if update is None
                    else "Your changes are public. The earlier version is kept.",
                )
                return redirect(_public_url(commitment))
    return render(
        request,
        "consult/commitments/update_form.html",
        {
            "organisation": organisation,
            "commitment": commitment,
            "update": update,
            "form": form,
        },
        status=_status(request),
    )
