"""Room mode: the projector's counts (this session's votes only, only when
the inquiry shows them) and votes entered in the console for someone."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from consult import services
from consult.models import BallotChannel, Participant, PhaseKind, PriorityBallot
from consult.models.inquiries import today
from consult.priorities.ballots import cast_ballot, choices_of
from deliberation import room
from deliberation.models import SessionBallot
from tests.factories import (
    ChangeFactory,
    InquiryFactory,
    PhaseFactory,
    PrioritySettingsFactory,
    UserFactory,
)

from .factories import SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def inquiry():
    inquiry = InquiryFactory(slug="roomshire", easy_read_question="What matters most?")
    PhaseFactory(inquiry=inquiry, kind=PhaseKind.PRIORITISE)
    for number, title in enumerate(["Live at home", "More money", "Share power"], 1):
        ChangeFactory(inquiry=inquiry, number=number, easy_read_title=title)
    PrioritySettingsFactory(inquiry=inquiry, method="rate", room_counts_on=True)
    return inquiry


@pytest.fixture
def facilitator(inquiry):
    user = UserFactory(email="room@example.org")
    services.add_facilitator(inquiry=inquiry, user=user)
    return user


@pytest.fixture
def client(facilitator):
    client = Client()
    client.force_login(facilitator)
    return client


@pytest.fixture
def session(inquiry):
    return SessionFactory(inquiry=inquiry, title="Library room")


@pytest.fixture
def other_session(inquiry):
    return SessionFactory(inquiry=inquiry, title="Town hall room")


def changes_of(inquiry):
    return list(inquiry.changes.order_by("number"))


def marks(inquiry, *values) -> dict[str, str]:
    return {
        f"change_{c.pk}": str(v)
        for c, v in zip(changes_of(inquiry), values, strict=True)
    }


def _checked(page: str, name: str, value: str) -> bool:
    for tag in re.findall(r"<input[^>]*>", page):
        if f'name="{name}"' in tag and f'value="{value}"' in tag:
            return "checked" in tag
    return False


def vote_url(inquiry, session) -> str:
    return f"/inquiries/{inquiry.slug}/console/{session.pk}/vote/"


def counts_url(inquiry, session) -> str:
    return f"/inquiries/{inquiry.slug}/sessions/{session.pk}/room/counts.json"


# --- the pure tally ----------------------------------------------------------


class C:
    def __init__(self, pk: int) -> None:
        self.pk = self.number = pk
        self.easy_read_title = f"Change {pk}"
        self.pictogram = "home"


CHANGES = [C(1), C(2), C(3)]


def test_rate_tally_is_mean_and_count_of_answers():
    counts = room.tally("rate", CHANGES, [{1: 5, 2: 2}, {1: 4}, {1: 2, 3: 1}], places=3)
    assert counts.ballots == 3
    assert [(c.mean, c.answers) for c in counts.changes] == [
        (3.7, 3),
        (2.0, 1),
        (1.0, 1),
    ]


def test_approve_tally_counts_choices():
    counts = room.tally("approve", CHANGES, [{1: 1, 2: 1}, {2: 1}, {}], places=3)
    assert [c.approvals for c in counts.changes] == [1, 2, 0]
    assert counts.ballots == 3


def test_rank_tally_counts_first_places_and_borda_points():
    ballots = [{1: 1, 2: 2, 3: 3}, {2: 1, 1: 2}, {2: 1}]
    counts = room.tally("rank", CHANGES, ballots, places=3)
    assert [c.first_places for c in counts.changes] == [1, 2, 0]
    # 1st = 3 points, 2nd = 2, 3rd = 1, not ranked = 0.
    assert [c.borda for c in counts.changes] == [3 + 2, 2 + 3 + 3, 1]


# --- votes entered in the console ---------------------------------------------


def test_a_vote_for_someone_in_the_room_is_linked_to_the_session(
    client, inquiry, session, facilitator
):
    response = client.post(
        vote_url(inquiry, session), {"entry": "t1", **marks(inquiry, 5, "", 3)}
    )
    assert response.status_code == 302 and "saved=" in response["Location"]
    ballot = PriorityBallot.objects.get()
    assert ballot.channel == BallotChannel.ROOM
    assert ballot.helped_by == facilitator and ballot.entered_by == facilitator
    assert ballot.session_link.session == session
    assert ballot.participant.user is None  # someone with no account or code
    page = client.get(response["Location"]).content.decode()
    assert "Vote saved. Ready for the next person." in page
    assert "You entered 1 vote in this session." in page


def test_the_same_form_sent_twice_counts_once(client, inquiry, session):
    data = {"entry": "same-form", **marks(inquiry, 4, 4, 4)}
    assert "saved=" in client.post(vote_url(inquiry, session), data)["Location"]
    again = client.post(vote_url(inquiry, session), data)
    assert "again=" in again["Location"]
    assert PriorityBallot.objects.count() == 1
    assert Participant.objects.filter(inquiry=inquiry).count() == 1


def test_a_vote_with_a_code_is_that_persons_one_ballot(
    client, inquiry, session, facilitator
):
    _, plain = services.create_code_batch(
        inquiry=inquiry, label="Room", size=1, created_by=facilitator
    )
    client.post(
        vote_url(inquiry, session),
        {"entry": "a", "code": plain[0], **marks(inquiry, 1, 1, 1)},
    )
    client.post(
        vote_url(inquiry, session),
        {"entry": "b", "code": plain[0].lower(), **marks(inquiry, 5, 5, 5)},
    )
    ballot = PriorityBallot.objects.get()
    assert set(choices_of(ballot).values()) == {5}
    assert SessionBallot.objects.count() == 1


def test_a_stopped_code_is_refused_and_the_marks_stay(
    client, inquiry, session, facilitator
):
    _, plain = services.create_code_batch(
        inquiry=inquiry, label="Room", size=1, created_by=facilitator
    )
    services.revoke_code(inquiry=inquiry, typed=plain[0], by=facilitator)
    response = client.post(
        vote_url(inquiry, session),
        {"entry": "c", "code": plain[0], **marks(inquiry, 2, "", "")},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "This code has been stopped" in page
    first = changes_of(inquiry)[0]
    assert _checked(page, f"change_{first.pk}", "2")
    assert not _checked(page, f"change_{first.pk}", "3")
    assert 'name="entry" value="c"' in page  # resending the fix is still one vote
    assert not PriorityBallot.objects.exists()


def test_a_closed_phase_saves_nothing_and_keeps_the_marks(client, inquiry, session):
    phase = inquiry.phase(PhaseKind.PRIORITISE)
    phase.opens_on = today() + dt.timedelta(days=3)
    phase.closes_on = today() + dt.timedelta(days=10)
    phase.save()
    response = client.post(
        vote_url(inquiry, session), {"entry": "d", **marks(inquiry, 3, 4, "")}
    )
    assert response.status_code == 400
    assert "Voting on the changes is not open now." in response.content.decode()
    assert not PriorityBallot.objects.exists()
    assert not Participant.objects.exists()  # no stray 'someone in the room'
    # After the problem, the same token can be sent again and still counts once.
    phase.opens_on = today() - dt.timedelta(days=1)
    phase.save()
    ok = client.post(
        vote_url(inquiry, session), {"entry": "d", **marks(inquiry, 3, 4, "")}
    )
    assert "saved=" in ok["Location"]
    assert PriorityBallot.objects.count() == 1


def test_console_vote_is_for_facilitators(inquiry, session):
    assert Client().get(vote_url(inquiry, session)).status_code == 302
    stranger = Client()
    stranger.force_login(UserFactory())
    assert stranger.get(vote_url(inquiry, session)).status_code == 403
    response = stranger.post(vote_url(inquiry, session), marks(inquiry, 1, 1, 1))
    assert response.status_code == 403
    assert not PriorityBallot.objects.exists()


# --- the projector -----------------------------------------------------------


def _vote_in(client, inquiry, session, entry, *values):
    response = client.post(
        vote_url(inquiry, session), {"entry": entry, **marks(inquiry, *values)}
    )
    assert "saved=" in response["Location"]


def test_counts_are_for_this_sessions_ballots_only(
    client, inquiry, session, other_session, facilitator
):
    _vote_in(client, inquiry, session, "1", 5, 3, "")
    _vote_in(client, inquiry, session, "2", 4, "", "")
    _vote_in(client, inquiry, other_session, "3", 1, 1, 1)
    online = Participant.objects.create(inquiry=inquiry)
    cast_ballot(
        inquiry=inquiry,
        participant=online,
        choices=marks(inquiry, 1, 1, 1),
        channel=BallotChannel.ONLINE,
    )
    data = client.get(counts_url(inquiry, session)).json()
    assert data["counts_on"] is True
    assert data["ballots"] == 2
    assert [(c["mean"], c["answers"]) for c in data["changes"]] == [
        (4.5, 2),
        (3.0, 1),
        (None, 0),
    ]
    other = client.get(counts_url(inquiry, other_session)).json()
    assert other["ballots"] == 1
    page = client.get(f"/inquiries/{inquiry.slug}/sessions/{session.pk}/room/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "What matters most?" in text
    assert "2 votes in this session so far." in text
    assert ">4.5<" in text
    assert 'http-equiv="refresh"' not in text
    assert "Refresh the counts" in text


def test_counts_are_hidden_unless_the_inquiry_shows_them(client, inquiry, session):
    inquiry.priority_settings.room_counts_on = False
    inquiry.priority_settings.save()
    _vote_in(client, inquiry, session, "1", 5, 3, "")
    data = client.get(counts_url(inquiry, session)).json()
    assert data == {"counts_on": False, "method": "rate", "ballots": 1}
    page = client.get(f"/inquiries/{inquiry.slug}/sessions/{session.pk}/room/")
    text = page.content.decode()
    assert "Counts are hidden." in text
    assert "Live at home" in text
    assert ">5.0<" not in text and "data-field" not in text


def test_room_pages_are_for_facilitators(inquiry, session):
    for url in (
        f"/inquiries/{inquiry.slug}/sessions/{session.pk}/room/",
        counts_url(inquiry, session),
    ):
        assert Client().get(url).status_code == 302
        stranger = Client()
        stranger.force_login(UserFactory())
        assert stranger.get(url).status_code == 403


def test_a_session_of_another_inquiry_is_not_found(client, inquiry):
    elsewhere = SessionFactory()
    assert client.get(counts_url(inquiry, elsewhere)).status_code == 404
    assert client.get(vote_url(inquiry, elsewhere)).status_code == 404


def test_the_demo_library_session_shows_its_room_votes(demo, demo_users):
    from consult.roles import Role
    from deliberation.models import Session

    session = Session.objects.get(inquiry=demo, title__icontains="library")
    linked = SessionBallot.objects.filter(session=session).count()
    assert (
        linked
        == PriorityBallot.objects.filter(
            inquiry=demo, channel=BallotChannel.ROOM
        ).count()
    )
    assert linked > 0
    client = Client()
    client.force_login(demo_users[Role.FACILITATOR])
    data = client.get(counts_url(demo, session)).json()
    assert data["counts_on"] is True and data["ballots"] == linked


@pytest.mark.parametrize(
    ("method", "sent", "figures"),
    [
        ("approve", ("on", "on", ""), [("approvals", [1, 1, 0])]),
        ("rank", ("1", "", "2"), [("first_places", [1, 0, 0]), ("borda", [3, 0, 2])]),
    ],
)
def test_room_counts_in_each_method(client, inquiry, session, method, sent, figures):
    rules = inquiry.priority_settings
    rules.method = method
    rules.save()
    data = {"entry": "m"}
    for change, value in zip(changes_of(inquiry), sent, strict=True):
        if value:
            data[f"change_{change.pk}"] = value
    response = client.post(vote_url(inquiry, session), data)
    assert "saved=" in response["Location"]
    counts = client.get(counts_url(inquiry, session)).json()
    for name, expected in figures:
        assert [c[name] for c in counts["changes"]] == expected
    page = client.get(f"/inquiries/{inquiry.slug}/sessions/{session.pk}/room/")
    assert page.status_code == 200
