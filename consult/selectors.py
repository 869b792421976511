"""Reads for the inquiry's public pages, each in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from .models import Budget, BudgetArea, Change, Inquiry, Phase, SpendFigure
from .models.about_you import (
    MULTI_SELECT,
    PREFER_NOT,
    Dimension,
    dimension_categories,
    ethnic_group_of,
)
from .models.inquiries import PhaseStatus, today
from .money import plain_pounds, share_in_ten
from .voices import DimensionCounts, Expected, VoicesReport, build_voices


@dataclass(frozen=True)
class PhaseView:
    phase: Phase
    status: PhaseStatus

    @property
    def is_open(self) -> bool:
        return self.status == PhaseStatus.OPEN


@dataclass(frozen=True)
class AreaMoney:
    area: BudgetArea
    spent: SpendFigure | None
    forecasts: list[SpendFigure]
    share_in_ten: int

    @property
    def spent_plain(self) -> str:
        return plain_pounds(self.spent.amount) if self.spent else "not known"

    @property
    def share_words(self) -> str:
        """The area's share of all spending, without percentages (ER6)."""
        if self.spent is None:
            return ""
        if self.share_in_ten == 0:
            return "less than 1 in 10"
        return f"about {self.share_in_ten} in 10"


@dataclass(frozen=True)
class MoneyPicture:
    budget: Budget
    areas: list[AreaMoney]
    total_spent: Decimal

    @property
    def total_plain(self) -> str:
        return plain_pounds(self.total_spent)

    @property
    def pot_plain(self) -> str:
        return plain_pounds(self.budget.pot)

    @property
    def is_illustrative(self) -> bool:
        return self.budget.is_illustrative or any(
            a.spent and a.spent.evidence == "illustrative" for a in self.areas
        )

    @property
    def sources(self) -> list[str]:
        """Each distinct source once, in the order the areas cite them."""
        cited = [a.spent.source for a in self.areas if a.spent]
        return list(
            dict.fromkeys([*cited, self.budget.source] if self.budget.source else cited)
        )

    @property
    def biggest(self) -> AreaMoney | None:
        spent = [a for a in self.areas if a.spent]
        return max(spent, key=lambda a: a.spent.amount) if spent else None  # type: ignore[union-attr]


@dataclass(frozen=True)
class InquiryOverview:
    inquiry: Inquiry
    phases: list[PhaseView]
    changes: list[Change]
    money: MoneyPicture | None
    on: dt.date = field(default_factory=today)

    @property
    def open_phases(self) -> list[PhaseView]:
        return [p for p in self.phases if p.is_open]


def money_picture(budget: Budget) -> MoneyPicture:
    areas = list(
        budget.areas.prefetch_related(
            Prefetch("figures", queryset=SpendFigure.objects.order_by("year_label"))
        )
    )
    rows: list[tuple[BudgetArea, SpendFigure | None, list[SpendFigure]]] = []
    for area in areas:
        figures = list(area.figures.all())
        spent = [f for f in figures if f.kind == SpendFigure.Kind.SPENT]
        forecasts = [f for f in figures if f.kind == SpendFigure.Kind.FORECAST]
        rows.append((area, spent[-1] if spent else None, forecasts))
    total = sum((s.amount for _, s, _ in rows if s), Decimal(0))
    return MoneyPicture(
        budget=budget,
        areas=[
            AreaMoney(
                area=a,
                spent=s,
                forecasts=f,
                share_in_ten=share_in_ten(s.amount, total) if s else 0,
            )
            for a, s, f in rows
        ],
        total_spent=total,
    )


def inquiry_overview(inquiry_id: int, on: dt.date | None = None) -> InquiryOverview:
    """Everything the inquiry page shows, in five queries whatever the size."""
    on = on or today()
    inquiry = Inquiry.objects.prefetch_related("phases").get(pk=inquiry_id)
    phases = [PhaseView(p, p.status(on)) for p in inquiry.phases_in_order()]
    changes = list(Change.objects.filter(inquiry_id=inquiry_id).order_by("number"))
    budget = Budget.objects.filter(inquiry_id=inquiry_id).first()
    return InquiryOverview(
        inquiry=inquiry,
        phases=phases,
        changes=changes,
        money=money_picture(budget) if budget else None,
        on=on,
    )


def live_inquiry_pages():  # type: ignore[no-untyped-def]
    """Published inquiry pages with their inquiry, newest first."""
    from .models import InquiryPage

    return (
        InquiryPage.objects.live()
        .public()
        .select_related("inquiry")
        .prefetch_related("inquiry__phases")
        .order_by("-first_published_at")
    )


def code_batches(inquiry: Inquiry):  # type: ignore[no-untyped-def]
    """An inquiry's code batches with how many codes were used and stopped."""
    from django.db.models import Count, Q

    from .models import CodeBatch

    return CodeBatch.objects.filter(inquiry=inquiry).annotate(
        used=Count("codes", filter=Q(codes__participant__isnull=False)),
        stopped=Count("codes", filter=Q(codes__revoked_at__isnull=False)),
    )


PUBLIC_FINDINGS_PER_PAGE = 20


def findings_totals(inquiry: Inquiry) -> dict[str, int]:
    """How many findings count towards totals and how many may be quoted in
    public (FindingQuerySet.counted and .public), in one query."""
    from .models import Finding

    return Finding.objects.filter(inquiry=inquiry).totals()


