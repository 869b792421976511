"""Views for sessions: the public list, sign-up, the calendar file and
cancelling, and the facilitators' planning and attendance pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from consult import permissions
from consult.models import Inquiry
from consult.participation import participant_for

from . import services
from .emails import absolute
from .forms import AttendanceForm, SessionPlanForm, SignUpForm
from .ics import CalendarEvent, calendar
from .models import ACCESS_PICTOGRAMS, Session, SignUp, SignUpStatus


def _inquiry(slug: str) -> Inquiry:
    return get_object_or_404(Inquiry, slug=slug)


def _session(inquiry: Inquiry, pk: int) -> Session:
    return get_object_or_404(
        Session.objects.prefetch_related("facilitators"), pk=pk, inquiry=inquiry
    )


def _with_seats(queryset: QuerySet[Session]) -> QuerySet[Session]:
    booked = Q(sign_ups__status=SignUpStatus.BOOKED)
    return queryset.annotate(
        booked_people=Count("sign_ups", filter=booked),
        booked_supporters=Count(
            "sign_ups", filter=booked & Q(sign_ups__brings_supporter=True)
        ),
    )


@require_safe
def session_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Sessions people can come to, and the ones that have happened."""
    inquiry = _inquiry(slug)
    sessions = _with_seats(Session.objects.filter(inquiry=inquiry))
    upcoming = list(sessions.upcoming())
    for session in upcoming:
        session.seats_left = max(
            session.capacity - session.booked_people - session.booked_supporters, 0
        )
    past = list(sessions.past().order_by("-starts_at")[:20])
    return render(
        request,
        "deliberation/session_list.html",
        {
            "inquiry": inquiry,
            "upcoming": upcoming,
            "past": past,
            "attendance": services.attendance_totals(inquiry),
            "can_plan": permissions.can_facilitate(request.user, inquiry),
        },
    )


