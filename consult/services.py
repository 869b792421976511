"""Writes for the consultation domain. Views, commands and the demo call these,
never raw inserts, so every invariant is checked in one place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Max

from .models import (
    Budget,
    BudgetArea,
    Change,
    EvidenceLabel,
    Inquiry,
    InquiryRole,
    Organisation,
    OrganisationEditor,
    Participant,
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


def add_facilitator(*, inquiry: Inquiry, user: object) -> InquiryRole:
    role, _ = InquiryRole.objects.get_or_create(
        inquiry=inquiry, user=user, role=InquiryRole.Role.FACILITATOR
    )
    return role


def add_organisation_editor(
    *, organisation: Organisation, user: object
) -> OrganisationEditor:
    editor, _ = OrganisationEditor.objects.get_or_create(
        organisation=organisation, user=user
    )
    return editor


def join_inquiry(*, inquiry: Inquiry, user: object) -> Participant:
    """Make a signed-in person a participant of an inquiry (once)."""
    participant, _ = Participant.objects.get_or_create(inquiry=inquiry, user=user)
    return participant