def public_findings_page(
    inquiry: Inquiry, page_number: str | None
) -> dict[str, object]:
    """One page of published findings and the totals, in a fixed number of
    queries however many findings there are, and reading about a page of
    rows however many there are:

    - both totals come from one pass over the inquiry's findings, and the
      paginator is given its count instead of counting again;
    - the page's ids come from the findings table alone, newest first, which
      PostgreSQL reads from the index in that order and stops after the page
      (joined to the attachments, it sorted every public finding instead:
      bench/findings.py prints the plan); then the page's rows are read by
      id with their attachments."""
    from django.core.paginator import Paginator

    from .models import Finding

    totals = findings_totals(inquiry)
    newest_first = (
        Finding.objects.filter(inquiry=inquiry)
        .public()
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)
    )
    paginator = Paginator(newest_first, PUBLIC_FINDINGS_PER_PAGE)
    paginator.count = totals["public"]  # a cached_property: set, not counted
    page_obj = paginator.get_page(page_number)
    ids = list(page_obj.object_list)
    rows = (
        Finding.objects.select_related("attachment")
        .only(
            "pk",
            "text",
            "display_name",
            "consent",
            "channel",
            "created_at",
            "attachment__id",
            "attachment__kind",
            "attachment__description",
        )
        .in_bulk(ids)
    )
    page_obj.object_list = [rows[pk] for pk in ids if pk in rows]
    return {
        "inquiry": inquiry,
        "counted": totals["counted"],
        "page_obj": page_obj,
        "page_range": list(paginator.get_elided_page_range(page_obj.number)),
    }


def _answers_by_dimension(
    about: dict[str, object] | None, channels: set[str]
) -> dict[str, list[str]]:
    """One person's answers as lists of codes, per dimension."""
    about = about or {}

    def listed(value: object) -> list[str]:
        if isinstance(value, list):
            return [v for v in value if isinstance(v, str)]
        return [value] if isinstance(value, str) and value else []

    ethnicity = str(about.get("ethnicity") or "")
    return {
        Dimension.RELATIONSHIP: listed(about.get("relationship")),
        Dimension.CHANNEL: sorted(channels),
        Dimension.TOOK_PART: listed(about.get("took_part")),
        Dimension.HELPED: listed(about.get("helped")),
        Dimension.AREA: listed(about.get("area")),
        Dimension.AGE_BAND: listed(about.get("age_band")),
        Dimension.DISABILITY: listed(about.get("disability")),
        Dimension.ETHNIC_GROUP: (
            [PREFER_NOT]
            if ethnicity == PREFER_NOT
            else listed(ethnic_group_of(ethnicity))
        ),
    }


def whose_voices(inquiry: Inquiry) -> VoicesReport:
    """Who took part, by group, against the inquiry's reference profile, in
    five queries however many people took part (counted here, in Python:
    the multi-select answers are JSON lists, which SQLite and PostgreSQL
    query differently).

    A person took part when at least one thing they said counts (checked by
    a moderator, not withdrawn, not a safeguarding concern) or they gave
    'About you' answers, which they can do as soon as they have sent a story,
    before it is checked. A safeguarding concern adds nothing: not the
    person, not the channel. Findings from "someone in the room" belong to no
    person, so they are counted apart."""
    from .models import AboutYou, Finding, LocalArea, ReferenceShare

    channels: dict[int, set[str]] = defaultdict(set)
    for participant_id, channel in (
        Finding.objects.filter(inquiry=inquiry, participant__isnull=False)
        .counted()
        .order_by()
        .values_list("participant_id", "channel")
        .distinct()
    ):
        channels[participant_id].add(channel)
    about = {
        row["participant_id"]: row
        for row in AboutYou.objects.filter(participant__inquiry=inquiry).values(
            "participant_id",
            "relationship",
            "took_part",
            "helped",
            "area",
            "age_band",
            "disability",
            "ethnicity",
        )
    }
    area_names = list(
        LocalArea.objects.filter(inquiry=inquiry)
        .order_by("sort_order", "pk")
        .values_list("name", flat=True)
    )
    expected = {
        (dimension, category): Expected(percent, source)
        for dimension, category, percent, source in ReferenceShare.objects.filter(
            inquiry=inquiry
        ).values_list("dimension", "category", "expected_percent", "source")
    }
    unlinked = (
        Finding.objects.filter(inquiry=inquiry, participant__isnull=True)
        .counted()
        .count()
    )

    people = set(channels) | set(about)
    categories = {d: list(dimension_categories(d, area_names)) for d in Dimension}
    known = {d: {code for code, _ in groups} for d, groups in categories.items()}
    tallies: dict[str, Counter[str]] = {d: Counter() for d in Dimension}
    answered: Counter[str] = Counter()
    prefer_not: Counter[str] = Counter()
    for person in people:
        for dimension, values in _answers_by_dimension(
            about.get(person), channels.get(person, set())
        ).items():
            if values == [PREFER_NOT]:
                prefer_not[dimension] += 1
                continue
            if dimension != Dimension.AREA:
                values = [v for v in values if v in known[dimension]]
            if values:
                answered[dimension] += 1
                tallies[dimension].update(set(values))
    # Area answers keep the name chosen; an area renamed or removed since
    # still counts, under the old name.
    categories[Dimension.AREA] += [
        (name, f"{name} (no longer listed)")
        for name in sorted(set(tallies[Dimension.AREA]) - known[Dimension.AREA])
    ]
    dimensions = []
    for dimension in Dimension:
        dimensions.append(
            DimensionCounts(
                key=dimension.value,
                label=str(dimension.label),
                categories=categories[dimension],
                counts=tallies[dimension],
                answered=answered[dimension],
                prefer_not=(
                    None if dimension == Dimension.CHANNEL else prefer_not[dimension]
                ),
                multi=dimension in MULTI_SELECT,
            )
        )
    return build_voices(
        took_part=len(people),
        dimensions=dimensions,
        expected=expected,
        unlinked_findings=unlinked,
    )
