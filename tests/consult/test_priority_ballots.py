"""Casting priority ballots: the rules each method checks, and one ballot per
person whatever happens."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from consult.models import (
    BallotChannel,
    CodeBatch,
    PaperBatch,
    ParticipationCode,
    PhaseKind,
    PriorityBallot,
    PriorityChoice,
    PrioritySettings,
    VotingMethod,
)
from consult.models.inquiries import today
from consult.priorities.ballots import (
    BallotError,
    CleanChoices,
    ballot_for,
    cast_ballot,
    check_choices,
    field_name,
    ordinal,
    settings_for,
)
from tests.factories import (
    ChangeFactory,
    InquiryFactory,
    ParticipantFactory,
    PhaseFactory,
    PriorityBallotFactory,
    PrioritySettingsFactory,
    UserFactory,
)


class FakeChange:
    """Enough of a Change for the pure checks: no database needed."""

    def __init__(self, pk: int) -> None:
        self.pk = pk
        self.title = f"Change {pk}"


CHANGES = [FakeChange(pk) for pk in (11, 12, 13, 14, 15)]


def rules(method: str, **kwargs: object) -> PrioritySettings:
    return PrioritySettings(method=method, **kwargs)


# --- check_choices: table-driven ---------------------------------------------

ALL = [c.pk for c in CHANGES]
RATED = dict(zip(ALL, [5, 1, 3, 4, 2], strict=True))
RANKED = dict(zip(ALL, [5, 4, 3, 2, 1], strict=True))
THREE = dict.fromkeys(ALL[:3], 1)
VALID = [
    ("rate", {}, dict(zip(ALL, "51342", strict=True)), RATED),
    ("rate", {}, {11: "5", 12: "", 13: "skip"}, {11: 5}),
    ("rate", {}, {"change_11": 2, "12": "4"}, {11: 2, 12: 4}),
    ("approve", {"max_approvals": 3}, {11: "on", 13: "1", 14: ""}, {11: 1, 13: 1}),
    ("approve", {"max_approvals": 3}, dict.fromkeys(ALL[:3], "on"), THREE),
    ("approve", {"max_approvals": 9}, dict.fromkeys(ALL, "1"), dict.fromkeys(ALL, 1)),
    ("rank", {}, {11: "2", 12: "1", 13: "", 14: "3"}, {11: 2, 12: 1, 14: 3}),
    ("rank", {}, {11: "1"}, {11: 1}),
    ("rank", {"rank_top_k": 2}, {15: "1", 14: "2"}, {15: 1, 14: 2}),
    ("rank", {}, dict(zip(ALL, "54321", strict=True)), RANKED),
]  # fmt: skip


@pytest.mark.parametrize(("method", "extra", "raw", "expected"), VALID)
def test_valid_choices_are_cleaned(method, extra, raw, expected) -> None:
    clean = check_choices(rules(method, **extra), CHANGES, raw)
    assert clean == CleanChoices(method, expected)


INVALID = [
    ("rate", {}, {}, "choices", "at least 1 change"),
    ("rate", {}, {11: "", 12: "skip"}, "choices", "at least 1 change"),
    ("rate", {}, {11: "6"}, "change_11", "from 1 to 5"),
    ("rate", {}, {11: "0.5"}, "change_11", "from 1 to 5"),
    ("rate", {}, {11: "-1"}, "change_11", "from 1 to 5"),
    ("rate", {}, {11: "lots"}, "change_11", "from 1 to 5"),
    ("rate", {}, {99: "3"}, "choices", "not in this inquiry"),
    ("rate", {}, {"drop table": "3"}, "choices", "not in this inquiry"),
    ("approve", {"max_approvals": 3}, {}, "choices", "Choose at least 1 change"),
    ("approve", {"max_approvals": 3}, dict.fromkeys(ALL[:4], "1"), "choices",
     "You chose 4 changes. Choose up to 3 changes."),
    ("approve", {"max_approvals": 1}, {11: "1", 12: "1"}, "choices",
     "You chose 2 changes. Choose up to 1 change."),
    ("approve", {"max_approvals": 3}, {11: "maybe"}, "change_11", "or leave it empty"),
    ("rank", {}, {}, "choices", "at least 1 change in order"),
    ("rank", {}, {11: "1", 12: "3"}, "choices", "You left out 2nd place"),
    ("rank", {}, {11: "2", 12: "4"}, "choices", "You left out 1st and 3rd places"),
    ("rank", {}, {11: "1", 12: "1"}, "change_11", "You gave 2 changes 1st place"),
    ("rank", {}, {11: "1", 12: "1"}, "change_12", "You gave 2 changes 1st place"),
    ("rank", {}, {11: "6"}, "change_11", "from 1st to 5th"),
    ("rank", {"rank_top_k": 3}, {11: "4"}, "change_11", "from 1st to 3rd"),
    ("rank", {}, {11: "first"}, "change_11", "Not ranked"),
]  # fmt: skip


@pytest.mark.parametrize(("method", "extra", "raw", "where", "words"), INVALID)
def test_invalid_choices_say_what_is_wrong_next_to_the_field(
    method, extra, raw, where, words
) -> None:
    with pytest.raises(BallotError) as caught:
        check_choices(rules(method, **extra), CHANGES, raw)
    assert caught.value.code == "invalid"
    assert words in caught.value.errors[where]


def test_no_changes_means_nothing_to_vote_on() -> None:
    with pytest.raises(BallotError) as caught:
        check_choices(rules("rate"), [], {})
    assert caught.value.code == "no_changes"


def test_approvals_are_capped_by_the_number_of_changes() -> None:
    three = CHANGES[:3]
    assert rules("approve", max_approvals=10).approvals_allowed(3) == 3
    clean = check_choices(rules("approve", max_approvals=10), three, {11: 1, 12: 1})
    assert clean.values == {11: 1, 12: 1}


@pytest.mark.parametrize(
    ("n", "words"),
    [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"),
     (13, "13th"), (21, "21st"), (22, "22nd"), (101, "101st"), (111, "111th")],
)  # fmt: skip
def test_ordinal(n: int, words: str) -> None:
    assert ordinal(n) == words


RAW = st.dictionaries(
    st.sampled_from([11, 12, 13, 14, 15, "12", "change_13", 7]),
    st.one_of(st.none(), st.integers(-3, 9), st.text(max_size=4)),
    max_size=6,
)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(method=st.sampled_from(VotingMethod.values), raw=RAW)
def test_check_choices_accepts_or_explains_any_input(method: str, raw) -> None:
    """Whatever is sent, the answer is clean values within the rules or a
    BallotError with a message; never another exception."""
    try:
        clean = check_choices(rules(method, max_approvals=2), CHANGES, raw)
    except BallotError as error:
        assert error.errors and all(error.errors.values())
        return
    values = list(clean.values.values())
    assert values
    if method == "rate":
        assert all(1 <= v <= 5 for v in values)
    elif method == "approve":
        assert values == [1] * len(values) and len(values) <= 2
    else:
        assert sorted(values) == list(range(1, len(values) + 1))


# --- the model's constraints -------------------------------------------------


def test_database_keeps_one_ballot_per_participant(db) -> None:
    ballot = PriorityBallotFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PriorityBallot.objects.create(
            inquiry=ballot.inquiry, participant=ballot.participant, method="rate"
        )


def test_database_refuses_a_change_twice_on_a_ballot(db) -> None:
    ballot = PriorityBallotFactory()
    change = ChangeFactory(inquiry=ballot.inquiry)
    PriorityChoice.objects.create(ballot=ballot, change=change, value=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        PriorityChoice.objects.create(ballot=ballot, change=change, value=4)


def test_database_refuses_an_assisted_ballot_without_a_helper(db) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        PriorityBallotFactory(channel=BallotChannel.ASSISTED)


def test_database_refuses_a_batch_on_an_online_ballot(db) -> None:
    inquiry = InquiryFactory()
    batch = PaperBatch.objects.create(inquiry=inquiry, entered_by=UserFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        PriorityBallotFactory(inquiry=inquiry, batch=batch, channel="online")


def test_paper_batch_is_checked_by_someone_else(db) -> None:
    person = UserFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PaperBatch.objects.create(
            inquiry=InquiryFactory(), entered_by=person, checked_by=person
        )


@pytest.mark.parametrize(
    "values",
    [{"max_approvals": 0}, {"rank_top_k": 0}, {"method": "borda"}],
)
def test_settings_refuse_silly_values(db, values) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        PrioritySettingsFactory(**values)


def test_deleting_an_inquiry_with_ballots_is_refused(db) -> None:
    from django.db.models import ProtectedError

    ballot = PriorityBallotFactory()
    with pytest.raises(ProtectedError):
        ballot.inquiry.delete()


# --- cast_ballot ---------------------------------------------------------------


@pytest.fixture
def voting(db):
    """An inquiry with Prioritise open, 4 changes and one participant."""
    inquiry = InquiryFactory()
    PhaseFactory(inquiry=inquiry, kind=PhaseKind.PRIORITISE)
    changes = [ChangeFactory(inquiry=inquiry, number=n) for n in range(1, 5)]
    participant = ParticipantFactory(inquiry=inquiry)
    return inquiry, changes, participant


def test_first_cast_makes_a_ballot_with_its_choices(voting) -> None:
    inquiry, changes, participant = voting
    result = cast_ballot(
        inquiry=inquiry,
        participant=participant,
        choices={changes[0].pk: "5", changes[2].pk: "2"},
        channel=BallotChannel.ONLINE,
    )
    assert result.created
    ballot = ballot_for(inquiry, participant)
    assert ballot == result.ballot
    assert ballot.method == VotingMethod.RATE
    assert {c.change_id: c.value for c in ballot.choices.all()} == {
        changes[0].pk: 5,
        changes[2].pk: 2,
    }


def test_casting_again_replaces_the_choices(voting) -> None:
    inquiry, changes, participant = voting
    cast_ballot(
        inquiry=inquiry,
        participant=participant,
        choices={changes[0].pk: "5", changes[1].pk: "4"},
        channel="online",
    )
    result = cast_ballot(
        inquiry=inquiry,
        participant=participant,
        choices={changes[3].pk: "1"},
        channel="online",
    )
    assert not result.created and result.changed
    assert PriorityBallot.objects.count() == 1
    assert list(result.ballot.choices.values_list("change_id", "value")) == [
        (changes[3].pk, 1)
    ]


def test_double_submit_is_counted_once_and_changes_nothing(voting) -> None:
    inquiry, changes, participant = voting
    choices = {changes[0].pk: "3"}
    first = cast_ballot(
        inquiry=inquiry, participant=participant, choices=choices, channel="online"
    )
    second = cast_ballot(
        inquiry=inquiry, participant=participant, choices=choices, channel="online"
    )
    assert first.created and not second.created and not second.changed
    assert PriorityBallot.objects.count() == 1
    assert PriorityChoice.objects.count() == 1


def test_method_is_copied_onto_the_ballot(voting) -> None:
    inquiry, changes, participant = voting
    PrioritySettingsFactory(inquiry=inquiry, method=VotingMethod.RANK, rank_top_k=2)
    result = cast_ballot(
        inquiry=inquiry,
        participant=participant,
        choices={changes[1].pk: "1", changes[0].pk: "2"},
        channel="online",
    )
    assert result.ballot.method == VotingMethod.RANK


def test_clean_choices_are_checked_again(voting) -> None:
    inquiry, changes, participant = voting
    PrioritySettingsFactory(inquiry=inquiry, method="approve", max_approvals=1)
    with pytest.raises(BallotError) as caught:
        cast_ballot(
            inquiry=inquiry,
            participant=participant,
            choices=CleanChoices("approve", {changes[0].pk: 1, changes[1].pk: 1}),
            channel="online",
        )
    assert "You chose 2 changes" in str(caught.value)
    assert not PriorityBallot.objects.exists()


@pytest.mark.parametrize(
    ("opens", "closes"),
    [(-10, -1), (2, 9)],
    ids=["closed", "not yet open"],
)
def test_no_vote_outside_the_prioritise_phase(db, opens, closes) -> None:
    inquiry = InquiryFactory()
    PhaseFactory(
        inquiry=inquiry,
        kind=PhaseKind.PRIORITISE,
        opens_on=today() + dt.timedelta(days=opens),
        closes_on=today() + dt.timedelta(days=closes),
    )
    change = ChangeFactory(inquiry=inquiry)
    with pytest.raises(BallotError) as caught:
        cast_ballot(
            inquiry=inquiry,
            participant=ParticipantFactory(inquiry=inquiry),
            choices={change.pk: "4"},
            channel="online",
        )
    assert caught.value.code == "closed"


def test_no_vote_without_a_prioritise_phase(db) -> None:
    inquiry = InquiryFactory()
    change = ChangeFactory(inquiry=inquiry)
    with pytest.raises(BallotError) as caught:
        cast_ballot(
            inquiry=inquiry,
            participant=ParticipantFactory(inquiry=inquiry),
            choices={change.pk: "4"},
            channel="online",
        )
    assert caught.value.code == "closed"


def test_now_decides_whether_voting_is_open(voting) -> None:
    inquiry, changes, participant = voting
    later = timezone.now() + dt.timedelta(days=30)
    with pytest.raises(BallotError) as caught:
        cast_ballot(
            inquiry=inquiry,
            participant=participant,
            choices={changes[0].pk: 1},
            channel="online",
            now=later,
        )
    assert caught.value.code == "closed"


def test_participant_of_another_inquiry_cannot_vote(voting) -> None:
    inquiry, changes, _ = voting
    stranger = ParticipantFactory()
    with pytest.raises(BallotError) as caught:
        cast_ballot(
            inquiry=inquiry,
            participant=stranger,
            choices={changes[0].pk: 1},
            channel="online",
        )
    assert caught.value.code == "not_participant"


def test_revoked_code_cannot_vote(voting) -> None:
    inquiry, changes, _ = voting
    batch = CodeBatch.objects.create(inquiry=inquiry, label="Lost cards", size=1)
    participant = ParticipantFactory(inquiry=inquiry, user=None)
    ParticipationCode.objects.create(
        batch=batch,
        inquiry=inquiry,
        code_hash="x" * 64,
        last_two="XY",
        participant=participant,
        revoked_at=timezone.now(),
    )
    with pytest.raises(BallotError) as caught:
        cast_ballot(
            inquiry=inquiry,
            participant=participant,
            choices={changes[0].pk: 1},
            channel="online",
        )
    assert caught.value.code == "revoked"
    assert not PriorityBallot.objects.exists()


def test_assisted_ballot_records_who_helped(voting) -> None:
    inquiry, changes, participant = voting
    helper = UserFactory()
    result = cast_ballot(
        inquiry=inquiry,
        participant=participant,
        choices={changes[0].pk: 2},
        channel=BallotChannel.ASSISTED,
        helped_by=helper,
        entered_by=helper,
    )
    result.ballot.refresh_from_db()
    assert result.ballot.channel == "assisted"
    assert result.ballot.helped_by == helper


def test_assisted_ballot_needs_a_helper(voting) -> None:
    inquiry, changes, participant = voting
    with pytest.raises(BallotError) as caught:
        cast_ballot(
            inquiry=inquiry,
            participant=participant,
            choices={changes[0].pk: 2},
            channel=BallotChannel.ASSISTED,
        )
    assert caught.value.code == "channel"


def test_paper_code_used_twice_is_refused(voting) -> None:
    inquiry, changes, participant = voting
    clerk = UserFactory()
    batch = PaperBatch.objects.create(inquiry=inquiry, entered_by=clerk)
    kwargs = {
        "inquiry": inquiry,
        "participant": participant,
        "channel": BallotChannel.PAPER,
        "entered_by": clerk,
        "batch": batch,
        "allow_update": False,
    }
    cast_ballot(choices={changes[0].pk: 5}, **kwargs)
    with pytest.raises(BallotError) as caught:
        cast_ballot(choices={changes[1].pk: 5}, **kwargs)
    assert caught.value.code == "already_voted"
    ballot = ballot_for(inquiry, participant)
    assert [c.change_id for c in ballot.choices.all()] == [changes[0].pk]
    assert ballot.batch == batch


def test_closed_paper_batch_takes_no_more_ballots(voting) -> None:
    inquiry, changes, participant = voting
    batch = PaperBatch.objects.create(
        inquiry=inquiry, entered_by=UserFactory(), closed_at=timezone.now()
    )
    with pytest.raises(BallotError) as caught:
        cast_ballot(
            inquiry=inquiry,
            participant=participant,
            choices={changes[0].pk: 5},
            channel="paper",
            batch=batch,
        )
    assert caught.value.code == "batch"


def test_unknown_channel_is_refused(voting) -> None:
    inquiry, changes, participant = voting
    with pytest.raises(BallotError) as caught:
        cast_ballot(
            inquiry=inquiry,
            participant=participant,
            choices={changes[0].pk: 5},
            channel="carrier pigeon",
        )
    assert caught.value.code == "channel"


def test_settings_default_to_rating_without_saving(db) -> None:
    inquiry = InquiryFactory()
    rules = settings_for(inquiry)
    assert rules.method == VotingMethod.RATE and rules.pk is None
    assert not PrioritySettings.objects.exists()


def test_field_name_matches_error_keys(voting) -> None:
    inquiry, changes, participant = voting
    with pytest.raises(BallotError) as caught:
        cast_ballot(
            inquiry=inquiry,
            participant=participant,
            choices={changes[1].pk: "9"},
            channel="online",
        )
    assert list(caught.value.errors) == [field_name(changes[1])]


class TestAnyValidChoicesMakeExactlyOneBallot(HypothesisTestCase):
    """Whatever valid choices a person sends, however often: one ballot,
    holding the last choices sent."""

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(
        casts=st.lists(
            st.lists(st.integers(1, 5), min_size=3, max_size=3).map(
                lambda values: dict(enumerate(values))
            ),
            min_size=1,
            max_size=4,
        ),
        channel=st.sampled_from(["online", "room"]),
    )
    def test_one_ballot(self, casts, channel) -> None:
        inquiry = InquiryFactory()
        PhaseFactory(inquiry=inquiry, kind=PhaseKind.PRIORITISE)
        changes = [ChangeFactory(inquiry=inquiry, number=n) for n in (1, 2, 3)]
        participant = ParticipantFactory(inquiry=inquiry)
        for cast in casts:
            cast_ballot(
                inquiry=inquiry,
                participant=participant,
                choices={changes[i].pk: v for i, v in cast.items()},
                channel=channel,
            )
        ballots = PriorityBallot.objects.filter(inquiry=inquiry)
        assert ballots.count() == 1
        saved = {c.change_id: c.value for c in ballots.get().choices.all()}
        assert saved == {changes[i].pk: v for i, v in casts[-1].items()}


def test_a_ballot_made_between_look_and_insert_is_updated_not_doubled(
    voting, monkeypatch
) -> None:
    """The race the unique constraint guards: another cast inserts the
    ballot after this one looked for it. The insert fails on the constraint
    and this cast becomes an update of that ballot."""
    inquiry, changes, participant = voting
    rival = PriorityBallot.objects.create(
        inquiry=inquiry, participant=participant, method="rate"
    )
    manager = PriorityBallot.objects
    real_select = manager.select_for_update
    looks: list[int] = []

    def misses_once():
        queryset = real_select()
        looks.append(1)
        # The first look (before the insert) misses the rival's ballot.
        return queryset.none() if len(looks) == 1 else queryset

    monkeypatch.setattr(manager, "select_for_update", misses_once)
    result = cast_ballot(
        inquiry=inquiry,
        participant=participant,
        choices={changes[0].pk: "4"},
        channel="online",
    )
    assert not result.created
    assert result.ballot.pk == rival.pk
    assert PriorityBallot.objects.count() == 1
    assert list(rival.choices.values_list("value", flat=True)) == [4]
    assert len(looks) == 2  # looked, failed to insert, looked again
