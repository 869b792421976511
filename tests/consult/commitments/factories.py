"""Factories for commitments (kept beside their tests)."""

from __future__ import annotations

import datetime as dt

import factory

from consult.models import Commitment, Milestone, ProgressUpdate
from consult.models.inquiries import today
from tests.factories import ChangeFactory, InquiryFactory, OrganisationFactory


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment
        skip_postgeneration_save = True

    inquiry = factory.SubFactory(InquiryFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Commitment {n}")
    description = "What we will do, in our own words."
    easy_read_title = "We will help"
    easy_read_text = "We will help you."
    pictogram = "help"
    owner_role = "Director of Adult Social Care"
    start_on = factory.LazyFunction(lambda: today() - dt.timedelta(days=30))
    due_on = factory.LazyFunction(lambda: today() + dt.timedelta(days=300))
    review_on = factory.LazyFunction(lambda: today() + dt.timedelta(days=30))

    @factory.post_generation
    def changes(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if not create:
            return
        self.changes.set(extracted or [ChangeFactory(inquiry=self.inquiry)])


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    commitment = factory.SubFactory(CommitmentFactory)
    title = factory.Sequence(lambda n: f"Step {n}")
    due_on = factory.LazyFunction(lambda: today() + dt.timedelta(days=60))
    progress = 0


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    commitment = factory.SubFactory(CommitmentFactory)
    dated = factory.LazyFunction(today)
    text = "We did some of it."
    status = "started"
    progress = 30
