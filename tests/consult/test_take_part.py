"""The Take part page knows the phase and, once it knows the person, what
they have already said and booked."""

import datetime as dt

import pytest
from django.test import Client

from consult import listening, services
from consult.models import Channel, Consent, PhaseKind
from consult.models.inquiries import today
from consult.participation import SESSION_KEY
from consult.roles import Role
from deliberation import services as session_services
from tests.deliberation.factories import SessionFactory

pytestmark = pytest.mark.django_db
URL = "/anyshire/take-part/"


def with_code(demo, client):
    _, plain = services.create_code_batch(
        inquiry=demo, label="Take part test", size=1, created_by=None
    )
    participant = services.redeem_code(inquiry=demo, typed=plain[0])
    session = client.session
    session[SESSION_KEY] = {str(demo.pk): participant.pk}
    session.save()
    return participant


def test_while_listening_people_can_tell_their_story(demo, client):
    page = client.get(URL).content.decode()
    assert "Tell us what works and what doesn&#x27;t" in page
    assert "type the code from your card" in page
    assert client.get(URL)["Cache-Control"].startswith("max-age=0")


def test_upcoming_sessions_are_offered(demo, client):
    link = 'href="/inquiries/anyshire/sessions/"'
    for planned in demo.sessions.upcoming():
        session_services.cancel_session(session=planned)
    assert link not in client.get(URL).content.decode()
    SessionFactory(inquiry=demo)
    assert link in client.get(URL).content.decode()


def test_a_person_with_a_code_sees_what_they_said_and_can_change_it(demo, client):
    participant = with_code(demo, client)
    listening.record_finding(
        inquiry=demo,
        participant=participant,
        text="Mine",
        channel=Channel.ONLINE,
        consent=Consent.ANONYMOUS,
    )
    page = client.get(URL).content.decode()
    assert "You told us 1 thing." in page
    assert "See and change what you told us" in page


def test_a_signed_in_person_sees_the_session_they_booked(demo, demo_users):
    client = Client()
    user = demo_users[Role.PARTICIPANT]
    client.force_login(user)
    session = SessionFactory(inquiry=demo, title="Library chat")
    session_services.sign_up(session=session, name="Pat", email=user.email, user=user)
    page = client.get(URL).content.decode()
    assert "You have a place at Library chat" in page
    assert "See your place, or give it back" in page


def test_easy_read_uses_short_words(demo, client_in_mode):
    page = client_in_mode("easy-read").get(URL).content.decode()
    assert "Tell us your story." in page
    assert "What you did" in page


def test_once_published_people_read_results_and_cannot_change(demo, client):
    participant = with_code(demo, client)
    listening.record_finding(
        inquiry=demo,
        participant=participant,
        text="Mine",
        channel=Channel.ONLINE,
        consent=Consent.ANONYMOUS,
    )
    for phase in demo.phases.all():
        phase.opens_on = today() - dt.timedelta(days=200)
        phase.closes_on = today() - dt.timedelta(days=100)
        if phase.kind == PhaseKind.PUBLISH:
            phase.closes_on = None
        phase.save()
    page = client.get(URL).content.decode()
    assert "Read what people told us" in page
    assert "Tell us what works" not in page
    assert "See what you told us" in page
    assert "change" not in page.split("What you have said and done")[1].split("</a>")[0]


def test_a_code_sends_people_back_where_they_were(demo, client):
    _, plain = services.create_code_batch(
        inquiry=demo, label="Next test", size=1, created_by=None
    )
    response = client.post(
        "/inquiries/anyshire/code/?next=/inquiries/anyshire/story/", {"code": plain[0]}
    )
    assert response["Location"] == "/inquiries/anyshire/story/"
    _, other = services.create_code_batch(
        inquiry=demo, label="Next test 2", size=1, created_by=None
    )
    evil = Client().post(
        "/inquiries/anyshire/code/?next=https://evil.example/", {"code": other[0]}
    )
    assert evil["Location"] == URL
