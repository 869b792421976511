"""Reads for the commitment pages: an organisation's commitments, one
commitment with its milestones and updates, and the "You said, we did"
tracker. Each reads in a fixed number of queries, however many
commitments there are."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from ..models import (
    Change,
    Commitment,
    Finding,
    Inquiry,
    MakingItRealTheme,
    Milestone,
    Organisation,
    ProgressUpdate,
    ProgressUpdateRevision,
)
from ..publication import is_published
from ..sensemaking.selectors import ChangeView, public_changes
from . import status as rules


def listed(queryset: QuerySet[Commitment]) -> QuerySet[Commitment]:
    """Commitments with everything a list row shows, in three more queries."""
    return queryset.select_related(
        "organisation", "inquiry", "budget_area"
    ).prefetch_related(
        Prefetch("changes", queryset=Change.objects.order_by("number")),
        Prefetch(
            "making_it_real", queryset=MakingItRealTheme.objects.order_by("number")
        ),
    )


@dataclass(frozen=True)
class CommitmentRow:
    commitment: Commitment
    is_overdue: bool
    progress_words: str

    @property
    def changes(self) -> list[Change]:
        return list(self.commitment.changes.all())


def row(commitment: Commitment, today: dt.date) -> CommitmentRow:
    return CommitmentRow(
        commitment=commitment,
        is_overdue=rules.is_overdue(
            status=commitment.status,
            review_on=commitment.review_on,
            last_update_on=commitment.last_update_on,
            today=today,
        ),
        progress_words=rules.progress_in_words(commitment.progress),
    )


def facts(commitment: Commitment) -> rules.Facts:
    return rules.Facts(
        status=commitment.status,
        progress=commitment.progress,
        review_on=commitment.review_on,
        last_update_on=commitment.last_update_on,
    )


def summary(commitments: Iterable[Commitment], today: dt.date) -> rules.ProgressSummary:
    return rules.summarise((facts(c) for c in commitments), today)


@dataclass(frozen=True)
class OrganisationPage:
    organisation: Organisation
    rows: list[CommitmentRow]
    summary: rules.ProgressSummary


def organisation_page(organisation: Organisation, today: dt.date) -> OrganisationPage:
    commitments = list(
        listed(Commitment.objects.filter(organisation=organisation)).order_by(
            "inquiry__title", "due_on", "pk"
        )
    )
    return OrganisationPage(
        organisation=organisation,
        rows=[row(c, today) for c in commitments],
        summary=summary(commitments, today),
    )


@dataclass(frozen=True)
class CommitmentPage:
    row: CommitmentRow
    milestones: list[Milestone]
    updates: list[ProgressUpdate]
    quotes: list[Finding]
    quotes_shown: bool


def commitment_page(commitment: Commitment, today: dt.date) -> CommitmentPage:
    """One commitment in full. The words people said that it cites are shown
    only if they may be quoted in public and the inquiry's results are
    published (the rule for every quote: consult/publication.py)."""
    milestones = list(commitment.milestones.all())
    updates = list(
        commitment.updates.order_by("-dated", "-pk").prefetch_related(
            Prefetch(
                "revisions",
                queryset=ProgressUpdateRevision.objects.order_by("-replaced_at", "-pk"),
            )
        )
    )
    shown = is_published(commitment.inquiry)
    quotes = (
        list(commitment.findings.public().order_by("created_at", "pk")) if shown else []
    )
    return CommitmentPage(
        row=row(commitment, today),
        milestones=milestones,
        updates=updates,
        quotes=quotes,
        quotes_shown=shown,
    )


@dataclass(frozen=True)
class ChangeTrack:
    """One change on the tracker: what people said, what was committed."""

    view: ChangeView
    rows: list[CommitmentRow]
    summary: rules.ProgressSummary

    @property
    def change(self) -> Change:
        return self.view.change


@dataclass(frozen=True)
class Tracker:
    inquiry: Inquiry
    changes: list[ChangeTrack]
    summary: rules.ProgressSummary
    organisations: list[tuple[Organisation, int]]
    quotes_shown: bool


def tracker(inquiry: Inquiry, today: dt.date) -> Tracker:
    """ "You said, we did": per change, the key quotes (once results are
    published), each commitment answering it with its status and progress;
    and an overview across the inquiry. A commitment answering two changes
    shows under both and counts once in the overview."""
    commitments = list(
        listed(Commitment.objects.filter(inquiry=inquiry)).order_by(
            "due_on", "organisation__name", "pk"
        )
    )
    by_change: dict[int, list[Commitment]] = {}
    organisations: dict[int, tuple[Organisation, int]] = {}
    for commitment in commitments:
        for change in commitment.changes.all():
            by_change.setdefault(change.pk, []).append(commitment)
        org = commitment.organisation
        organisations[org.pk] = (org, organisations.get(org.pk, (org, 0))[1] + 1)
    shown = is_published(inquiry)
    views = public_changes(inquiry)
    tracks = []
    for view in views:
        mine = by_change.get(view.change.pk, [])
        if not shown:
            view = ChangeView(
                change=view.change, themes=view.themes, quotes=[], supporting=0
            )
        tracks.append(
            ChangeTrack(
                view=view,
                rows=[row(c, today) for c in mine],
                summary=summary(mine, today),
            )
        )
    return Tracker(
        inquiry=inquiry,
        changes=tracks,
        summary=summary(commitments, today),
        organisations=sorted(organisations.values(), key=lambda pair: pair[0].name),
        quotes_shown=shown,
    )
