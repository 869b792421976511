"""Retention: when an inquiry's keeping time has passed, erase what it holds
about people. Run daily by `manage.py purge_personal_data` (cron) or the
`purge_personal_data_task` background task; each run reports what it removed.

An inquiry "ends" on the last closing date of its phases, the Commit phase
aside (that one keeps going while promises are tracked). An inquiry with a
phase still open-ended (no closing date, Commit aside) has not ended."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django_tasks import task

from ..models import Finding, Inquiry, Participant, PhaseKind, PrivacyRequestSource
from ..models.inquiries import today
from . import signals
from .services import REMOVED, _erase_findings, erase_participant


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or the month's last day if shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover: 28 always exists


def ended_on(inquiry: Inquiry) -> dt.date | None:
    """The inquiry's last closing date (Commit aside), or None if not ended."""
    phases = [p for p in inquiry.phases.all() if p.kind != PhaseKind.COMMIT]
    if not phases or any(p.closes_on is None for p in phases):
        return None
    return max(p.closes_on for p in phases if p.closes_on is not None)


def purge_due_on(inquiry: Inquiry) -> dt.date | None:
    """The first day its people's information may be erased."""
    end = ended_on(inquiry)
    return None if end is None else add_months(end, inquiry.retention_months)


@dataclass
class InquiryPurge:
    slug: str
    due_on: dt.date
    removed: dict[str, int]


@dataclass
class PurgeReport:
    """What a run removed (or would remove, on a dry run), as counts."""

    dry_run: bool
    inquiries: list[InquiryPurge] = field(default_factory=list)

    @property
    def totals(self) -> dict[str, int]:
        total: Counter[str] = Counter()
        for item in self.inquiries:
            total.update(item.removed)
        return dict(sorted(total.items()))

    def as_dict(self) -> dict[str, object]:
        return {
            "dry_run": self.dry_run,
            "totals": self.totals,
            "inquiries": [
                {"slug": i.slug, "due_on": i.due_on.isoformat(), "removed": i.removed}
                for i in self.inquiries
            ],
        }

    def as_text(self) -> str:
        verb = "Would remove" if self.dry_run else "Removed"
        if not self.inquiries:
            return "No inquiry is past its keeping time: nothing to remove."
        lines = []
        for item in self.inquiries:
            counts = ", ".join(f"{k}: {v}" for k, v in item.removed.items())
            lines.append(
                f"{item.slug} (due {item.due_on.isoformat()}): "
                f"{verb.lower()} {counts or 'nothing'}"
            )
        totals = ", ".join(f"{k}: {v}" for k, v in self.totals.items())
        lines.append(f"{verb} in all: {totals or 'nothing'}")
        return "\n".join(lines)


def _would_remove(inquiry: Inquiry) -> dict[str, int]:
    people = Participant.objects.filter(inquiry=inquiry, erased_at=None)
    findings = Finding.objects.filter(
        inquiry=inquiry, safeguarding_concern__isnull=True
    ).exclude(text=REMOVED)
    counts = {
        "participants": people.count(),
        "findings": findings.count(),
        "about_you": inquiry.participants.filter(
            erased_at=None, about_you__isnull=False
        ).count(),
    }
    return {k: v for k, v in counts.items() if v}


def purge_inquiry(inquiry: Inquiry) -> dict[str, int]:
    """Erase everyone in one inquiry, and the words of findings no one is
    linked to (written down for "someone in the room")."""
    total: Counter[str] = Counter()
    for participant in Participant.objects.filter(inquiry=inquiry, erased_at=None):
        total.update(
            erase_participant(
                participant=participant, source=PrivacyRequestSource.RETENTION
            )
        )
    with transaction.atomic():
        _erase_findings(
            Finding.objects.filter(inquiry=inquiry, participant__isnull=True), total
        )
        for _receiver, result in signals.purge_inquiry.send(
            sender=Inquiry, inquiry=inquiry
        ):
            total.update({k: v for k, v in (result or {}).items() if v})
    return {k: v for k, v in sorted(total.items()) if v}


def purge_personal_data(
    *, dry_run: bool = False, on: dt.date | None = None
) -> PurgeReport:
    """Erase personal data of every inquiry past its keeping time."""
    on = on or today()
    report = PurgeReport(dry_run=dry_run)
    for inquiry in Inquiry.objects.prefetch_related("phases").order_by("pk"):
        due = purge_due_on(inquiry)
        if due is None or due > on:
            continue
        removed = _would_remove(inquiry) if dry_run else purge_inquiry(inquiry)
        if removed:
            report.inquiries.append(
                InquiryPurge(slug=inquiry.slug, due_on=due, removed=removed)
            )
    return report


@task()
def purge_personal_data_task() -> dict[str, object]:
    """The daily run, as a background task (`purge_personal_data --queue`)."""
    return purge_personal_data().as_dict()
