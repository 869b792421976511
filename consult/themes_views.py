"""Views for Make sense: the analysts' themes screen, a theme, suggested
groups, and linking a change to its themes and key quotes. Thin: they check
permissions, read forms, call consult/sensemaking and render. Everything
works with the keyboard alone and without JavaScript."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from . import permissions
from .models import Change, Finding, Inquiry, SuggestedGroup, Theme
from .posted import posted_object
from .sensemaking import selectors, services
from .sensemaking.forms import (
    AcceptForm,
    AssignForm,
    ChangeThemesForm,
    FindingFilterForm,
    MergeForm,
    ThemeChangesForm,
    ThemeForm,
)

FINDINGS_PER_PAGE = 50


def _facilitator_inquiry(request: HttpRequest, slug: str) -> Inquiry | HttpResponse:
    inquiry = get_object_or_404(Inquiry, slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_facilitate(request.user, inquiry):
        raise PermissionDenied("Only the inquiry's facilitators group findings.")
    return inquiry


@require_http_methods(["GET", "POST"])
def themes_index(request: HttpRequest, slug: str) -> HttpResponse:
    """Filter findings, choose several, put them in a theme; make themes."""
    inquiry = _facilitator_inquiry(request, slug)
    if isinstance(inquiry, HttpResponse):
        return inquiry
    themes = list(selectors.themes_with_counts(inquiry))
    filter_form = FindingFilterForm(request.GET, inquiry=inquiry, themes=themes)
    filters = filter_form.filters()
    query = urlencode(filters)
    back = f"{request.path}?{query}" if query else request.path
    findings = selectors.findings_for_theming(inquiry, filters)
    assign_form = AssignForm(
        None,
        findings=services.themeable_findings(inquiry),
        themes=Theme.objects.filter(inquiry=inquiry),
    )
    theme_form = ThemeForm(prefix="new")
    action = request.POST.get("action")
    if action == "assign":
        assign_form = AssignForm(
            request.POST,
            findings=services.themeable_findings(inquiry),
            themes=Theme.objects.filter(inquiry=inquiry),
        )
        if assign_form.is_valid():
            theme = assign_form.cleaned_data["theme"]
            chosen = assign_form.cleaned_data["findings"]
            try:
                added = services.assign_findings(
                    theme=theme, findings=chosen, by=request.user
                )
            except services.ThemeProblem as problem:
                assign_form.add_error("findings", str(problem))
            else:
                already = len(chosen) - added
                note = f" {already} were in it already." if already else ""
                messages.success(
                    request,
                    f"{added} finding{'s' if added != 1 else ''} put in "
                    f"“{theme.name}”.{note}",
                )
                return redirect(back)
    elif action == "create":
        theme_form = ThemeForm(request.POST, prefix="new")
        if theme_form.is_valid():
            try:
                theme = services.create_theme(
                    inquiry=inquiry, by=request.user, **theme_form.cleaned_data
                )
            except services.ThemeProblem as problem:
                theme_form.add_error("name", str(problem))
            else:
                messages.success(request, f"The theme “{theme.name}” is made.")
                return redirect(back)
    paginator = Paginator(findings, FINDINGS_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    chosen_ids = set(request.POST.getlist("findings")) if action == "assign" else set()
    return render(
        request,
        "consult/themes/index.html",
        {
            "inquiry": inquiry,
            "themes": themes,
            "filter_form": filter_form,
            "filtered": bool(filters),
            "query": query,
            "post_to": back,
            "page_obj": page_obj,
            "page_range": list(paginator.get_elided_page_range(page_obj.number)),
            "total": paginator.count,
            "assign_form": assign_form,
            "theme_form": theme_form,
            "chosen_ids": chosen_ids,
            "first_id": page_obj.object_list[0].pk if page_obj.object_list else None,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def theme_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A theme: its findings, key quotes, name, merging, and its changes."""
    inquiry = _facilitator_inquiry(request, slug)
    if isinstance(inquiry, HttpResponse):
        return inquiry
    theme = get_object_or_404(Theme, pk=pk, inquiry=inquiry)
    others = Theme.objects.filter(inquiry=inquiry).exclude(pk=theme.pk)
    rename_form = ThemeForm(
        initial={
            "name": theme.name,
            "easy_read_name": theme.easy_read_name,
            "description": theme.description,
        },
        prefix="rename",
    )
    merge_form = MergeForm(None, themes=others)
    changes_form = ThemeChangesForm(
        None, inquiry=inquiry, initial={"changes": list(theme.changes.all())}
    )
    here = reverse("consult:theme_detail", args=[inquiry.slug, theme.pk])
    action = request.POST.get("action")
    problem = ""
    if action in {"key_quote", "not_key_quote", "remove"}:
        finding = posted_object(request, "finding", theme.findings.all())
        if finding is None:
            problem = "Choose a finding in this theme."
        else:
            try:
                if action == "key_quote":
                    services.mark_key_quote(
                        theme=theme, finding=finding, by=request.user
                    )
                    messages.success(request, f"#{finding.pk} is a key quote now.")
                elif action == "not_key_quote":
                    services.unmark_key_quote(theme=theme, finding=finding)
                    messages.success(
                        request, f"#{finding.pk} is no longer a key quote."
                    )
                else:
                    services.unassign_findings(theme=theme, findings=[finding])
                    messages.success(request, f"#{finding.pk} is out of this theme.")
            except services.ThemeProblem as error:
                problem = f"#{finding.pk} cannot be a key quote. {error}"
            else:
                return redirect(f"{here}#finding-{finding.pk}")
    elif action == "rename":
        rename_form = ThemeForm(request.POST, prefix="rename")
        if rename_form.is_valid():
            try:
                services.rename_theme(theme=theme, **rename_form.cleaned_data)
            except services.ThemeProblem as error:
                rename_form.add_error("name", str(error))
            else:
                messages.success(request, "The theme's name is saved.")
                return redirect(here)
    elif action == "merge":
        merge_form = MergeForm(request.POST, themes=others)
        if merge_form.is_valid():
            into = merge_form.cleaned_data["into"]
            try:
                services.merge_themes(source=theme, into=into, by=request.user)
            except services.ThemeProblem as error:
                merge_form.add_error("into", str(error))
            else:
                messages.success(
                    request, f"“{theme.name}” is merged into “{into.name}”."
                )
                return redirect("consult:theme_detail", slug=inquiry.slug, pk=into.pk)
    elif action == "changes":
        changes_form = ThemeChangesForm(request.POST, inquiry=inquiry)
        if changes_form.is_valid():
            theme.changes.set(changes_form.cleaned_data["changes"])
            messages.success(request, "The changes this theme supports are saved.")
            return redirect(here)
    rows = selectors.theme_rows(theme)
    return render(
        request,
        "consult/themes/detail.html",
        {
            "inquiry": inquiry,
            "theme": theme,
            "rows": rows,
            "key_rows": [row for row in rows if row.link.is_key_quote],
            "rename_form": rename_form,
            "merge_form": merge_form,
            "changes_form": changes_form,
            "has_others": others.exists(),
            "problem": problem,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def suggestions(request: HttpRequest, slug: str) -> HttpResponse:
    """Start a suggestion run, watch it, and decide on each group."""
    inquiry = _facilitator_inquiry(request, slug)
    if isinstance(inquiry, HttpResponse):
        return inquiry
    here = reverse("consult:theme_suggestions", args=[inquiry.slug])
    run = selectors.latest_run(inquiry)
    if request.GET.get("format") == "json":
        return JsonResponse(_run_status(run))
    action = request.POST.get("action")
    accept_forms: dict[int, AcceptForm] = {}
    merge_forms: dict[int, MergeForm] = {}
    themes = Theme.objects.filter(inquiry=inquiry)
    if action == "start":
        services.start_suggestion_run(inquiry=inquiry, by=request.user)
        return redirect(here)
    if action in {"accept", "rename", "merge", "reject"}:
        group = posted_object(
            request,
            "group",
            SuggestedGroup.objects.filter(run__inquiry=inquiry).select_related(
                "run__inquiry"
            ),
        )
        if group is None:
            messages.error(request, "Choose a suggested group.")
            return redirect(here)
        try:
            if action in {"accept", "rename"}:
                form = AcceptForm(request.POST, prefix=f"g{group.pk}")
                accept_forms[group.pk] = form
                if form.is_valid():
                    name = form.cleaned_data["name"]
                    if action == "rename":
                        services.rename_suggestion(group=group, label=name)
                        messages.success(request, f"Group {group.number} renamed.")
                    else:
                        theme = services.accept_suggestion(
                            group=group, name=name, by=request.user
                        )
                        messages.success(
                            request,
                            f"Group {group.number} accepted: its findings are in "
                            f"“{theme.name}”.",
                        )
                    return redirect(f"{here}#group-{group.pk}")
            elif action == "merge":
                form = MergeForm(request.POST, themes=themes, prefix=f"m{group.pk}")
                merge_forms[group.pk] = form
                if form.is_valid():
                    into = services.merge_suggestion(
                        group=group, into=form.cleaned_data["into"], by=request.user
                    )
                    messages.success(
                        request,
                        f"Group {group.number} added to “{into.name}”.",
                    )
                    return redirect(f"{here}#group-{group.pk}")
            else:
                services.reject_suggestion(group=group, by=request.user)
                messages.success(request, f"Group {group.number} rejected.")
                return redirect(f"{here}#group-{group.pk}")
        except services.ThemeProblem as error:
            messages.error(request, str(error))
            return redirect(f"{here}#group-{group.pk}")
    views = selectors.group_views(run) if run is not None else []
    rows = []
    for view in views:
        group = view.group
        rows.append(
            {
                "view": view,
                "accept_form": accept_forms.get(group.pk)
                or AcceptForm(initial={"name": group.label}, prefix=f"g{group.pk}"),
                "merge_form": merge_forms.get(group.pk)
                or MergeForm(None, themes=themes, prefix=f"m{group.pk}"),
            }
        )
    return render(
        request,
        "consult/themes/suggestions.html",
        {
            "inquiry": inquiry,
            "run": run,
            "rows": rows,
            "has_themes": themes.exists(),
            "unthemed": services.themeable_findings(inquiry)
            .filter(theme_links__isnull=True)
            .count(),
        },
        status=400 if request.method == "POST" else 200,
    )


def _run_status(run: object) -> dict[str, object]:
    if run is None:
        return {"status": "none", "progress": 0, "message": "", "active": False}
    return {
        "status": run.status,
        "label": run.get_status_display(),
        "progress": run.progress,
        "message": run.message,
        "active": run.is_active,
    }


@require_http_methods(["GET", "POST"])
def change_edit(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Link a change to the themes behind it and choose its key quotes."""
    inquiry = _facilitator_inquiry(request, slug)
    if isinstance(inquiry, HttpResponse):
        return inquiry
    change = get_object_or_404(Change, inquiry=inquiry, number=number)
    here = reverse("consult:change_edit", args=[inquiry.slug, change.number])
    themes = Theme.objects.filter(inquiry=inquiry)
    form = ChangeThemesForm(
        None, themes=themes, initial={"themes": list(change.themes.all())}
    )
    action = request.POST.get("action")
    problem = ""
    if action == "themes":
        form = ChangeThemesForm(request.POST, themes=themes)
        if form.is_valid():
            services.set_change_themes(
                change=change, themes=form.cleaned_data["themes"]
            )
            messages.success(request, "The themes behind this change are saved.")
            return redirect(here)
    elif action in {"add_quote", "remove_quote"}:
        finding = posted_object(
            request,
            "finding",
            Finding.objects.filter(inquiry=inquiry).without_concerns(),
        )
        if finding is None:
            problem = "Choose a finding."
        elif action == "remove_quote":
            services.remove_change_quote(change=change, finding=finding)
            messages.success(request, f"#{finding.pk} is no longer a key quote here.")
            return redirect(here)
        else:
            try:
                services.add_change_quote(
                    change=change, finding=finding, by=request.user
                )
            except services.ThemeProblem as error:
                problem = f"#{finding.pk} cannot be a key quote. {error}"
            else:
                messages.success(request, f"#{finding.pk} is a key quote now.")
                return redirect(here)
    quotes = [
        q.finding
        for q in change.quotes.select_related("finding").filter(
            finding__safeguarding_concern__isnull=True
        )
    ]
    quoted = {f.pk for f in quotes}
    candidates = (
        Finding.objects.filter(inquiry=inquiry, themes__changes=change)
        .counted()
        .exclude(pk__in=quoted)
        .distinct()
        .order_by("created_at", "pk")
    )
    return render(
        request,
        "consult/themes/change_edit.html",
        {
            "inquiry": inquiry,
            "change": change,
            "form": form,
            "quotes": [(f, services.why_not_quotable(f)) for f in quotes],
            "candidates": [(f, services.why_not_quotable(f)) for f in candidates],
            "problem": problem,
            "page": getattr(inquiry, "page", None),
        },
        status=400 if request.method == "POST" else 200,
    )
