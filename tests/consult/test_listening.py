"""Listen-phase rules: consent, moderation, withdrawal and safeguarding."""

import pytest

from consult import listening
from consult.models import Consent, Finding, ModerationState
from tests.factories import (
    FindingFactory,
    InquiryFactory,
    ParticipantFactory,
    PhaseFactory,
)


@pytest.fixture
def inquiry(db):
    inquiry = InquiryFactory()
    PhaseFactory(inquiry=inquiry, kind="listen")
    return inquiry


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "consent", "concern", "withdrawn", "public", "counted"),
    [
        ("published", "named", False, False, True, True),
        ("published", "anonymous", False, False, True, True),
        ("published", "count_only", False, False, False, True),
        ("private", "anonymous", False, False, False, True),
        ("pending", "anonymous", False, False, False, False),
        ("escalated", "anonymous", False, False, False, False),
        ("published", "anonymous", True, False, False, False),
        ("published", "anonymous", False, True, False, False),
    ],
)
def test_what_is_shown_and_what_is_counted(
    inquiry, state, consent, concern, withdrawn, public, counted
):
    from django.utils import timezone

    finding = FindingFactory(
        inquiry=inquiry,
        state=state,
        consent=consent,
        display_name="Ann" if consent == "named" else "",
        withdrawn_at=timezone.now() if withdrawn else None,
    )
    if concern:
        listening.raise_safeguarding_concern(finding=finding, raised_by=None)
        Finding.objects.filter(pk=finding.pk).update(state=state)
    assert Finding.objects.public().filter(pk=finding.pk).exists() is public
    assert Finding.objects.counted().filter(pk=finding.pk).exists() is counted


def test_anonymous_and_count_only_quotes_carry_no_name():
    for consent in (Consent.ANONYMOUS, Consent.COUNT_ONLY):
        assert Finding(consent=consent, display_name="Ann").quoted_name == ""
    assert Finding(consent=Consent.NAMED, display_name="Ann").quoted_name == "Ann"


@pytest.mark.django_db
def test_recording_keeps_a_name_only_with_consent(inquiry):
    finding = listening.record_finding(
        inquiry=inquiry,
        text="  Good support  ",
        channel="online",
        consent="anonymous",
        display_name="Ann",
    )
    assert finding.text == "Good support"
    assert finding.display_name == ""
    assert finding.state == ModerationState.PENDING


@pytest.mark.django_db
def test_online_stories_need_the_listen_phase_open():
    closed = InquiryFactory()
    with pytest.raises(listening.ListeningClosed):
        listening.record_finding(
            inquiry=closed, text="x", channel="online", consent="anonymous"
        )
    # A facilitator can still write up a session afterwards.
    listening.record_finding(
        inquiry=closed, text="x", channel="session", consent="anonymous"
    )


@pytest.mark.django_db
def test_changing_published_words_sends_them_back_to_moderation(inquiry):
    participant = ParticipantFactory(inquiry=inquiry)
    finding = FindingFactory(inquiry=inquiry, participant=participant)
    listening.update_own_finding(
        finding=finding, participant=participant, text="New words", consent="anonymous"
    )
    finding.refresh_from_db()
    assert finding.state == ModerationState.PENDING
    assert finding.moderation_events.first().action == "changed by the person"


@pytest.mark.django_db
def test_only_the_person_can_change_or_withdraw(inquiry):
    finding = FindingFactory(
        inquiry=inquiry, participant=ParticipantFactory(inquiry=inquiry)
    )
    other = ParticipantFactory(inquiry=inquiry)
    with pytest.raises(listening.NotYours):
        listening.withdraw_finding(finding=finding, participant=other)


@pytest.mark.django_db
def test_nothing_can_change_after_results_are_published(inquiry):
    import datetime as dt

    from consult.models.inquiries import today

    PhaseFactory(inquiry=inquiry, kind="publish", opens_on=today() - dt.timedelta(1))
    participant = ParticipantFactory(inquiry=inquiry)
    finding = FindingFactory(inquiry=inquiry, participant=participant)
    with pytest.raises(listening.ListenProblem, match="published"):
        listening.withdraw_finding(finding=finding, participant=participant)


@pytest.mark.django_db
def test_every_moderation_action_is_logged_with_who(inquiry, django_user_model):
    moderator = django_user_model.objects.create(username="m", email="m@example.org")
    finding = FindingFactory(inquiry=inquiry, state="pending")
    listening.moderate_finding(finding=finding, action="publish", actor=moderator)
    listening.moderate_finding(
        finding=finding, action="escalate", actor=moderator, note="check"
    )
    events = list(finding.moderation_events.all())
    assert [(e.action, e.from_state, e.to_state) for e in events] == [
        ("escalate", "published", "escalated"),
        ("publish", "pending", "published"),
    ]
    assert all(e.actor == moderator for e in events)
    with pytest.raises(listening.ListenProblem):
        listening.moderate_finding(finding=finding, action="delete", actor=moderator)


@pytest.mark.django_db
def test_a_safeguarding_concern_keeps_the_action_not_the_disclosure(inquiry):
    finding = FindingFactory(inquiry=inquiry)
    concern = listening.raise_safeguarding_concern(finding=finding, raised_by=None)
    assert (
        listening.raise_safeguarding_concern(finding=finding, raised_by=None) == concern
    )
    with pytest.raises(listening.ListenProblem):
        listening.record_safeguarding_action(concern=concern, action_taken=" ", by=None)
    listening.record_safeguarding_action(
        concern=concern, action_taken="Told the lead at 3pm", by=None
    )
    concern.refresh_from_db()
    assert concern.action_taken == "Told the lead at 3pm"
    assert concern.action_at is not None
