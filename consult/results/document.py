"""The results document: everything an inquiry found, built from the data on
demand, in the shape every output (web pages, easy-read pages, PDFs) reads.

One builder, so the standard page, the easy-read page and both PDFs can never
disagree. It reads only what may be shown in public: counted findings (never a
safeguarding concern or a withdrawn story), quotes only with consent, groups
of fewer than 5 hidden (consult/voices.py, consult/priorities/results.py).

Whether the document may be shown is not decided here: callers ask
`consult.publication.is_published` first (the team sees it before)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max, Prefetch, Q

from ..budgeting import results as budget_results
from ..caching import inquiry_version
from ..commitments.selectors import CommitmentRow, listed, row
from ..models import (
    AboutYou,
    Budget,
    Change,
    ChangeQuote,
    Commitment,
    Finding,
    FindingTheme,
    Inquiry,
    Pledge,
    Theme,
)
from ..models.inquiries import today
from ..priorities.ballots import settings_for
from ..priorities.results import (
    PriorityResults,
    ballots_fingerprint,
    priority_results,
)
from ..selectors import whose_voices
from ..sensemaking.selectors import ChangeView, public_changes
from ..voices import VoicesReport, show_count

DOCUMENT_TTL = 24 * 60 * 60
# How long a fingerprint may be reused without asking the database: the net
# for bulk edits that send no signal (consult/caching.py).
VERSION_TTL = 60
KEY_QUOTES_PER_THEME = 3
# The fields of themes and changes the results show: editing one moves the
# data version.
THEME_SHOWN = ("pk", "name", "easy_read_name", "description")
CHANGE_SHOWN = (
    "pk",
    "number",
    "title",
    "easy_read_title",
    "easy_read_text",
    "pictogram",
    "description",
)


@dataclass(frozen=True)
class Quote:
    text: str
    said_by: str  # the name the person agreed to, or "Someone who took part"


@dataclass(frozen=True)
class ThemeSummary:
    pk: int
    name: str
    easy_read_name: str
    description: str
    findings: int  # counted findings in the theme (count-only ones included)
    quotes: tuple[Quote, ...]

    @property
    def findings_display(self) -> str:
        return show_count(self.findings)


@dataclass(frozen=True)
class BudgetSection:
    budget: Budget
    ready: bool  # the rules have run (they run in the background)
    progress: int  # 0 to 100 while they run
    tables: dict[str, Any] = field(default_factory=dict)  # results_tables()
    pledges: list[dict[str, Any]] = field(default_factory=list)
    split_rules: dict[str, str] = field(default_factory=dict)
    split_rules_easy: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ResultsDocument:
    inquiry: Inquiry
    version: str  # changes whenever anything shown here changes
    voices: VoicesReport
    findings_counted: int
    themes: tuple[ThemeSummary, ...]
    changes: tuple[ChangeView, ...]
    priorities: PriorityResults | None  # None when there are no changes
    budget: BudgetSection | None  # None when the inquiry has no budget
    # A snapshot of the commitments made so far ("You said, we did" has the
    # live detail): rows in change order, with whether each is overdue.
    commitments: tuple[CommitmentRow, ...] = ()

    @property
    def findings_display(self) -> str:
        return show_count(self.findings_counted)

    @property
    def is_empty(self) -> bool:
        return not (
            self.findings_counted
            or self.changes
            or (self.priorities and self.priorities.ballots)
            or (self.budget and self.budget.tables.get("model_voters"))
            or (self.budget and self.budget.pledges)
        )


def _quote(finding: Finding) -> Quote:
    return Quote(
        text=finding.text, said_by=finding.quoted_name or "Someone who took part"
    )


def theme_summaries(inquiry: Inquiry) -> tuple[ThemeSummary, ...]:
    """Each theme with how many counted findings it holds and up to three key
    quotes people agreed we may share, in three queries."""
    counted = Finding.objects.filter(inquiry=inquiry).counted()
    public = Finding.objects.filter(inquiry=inquiry).public()
    themes = (
        Theme.objects.filter(inquiry=inquiry)
        .annotate(n=Count("links", filter=Q(links__finding__in=counted)))
        .prefetch_related(
            Prefetch(
                "links",
                queryset=FindingTheme.objects.filter(
                    is_key_quote=True, finding__in=public
                )
                .select_related("finding")
                .order_by("assigned_at", "pk"),
                to_attr="key_quotes",
            )
        )
        .order_by("-n", "name")
    )
    return tuple(
        ThemeSummary(
            pk=t.pk,
            name=t.name,
            easy_read_name=t.easy_read_name or t.name,
            description=t.description,
            findings=t.n,
            quotes=tuple(
                _quote(link.finding) for link in t.key_quotes[:KEY_QUOTES_PER_THEME]
            ),
        )
        for t in themes
    )


def _budget_section(budget: Budget) -> BudgetSection:
    found, progress = budget_results.cached_results(budget)
    return BudgetSection(
        budget=budget,
        ready=found is not None,
        progress=progress,
        tables=budget_results.results_tables(budget, found) if found else {},
        pledges=budget_results.pledges_by_area(budget),
        split_rules=budget_results.SPLIT_RULES,
        split_rules_easy=budget_results.SPLIT_RULES_EASY,
    )


def commitment_rows(inquiry: Inquiry) -> tuple[CommitmentRow, ...]:
    """The inquiry's commitments, first change first, then by organisation."""
    found = listed(Commitment.objects.filter(inquiry=inquiry)).order_by(
        "organisation__name", "pk"
    )
    rows = [row(c, today()) for c in found]
    rows.sort(key=lambda r: min((ch.number for ch in r.changes), default=0))
    return tuple(rows)


