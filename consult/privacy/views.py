"""'Your information' pages, the privacy notice and the team's list of
privacy requests. Thin: who is asking, forms and services, then render."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .. import permissions
from ..listening import can_change_findings
from ..models import Consent, Finding, Inquiry, Participant, PrivacyRequest, User
from ..participation import code_participants, forget_participant
from ..services import CodeProblem
from . import export, services
from .forms import AssistedEraseForm, EraseForm, NameForm
from .retention import purge_due_on


def _account(request: HttpRequest) -> User | None:
    user = request.user
    return user if user.is_authenticated and user.is_active else None  # type: ignore[return-value]


def _no_one(request: HttpRequest) -> HttpResponse:
    """Nobody we know: say how to sign in or use a code, never a 403."""
    inquiries = Inquiry.objects.order_by("title")[:20]
    return render(
        request,
        "consult/privacy/who.html",
        {"inquiries": inquiries, "next": reverse("consult:your_information")},
    )


def _people(request: HttpRequest) -> tuple[User | None, list[Participant]]:
    return _account(request), code_participants(request)


def _own_participants(request: HttpRequest) -> list[Participant]:
    user, coded = _people(request)
    own = list(coded)
    if user is not None:
        own += list(
            Participant.objects.filter(user=user, erased_at=None).exclude(
                pk__in=[p.pk for p in coded]
            )
        )
    return own


@never_cache
@require_http_methods(["GET"])
def your_information(request: HttpRequest) -> HttpResponse:
    """Everything we hold about the person, readable."""
    user, coded = _people(request)
    if user is None and not coded:
        return _no_one(request)
    data = export.person_data(user=user, code_participants=coded)
    for section in data.inquiries:
        section.can_change = can_change_findings(section.inquiry)  # type: ignore[attr-defined]
    return render(
        request,
        "consult/privacy/your_information.html",
        {"data": data, "user_is_staff": user and services.is_staff_account(user)},
    )


@never_cache
@require_http_methods(["GET"])
def download(request: HttpRequest) -> HttpResponse:
    """The same, as a JSON file to keep or give to someone else."""
    user, coded = _people(request)
    if user is None and not coded:
        return _no_one(request)
    data = export.person_data(user=user, code_participants=coded)
    services.log_download([s.participant for s in data.inquiries])
    body = json.dumps(
        export.as_json_data(data), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="my-information-{stamp}.json"'
    )
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def change_name(request: HttpRequest) -> HttpResponse:
    user = _account(request)
    if user is None:
        return (
            _no_one(request)
            if not code_participants(request)
            else render(request, "consult/privacy/no_name.html")
        )
    form = NameForm(
        request.POST if request.method == "POST" else None,
        initial={"preferred_name": user.preferred_name},
    )
    if request.method == "POST":
        if form.is_valid():
            services.correct_name(
                user=user, preferred_name=form.cleaned_data["preferred_name"]
            )
            messages.success(request, "Thank you. Your name is changed.")
            return redirect("consult:your_information")
        return render(
            request, "consult/privacy/change_name.html", {"form": form}, status=400
        )
    return render(request, "consult/privacy/change_name.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def stop_quoting(request: HttpRequest, pk: int) -> HttpResponse:
    """Take back consent to use the person's words (and name)."""
    own = _own_participants(request)
    if not own and _account(request) is None:
        return _no_one(request)
    finding = get_object_or_404(
        Finding.objects.select_related("inquiry", "participant"),
        pk=pk,
        participant__in=own,
        withdrawn_at=None,
    )
    published = (
        not can_change_findings(finding.inquiry)
        or finding.inquiry.results_are_published
    )
    context = {"finding": finding, "published": published}
    if finding.consent == Consent.COUNT_ONLY and not published:
        context["already"] = True
    if request.method == "POST" and not published and not context.get("already"):
        try:
            services.stop_quoting(
                finding=finding, participant=finding.participant, by=_account(request)
            )
        except services.PrivacyProblem as problem:
            context["problem"] = str(problem)
        else:
            messages.success(request, "Done. We will not use your words or your name.")
            return redirect("consult:your_information")
    return render(request, "consult/privacy/stop_quoting.html", context)


