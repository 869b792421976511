"""Sessions as people meet them: the list, signing up, the calendar file,
giving a place back, and the facilitators' planning and attendance pages."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from consult.roles import Role
from deliberation import services
from deliberation.models import Session, SignUp, SignUpStatus

from .factories import SessionFactory, SignUpFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(demo):
    return SessionFactory(inquiry=demo, capacity=2, payment_policy="£20 an hour.")


@pytest.fixture
def facilitator(demo_users):
    client = Client()
    client.force_login(demo_users[Role.FACILITATOR])
    return client


def url(session, part=""):
    return f"/inquiries/anyshire/sessions/{session.pk}/{part}"


def test_the_list_shows_places_left_and_full_sessions(client, session, demo):
    full = SessionFactory(inquiry=demo, capacity=1, title="Full one")
    SignUpFactory(session=full)
    page = client.get("/inquiries/anyshire/sessions/").content.decode()
    assert "2 places left" in page
    assert "Full: you can join the reserve list" in page
    assert session.title in page


def test_the_session_page_shows_access_and_payment(client, session):
    page = client.get(url(session)).content.decode()
    assert "Step-free access" in page
    assert "Hearing loop" in page
    assert "£20 an hour." in page


def test_signing_up_without_an_account_books_a_place(client, session):
    response = client.post(
        url(session), {"name": "Sam", "phone": "01632 960123", "brings_supporter": "on"}
    )
    assert response.status_code == 302
    entry = SignUp.objects.get(session=session)
    assert (entry.name, entry.brings_supporter, entry.status) == (
        "Sam",
        True,
        SignUpStatus.BOOKED,
    )
    page = client.get(response["Location"]).content.decode()
    assert "You have a place" in page
    assert "give my place back" in page


def test_a_signed_in_person_has_their_name_and_email_filled_in(session, demo_users):
    client = Client()
    client.force_login(demo_users[Role.PARTICIPANT])
    page = client.get(url(session)).content.decode()
    assert demo_users[Role.PARTICIPANT].email in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "", "phone": "01632 960123"}, "name", "Tell us your name."),
        ({"name": "Sam"}, "email", "Give us an email address or a phone number"),
        ({"name": "Sam", "email": "not-an-email"}, "email", "like name@example.com"),
        ({"name": "Sam", "phone": "call me"}, "phone", "10 to 15 numbers"),
        ({"name": "Sam", "phone": "12"}, "phone", "10 to 15 numbers"),
        ({"name": "S" * 81, "phone": "01632 960123"}, "name", "under 80 characters"),
    ],
)
def test_bad_sign_up_input_gets_a_plain_message_and_keeps_what_was_typed(
    client, session, data, field, message
):
    data = {"access_needs": "A quiet room please", **data}
    response = client.post(url(session), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'id="id_{field}-error"' in page
    assert "A quiet room please" in page
    assert not SignUp.objects.filter(session=session).exists()


def test_a_full_session_offers_the_reserve_list(client, session):
    SignUpFactory(session=session, brings_supporter=True)
    page = client.get(url(session)).content.decode()
    assert "Put me on the reserve list" in page
    client.post(url(session), {"name": "Kim", "email": "kim@example.org"})
    assert (
        SignUp.objects.get(session=session, name="Kim").status == SignUpStatus.RESERVE
    )


def test_signing_up_again_shows_the_place_you_already_have(client, session):
    first = client.post(url(session), {"name": "Sam", "email": "sam@example.org"})
    again = client.post(url(session), {"name": "Sam", "email": "SAM@example.org"})
    assert again["Location"] == first["Location"]
    assert SignUp.objects.filter(session=session).count() == 1


def test_a_started_session_says_it_has_happened(client, demo):
    started = SessionFactory(
        inquiry=demo, starts_at=timezone.now() - dt.timedelta(hours=1)
    )
    page = client.get(url(started)).content.decode()
    assert "This session has happened" in page
    response = client.post(url(started), {"name": "Sam", "phone": "01632 960123"})
    assert response.status_code == 400
    assert "already started" in response.content.decode()


def test_giving_a_place_back_by_the_link_in_the_email(client, session):
    entry = SignUpFactory(session=session)
    token = services.cancel_token(entry)
    cancel = f"/inquiries/anyshire/sessions/place/{token}/cancel/"
    assert "Give your place back?" in client.get(cancel).content.decode()
    response = client.post(cancel)
    entry.refresh_from_db()
    assert entry.status == SignUpStatus.CANCELLED
    assert (
        "You gave your place back" in client.get(response["Location"]).content.decode()
    )


def test_a_broken_or_foreign_link_gets_a_friendly_page(client, session, demo):
    response = client.get("/inquiries/anyshire/sessions/place/nonsense/cancel/")
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
    assert (
        client.post("/inquiries/anyshire/sessions/place/nonsense/cancel/").status_code
        == 404
    )


def test_the_calendar_file_has_the_session_and_nothing_personal(client, session):
    session.joining_details = "Secret video link"
    session.save()
    SignUpFactory(session=session, name="Private Person")
    response = client.get(url(session, "calendar.ics"))
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "BEGIN:VEVENT" in body
    assert f"SUMMARY:{session.title}" in body
    assert "Secret video link" not in body
    assert "Private Person" not in body


def test_joining_details_show_only_to_people_with_a_place(client, session):
    session.joining_details = "Call 01632 960999"
    session.save()
    assert "01632 960999" not in client.get(url(session)).content.decode()
    booked = SignUpFactory(session=session)
    page = client.get(
        f"/inquiries/anyshire/sessions/place/{services.cancel_token(booked)}/"
    ).content.decode()
    assert "01632 960999" in page


def test_a_facilitator_plans_a_session(facilitator, demo):
    response = facilitator.post(
        "/inquiries/anyshire/sessions/plan/",
        {
            "title": "Thursday evening online",
            "format": "online",
            "date": (timezone.localdate() + dt.timedelta(days=3)).strftime("%d/%m/%Y"),
            "starts": "18:00",
            "ends": "19:30",
            "joining_details": "https://video.example/room",
            "access_features": ["breaks", "easy_read"],
            "payment_policy": "£20 for your time; you may say no.",
            "capacity": "12",
        },
    )
    assert response.status_code == 302
    session = Session.objects.get(title="Thursday evening online")
    assert session.access_features == ["breaks", "easy_read"]
    assert timezone.localtime(session.starts_at).hour == 18
    assert session.created_by is not None


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"date": "31/02/2027"}, "date", "Enter a real date"),
        ({"starts": "25:00"}, "starts", "Enter a time like 14:00"),
        ({"ends": "09:00"}, "ends", "must end after it starts"),
        ({"capacity": "0"}, "capacity", "at least 1 seat"),
        ({"capacity": "lots"}, "capacity", "whole number"),
        ({"format": "telepathy"}, "format", "Select a valid choice"),
        ({"access_features": ["jetpack"]}, "access_features", "Choose from the list"),
    ],
)
def test_bad_session_plans_are_explained_next_to_the_field(
    facilitator, demo, change, field, message
):
    data = {
        "title": "Kept title",
        "format": "room",
        "date": "12/01/2027",
        "starts": "10:00",
        "ends": "12:00",
        "capacity": "10",
        **change,
    }
    response = facilitator.post("/inquiries/anyshire/sessions/plan/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'id="id_{field}-error"' in page
    assert 'value="Kept title"' in page
    assert not Session.objects.filter(title="Kept title").exists()


def test_people_and_attendance_pages_are_for_facilitators_only(
    client, session, demo_users
):
    assert client.get(url(session, "people/")).status_code == 302
    participant = Client()
    participant.force_login(demo_users[Role.PARTICIPANT])
    assert participant.get(url(session, "people/")).status_code == 403
    assert participant.get("/inquiries/anyshire/sessions/plan/").status_code == 403


def test_facilitators_see_who_is_coming_and_what_they_need(facilitator, session):
    SignUpFactory(session=session, name="Ali", access_needs="Large print")
    SignUpFactory(session=session, name="Bo", status=SignUpStatus.RESERVE)
    page = facilitator.get(url(session, "people/")).content.decode()
    assert "Ali" in page and "Large print" in page
    assert "Reserve list" in page


def test_counting_who_came_after_the_session(facilitator, demo):
    past = SessionFactory(inquiry=demo, starts_at=timezone.now() - dt.timedelta(days=1))
    response = facilitator.post(
        url(past, "people/"),
        {"form": "attendance", "attended": "11", "supporters_attended": "3"},
    )
    assert response.status_code == 302
    past.refresh_from_db()
    assert (past.attended, past.supporters_attended) == (11, 3)
    bad = facilitator.post(
        url(past, "people/"),
        {"form": "attendance", "attended": "-2", "supporters_attended": "x"},
    )
    assert bad.status_code == 400
    assert "Counts cannot be below 0." in bad.content.decode()


def test_cancelling_a_session_tells_people(
    facilitator, session, django_capture_on_commit_callbacks
):
    SignUpFactory(session=session, email="ali@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        facilitator.post(url(session, "people/"), {"form": "cancel_session"})
    session.refresh_from_db()
    assert session.is_cancelled
    assert mail.outbox[0].subject.startswith("Cancelled")
