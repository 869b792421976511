"""factory_boy factories for sessions."""

import datetime as dt

import factory
from django.utils import timezone

from deliberation.models import Session, SessionFormat, SignUp
from tests.factories import InquiryFactory


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session
        skip_postgeneration_save = True

    inquiry = factory.SubFactory(InquiryFactory)
    title = factory.Sequence(lambda n: f"Session {n} at the library")
    format = SessionFormat.ROOM
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + dt.timedelta(hours=2))
    place = "Anytown Library, 1 High Street"
    capacity = 10
    access_features = factory.LazyFunction(lambda: ["step_free", "hearing_loop"])


class SignUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SignUp

    session = factory.SubFactory(SessionFactory)
    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
