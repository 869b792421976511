"""The facilitator console: made for a tablet in a busy room. Pick the
session (or the phone line, or the post), type what someone said, save, and
the form is ready for the next person."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from consult.forms import CONSENT_PICTOGRAMS
from consult.models import Channel, Finding, Inquiry

from . import capture as capturing
from .forms import CaptureForm, ImportForm
from .models import Session
from .views import _facilitator_gate

OTHER_CHANNELS = {"phone": Channel.PHONE, "post": Channel.POST}


@require_safe
def console_home(request: HttpRequest, slug: str) -> HttpResponse:
    inquiry = get_object_or_404(Inquiry, slug=slug)
    gate = _facilitator_gate(request, inquiry)
    if gate is not None:
        return gate
    now = timezone.now()
    sessions = Session.objects.filter(
        inquiry=inquiry,
        cancelled_at__isnull=True,
        starts_at__lte=now + dt.timedelta(days=14),
        ends_at__gte=now - dt.timedelta(days=60),
    ).order_by("-starts_at")
    return render(
        request,
        "deliberation/console_home.html",
        {"inquiry": inquiry, "sessions": sessions},
    )


def _where(inquiry: Inquiry, where: str) -> tuple[Session | None, str, str]:
    """(session, channel, words) for the console's `where` part of the URL."""
    if where in OTHER_CHANNELS:
        channel = OTHER_CHANNELS[where]
        return None, channel, Channel(channel).label
    if not where.isdigit():
        raise Http404("No such session")
    session = get_object_or_404(Session, pk=int(where), inquiry=inquiry)
    return session, Channel.SESSION, session.title


@require_http_methods(["GET", "POST"])
def capture(request: HttpRequest, slug: str, where: str) -> HttpResponse:
    """Type one finding. After saving, the same page comes back empty, with
    'Saved' at the top, so the next finding can be typed at once."""
    inquiry = get_object_or_404(Inquiry, slug=slug)
    gate = _facilitator_gate(request, inquiry)
    if gate is not None:
        return gate
    session, channel, words = _where(inquiry, where)
    form = CaptureForm(request.POST or None, inquiry=inquiry)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            finding = capturing.capture_finding(
                inquiry=inquiry,
                session=session,
                channel=channel,
                text=data["text"],
                consent=data["consent"],
                code=data["code"],
                display_name=data["display_name"],
                areas=data["areas"],
                by=request.user,
                is_concern=request.POST.get("concern") == "yes",
            )
        except capturing.CaptureProblem as problem:
            form.add_error(problem.field, str(problem))
        else:
            return redirect(f"{request.path}?saved={finding.pk}")
    recent = Finding.objects.filter(
        inquiry=inquiry, recorded_by=request.user, channel=channel
    ).select_related("safeguarding_concern")
    if session is not None:
        recent = recent.filter(session_link__session=session)
    return render(
        request,
        "deliberation/console_capture.html",
        {
            "inquiry": inquiry,
            "session": session,
            "where": where,
            "words": words,
            "form": form,
            "saved": request.GET.get("saved", "").isdigit(),
            "recent": recent[:10],
            "recent_count": recent.count(),
            "consent_pictograms": CONSENT_PICTOGRAMS,
            "concern_checked": request.POST.get("concern") == "yes",
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def bulk_import(request: HttpRequest, slug: str) -> HttpResponse:
    """Paste or upload many findings from the phone line or the post. The
    first press shows a preview with every row's problems; nothing is saved
    until every row is right and the facilitator presses save."""
    inquiry = get_object_or_404(Inquiry, slug=slug)
    gate = _facilitator_gate(request, inquiry)
    if gate is not None:
        return gate
    form = ImportForm(request.POST or None, request.FILES or None)
    parsed = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            content = form.cleaned_data["content"]
            if request.POST.get("action") == "save":
                try:
                    saved = capturing.import_findings(
                        inquiry=inquiry,
                        content=content,
                        channel=form.cleaned_data["channel"],
                        by=request.user,
                    )
                except capturing.CaptureProblem as problem:
                    form.add_error(None, str(problem))
                else:
                    messages.success(
                        request,
                        f"Saved {len(saved)} finding{'s' if len(saved) != 1 else ''}. "
                        "They wait in the moderation queue.",
                    )
                    return redirect("deliberation:console", slug=inquiry.slug)
            parsed = capturing.check_import(inquiry, content)
            status = 200 if parsed.is_valid else 400
            # Keep the rows in the page, whether they came pasted or uploaded.
            form.data = form.data.copy()
            form.data["pasted"] = content
    return render(
        request,
        "deliberation/console_import.html",
        {"inquiry": inquiry, "form": form, "parsed": parsed},
        status=status,
    )
