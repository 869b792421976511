"""Views for the consultation: thin, they ask permissions, services and
selectors, then render."""

from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_safe

from themes.pdf import render_pdf

from . import codes, permissions, selectors, services, team_tools
from .forms import CodeBatchForm, CodeEntryForm, RevokeCodeForm
from .models import CodeBatch, Inquiry
from .participation import remember_participant
from .posted import posted_object
from .ratelimit import rate_limit
from .selectors import inquiry_overview

CODE_TRIES_WINDOW = 10 * 60


@require_safe
def team_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The inquiry's team page: phases with their state, who is on the team,
    and what this person may do. Only for the people running the inquiry."""
    inquiry = get_object_or_404(Inquiry, slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    user = request.user
    # A page that only reads: every tool's "may they?" asks about the same
    # person and inquiry, so ask the database once.
    with permissions.remembering_roles(user):
        if not permissions.can_see_team_page(user, inquiry):
            raise PermissionDenied("You are not on this inquiry's team.")
        roles = permissions.roles_of(user, inquiry=inquiry)
        context = {
            "inquiry": inquiry,
            "overview": inquiry_overview(inquiry.pk),
            "team": inquiry.team.select_related("user").order_by("user__email"),
            "roles": sorted(r.value.replace("_", " ") for r in roles),
            "can_edit_site": permissions.can_edit_site(user),
            "can_facilitate": permissions.can_facilitate(user, inquiry),
            "can_moderate": permissions.can_moderate(user, inquiry),
            "can_safeguard": permissions.can_handle_safeguarding(user),
            "can_see_voices": permissions.can_see_whose_voices(user, inquiry),
            "page": getattr(inquiry, "page", None),
            "more_tools": team_tools.links_for(user, inquiry),
        }
    return render(request, "consult/team_page.html", context)


def _client_address(request: HttpRequest) -> str:
    # REMOTE_ADDR is the load balancer's address behind a proxy: deployments
    # that terminate TLS in front set it from X-Forwarded-For (see README).
    return request.META.get("REMOTE_ADDR", "unknown")


def _tries_key(request: HttpRequest, inquiry: Inquiry) -> str:
    return f"coproduce:code-tries:{inquiry.pk}:{_client_address(request)}"


def _after_code(request: HttpRequest, inquiry: Inquiry) -> str:
    """Back where the person came from, or to the inquiry's Take part page."""
    wanted = request.POST.get("next") or request.GET.get("next", "")
    if wanted.startswith("/") and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    page = getattr(inquiry, "page", None)
    return f"{page.url}take-part/" if page is not None and page.live else "/"


@require_http_methods(["GET", "POST"])
@rate_limit("code_entry")
def code_entry(request: HttpRequest, slug: str) -> HttpResponse:
    """Type the code from a printed card (or scan its QR code, which fills it
    in) to take part without an account."""
    inquiry = get_object_or_404(Inquiry, slug=slug)
    tries_key = _tries_key(request, inquiry)
    status = 200
    if request.method == "POST":
        form = CodeEntryForm(request.POST)
        if cache.get(tries_key, 0) >= settings.PARTICIPATION_CODE_TRIES:
            form.is_valid()
            form.add_error(
                "code",
                "You have tried too many times. Wait 10 minutes, then try again. "
                "Or ask someone at the session to help you.",
            )
            status = 429
        elif form.is_valid():
            try:
                participant = services.redeem_code(
                    inquiry=inquiry, typed=form.cleaned_data["code"]
                )
            except services.CodeProblem as problem:
                cache.add(tries_key, 0, CODE_TRIES_WINDOW)
                cache.incr(tries_key)
                form.add_error("code", str(problem))
            else:
                remember_participant(request, participant)
                messages.success(request, "Your code worked. You can take part now.")
                return redirect(_after_code(request, inquiry))
    else:
        form = CodeEntryForm(initial={"code": request.GET.get("code", "")[:40]})
    return render(
        request,
        "consult/code_entry.html",
        {"inquiry": inquiry, "form": form, "next": request.GET.get("next", "")},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def codes_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Facilitators print batches of participation codes and stop lost ones."""
    inquiry = get_object_or_404(Inquiry, slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_facilitate(request.user, inquiry):
        raise PermissionDenied("Only the inquiry's facilitators print codes.")
    batch_form = CodeBatchForm(prefix="batch")
    revoke_form = RevokeCodeForm(prefix="revoke")
    action = request.POST.get("action")
    if action == "create":
        batch_form = CodeBatchForm(request.POST, prefix="batch")
        if batch_form.is_valid():
            batch, plain = services.create_code_batch(
                inquiry=inquiry,
                created_by=request.user,
                **batch_form.cleaned_data,
            )
            return _code_cards_pdf(request, inquiry, batch, plain)
    elif action == "revoke":
        revoke_form = RevokeCodeForm(request.POST, prefix="revoke")
        if revoke_form.is_valid():
            try:
                code = services.revoke_code(
                    inquiry=inquiry,
                    typed=revoke_form.cleaned_data["code"],
                    by=request.user,
                )
            except services.CodeProblem as problem:
                revoke_form.add_error("code", str(problem))
            else:
                messages.success(
                    request,
                    f"The code ending {code.last_two} ({code.batch.label}) is stopped.",
                )
                return redirect(request.path)
    elif action == "revoke_batch":
        batch = posted_object(
            request, "batch", CodeBatch.objects.filter(inquiry=inquiry)
        )
        if batch is None:
            messages.error(request, "Choose which codes to stop.")
        else:
            stopped = services.revoke_batch(batch=batch, by=request.user)
            messages.success(
                request, f"{stopped} codes in “{batch.label}” are stopped."
            )
            return redirect(request.path)
    return render(
        request,
        "consult/codes_page.html",
        {
            "inquiry": inquiry,
            "batches": selectors.code_batches(inquiry),
            "batch_form": batch_form,
            "revoke_form": revoke_form,
        },
        status=400 if request.method == "POST" else 200,
    )


def _code_cards_pdf(
    request: HttpRequest, inquiry: Inquiry, batch: CodeBatch, plain: list[str]
) -> HttpResponse:
    entry_url = request.build_absolute_uri(
        reverse("consult:code_entry", args=[inquiry.slug])
    )
    cards = []
    for code in plain:
        shown = codes.display(code)
        link = f"{entry_url}?{urlencode({'code': shown})}"
        qr = segno.make(link, error="m")
        cards.append(
            {"code": shown, "qr": qr.svg_data_uri(scale=3, border=2), "link": link}
        )
    pdf = render_pdf(
        "consult/pdf/code_cards.html",
        {"inquiry": inquiry, "batch": batch, "cards": cards, "entry_url": entry_url},
        title=f"Participation codes: {batch.label}",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"codes-{inquiry.slug}-{batch.pk}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
