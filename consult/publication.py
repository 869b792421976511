"""Publishing an inquiry's results: one editor action opens every public
output at once (results pages, charts, PDFs, feeds, open data, the API), and
taking it back closes them all again.

Until an inquiry is published, no count, chart, quote or result of it appears
in public. Every public output asks `is_published` and nothing else; room
mode's session-only counts are the one exception, and only while the
facilitator has them on (consult/priorities, deliberation)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from wagtail.log_actions import log

from .caching import bump_inquiry_version
from .models import (
    Budget,
    BudgetBallot,
    Change,
    Finding,
    Inquiry,
    Pledge,
    PriorityBallot,
    PrioritySettings,
    Theme,
)

# Sent after the transaction that publishes, unpublishes or changes published
# results commits: PDFs rebuild and caches refresh from here.
# Arguments: inquiry_id (int), published (bool).
results_changed = Signal()

PUBLISHED_ACTION = "coproduce.results_published"
UNPUBLISHED_ACTION = "coproduce.results_unpublished"


class NothingToPublish(Exception):
    """Publishing an inquiry that has nothing to show yet."""


@dataclass(frozen=True)
class Checklist:
    """What publishing would make public, counted, for the editor to see
    before pressing the button."""

    findings: int
    themes: int
    changes: int
    priority_ballots: int
    budget_ballots: int
    pledges: int

    @property
    def is_empty(self) -> bool:
        return not any(
            (
                self.findings,
                self.changes,
                self.priority_ballots,
                self.budget_ballots,
                self.pledges,
            )
        )

    def lines(self) -> list[tuple[str, int]]:
        return [
            ("Stories and findings people agreed to share", self.findings),
            ("Themes", self.themes),
            ("Changes people called for", self.changes),
            ("Priority ballots", self.priority_ballots),
            ("Budget ballots", self.budget_ballots),
            ("Pledges of time and resources", self.pledges),
        ]


def is_published(inquiry: Inquiry) -> bool:
    """The one question every public output asks."""
    return inquiry.results_published_at is not None


def checklist(inquiry: Inquiry) -> Checklist:
    return Checklist(
        findings=Finding.objects.public().filter(inquiry=inquiry).count(),
        themes=Theme.objects.filter(inquiry=inquiry).count(),
        changes=Change.objects.filter(inquiry=inquiry).count(),
        priority_ballots=PriorityBallot.objects.filter(inquiry=inquiry).count(),
        budget_ballots=BudgetBallot.objects.filter(budget__inquiry=inquiry).count(),
        pledges=Pledge.objects.filter(budget__inquiry=inquiry).count(),
    )


def _set_part_flags(inquiry: Inquiry, published: bool) -> None:
    """Priority and budget results follow the inquiry's switch, so the pages
    built before publishing existed ask the same question."""
    if published:
        PrioritySettings.objects.get_or_create(inquiry=inquiry)
    PrioritySettings.objects.filter(inquiry=inquiry).update(results_published=published)
    Budget.objects.filter(inquiry=inquiry).update(results_published=published)


def _announce(inquiry_id: int, published: bool) -> None:
    transaction.on_commit(
        lambda: results_changed.send(
            sender=Inquiry, inquiry_id=inquiry_id, published=published
        )
    )


@transaction.atomic
def publish_results(inquiry: Inquiry, *, by: Any) -> Checklist:
    """Make the inquiry's results public. Refuses, in plain words, when there
    is nothing to show yet."""
    inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    found = checklist(inquiry)
    if found.is_empty:
        raise NothingToPublish(
            "There is nothing to publish yet. Publish some findings, write the "
            "changes, or wait for the first votes, then try again."
        )
    if inquiry.results_published_at is None:
        inquiry.results_published_at = timezone.now()
        inquiry.results_published_by = by if getattr(by, "pk", None) else None
        inquiry.save(update_fields=["results_published_at", "results_published_by"])
        log(instance=inquiry, action=PUBLISHED_ACTION, user=by)
    _set_part_flags(inquiry, True)
    bump_inquiry_version(inquiry.pk)
    _announce(inquiry.pk, True)
    return found


@transaction.atomic
def unpublish_results(inquiry: Inquiry, *, by: Any) -> None:
    """Take the results back down, for example after a mistake is found."""
    inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    if inquiry.results_published_at is not None:
        inquiry.results_published_at = None
        inquiry.results_published_by = None
        inquiry.save(update_fields=["results_published_at", "results_published_by"])
        log(instance=inquiry, action=UNPUBLISHED_ACTION, user=by)
    _set_part_flags(inquiry, False)
    bump_inquiry_version(inquiry.pk)
    _announce(inquiry.pk, False)


def results_data_changed(inquiry_id: int) -> None:
    """Call when published results' data changes (a late paper batch, a
    corrected finding): the public copies (PDFs, caches) rebuild."""
    bump_inquiry_version(inquiry_id)
    if Inquiry.objects.filter(
        pk=inquiry_id, results_published_at__isnull=False
    ).exists():
        _announce(inquiry_id, True)
