"""Commitments and their progress updates as CSV and JSON, per inquiry or per
organisation. Commitments are the organisations' public statements, so these
are public at once (no publication gate), but nothing private goes out: no
reminder email, no author, no cited findings, no evidence files.

The commitments CSV starts with the import template's columns
(consult/commitments/csv_import.py), so an organisation can export, edit its
spreadsheet and import it again. CSV cells go through the open data writer
(consult/opendata/formats.py): safe to open in a spreadsheet."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from ..models import Change, Commitment, MakingItRealTheme, ProgressUpdate
from ..opendata.datasets import LICENCE, LICENCE_LINE, SPREADSHEET_NOTE
from ..opendata.formats import csv_table, json_value
from . import status as rules
from .csv_import import COLUMN_NAMES

COMMITMENT_EXTRA = (
    "id",
    "organisation",
    "inquiry",
    "current_progress",
    "last_update_date",
    "update_overdue",
    "budget_area",
    "making_it_real",
    "url",
)
COMMITMENT_HEADER = [
    *(c for c in COLUMN_NAMES if c not in {"update_date", "update_text", "progress"}),
    *COMMITMENT_EXTRA,
]
UPDATE_HEADER = [
    "commitment_id",
    "commitment_reference",
    "organisation",
    "update_id",
    "update_date",
    "status",
    "status_reason",
    "progress",
    "text",
    "easy_read_text",
    "evidence_links",
    "edited_at",
    "url",
]
NOTES = f"{LICENCE_LINE} {SPREADSHEET_NOTE}"


def exported(commitments: QuerySet[Commitment]) -> QuerySet[Commitment]:
    """Commitments with what the files need, in four queries in all."""
    return (
        commitments.select_related("organisation", "inquiry", "budget_area")
        .prefetch_related(
            Prefetch("changes", queryset=Change.objects.order_by("number")),
            Prefetch(
                "making_it_real", queryset=MakingItRealTheme.objects.order_by("number")
            ),
            Prefetch(
                "updates", queryset=ProgressUpdate.objects.order_by("dated", "pk")
            ),
        )
        .order_by("organisation__name", "due_on", "pk")
    )


def _url(commitment: Commitment) -> str:
    return reverse(
        "consult:commitment", args=[commitment.organisation.slug, commitment.pk]
    )


def commitment_record(commitment: Commitment, today: dt.date) -> dict[str, Any]:
    """One commitment as plain values (dates stay dates)."""
    return {
        "reference": commitment.reference,
        "changes": "; ".join(str(c.number) for c in commitment.changes.all()),
        "title": commitment.title,
        "description": commitment.description,
        "easy_read_title": commitment.easy_read_title,
        "easy_read_text": commitment.easy_read_text,
        "owner_role": commitment.owner_role,
        "co_produced_with": commitment.co_produced_with,
        "start_date": commitment.start_on,
        "due_date": commitment.due_on,
        "review_date": commitment.review_on,
        "status": commitment.status,
        "not_doing_reason": commitment.not_doing_reason,
        "budget_amount": commitment.budget_amount,
        "id": commitment.pk,
        "organisation": commitment.organisation.name,
        "inquiry": commitment.inquiry.slug,
        "current_progress": commitment.progress,
        "last_update_date": commitment.last_update_on,
        "update_overdue": rules.is_overdue(
            status=commitment.status,
            review_on=commitment.review_on,
            last_update_on=commitment.last_update_on,
            today=today,
        ),
        "budget_area": commitment.budget_area.name if commitment.budget_area else "",
        "making_it_real": "; ".join(t.name for t in commitment.making_it_real.all()),
        "url": _url(commitment),
    }


def update_record(update: ProgressUpdate, commitment: Commitment) -> dict[str, Any]:
    return {
        "commitment_id": commitment.pk,
        "commitment_reference": commitment.reference,
        "organisation": commitment.organisation.name,
        "update_id": update.pk,
        "update_date": update.dated,
        "status": update.status,
        "status_reason": update.status_reason,
        "progress": update.progress,
        "text": update.text,
        "easy_read_text": update.easy_read_text,
        "evidence_links": " ".join(update.evidence_links or []),
        "edited_at": update.edited_at.isoformat() if update.edited_at else None,
        "url": f"{_url(commitment)}#update-{update.pk}-title",
    }


def commitments_csv(commitments: QuerySet[Commitment], today: dt.date) -> Iterator[str]:
    records = (commitment_record(c, today) for c in exported(commitments))
    return csv_table(
        COMMITMENT_HEADER, ([r[n] for n in COMMITMENT_HEADER] for r in records)
    )


def updates_csv(commitments: QuerySet[Commitment]) -> Iterator[str]:
    def rows() -> Iterator[list[Any]]:
        for commitment in exported(commitments):
            for update in commitment.updates.all():
                record = update_record(update, commitment)
                yield [record[n] for n in UPDATE_HEADER]

    return csv_table(UPDATE_HEADER, rows())


def commitments_json(
    commitments: QuerySet[Commitment], today: dt.date, *, title: str, source: str
) -> dict[str, Any]:
    """{"title", "source", "licence", "notes", "commitments": [...]}: each
    commitment with its change numbers as a list and its updates, oldest first."""
    items = []
    for commitment in exported(commitments):
        record = {
            k: json_value(v) for k, v in commitment_record(commitment, today).items()
        }
        record["changes"] = [c.number for c in commitment.changes.all()]
        record["making_it_real"] = [t.name for t in commitment.making_it_real.all()]
        record["updates"] = [
            {
                k: json_value(v)
                for k, v in update_record(update, commitment).items()
                if k not in {"commitment_id", "commitment_reference", "organisation"}
            }
            for update in commitment.updates.all()
        ]
        for update in record["updates"]:
            update["evidence_links"] = update["evidence_links"].split()
        items.append(record)
    return {
        "title": title,
        "source": source,
        "licence": LICENCE,
        "notes": LICENCE_LINE,
        "commitments": items,
    }
