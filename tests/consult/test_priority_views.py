"""The voting pages: each method, every kind of bad input, closed voting,
stopped codes, double submits, easy read one change per screen, assisted
votes and the facilitators' setup."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from consult.models import (
    BallotChannel,
    CodeBatch,
    ParticipationCode,
    PhaseKind,
    PriorityBallot,
    PrioritySettings,
)
from consult.models.inquiries import today
from consult.participation import SESSION_KEY
from consult.priorities.ballots import ballot_for, cast_ballot
from consult.roles import Role
from tests.factories import (
    ChangeFactory,
    InquiryFactory,
    InquiryRoleFactory,
    ParticipantFactory,
    PhaseFactory,
    PrioritySettingsFactory,
    UserFactory,
)
from themes.display import COOKIE_NAME, EASY_READ

pytestmark = pytest.mark.django_db


@pytest.fixture
def inquiry():
    inquiry = InquiryFactory()
    PhaseFactory(
        inquiry=inquiry,
        kind=PhaseKind.PRIORITISE,
        closes_on=today() + dt.timedelta(days=10),
    )
    for n, title in enumerate(["Homes", "Work", "Friends", "Money"], start=1):
        ChangeFactory(inquiry=inquiry, number=n, title=title, easy_read_title=title)
    return inquiry


@pytest.fixture
def voter(inquiry):
    return ParticipantFactory(inquiry=inquiry)


@pytest.fixture
def client(voter) -> Client:
    client = Client()
    client.force_login(voter.user)
    return client


def url(inquiry, rest: str = "") -> str:
    return f"/inquiries/{inquiry.slug}/priorities/{rest}"


def pks(inquiry) -> list[int]:
    return list(inquiry.changes.order_by("number").values_list("pk", flat=True))


def saved(inquiry, voter) -> dict[int, int]:
    ballot = ballot_for(inquiry, voter)
    return {c.change_id: c.value for c in ballot.choices.all()} if ballot else {}


# --- rate ----------------------------------------------------------------------


def test_rate_ballot_shows_every_change_with_words_and_faces(client, inquiry) -> None:
    page = client.get(url(inquiry)).content.decode()
    for title in ["Homes", "Work", "Friends", "Money"]:
        assert f"How important is “{title}” to you?" in page
    assert "Very important to me" in page and "Prefer not to say" in page
    # A face beside each of the 5 words on every change: decoration only.
    assert page.count('<svg class="rate-face"') == 4 * 5
    assert 'aria-hidden="true" focusable="false"' in page


def test_rate_vote_is_saved_and_confirmed(client, inquiry, voter) -> None:
    a, b, c, d = pks(inquiry)
    data = {f"change_{a}": "5", f"change_{b}": "1", f"change_{c}": "skip"}
    data[f"change_{d}"] = "3"
    response = client.post(url(inquiry), data)
    assert response.status_code == 302
    assert response["Location"] == url(inquiry, "voted/")
    assert saved(inquiry, voter) == {a: 5, b: 1, d: 3}
    page = client.get(url(inquiry, "voted/")).content.decode()
    assert "Your vote is saved" in page
    assert "You can change it until" in page
    assert (today() + dt.timedelta(days=10)).strftime("%B") in page


def test_unanswered_rating_keeps_the_other_answers(client, inquiry, voter) -> None:
    a, b, c, d = pks(inquiry)
    response = client.post(
        url(inquiry), {f"change_{a}": "5", f"change_{b}": "2", f"change_{c}": "4"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert f'href="#id_change_{d}_0"' in page
    assert "Choose how important “Money” is to you" in page
    assert f'value="5" id="id_change_{a}_0" required checked' in page
    assert not PriorityBallot.objects.exists()


@pytest.mark.parametrize("bad", ["9", "0", "'; drop table", "", "skip" * 200])
def test_nonsense_ratings_are_errors_not_crashes(client, inquiry, bad) -> None:
    a, b, c, d = pks(inquiry)
    data = {f"change_{pk}": "3" for pk in (b, c, d)}
    data[f"change_{a}"] = bad
    response = client.post(url(inquiry), data)
    assert response.status_code == 400
    assert not PriorityBallot.objects.exists()


def test_vote_can_be_changed_and_the_form_is_filled_in(client, inquiry, voter) -> None:
    a, b, c, d = pks(inquiry)
    first = {f"change_{pk}": "2" for pk in (a, b, c, d)}
    client.post(url(inquiry), first)
    page = client.get(url(inquiry)).content.decode()
    assert "Change your vote" in page
    assert page.count("checked") == 4
    client.post(url(inquiry), {**first, f"change_{a}": "5"})
    assert saved(inquiry, voter)[a] == 5
    assert PriorityBallot.objects.count() == 1


def test_double_submit_is_counted_once(client, inquiry) -> None:
    data = {f"change_{pk}": "4" for pk in pks(inquiry)}
    assert client.post(url(inquiry), data).status_code == 302
    assert client.post(url(inquiry), data).status_code == 302
    assert PriorityBallot.objects.count() == 1
    assert PriorityBallot.objects.get().choices.count() == 4


# --- approve -------------------------------------------------------------------


@pytest.fixture
def approve(inquiry):
    return PrioritySettingsFactory(inquiry=inquiry, method="approve", max_approvals=2)


def test_approval_vote(client, inquiry, voter, approve) -> None:
    a, _b, c, _d = pks(inquiry)
    page = client.get(url(inquiry)).content.decode()
    assert "Choose up to 2 changes" in page
    response = client.post(url(inquiry), {"choices": [str(a), str(c)]})
    assert response.status_code == 302
    assert saved(inquiry, voter) == {a: 1, c: 1}


def test_approval_over_the_limit_says_so_and_keeps_the_ticks(
    client, inquiry, approve
) -> None:
    a, b, c, _d = pks(inquiry)
    response = client.post(url(inquiry), {"choices": [str(a), str(b), str(c)]})
    assert response.status_code == 400
    page = response.content.decode()
    assert "You chose 3 changes. Choose up to 2 changes." in page
    assert 'href="#id_choices_0"' in page
    assert page.count("checked") == 3
    assert not PriorityBallot.objects.exists()


def test_approval_with_nothing_chosen(client, inquiry, approve) -> None:
    response = client.post(url(inquiry), {})
    assert response.status_code == 400
    assert "Choose at least 1 change" in response.content.decode()


@pytest.mark.parametrize("bad", ["elsewhere", "abc", "-1", "1e3"])
def test_approval_of_a_change_from_elsewhere(client, inquiry, approve, bad) -> None:
    value = str(ChangeFactory().pk) if bad == "elsewhere" else bad
    response = client.post(url(inquiry), {"choices": [value]})
    assert response.status_code == 400
    assert "Choose from the changes on this page." in response.content.decode()
    assert not PriorityBallot.objects.exists()


# --- rank ----------------------------------------------------------------------


@pytest.fixture
def rank(inquiry):
    return PrioritySettingsFactory(inquiry=inquiry, method="rank", rank_top_k=3)


def test_rank_vote_works_with_plain_selects(client, inquiry, voter, rank) -> None:
    a, b, c, d = pks(inquiry)
    page = client.get(url(inquiry)).content.decode()
    assert "<select" in page and "3rd place" in page and "4th place" not in page
    response = client.post(
        url(inquiry),
        {f"change_{a}": "2", f"change_{b}": "1", f"change_{c}": "", f"change_{d}": "3"},
    )
    assert response.status_code == 302
    assert saved(inquiry, voter) == {a: 2, b: 1, d: 3}


@pytest.mark.parametrize(
    ("places", "words"),
    [
        (["1", "1", "", ""], "You gave 2 changes 1st place"),
        (["1", "3", "", ""], "You left out 2nd place"),
        (["", "", "", ""], "Put at least 1 change in order"),
        (["4", "", "", ""], "Choose a place for “Homes” from 1st to 3rd"),
    ],
    ids=["repeat", "gap", "none", "out of range"],
)
def test_rank_mistakes_are_explained(client, inquiry, rank, places, words) -> None:
    data = {f"change_{pk}": p for pk, p in zip(pks(inquiry), places, strict=True)}
    response = client.post(url(inquiry), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert words in page
    assert "There is a problem" in page
    if places[0] == "1":
        assert f'<option value="{places[0]}" selected>' in page
    assert not PriorityBallot.objects.exists()


# --- who may vote, and when ----------------------------------------------------


def test_visitor_is_told_how_to_take_part(inquiry) -> None:
    page = Client().get(url(inquiry)).content.decode()
    assert "How to take part" in page
    code_link = f"/inquiries/{inquiry.slug}/code/?next=/inquiries/{inquiry.slug}"
    assert code_link in page.replace("%2F", "/")


def test_visitor_post_is_not_counted(inquiry) -> None:
    response = Client().post(url(inquiry), {f"change_{pks(inquiry)[0]}": "5"})
    assert response.status_code == 200
    assert not PriorityBallot.objects.exists()


def test_signed_in_person_joins_when_they_vote(inquiry) -> None:
    client = Client()
    user = UserFactory()
    client.force_login(user)
    data = {f"change_{pk}": "4" for pk in pks(inquiry)}
    assert client.post(url(inquiry), data).status_code == 302
    assert PriorityBallot.objects.get().participant.user == user


def _code_client(inquiry, *, revoked: bool) -> tuple[Client, object]:
    batch = CodeBatch.objects.create(inquiry=inquiry, label="Cards", size=1)
    participant = ParticipantFactory(inquiry=inquiry, user=None)
    ParticipationCode.objects.create(
        batch=batch,
        inquiry=inquiry,
        code_hash="c" * 64,
        last_two="CC",
        participant=participant,
        revoked_at=timezone.now() if revoked else None,
    )
    client = Client()
    session = client.session
    session[SESSION_KEY] = {str(inquiry.pk): participant.pk}
    session.save()
    return client, participant


def test_person_with_a_code_votes(inquiry) -> None:
    client, participant = _code_client(inquiry, revoked=False)
    data = {f"change_{pk}": "4" for pk in pks(inquiry)}
    assert client.post(url(inquiry), data).status_code == 302
    assert PriorityBallot.objects.get().participant == participant


def test_stopped_code_cannot_vote(inquiry) -> None:
    client, _ = _code_client(inquiry, revoked=True)
    data = {f"change_{pk}": "4" for pk in pks(inquiry)}
    response = client.post(url(inquiry), data)
    assert "How to take part" in response.content.decode()
    assert not PriorityBallot.objects.exists()


def _close(inquiry) -> None:
    phase = inquiry.phases.get(kind=PhaseKind.PRIORITISE)
    phase.opens_on = today() - dt.timedelta(days=20)
    phase.closes_on = today() - dt.timedelta(days=1)
    phase.save()


def test_after_closing_people_see_the_vote_they_cast(client, inquiry, voter) -> None:
    a, b, c, d = pks(inquiry)
    client.post(url(inquiry), {f"change_{pk}": "4" for pk in (a, b, c, d)})
    _close(inquiry)
    page = client.get(url(inquiry)).content.decode()
    assert "Voting has closed" in page
    assert "Important to me" in page
    response = client.post(url(inquiry), {f"change_{pk}": "1" for pk in (a, b, c, d)})
    assert "Voting has closed" in response.content.decode()
    assert set(saved(inquiry, voter).values()) == {4}


def test_closed_voting_in_easy_read_steps(client, inquiry) -> None:
    _close(inquiry)
    assert "Voting has closed" in client.get(url(inquiry, "1/")).content.decode()
    assert "Voting has closed" in client.get(url(inquiry, "check/")).content.decode()


def test_voting_not_started_yet(client, inquiry) -> None:
    phase = inquiry.phases.get(kind=PhaseKind.PRIORITISE)
    phase.opens_on = today() + dt.timedelta(days=3)
    phase.closes_on = None
    phase.save()
    assert "Voting has not started yet" in client.get(url(inquiry)).content.decode()


def test_inquiry_with_no_changes_says_so(client) -> None:
    inquiry = InquiryFactory()
    PhaseFactory(inquiry=inquiry, kind=PhaseKind.PRIORITISE)
    ParticipantFactory(inquiry=inquiry, user=client.session and UserFactory())
    response = client.get(url(inquiry))
    assert response.status_code == 200


# --- easy read: one change per screen ------------------------------------------


@pytest.fixture
def easy_client(client) -> Client:
    client.cookies[COOKIE_NAME] = EASY_READ
    return client


def test_easy_read_walks_one_change_at_a_time(easy_client, inquiry, voter) -> None:
    a, _b, c, d = pks(inquiry)
    start = easy_client.get(url(inquiry)).content.decode()
    assert url(inquiry, "1/") in start
    step = easy_client.get(url(inquiry, "1/")).content.decode()
    assert "Change 1 of 4" in step and "Homes" in step and "Work" not in step
    answers = ["5", "skip", "2", "4"]
    for number, answer in enumerate(answers, start=1):
        response = easy_client.post(url(inquiry, f"{number}/"), {"answer": answer})
        assert response.status_code == 302
    assert response["Location"] == url(inquiry, "check/")
    assert not PriorityBallot.objects.exists()  # nothing counted yet
    page = easy_client.get(url(inquiry, "check/")).content.decode()
    assert "Check your answers" in page
    assert "Prefer not to say" in page and "Very important to me" in page
    assert url(inquiry, "2/?from=check") in page
    response = easy_client.post(url(inquiry, "check/"))
    assert response["Location"] == url(inquiry, "voted/")
    assert saved(inquiry, voter) == {a: 5, c: 2, d: 4}


def test_easy_read_step_without_an_answer(easy_client, inquiry) -> None:
    response = easy_client.post(url(inquiry, "1/"), {})
    assert response.status_code == 400
    assert "Choose an answer." in response.content.decode()


def test_easy_read_change_from_check_returns_to_check(easy_client, inquiry) -> None:
    for number in range(1, 5):
        easy_client.post(url(inquiry, f"{number}/"), {"answer": "3"})
    response = easy_client.post(url(inquiry, "2/?from=check"), {"answer": "1"})
    assert response["Location"] == url(inquiry, "check/")


def test_easy_read_rank_repeat_is_caught_on_check(
    easy_client, inquiry, voter, rank
) -> None:
    for number, answer in enumerate(["1", "1", "none", "none"], start=1):
        easy_client.post(url(inquiry, f"{number}/"), {"answer": answer})
    response = easy_client.post(url(inquiry, "check/"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "You gave 2 changes 1st place" in page
    assert url(inquiry, "1/?from=check") in page
    assert not PriorityBallot.objects.exists()


def test_easy_read_approve_over_the_limit(easy_client, inquiry, approve) -> None:
    for number in range(1, 5):
        easy_client.post(url(inquiry, f"{number}/"), {"answer": "yes"})
    response = easy_client.post(url(inquiry, "check/"))
    assert "You chose 4 changes. Choose up to 2 changes." in response.content.decode()


def test_step_out_of_range_is_404(client, inquiry) -> None:
    assert client.get(url(inquiry, "9/")).status_code == 404
    assert client.get(url(inquiry, "0/")).status_code == 404


def test_check_with_no_answers_starts_again(client, inquiry) -> None:
    assert client.get(url(inquiry, "check/"))["Location"] == url(inquiry, "1/")


def test_steps_start_from_the_saved_vote(easy_client, inquiry, voter) -> None:
    a, *_ = pks(inquiry)
    cast_ballot(inquiry=inquiry, participant=voter, choices={a: 2}, channel="online")
    page = easy_client.get(url(inquiry, "1/")).content.decode()
    assert 'value="2" id="id_answer_3" required checked' in page


# --- facilitators --------------------------------------------------------------


@pytest.fixture
def facilitator(inquiry):
    return InquiryRoleFactory(inquiry=inquiry).user


@pytest.fixture
def team_client(facilitator) -> Client:
    client = Client()
    client.force_login(facilitator)
    return client


def test_setup_saves_the_rules(team_client, inquiry) -> None:
    response = team_client.post(
        url(inquiry, "setup/"),
        {"method": "approve", "max_approvals": "2", "rank_top_k": ""},
    )
    assert response.status_code == 302
    rules = PrioritySettings.objects.get(inquiry=inquiry)
    assert (rules.method, rules.max_approvals, rules.room_counts_on) == (
        "approve",
        2,
        False,
    )


def test_setup_refuses_a_new_method_once_people_voted(
    team_client, inquiry, voter
) -> None:
    cast_ballot(
        inquiry=inquiry,
        participant=voter,
        choices={pks(inquiry)[0]: 3},
        channel="online",
    )
    response = team_client.post(
        url(inquiry, "setup/"), {"method": "rank", "max_approvals": "3"}
    )
    assert response.status_code == 400
    assert "1 person has already voted" in response.content.decode()
    assert not PrioritySettings.objects.filter(method="rank").exists()
    # Live counts can still be turned on.
    response = team_client.post(
        url(inquiry, "setup/"),
        {"method": "rate", "max_approvals": "3", "room_counts_on": "on"},
    )
    assert response.status_code == 302
    assert PrioritySettings.objects.get(inquiry=inquiry).room_counts_on


@pytest.mark.parametrize(
    ("method", "n"),
    [("approve", "0"), ("approve", "-1"), ("approve", "abc"), ("approve", "999"),
     ("borda", "3"), ("", "3")],
)  # fmt: skip
def test_setup_refuses_silly_values(team_client, inquiry, method, n) -> None:
    response = team_client.post(
        url(inquiry, "setup/"), {"method": method, "max_approvals": n}
    )
    assert response.status_code == 400
    assert not PrioritySettings.objects.exists()


def test_assisted_vote_for_someone_new(team_client, inquiry, facilitator) -> None:
    response = team_client.post(url(inquiry, "assisted/"), {"who": "new"})
    assert response["Location"] == url(inquiry, "assisted/vote/")
    page = team_client.get(url(inquiry, "assisted/vote/")).content.decode()
    assert "Their new code" in page
    data = {f"change_{pk}": "5" for pk in pks(inquiry)}
    response = team_client.post(url(inquiry, "assisted/vote/"), data)
    assert "Their vote is saved" in response.content.decode()
    ballot = PriorityBallot.objects.get()
    assert ballot.channel == BallotChannel.ASSISTED
    assert ballot.helped_by == facilitator and ballot.entered_by == facilitator
    assert ballot.participant.code.batch.created_by == facilitator
    # The facilitator's own browser does not become that participant.
    assert Client().get(url(inquiry)).status_code == 200
    assert team_client.get(url(inquiry, "assisted/vote/")).status_code == 302


def test_assisted_vote_with_an_unknown_code(team_client, inquiry) -> None:
    response = team_client.post(
        url(inquiry, "assisted/"), {"who": "code", "code": "AAAA-AAAA"}
    )
    assert response.status_code == 400
    assert "We do not know this code" in response.content.decode()


def test_assisted_vote_needs_a_code_when_they_have_one(team_client, inquiry) -> None:
    response = team_client.post(url(inquiry, "assisted/"), {"who": "code"})
    assert "Type the person&#x27;s code" in response.content.decode()


def test_assisted_bad_input_keeps_what_was_entered(team_client, inquiry) -> None:
    team_client.post(url(inquiry, "assisted/"), {"who": "new"})
    a, _b, _c, _d = pks(inquiry)
    response = team_client.post(url(inquiry, "assisted/vote/"), {f"change_{a}": "5"})
    assert response.status_code == 400
    assert not PriorityBallot.objects.exists()


@pytest.mark.parametrize("path", ["setup/", "assisted/", "assisted/vote/"])
def test_team_pages_are_for_facilitators(client, inquiry, path) -> None:
    assert client.get(url(inquiry, path)).status_code == 403
    response = Client().get(url(inquiry, path))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- Take part and team links ----------------------------------------------------


def test_take_part_offers_the_vote_then_says_you_voted(demo, demo_users) -> None:
    from consult.participation import participant_for  # noqa: F401

    page_url = f"{demo.page.url}take-part/"
    client = Client()
    user = UserFactory()
    client.force_login(user)
    page = client.get(page_url).content.decode()
    assert "Vote on the changes" in page
    data = {f"change_{pk}": "4" for pk in pks(demo)}
    rules = PrioritySettings.objects.get(inquiry=demo)
    if rules.method != "rate":
        pytest.skip("the demo votes by another method")
    client.post(url(demo), data)
    page = client.get(page_url).content.decode()
    assert "You voted on the changes." in page
    assert "See or change your vote" in page


def test_team_page_links_to_voting_tools(demo, demo_users) -> None:
    client = Client()
    client.force_login(demo_users[Role.FACILITATOR])
    page = client.get(f"/inquiries/{demo.slug}/team/").content.decode()
    assert url(demo, "setup/") in page and url(demo, "assisted/") in page


# --- whatever is posted --------------------------------------------------------


class TestAnyPostIsAnsweredPlainly(HypothesisTestCase):
    """Any form data, for any method: a page (never a 500), and never more
    than one ballot for the person."""

    @settings(
        max_examples=30,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(
        method=st.sampled_from(["rate", "approve", "rank"]),
        fields=st.dictionaries(
            st.sampled_from(["change_1", "change_2", "choices", "x", "change_"]),
            st.lists(st.text(max_size=6), min_size=1, max_size=3),
            max_size=4,
        ),
        pick=st.lists(st.integers(0, 2), max_size=3),
    )
    def test_post(self, method, fields, pick) -> None:
        inquiry = InquiryFactory()
        PhaseFactory(inquiry=inquiry, kind=PhaseKind.PRIORITISE)
        changes = [ChangeFactory(inquiry=inquiry, number=n) for n in (1, 2, 3)]
        PrioritySettingsFactory(inquiry=inquiry, method=method, max_approvals=2)
        voter = ParticipantFactory(inquiry=inquiry)
        client = Client()
        client.force_login(voter.user)
        data = {key: list(values) for key, values in fields.items()}
        # Real field names too, so some posts are valid votes.
        for i in pick:
            name = "choices" if method == "approve" else f"change_{changes[i].pk}"
            data.setdefault(name, []).append(str(i + 1))
        for _ in range(2):
            response = client.post(url(inquiry), data)
            assert response.status_code in {302, 400}
        assert PriorityBallot.objects.filter(inquiry=inquiry).count() <= 1
