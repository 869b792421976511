"""Writes for the consultation domain. Views, commands and the demo call these,
never raw inserts, so every invariant is checked in one place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from . import audit
from . import codes as codes_logic
from .models import (
    Budget,
    BudgetArea,
    Change,
    CodeBatch,
    EvidenceLabel,
    Inquiry,
    InquiryRole,
    Organisation,
    OrganisationEditor,
    Participant,
    ParticipationCode,
    Phase,
    SpendFigure,
)


@dataclass(frozen=True)
class PhasePlan:
    kind: str
    opens_on: dt.date
    closes_on: dt.date | None = None
    note: str = ""


@dataclass(frozen=True)
class FigurePlan:
    year_label: str
    amount: Decimal
    source: str
    evidence: str = EvidenceLabel.PUBLISHED
    kind: str = SpendFigure.Kind.SPENT


@dataclass(frozen=True)
class AreaPlan:
    name: str
    easy_read_name: str
    pictogram: str
    description: str = ""
    is_decision_area: bool = True
    figures: list[FigurePlan] = field(default_factory=list)


@transaction.atomic
def create_inquiry(
    *,
    title: str,
    slug: str,
    question: str,
    easy_read_question: str,
    area_name: str = "",
    phases: Iterable[PhasePlan] = (),
) -> Inquiry:
    inquiry = Inquiry(
        title=title,
        slug=slug,
        question=question,
        easy_read_question=easy_read_question,
        area_name=area_name,
    )
    inquiry.full_clean()
    inquiry.save()
    for plan in phases:
        phase = Phase(
            inquiry=inquiry,
            kind=plan.kind,
            opens_on=plan.opens_on,
            closes_on=plan.closes_on,
            note=plan.note,
        )
        phase.full_clean()
        phase.save()
    return inquiry


@transaction.atomic
def add_change(
    *,
    inquiry: Inquiry,
    title: str,
    easy_read_title: str,
    easy_read_text: str,
    pictogram: str,
    description: str = "",
) -> Change:
    """Add a change at the end of the inquiry's list."""
    # Lock the inquiry row so two editors adding at once get distinct numbers.
    Inquiry.objects.select_for_update().filter(pk=inquiry.pk).first()
    last = inquiry.changes.aggregate(last=Max("number"))["last"] or 0
    change = Change(
        inquiry=inquiry,
        number=last + 1,
        title=title,
        description=description,
        easy_read_title=easy_read_title,
        easy_read_text=easy_read_text,
        pictogram=pictogram,
    )
    change.full_clean()
    change.save()
    return change


@transaction.atomic
def record_money_picture(
    *,
    inquiry: Inquiry,
    organisation_name: str,
    year_label: str,
    pot: Decimal,
    areas: Iterable[AreaPlan],
    pot_note: str = "",
    evidence: str = EvidenceLabel.PUBLISHED,
    source: str = "",
) -> Budget:
    """Create the inquiry's money picture: its areas, what each costs, the pot."""
    budget = Budget(
        inquiry=inquiry,
        organisation_name=organisation_name,
        year_label=year_label,
        pot=pot,
        pot_note=pot_note,
        evidence=evidence,
        source=source,
    )
    budget.full_clean()
    budget.save()
    for number, plan in enumerate(areas, start=1):
        area = BudgetArea(
            budget=budget,
            number=number,
            name=plan.name,
            easy_read_name=plan.easy_read_name,
            description=plan.description,
            pictogram=plan.pictogram,
            is_decision_area=plan.is_decision_area,
        )
        area.full_clean()
        area.save()
        for fig in plan.figures:
            figure = SpendFigure(
                area=area,
                year_label=fig.year_label,
                kind=fig.kind,
                amount=fig.amount,
                evidence=fig.evidence,
                source=fig.source,
            )
            figure.full_clean()
            figure.save()
    return budget


def create_organisation(
    *, name: str, slug: str, kind: str, website: str = ""
) -> Organisation:
    organisation = Organisation(name=name, slug=slug, kind=kind, website=website)
    organisation.full_clean()
    organisation.save()
    return organisation


