"""Writes for commitments: create and change them, their milestones, and their
progress updates (each edit keeps the earlier version). Every write keeps the
commitment's progress and last update date in step, and moves the inquiry's
cache version so public copies refresh."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from .. import audit
from ..caching import bump_inquiry_version
from ..media import CheckedFile
from ..models import (
    Change,
    Commitment,
    CommitmentStatus,
    Finding,
    Inquiry,
    MakingItRealTheme,
    Milestone,
    Organisation,
    ProgressUpdate,
    ProgressUpdateRevision,
)
from . import status as rules
from .making_it_real import THEMES


class CommitmentProblem(Exception):
    """An invariant the form should have caught; the message is plain words."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


# The fields of a commitment a person types in (everything but its links).
COMMITMENT_FIELDS = (
    "reference",
    "title",
    "description",
    "easy_read_title",
    "easy_read_text",
    "pictogram",
    "co_produced_with",
    "owner_role",
    "owner_email",
    "start_on",
    "due_on",
    "review_on",
    "status",
    "not_doing_reason",
    "budget_area",
    "budget_amount",
)


def ensure_making_it_real_themes() -> int:
    """Load the six Making it Real themes if missing. Returns how many were added."""
    added = 0
    for number, name, easy_read_name in THEMES:
        _, created = MakingItRealTheme.objects.get_or_create(
            name=name, defaults={"number": number, "easy_read_name": easy_read_name}
        )
        added += created
    return added


def _check(values: dict[str, Any]) -> None:
    start, due = values.get("start_on"), values.get("due_on")
    if start and due and due < start:
        raise CommitmentProblem(
            "due_on", "The due date must be the same as or after the start date."
        )
    if (
        values.get("status") == CommitmentStatus.NOT_DOING
        and not (values.get("not_doing_reason") or "").strip()
    ):
        raise CommitmentProblem(
            "not_doing_reason", "Say why you are not doing this. People need to know."
        )


def _links(
    commitment: Commitment,
    changes: Iterable[Change],
    findings: Iterable[Finding],
    themes: Iterable[MakingItRealTheme],
) -> None:
    changes = list(changes)
    if not changes:
        raise CommitmentProblem("changes", "Choose at least one change this answers.")
    if any(c.inquiry_id != commitment.inquiry_id for c in changes):
        raise CommitmentProblem("changes", "Choose changes from this inquiry only.")
    findings = list(findings)
    if any(f.inquiry_id != commitment.inquiry_id for f in findings):
        raise CommitmentProblem("findings", "Cite findings from this inquiry only.")
    commitment.changes.set(changes)
    commitment.findings.set(findings)
    commitment.making_it_real.set(list(themes))


@transaction.atomic
def create_commitment(
    *,
    organisation: Organisation,
    inquiry: Inquiry,
    by: Any,
    changes: Iterable[Change],
    findings: Iterable[Finding] = (),
    making_it_real: Iterable[MakingItRealTheme] = (),
    **values: Any,
) -> Commitment:
    _check(values)
    commitment = Commitment(
        organisation=organisation,
        inquiry=inquiry,
        created_by=by if getattr(by, "pk", None) else None,
        **{k: v for k, v in values.items() if k in COMMITMENT_FIELDS},
    )
    commitment.save()
    _links(commitment, changes, findings, making_it_real)
    refresh_progress(commitment)
    _log_commitment(commitment, "coproduce.commitment_created", by)
    return commitment


def _log_commitment(commitment: Commitment, action: str, by: Any) -> None:
    # A commitment's title is public, written by the organisation.
    audit.record(
        commitment,
        action,
        user=by,
        title=f"Commitment {commitment.pk}: {commitment.title}"[:200],
        data={"organisation": commitment.organisation_id, "status": commitment.status},
    )


@transaction.atomic
def change_commitment(
    commitment: Commitment,
    *,
    changes: Iterable[Change],
    findings: Iterable[Finding] = (),
    making_it_real: Iterable[MakingItRealTheme] = (),
    by: Any = None,
    **values: Any,
) -> Commitment:
    _check(values)
    for name, value in values.items():
        if name in COMMITMENT_FIELDS:
            setattr(commitment, name, value)
    if commitment.status != CommitmentStatus.NOT_DOING:
        commitment.not_doing_reason = ""
    commitment.save()
    _links(commitment, changes, findings, making_it_real)
    refresh_progress(commitment)
    _log_commitment(commitment, "coproduce.commitment_changed", by)
    return commitment