def _erase_page(
    request: HttpRequest, *, target: Participant | None, user: User | None
) -> HttpResponse:
    form = EraseForm(request.POST if request.method == "POST" else None)
    context = {"form": form, "target": target, "account": user}
    if user is not None and services.is_staff_account(user):
        context["staff"] = True
        return render(request, "consult/privacy/erase.html", context)
    if request.method != "POST":
        return render(request, "consult/privacy/erase.html", context)
    if not form.is_valid():
        return render(request, "consult/privacy/erase.html", context, status=400)
    if target is not None:
        services.erase_participant(participant=target, by=None)
        forget_participant(request, target.inquiry)
    elif user is not None:
        try:
            services.erase_account(user=user)
        except services.StaffAccount:
            context["staff"] = True
            return render(request, "consult/privacy/erase.html", context, status=400)
        logout(request)
    return redirect("consult:your_information_erased")


@never_cache
@require_http_methods(["GET", "POST"])
def erase_account(request: HttpRequest) -> HttpResponse:
    """Erase everything about the signed-in account ("are you sure" first)."""
    user = _account(request)
    if user is None:
        return _no_one(request)
    return _erase_page(request, target=None, user=user)


@never_cache
@require_http_methods(["GET", "POST"])
def erase_code(request: HttpRequest, slug: str) -> HttpResponse:
    """Erase what a code holder told one inquiry ("are you sure" first)."""
    inquiry = get_object_or_404(Inquiry, slug=slug)
    target = next(
        (p for p in code_participants(request) if p.inquiry_id == inquiry.pk), None
    )
    if target is None:
        return _no_one(request)
    return _erase_page(request, target=target, user=None)


@require_http_methods(["GET"])
def erased(request: HttpRequest) -> HttpResponse:
    return render(request, "consult/privacy/erased.html")


@require_http_methods(["GET"])
def privacy_notice(request: HttpRequest, easy: bool = False) -> HttpResponse:
    """What we keep, why, for how long, and people's rights: standard and
    easy read."""
    return render(
        request,
        "consult/privacy/notice.html",
        {"easy": easy, "backup_keep_days": settings.BACKUP_KEEP_DAYS},
    )


@require_http_methods(["GET", "POST"])
def privacy_requests(request: HttpRequest, slug: str) -> HttpResponse:
    """The inquiry's team sees its privacy requests: what, when asked, when
    done; never the person's words or name. A facilitator can also erase for
    a code holder who asked in person or by phone."""
    inquiry = get_object_or_404(Inquiry, slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_see_privacy_requests(request.user, inquiry):
        raise PermissionDenied("This page is for the people running the inquiry.")
    form = AssistedEraseForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.erase_for_code_holder(
                    inquiry=inquiry,
                    typed=form.cleaned_data["code"],
                    facilitator=request.user,
                )
            except (CodeProblem, services.PrivacyProblem) as problem:
                form.add_error("code", str(problem))
            else:
                messages.success(
                    request,
                    "Done. We erased what the person told us. Their votes "
                    "still count, with no name.",
                )
                return redirect("consult:privacy_requests", slug=inquiry.slug)
        status = 400
    requests = (
        PrivacyRequest.objects.filter(inquiry=inquiry)
        .select_related("helped_by")
        .order_by("-requested_at", "-pk")
    )
    totals = requests.aggregate(
        erased=Count("pk", filter=Q(kind="erasure")),
        waiting=Count("pk", filter=Q(done_at__isnull=True)),
    )
    return render(
        request,
        "consult/privacy/requests.html",
        {
            "inquiry": inquiry,
            "requests": requests[:500],
            "totals": totals,
            "purge_due_on": purge_due_on(inquiry),
            "form": form,
        },
        status=status,
    )