@require_http_methods(["GET", "POST"])
def session_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One session: what, when, where, access; and the sign-up form."""
    inquiry = _inquiry(slug)
    session = _session(inquiry, pk)
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.preferred_name, "email": request.user.email}
    form = SignUpForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                entry = services.sign_up(
                    session=session,
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    brings_supporter=data["brings_supporter"],
                    access_needs=data["access_needs"],
                    user=request.user,
                    participant=participant_for(request, inquiry),
                )
            except services.AlreadySignedUp as problem:
                return redirect(
                    "deliberation:sign_up_done",
                    slug=inquiry.slug,
                    token=services.cancel_token(problem.sign_up),
                )
            except services.SessionProblem as problem:
                form.add_error(None, str(problem))
            else:
                return redirect(
                    "deliberation:sign_up_done",
                    slug=inquiry.slug,
                    token=services.cancel_token(entry),
                )
        status = 400
    seats_left = services.seats_left(session)
    return render(
        request,
        "deliberation/session_detail.html",
        {
            "inquiry": inquiry,
            "session": session,
            "form": form,
            "seats_left": seats_left,
            "can_sign_up": not session.has_started and not session.is_cancelled,
            "can_plan": permissions.can_facilitate(request.user, inquiry),
        },
        status=status,
    )


def _sign_up_from_token(inquiry: Inquiry, token: str) -> SignUp | None:
    entry = services.sign_up_for_token(token)
    if entry is None or entry.session.inquiry_id != inquiry.pk:
        return None
    return entry


@require_safe
def sign_up_done(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """Your place (or your place on the reserve list), with the calendar file
    and the link to give it back. The link in the address is the key to it."""
    inquiry = _inquiry(slug)
    entry = _sign_up_from_token(inquiry, token)
    if entry is None:
        return render(
            request,
            "deliberation/link_not_working.html",
            {"inquiry": inquiry},
            status=404,
        )
    response = render(
        request,
        "deliberation/sign_up_done.html",
        {
            "inquiry": inquiry,
            "sign_up": entry,
            "session": entry.session,
            "token": token,
            "page_url": absolute(request.path),
        },
    )
    response["Referrer-Policy"] = "same-origin"
    return response


@require_http_methods(["GET", "POST"])
def cancel_sign_up(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    inquiry = _inquiry(slug)
    entry = _sign_up_from_token(inquiry, token)
    if entry is None:
        return render(
            request,
            "deliberation/link_not_working.html",
            {"inquiry": inquiry},
            status=404,
        )
    if request.method == "POST":
        services.cancel_sign_up(sign_up=entry)
        messages.success(request, "Your place is given back. Thank you for telling us.")
        return redirect("deliberation:sign_up_done", slug=inquiry.slug, token=token)
    response = render(
        request,
        "deliberation/cancel_sign_up.html",
        {"inquiry": inquiry, "sign_up": entry, "session": entry.session},
    )
    response["Referrer-Policy"] = "same-origin"
    return response


@require_safe
def session_ics(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The session as a calendar file. It holds nothing personal and no
    joining link, so it is safe to share."""
    inquiry = _inquiry(slug)
    session = _session(inquiry, pk)
    url = absolute(reverse("deliberation:session", args=[inquiry.slug, session.pk]))
    event = CalendarEvent(
        uid=f"session-{session.pk}@{request.get_host()}",
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        summary=f"{'CANCELLED: ' if session.is_cancelled else ''}{session.title}",
        description=f"{inquiry.title}. {session.get_format_display()}. More: {url}",
        location=session.place,
        url=url,
    )
    response = HttpResponse(
        calendar(event, now=timezone.now()), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="session-{session.pk}.ics"'
    return response


def _facilitator_gate(request: HttpRequest, inquiry: Inquiry) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_facilitate(request.user, inquiry):
        raise PermissionDenied("This page is for the inquiry's facilitators.")
    return None


def _plan_initial(session: Session) -> dict[str, object]:
    local_start = timezone.localtime(session.starts_at)
    return {
        "title": session.title,
        "format": session.format,
        "date": local_start.date(),
        "starts": local_start.time(),
        "ends": timezone.localtime(session.ends_at).time(),
        "place": session.place,
        "joining_details": session.joining_details,
        "access_features": session.access_features,
        "access_notes": session.access_notes,
        "payment_policy": session.payment_policy,
        "capacity": session.capacity,
        "facilitators": list(session.facilitators.all()),
    }


@require_http_methods(["GET", "POST"])
def plan_session(
    request: HttpRequest, slug: str, pk: int | None = None
) -> HttpResponse:
    """Plan a new session or change one: format, time, place, access,
    payment, seats and who facilitates."""
    inquiry = _inquiry(slug)
    gate = _facilitator_gate(request, inquiry)
    if gate is not None:
        return gate
    session = _session(inquiry, pk) if pk is not None else None
    initial = _plan_initial(session) if session else {"facilitators": [request.user]}
    form = SessionPlanForm(request.POST or None, inquiry=inquiry, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        plan = services.SessionPlan(
            title=data["title"],
            format=data["format"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            capacity=data["capacity"],
            place=data["place"],
            joining_details=data["joining_details"],
            access_features=tuple(data["access_features"]),
            access_notes=data["access_notes"],
            payment_policy=data["payment_policy"],
        )
        saved = services.plan_session(
            inquiry=inquiry,
            plan=plan,
            facilitators=data["facilitators"],
            by=request.user,
            session=session,
        )
        messages.success(request, "The session is saved.")
        return redirect("deliberation:session_people", slug=inquiry.slug, pk=saved.pk)
    return render(
        request,
        "deliberation/plan_session.html",
        {
            "inquiry": inquiry,
            "session": session,
            "form": form,
            "access_pictograms": ACCESS_PICTOGRAMS,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def session_people(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """For facilitators: who signed up, what they need, the reserve list,
    and after the session how many came."""
    inquiry = _inquiry(slug)
    gate = _facilitator_gate(request, inquiry)
    if gate is not None:
        return gate
    session = get_object_or_404(
        Session.objects.prefetch_related(
            Prefetch("sign_ups", queryset=SignUp.objects.order_by("created_at", "pk"))
        ),
        pk=pk,
        inquiry=inquiry,
    )
    form = AttendanceForm(
        request.POST if request.POST.get("form") == "attendance" else None,
        initial={
            "attended": session.attended,
            "supporters_attended": session.supporters_attended or 0,
        },
    )
    status = 200
    if request.method == "POST":
        if request.POST.get("form") == "cancel_session":
            services.cancel_session(session=session, by=request.user)
            messages.success(request, "The session is cancelled. We emailed people.")
            return redirect(request.path)
        if form.is_valid():
            try:
                services.record_attendance(
                    session=session,
                    attended=form.cleaned_data["attended"],
                    supporters_attended=form.cleaned_data["supporters_attended"],
                    by=request.user,
                )
            except services.SessionProblem as problem:
                form.add_error(None, str(problem))
            else:
                messages.success(request, "Thank you. The counts are saved.")
                return redirect(request.path)
        status = 400
    sign_ups = list(session.sign_ups.all())
    return render(
        request,
        "deliberation/session_people.html",
        {
            "inquiry": inquiry,
            "session": session,
            "booked": [s for s in sign_ups if s.status == SignUpStatus.BOOKED],
            "reserve": [s for s in sign_ups if s.status == SignUpStatus.RESERVE],
            "cancelled": [s for s in sign_ups if s.status == SignUpStatus.CANCELLED],
            "seats_left": services.seats_left(session),
            "form": form,
        },
        status=status,
    )
