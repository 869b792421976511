"""Factories for budget tests: an inquiry whose Decide money phase is open,
with a pot, decision areas and support models."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import factory

from consult.models import (
    Budget,
    BudgetArea,
    Inquiry,
    Participant,
    PhaseKind,
    SupportModel,
)
from consult.models.inquiries import today
from tests.factories import (
    BudgetAreaFactory,
    BudgetFactory,
    InquiryFactory,
    ParticipantFactory,
    PhaseFactory,
)


class SupportModelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportModel

    budget = factory.SubFactory(BudgetFactory)
    area = factory.LazyAttribute(lambda m: BudgetAreaFactory(budget=m.budget))
    name = factory.Sequence(lambda n: f"Support model {n}")
    cost = Decimal("1000000")
    what_it_buys = "Support that people asked for."
    easy_read_name = factory.Sequence(lambda n: f"Way {n}")
    easy_read_text = "It helps you."


@dataclass
class OpenBudget:
    inquiry: Inquiry
    budget: Budget
    areas: list[BudgetArea]
    models: list[SupportModel]
    participant: Participant


def open_budget(
    *, pot: str = "3000000", is_open: bool = True, vote_type: str = "approval"
) -> OpenBudget:
    """Three decision areas and one that is not, two models per decision area
    (£1m, £1.5m), Decide money open (or closed yesterday)."""
    inquiry = InquiryFactory()
    start = today() - dt.timedelta(days=1 if is_open else 10)
    PhaseFactory(
        inquiry=inquiry,
        kind=PhaseKind.DECIDE_MONEY,
        opens_on=start,
        closes_on=today() + dt.timedelta(days=5)
        if is_open
        else today() - dt.timedelta(days=1),
    )
    budget = BudgetFactory(inquiry=inquiry, pot=Decimal(pot), model_vote_type=vote_type)
    names = ["Support at home", "Where you live", "Whole community"]
    areas = [
        BudgetAreaFactory(budget=budget, number=n, name=name, easy_read_name=name)
        for n, name in enumerate(names, 1)
    ]
    BudgetAreaFactory(budget=budget, number=9, name="Staffing", is_decision_area=False)
    models = [
        SupportModelFactory(
            budget=budget, area=area, name=f"{area.name} {cost}", cost=cost
        )
        for area in areas
        for cost in (Decimal("1000000"), Decimal("1500000"))
    ]
    participant = ParticipantFactory(inquiry=inquiry)
    return OpenBudget(inquiry, budget, areas, models, participant)
