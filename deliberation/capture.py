"""Writes for the facilitator console: one finding typed in a session or from
the phone line, and many at once from a CSV. Each finding records its channel
and the facilitator who wrote it; a session finding is linked to its session."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from consult import listening, services
from consult.models import BudgetArea, Channel, Finding, Inquiry, Participant

from .bulk import ParsedImport, parse_findings
from .models import Session, SessionFinding


class CaptureProblem(Exception):
    """The message says, in plain words, what to fix."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def participant_for_code(inquiry: Inquiry, typed: str) -> Participant | None:
    """The participant behind a card, made on the card's first use; None for
    'someone in the room'."""
    if not typed.strip():
        return None
    try:
        return services.redeem_code(inquiry=inquiry, typed=typed)
    except services.CodeProblem as problem:
        raise CaptureProblem(str(problem), field="code") from problem


@transaction.atomic
def capture_finding(
    *,
    inquiry: Inquiry,
    text: str,
    consent: str,
    by: Any,
    session: Session | None = None,
    channel: str = Channel.SESSION,
    code: str = "",
    display_name: str = "",
    areas: Iterable[BudgetArea] = (),
    is_concern: bool = False,
    participant: Participant | None = None,
) -> Finding:
    """Record what someone said, as the facilitator heard it. A finding the
    facilitator marks as a safeguarding concern goes straight to the lead."""
    if session is not None and session.inquiry_id != inquiry.pk:
        raise CaptureProblem("This session belongs to another inquiry.")
    if code.strip():
        participant = participant_for_code(inquiry, code)
    finding = listening.record_finding(
        inquiry=inquiry,
        text=text,
        channel=Channel.SESSION if session is not None else channel,
        consent=consent,
        participant=participant,
        display_name=display_name,
        areas=areas,
        recorded_by=by,
    )
    if session is not None:
        SessionFinding.objects.create(finding=finding, session=session)
    if is_concern:
        listening.raise_safeguarding_concern(finding=finding, raised_by=by)
    return finding


def area_lookup(inquiry: Inquiry) -> dict[str, int]:
    """Names, easy-read names and numbers of the inquiry's areas, for CSVs."""
    lookup: dict[str, int] = {}
    for area in BudgetArea.objects.filter(
        budget__inquiry=inquiry, is_decision_area=True
    ):
        for key in (area.name, area.easy_read_name, str(area.number)):
            lookup[" ".join(key.lower().split())] = area.pk
    return lookup


def check_import(inquiry: Inquiry, content: str) -> ParsedImport:
    """Parse the rows and check every code against the inquiry's cards."""
    parsed = parse_findings(content, areas=area_lookup(inquiry))
    for row in parsed.rows:
        if not row.code:
            continue
        try:
            code = services.find_code(inquiry=inquiry, typed=row.code)
        except services.CodeProblem:
            row.errors.append(f"We do not know the code '{row.code}'.")
        else:
            if code.is_revoked:
                row.errors.append(f"The code '{row.code}' has been stopped.")
    return parsed


@transaction.atomic
def import_findings(
    *, inquiry: Inquiry, content: str, channel: str, by: Any
) -> list[Finding]:
    """Save every row, or none: the content is checked again here, so a code
    stopped since the preview stops the whole import."""
    if channel not in {Channel.PHONE, Channel.POST}:
        raise CaptureProblem("Choose the phone line or the post.", field="channel")
    parsed = check_import(inquiry, content)
    if not parsed.is_valid:
        raise CaptureProblem(
            "Some rows have problems. Nothing was saved. Fix them and try again."
        )
    areas = {a.pk: a for a in BudgetArea.objects.filter(budget__inquiry=inquiry)}
    return [
        capture_finding(
            inquiry=inquiry,
            text=row.text,
            consent=row.consent,
            by=by,
            channel=channel,
            code=row.code,
            display_name=row.name,
            areas=[areas[pk] for pk in row.area_ids],
        )
        for row in parsed.rows
    ]