def data_version(inquiry: Inquiry) -> str:
    """A short fingerprint of everything the document shows, read from the
    database alone (never from a cache that may be lost or differ between
    processes). It changes with any edit, vote, moderation or theming that
    shows, bulk ones included, so a cached document or a built PDF is never
    older than the data; a story still waiting for a moderator leaves it."""
    findings = (
        Finding.objects.filter(inquiry=inquiry)
        .counted()
        .aggregate(n=Count("pk"), last=Max("updated_at"))
    )
    links = FindingTheme.objects.filter(theme__inquiry=inquiry).aggregate(
        n=Count("pk"),
        keys=Count("pk", filter=Q(is_key_quote=True)),
        last=Max("assigned_at"),
    )
    quotes = ChangeQuote.objects.filter(change__inquiry=inquiry).aggregate(
        n=Count("pk"), last=Max("added_at")
    )
    commitments = Commitment.objects.filter(inquiry=inquiry).aggregate(
        n=Count("pk"), last=Max("updated_at")
    )
    about = AboutYou.objects.filter(participant__inquiry=inquiry).aggregate(
        n=Count("pk"), last=Max("updated_at")
    )
    budget = Budget.objects.filter(inquiry=inquiry).first()
    parts = [
        str(inquiry.pk),
        inquiry.title,
        str(inquiry.results_published_at),
        f"{findings['n']}:{findings['last']}",
        f"{links['n']}:{links['keys']}:{links['last']}",
        f"{quotes['n']}:{quotes['last']}",
        f"{about['n']}:{about['last']}",
        f"{commitments['n']}:{commitments['last']}:{today()}",
        repr(list(Theme.objects.filter(inquiry=inquiry).values_list(*THEME_SHOWN))),
        repr(list(Change.objects.filter(inquiry=inquiry).values_list(*CHANGE_SHOWN))),
        ballots_fingerprint(inquiry, settings_for(inquiry)),
    ]
    if budget is not None:
        pledges = Pledge.objects.filter(budget=budget).aggregate(
            n=Count("pk"), last=Max("pk")
        )
        parts += [
            budget_results.results_key(budget),
            repr(list(budget.areas.values_list("pk", "name", "easy_read_name"))),
            f"{pledges['n']}:{pledges['last']}",
        ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def known_data_version(inquiry: Inquiry) -> str:
    """`data_version`, kept in the shared cache under the inquiry's stamp
    (consult/caching.py), so a page that is read often asks the database for
    it once per change, or once a minute after a bulk edit that sent no
    signal. Builds (the PDFs) use `data_version` itself."""
    key = (
        f"coproduce:results-version:{inquiry.pk}:"
        f"{inquiry_version(inquiry.pk)}:{today()}"
    )
    version = cache.get(key)
    if version is None:
        version = data_version(inquiry)
        cache.set(key, version, VERSION_TTL)
    return version


def build_document(inquiry: Inquiry) -> ResultsDocument:
    """Read everything afresh (no cache)."""
    changes = tuple(public_changes(inquiry))
    budget = Budget.objects.filter(inquiry=inquiry).first()
    if budget is not None:
        budget.inquiry = inquiry
    return ResultsDocument(
        inquiry=inquiry,
        version=data_version(inquiry),
        voices=whose_voices(inquiry),
        findings_counted=Finding.objects.filter(inquiry=inquiry).counted().count(),
        themes=theme_summaries(inquiry),
        changes=changes,
        priorities=priority_results(inquiry) if changes else None,
        budget=_budget_section(budget) if budget is not None else None,
        commitments=commitment_rows(inquiry),
    )


def results_document(inquiry: Inquiry) -> ResultsDocument:
    """The document, from the cache while the data is unchanged. A document
    whose budget rules were still running is not kept, so it fills in."""
    key = f"coproduce:results-document:{known_data_version(inquiry)}"
    found = cache.get(key)
    if found is not None:
        return found
    document = build_document(inquiry)
    if document.budget is None or document.budget.ready:
        cache.set(key, document, DOCUMENT_TTL)
    return document