def refresh_progress(commitment: Commitment) -> None:
    """Keep the commitment's progress and last update date in step with its
    latest update (or milestones), and tell the public copies to refresh."""
    latest = commitment.updates.order_by("-dated", "-pk").first()
    milestones = list(commitment.milestones.values_list("progress", flat=True))
    commitment.progress = rules.commitment_progress(
        status=commitment.status,
        update_progress=latest.progress if latest else None,
        milestone_progress=milestones,
    )
    commitment.last_update_on = latest.dated if latest else None
    Commitment.objects.filter(pk=commitment.pk).update(
        progress=commitment.progress, last_update_on=commitment.last_update_on
    )
    bump_inquiry_version(commitment.inquiry_id)


@transaction.atomic
def save_milestone(
    *,
    commitment: Commitment,
    milestone: Milestone | None = None,
    title: str,
    due_on: dt.date,
    progress: int,
    easy_read_title: str = "",
    order: int = 0,
) -> Milestone:
    if not 0 <= progress <= 100:
        raise CommitmentProblem("progress", "Type a number from 0 to 100.")
    milestone = milestone or Milestone(commitment=commitment)
    milestone.title = title
    milestone.easy_read_title = easy_read_title
    milestone.due_on = due_on
    milestone.progress = progress
    milestone.order = order
    milestone.save()
    refresh_progress(commitment)
    return milestone


@dataclass(frozen=True)
class UpdateValues:
    """What a person types into a progress update."""

    dated: dt.date
    text: str
    status: str
    progress: int
    easy_read_text: str = ""
    status_reason: str = ""
    evidence_links: tuple[str, ...] = ()
    evidence_description: str = ""
    next_review_on: dt.date | None = None


def _check_update(values: UpdateValues) -> None:
    if not 0 <= values.progress <= 100:
        raise CommitmentProblem("progress", "Type a number from 0 to 100.")
    if values.status == CommitmentStatus.NOT_DOING and not values.status_reason.strip():
        raise CommitmentProblem(
            "status_reason", "Say why you are not doing this. People need to know."
        )


def _apply(update: ProgressUpdate, values: UpdateValues) -> None:
    update.dated = values.dated
    update.text = values.text
    update.easy_read_text = values.easy_read_text
    update.status = values.status
    update.status_reason = (
        values.status_reason if values.status == CommitmentStatus.NOT_DOING else ""
    )
    update.progress = values.progress
    update.evidence_links = list(values.evidence_links)
    update.evidence_description = values.evidence_description


def _attach(update: ProgressUpdate, evidence: CheckedFile | None) -> None:
    if evidence is None:
        return
    update.evidence_file.save(
        evidence.stored_name, ContentFile(evidence.content), save=False
    )
    update.evidence_kind = evidence.kind
    update.evidence_content_type = evidence.content_type


def _follow(commitment: Commitment, values: UpdateValues) -> None:
    """The commitment takes the status of its latest update, and its next
    review date while it is still open."""
    latest = commitment.updates.order_by("-dated", "-pk").first()
    if latest is not None:
        commitment.status = latest.status
        commitment.not_doing_reason = latest.status_reason
    if values.next_review_on and commitment.status in rules.OPEN_STATUSES:
        commitment.review_on = values.next_review_on
    commitment.save(update_fields=["status", "not_doing_reason", "review_on"])
    refresh_progress(commitment)


@transaction.atomic
def post_progress_update(
    *,
    commitment: Commitment,
    by: Any,
    values: UpdateValues,
    evidence: CheckedFile | None = None,
) -> ProgressUpdate:
    """Publish a dated progress update; the commitment follows its status."""
    _check_update(values)
    update = ProgressUpdate(
        commitment=commitment, author=by if getattr(by, "pk", None) else None
    )
    _apply(update, values)
    _attach(update, evidence)
    update.save()
    _follow(commitment, values)
    _log_update(update, "coproduce.progress_posted", by)
    return update


def _log_update(update: ProgressUpdate, action: str, by: Any) -> None:
    audit.record(
        update,
        action,
        user=by,
        data={
            "commitment": update.commitment_id,
            "status": update.status,
            "progress": update.progress,
        },
    )


@transaction.atomic
def edit_progress_update(
    update: ProgressUpdate,
    *,
    by: Any,
    values: UpdateValues,
    evidence: CheckedFile | None = None,
) -> ProgressUpdate:
    """Change a published update. The version people saw before is kept,
    append-only, and shown with the update."""
    _check_update(values)
    update = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    ProgressUpdateRevision.objects.create(
        update=update,
        dated=update.dated,
        text=update.text,
        easy_read_text=update.easy_read_text,
        evidence_links=update.evidence_links,
        evidence_file_name=update.evidence_file.name or "",
        status=update.status,
        status_reason=update.status_reason,
        progress=update.progress,
        written_at=update.edited_at or update.created_at,
        replaced_by=by if getattr(by, "pk", None) else None,
    )
    _apply(update, values)
    _attach(update, evidence)
    update.edited_at = timezone.now()
    update.save()
    _follow(update.commitment, values)
    _log_update(update, "coproduce.progress_edited", by)
    return update
