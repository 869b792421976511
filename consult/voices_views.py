"""Views for 'About you' (a person's own answers) and 'Whose voices' (the
counts, for the people running the inquiry). Thin: permissions, forms,
services and selectors, then render."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from . import about_you, permissions, selectors, services
from .forms import ABOUT_YOU_PICTOGRAMS, AboutYouForm
from .models import AboutYou, Inquiry
from .participation import participant_for
from .ratelimit import rate_limit
from .voices import DimensionView, VoicesReport

# Each question with its picture and an easy-read line, in the order asked.
QUESTIONS = [
    ("relationship", "family", "How do you know about care? Choose all that fit."),
    ("age_band", "calendar", "How old are you?"),
    (
        "disability",
        "wheelchair",
        "Are you disabled? This means a health condition makes everyday things "
        "hard for a long time.",
    ),
    ("ethnicity", "community", "What is your ethnic group? Choose the best fit."),
    ("area", "home", "Where do you live?"),
    ("took_part", "talk", "How did you tell us what you think?"),
    ("helped", "help", "Did someone help you take part?"),
]


def _initial(answers: AboutYou | None) -> dict[str, object]:
    if answers is None:
        return {}
    return {
        "relationship": answers.relationship,
        "age_band": answers.age_band,
        "disability": answers.disability,
        "ethnicity": answers.ethnicity,
        "area": answers.area,
        "took_part": answers.took_part,
        "helped": answers.helped,
    }


@require_http_methods(["GET", "POST"])
@rate_limit("about_you")
def about_you_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Optional questions about the person, kept apart from what they said."""
    inquiry = get_object_or_404(Inquiry, slug=slug)
    participant = participant_for(request, inquiry)
    if participant is None and not request.user.is_authenticated:
        return render(request, "consult/story_who.html", {"inquiry": inquiry})
    saved = (
        AboutYou.objects.filter(participant=participant).first()
        if participant
        else None
    )
    form = AboutYouForm(
        request.POST if request.method == "POST" else None,
        areas=about_you.allowed_areas(inquiry),
        initial=_initial(saved),
    )
    if request.method == "POST" and form.is_valid():
        if participant is None:
            # A signed-in person joins when they first save, not by looking.
            participant = services.join_inquiry(inquiry=inquiry, user=request.user)
        try:
            about_you.record_about_you(
                participant=participant,
                consented=form.cleaned_data["consent"],
                **form.answers(),
            )
        except about_you.AboutYouProblem as problem:
            field = problem.field if problem.field in form.fields else None
            form.add_error(field, str(problem))
        else:
            messages.success(
                request,
                "Thank you. Your answers about you are saved. You can change or "
                "delete them at any time.",
            )
            return redirect("consult:my_stories", slug=inquiry.slug)
    questions = [
        {
            "field": form[name],
            "pictogram": pictogram,
            "easy": easy,
            "pictograms": ABOUT_YOU_PICTOGRAMS.get(name),
        }
        for name, pictogram, easy in QUESTIONS
        if name in form.fields
    ]
    return render(
        request,
        "consult/about_you.html",
        {
            "inquiry": inquiry,
            "form": form,
            "questions": questions,
            "saved": saved,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def delete_about_you(request: HttpRequest, slug: str) -> HttpResponse:
    inquiry = get_object_or_404(Inquiry, slug=slug)
    participant = participant_for(request, inquiry)
    if participant is None and not request.user.is_authenticated:
        return render(request, "consult/story_who.html", {"inquiry": inquiry})
    if request.method == "POST":
        if participant and about_you.delete_about_you(participant=participant):
            messages.success(request, "Your answers about you are deleted.")
        return redirect("consult:my_stories", slug=inquiry.slug)
    saved = AboutYou.objects.filter(participant=participant).exists()
    return render(
        request,
        "consult/about_you_delete.html",
        {"inquiry": inquiry, "saved": bool(participant) and saved},
    )


def _voices_gate(request: HttpRequest, inquiry: Inquiry) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_see_whose_voices(request.user, inquiry):
        raise PermissionDenied("This page is for the people running the inquiry.")
    return None


HEADERS = [
    "Group",
    "People",
    "Share of those who answered",
    "Expected share",
    "Under-heard?",
]


def _table_rows(dimension: DimensionView) -> list[list[str]]:
    rows = [
        [
            row.label,
            row.display,
            row.share_display,
            row.expected_display or "not set",
            row.flag_words,
        ]
        for row in dimension.rows
    ]
    if dimension.prefer_not_display is not None:
        rows.append(["Prefer not to say", dimension.prefer_not_display, "", "", ""])
    return rows


@require_safe
def voices(request: HttpRequest, slug: str) -> HttpResponse:
    """Whose voices were heard: who took part by group, live, against the
    inquiry's reference profile, with under-heard groups named."""
    inquiry = get_object_or_404(Inquiry, slug=slug)
    gate = _voices_gate(request, inquiry)
    if gate is not None:
        return gate
    report = selectors.whose_voices(inquiry)
    tables = [
        {
            "dimension": d,
            "rows": _table_rows(d),
            "id": f"voices-{d.key}",
            "sources": list(dict.fromkeys(r.source for r in d.rows if r.source)),
        }
        for d in report.dimensions
    ]
    return render(
        request,
        "consult/voices.html",
        {
            "inquiry": inquiry,
            "report": report,
            "tables": tables,
            "headers": HEADERS,
            "numeric": [1, 2, 3],
            "can_edit_site": permissions.can_edit_site(request.user),
        },
    )


def _cell(value: str) -> str:
    # Area names and sources are typed by editors: never let a spreadsheet
    # run one as a formula.
    return f"'{value}" if value[:1] in {"=", "+", "-", "@", "\t", "\r"} else value


def _csv_rows(report: VoicesReport) -> list[list[str]]:
    rows = [
        [
            "question",
            "group",
            "people",
            "share_of_those_who_answered",
            "expected_share",
            "under_heard",
            "reference_source",
        ],
        ["All", "People who took part", report.took_part_display, "", "", "", ""],
    ]
    for d in report.dimensions:
        rows.append([d.label, "People who answered", d.answered_display, *[""] * 4])
        rows += [
            [
                d.label,
                row.label,
                row.display,
                row.share_display,
                row.expected_display,
                row.flag_words,
                row.source,
            ]
            for row in d.rows
        ]
        if d.prefer_not_display is not None:
            rows.append([d.label, "Prefer not to say", d.prefer_not_display, *[""] * 4])
    rows.append(
        ["All", "Things said not linked to a person", report.unlinked_display]
        + [""] * 4
    )
    return [[_cell(str(value)) for value in row] for row in rows]


@require_safe
def voices_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The same tables as the page, with the same small numbers hidden."""
    inquiry = get_object_or_404(Inquiry, slug=slug)
    gate = _voices_gate(request, inquiry)
    if gate is not None:
        return gate
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="whose-voices-{inquiry.slug}.csv"'
    )
    response["Cache-Control"] = "no-store"
    csv.writer(response).writerows(_csv_rows(selectors.whose_voices(inquiry)))
    return response
