"""factory_boy factories for the whole suite."""

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from consult.models import (
    Budget,
    BudgetArea,
    Change,
    Inquiry,
    InquiryRole,
    Organisation,
    OrganisationEditor,
    Participant,
    Phase,
    PhaseKind,
    SpendFigure,
    User,
)
from consult.models.inquiries import today


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    preferred_name = factory.Faker("first_name")

    @factory.post_generation
    def groups(
        self, create: bool, extracted: list[str] | None, **kwargs: object
    ) -> None:
        if create and extracted:
            for name in extracted:
                self.groups.add(Group.objects.get(name=name))


class InquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inquiry

    title = factory.Sequence(lambda n: f"Inquiry {n}: what would make care work?")
    slug = factory.Sequence(lambda n: f"inquiry-{n}")
    question = "What would make social care work for you?"
    easy_read_question = "What would make care good for you?"
    area_name = "Testshire"


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    inquiry = factory.SubFactory(InquiryFactory)
    kind = PhaseKind.LISTEN
    opens_on = factory.LazyFunction(lambda: today() - dt.timedelta(days=1))
    closes_on = factory.LazyFunction(lambda: today() + dt.timedelta(days=10))


class ChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Change

    inquiry = factory.SubFactory(InquiryFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Change {n}")
    easy_read_title = factory.Sequence(lambda n: f"Change {n}")
    easy_read_text = "Short words. One idea."
    pictogram = "home"


class BudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Budget

    inquiry = factory.SubFactory(InquiryFactory)
    organisation_name = "Testshire Council"
    year_label = "2023-24"
    pot = Decimal("3000000")


class BudgetAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetArea

    budget = factory.SubFactory(BudgetFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Area {n}")
    easy_read_name = factory.Sequence(lambda n: f"Area {n}")
    pictogram = "home"


class SpendFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpendFigure

    area = factory.SubFactory(BudgetAreaFactory)
    year_label = "2023-24"
    amount = Decimal("1000000")
    source = "Test source"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = Organisation.Kind.COUNCIL


class OrganisationEditorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationEditor

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)


class InquiryRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InquiryRole

    inquiry = factory.SubFactory(InquiryFactory)
    user = factory.SubFactory(UserFactory)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    inquiry = factory.SubFactory(InquiryFactory)
    user = factory.SubFactory(UserFactory)


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "consult.Finding"

    inquiry = factory.SubFactory(InquiryFactory)
    text = factory.Sequence(lambda n: f"Finding number {n}: my support works.")
    channel = "online"
    consent = "anonymous"
    state = "published"


class AboutYouFactory(factory.django.DjangoModelFactory):
    """'About you' answers, consented. Pass answers as the model stores them:
    codes, lists for relationship and took_part, an area's name."""

    class Meta:
        model = "consult.AboutYou"

    participant = factory.SubFactory(ParticipantFactory)
    consented_at = factory.LazyFunction(timezone.now)


class ReferenceShareFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "consult.ReferenceShare"

    inquiry = factory.SubFactory(InquiryFactory)
    dimension = "age_band"
    category = "75_plus"
    expected_percent = Decimal("20")
    source = "Test reference"


# Priority voting (h-ballots)
class PrioritySettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "consult.PrioritySettings"

    inquiry = factory.SubFactory(InquiryFactory)
    method = "rate"


class PriorityBallotFactory(factory.django.DjangoModelFactory):
    """A ballot row only; add choices with PriorityChoice or, better, make
    ballots through consult.priorities.ballots.cast_ballot."""

    class Meta:
        model = "consult.PriorityBallot"

    inquiry = factory.SubFactory(InquiryFactory)
    participant = factory.SubFactory(
        ParticipantFactory, inquiry=factory.SelfAttribute("..inquiry")
    )
    method = "rate"
    channel = "online"
