"""Reads for the Make sense screens and the public changes page."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from ..models import (
    Change,
    ChangeQuote,
    Finding,
    FindingTheme,
    Inquiry,
    SuggestedGroup,
    SuggestionRun,
    Theme,
)
from .forms import THEME_ANY, THEME_NONE
from .services import themeable_findings, why_not_quotable


def themes_with_counts(inquiry: Inquiry) -> QuerySet[Theme]:
    return Theme.objects.filter(inquiry=inquiry).annotate(
        finding_count=Count("links", distinct=True),
        key_quote_count=Count(
            "links", filter=Q(links__is_key_quote=True), distinct=True
        ),
    )


def findings_for_theming(
    inquiry: Inquiry, filters: dict[str, str]
) -> QuerySet[Finding]:
    """The findings analysts may group, filtered; each with its themes and
    areas in two more queries."""
    findings = themeable_findings(inquiry)
    if filters.get("q"):
        findings = findings.filter(text__icontains=filters["q"])
    theme = filters.get("theme", "")
    if theme == THEME_NONE:
        findings = findings.filter(theme_links__isnull=True)
    elif theme == THEME_ANY:
        findings = findings.filter(theme_links__isnull=False).distinct()
    elif theme.isdigit():
        findings = findings.filter(theme_links__theme_id=int(theme))
    if filters.get("area", "").isdigit():
        findings = findings.filter(areas__id=int(filters["area"]))
    if filters.get("channel"):
        findings = findings.filter(channel=filters["channel"])
    return findings.prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("name")), "areas"
    ).order_by("created_at", "pk")


@dataclass(frozen=True)
class ThemeRow:
    """A finding in a theme, and whether it may be a key quote (and why not)."""

    link: FindingTheme
    finding: Finding
    why_not_quotable: str


def theme_rows(theme: Theme) -> list[ThemeRow]:
    links = (
        FindingTheme.objects.filter(theme=theme)
        .filter(
            finding__safeguarding_concern__isnull=True,
            finding__withdrawn_at__isnull=True,
        )
        .select_related("finding", "assigned_by")
        .order_by("-is_key_quote", "finding__created_at", "finding__pk")
    )
    return [
        ThemeRow(link, link.finding, why_not_quotable(link.finding)) for link in links
    ]


def latest_run(inquiry: Inquiry) -> SuggestionRun | None:
    return SuggestionRun.objects.filter(inquiry=inquiry).first()


@dataclass(frozen=True)
class GroupView:
    group: SuggestedGroup
    representatives: list[Finding]
    size: int
    still_unthemed: int


def group_views(run: SuggestionRun) -> list[GroupView]:
    """Each suggested group with its typical findings, read again now: a
    finding withdrawn or marked as a concern since the run is not shown."""
    groups = list(run.groups.all())
    wanted = {pk for g in groups for pk in g.finding_ids}
    usable = {
        f.pk: f
        for f in themeable_findings(run.inquiry)
        .filter(pk__in=wanted)
        .prefetch_related("theme_links")
    }
    views = []
    for group in groups:
        members = [usable[pk] for pk in group.finding_ids if pk in usable]
        views.append(
            GroupView(
                group=group,
                representatives=[
                    usable[pk] for pk in group.representative_ids if pk in usable
                ],
                size=len(members),
                still_unthemed=sum(1 for f in members if not f.theme_links.all()),
            )
        )
    return views


@dataclass(frozen=True)
class ChangeView:
    change: Change
    themes: list[Theme]
    quotes: list[Finding]
    supporting: int


def public_changes(inquiry: Inquiry) -> list[ChangeView]:
    """Each change with its themes, and the key quotes that may be shown in
    public (published, consent to quote, never a concern or withdrawn), in
    a fixed number of queries. `supporting` counts findings in its themes."""
    changes = list(
        Change.objects.filter(inquiry=inquiry)
        .order_by("number")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))
    )
    public = Finding.objects.filter(inquiry=inquiry).public()
    quotes: dict[int, list[Finding]] = {}
    for quote in (
        ChangeQuote.objects.filter(change__inquiry=inquiry, finding__in=public)
        .select_related("finding")
        .order_by("added_at", "pk")
    ):
        quotes.setdefault(quote.change_id, []).append(quote.finding)
    counted = Finding.objects.filter(inquiry=inquiry).counted()
    supporting = dict(
        FindingTheme.objects.filter(
            finding__in=counted, theme__changes__inquiry=inquiry
        )
        .values_list("theme__changes")
        .annotate(n=Count("finding", distinct=True))
        .values_list("theme__changes", "n")
    )
    return [
        ChangeView(
            change=c,
            themes=list(c.themes.all()),
            quotes=quotes.get(c.pk, []),
            supporting=supporting.get(c.pk, 0),
        )
        for c in changes
    ]