def add_facilitator(
    *, inquiry: Inquiry, user: object, by: object = None
) -> InquiryRole:
    role, created = InquiryRole.objects.get_or_create(
        inquiry=inquiry, user=user, role=InquiryRole.Role.FACILITATOR
    )
    if created:
        audit.record(
            role,
            "coproduce.facilitator_added",
            user=by,
            data={"inquiry": inquiry.pk, "person": getattr(user, "pk", None)},
        )
    return role


def add_organisation_editor(
    *, organisation: Organisation, user: object, by: object = None
) -> OrganisationEditor:
    editor, created = OrganisationEditor.objects.get_or_create(
        organisation=organisation, user=user
    )
    if created:
        audit.record(
            editor,
            "coproduce.organisation_editor_added",
            user=by,
            data={"organisation": organisation.pk, "person": getattr(user, "pk", None)},
        )
    return editor


def join_inquiry(*, inquiry: Inquiry, user: object) -> Participant:
    """Make a signed-in person a participant of an inquiry (once)."""
    participant, _ = Participant.objects.get_or_create(inquiry=inquiry, user=user)
    return participant


class CodeProblem(Exception):
    """A participation code that cannot be used; the message is for the person."""


class CodeNotRecognised(CodeProblem):
    pass


class CodeRevoked(CodeProblem):
    pass


def _code_key() -> str:
    return settings.PARTICIPATION_CODE_KEY or settings.SECRET_KEY


@transaction.atomic
def create_code_batch(
    *, inquiry: Inquiry, label: str, size: int, created_by: object | None
) -> tuple[CodeBatch, list[str]]:
    """Make `size` new codes. The plain codes are returned once, to print;
    only their keyed hashes are kept."""
    batch = CodeBatch(inquiry=inquiry, label=label, size=size, created_by=created_by)
    batch.full_clean()
    batch.save()
    key = _code_key()
    codes: dict[str, str] = {}
    while len(codes) < size:
        code = codes_logic.generate_code()
        digest = codes_logic.code_hash(code, key)
        if (
            digest not in codes
            and not ParticipationCode.objects.filter(code_hash=digest).exists()
        ):
            codes[digest] = code
    ParticipationCode.objects.bulk_create(
        ParticipationCode(
            batch=batch, inquiry=inquiry, code_hash=digest, last_two=code[-2:]
        )
        for digest, code in codes.items()
    )
    return batch, list(codes.values())


def find_code(*, inquiry: Inquiry, typed: str) -> ParticipationCode:
    code = codes_logic.normalise(typed)
    found = (
        ParticipationCode.objects.filter(
            inquiry=inquiry, code_hash=codes_logic.code_hash(code, _code_key())
        ).first()
        if code
        else None
    )
    if found is None:
        raise CodeNotRecognised(
            "We do not know this code. Check it and type it again. It has 8 "
            "letters and numbers, like ACEF-3479."
        )
    return found


@transaction.atomic
def redeem_code(*, inquiry: Inquiry, typed: str) -> Participant:
    """The participant a code belongs to, made on the code's first use."""
    code = find_code(inquiry=inquiry, typed=typed)
    code = ParticipationCode.objects.select_for_update().get(pk=code.pk)
    if code.is_revoked:
        raise CodeRevoked(
            "This code has been stopped. Ask the person who gave it to you for "
            "a new one."
        )
    if code.participant_id is None:
        code.participant = Participant.objects.create(inquiry=inquiry)
        code.first_used_at = timezone.now()
        code.save(update_fields=["participant", "first_used_at"])
    return code.participant


@transaction.atomic
def revoke_code(*, inquiry: Inquiry, typed: str, by: object) -> ParticipationCode:
    """Stop a code working, for example when a card is lost. What was already
    said with it stays."""
    code = find_code(inquiry=inquiry, typed=typed)
    if not code.is_revoked:
        code.revoked_at = timezone.now()
        code.revoked_by = by
        code.save(update_fields=["revoked_at", "revoked_by"])
        audit.record(code, "coproduce.code_revoked", user=by)
    return code


def revoke_batch(*, batch: CodeBatch, by: object) -> int:
    """Stop every unrevoked code in a batch. Returns how many were stopped."""
    return batch.codes.filter(revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=by
    )
