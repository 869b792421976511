"""Erasure, stopping quotes, the consent log and the download (services)."""

from __future__ import annotations

import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from wagtail.models import ModelLogEntry

from consult import about_you, listening, services
from consult.media import CheckedFile
from consult.models import (
    AboutYou,
    ChangeQuote,
    Consent,
    ConsentChannel,
    ConsentRecord,
    ConsentTopic,
    Finding,
    FindingAttachment,
    Follow,
    ModerationEvent,
    Participant,
    PhaseKind,
    PriorityBallot,
    PriorityChoice,
    PrivacyRequest,
    UpdateRating,
)
from consult.models.inquiries import today
from consult.privacy import export
from consult.privacy.services import (
    REMOVED,
    AlreadyPublished,
    StaffAccount,
    erase_account,
    erase_participant,
    stop_quoting,
)
from tests.factories import (
    ChangeFactory,
    InquiryFactory,
    InquiryRoleFactory,
    ParticipantFactory,
    PhaseFactory,
    PriorityBallotFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PHOTO = CheckedFile("photo", b"\xff\xd8\xff fake jpeg", "image/jpeg", "jpg")


def _listening_inquiry():  # type: ignore[no-untyped-def]
    inquiry = InquiryFactory()
    PhaseFactory(inquiry=inquiry, kind=PhaseKind.LISTEN)
    return inquiry


def _story(participant: Participant, **kwargs: object) -> Finding:
    options: dict[str, object] = {
        "text": "I am Mary Smith from Elm Road and my carer is late.",
        "channel": "online",
        "consent": Consent.NAMED,
        "display_name": "Mary Smith",
    }
    options.update(kwargs)
    return listening.record_finding(
        inquiry=participant.inquiry, participant=participant, **options
    )


def _code_participant(inquiry):  # type: ignore[no-untyped-def]
    _batch, codes = services.create_code_batch(
        inquiry=inquiry, label="Session", size=1, created_by=None
    )
    return services.redeem_code(inquiry=inquiry, typed=codes[0]), codes[0]


def _ballot(participant: Participant) -> PriorityBallot:
    change = ChangeFactory(inquiry=participant.inquiry)
    ballot = PriorityBallotFactory(inquiry=participant.inquiry, participant=participant)
    PriorityChoice.objects.create(ballot=ballot, change=change, value=5)
    return ballot


# --- consent log


def test_a_new_story_logs_consent_to_quote_and_to_the_name() -> None:
    participant = ParticipantFactory(inquiry=_listening_inquiry())
    finding = _story(participant)
    rows = ConsentRecord.objects.filter(finding=finding)
    assert {(r.topic, r.agreed, r.choice) for r in rows} == {
        (ConsentTopic.QUOTE, True, "named"),
        (ConsentTopic.NAME, True, "named"),
    }
    assert {r.channel for r in rows} == {ConsentChannel.ONLINE}


def test_a_story_written_down_in_a_session_logs_who_helped() -> None:
    inquiry = _listening_inquiry()
    participant = ParticipantFactory(inquiry=inquiry)
    facilitator = UserFactory()
    _story(
        participant,
        channel="session",
        consent=Consent.ANONYMOUS,
        display_name="",
        recorded_by=facilitator,
    )
    record = ConsentRecord.objects.get(participant=participant)
    assert record.channel == ConsentChannel.FACILITATOR
    assert record.helped_by == facilitator
    assert record.topic == ConsentTopic.QUOTE


def test_changing_only_the_words_logs_no_new_consent() -> None:
    participant = ParticipantFactory(inquiry=_listening_inquiry())
    finding = _story(participant, consent=Consent.ANONYMOUS, display_name="")
    listening.update_own_finding(
        finding=finding, participant=participant, text="New words", consent="anonymous"
    )
    assert ConsentRecord.objects.filter(participant=participant).count() == 1


def test_about_you_answers_and_their_deletion_are_logged() -> None:
    participant = ParticipantFactory(inquiry=_listening_inquiry())
    about_you.record_about_you(participant=participant, consented=True, age_band="")
    about_you.delete_about_you(participant=participant)
    assert list(
        ConsentRecord.objects.filter(participant=participant).values_list(
            "topic", "agreed"
        )
    ) == [(ConsentTopic.ABOUT_YOU, True), (ConsentTopic.ABOUT_YOU, False)]


# --- stop quoting


def test_stop_quoting_makes_the_story_count_only_and_logs_it() -> None:
    participant = ParticipantFactory(inquiry=_listening_inquiry())
    finding = _story(participant)
    ChangeQuote.objects.create(
        change=ChangeFactory(inquiry=participant.inquiry), finding=finding
    )
    stop_quoting(finding=finding, participant=participant)
    finding.refresh_from_db()
    assert finding.consent == Consent.COUNT_ONLY
    assert finding.display_name == ""
    assert not ChangeQuote.objects.filter(finding=finding).exists()
    last = ConsentRecord.objects.filter(finding=finding).order_by("pk")
    assert [(r.topic, r.agreed) for r in last][-2:] == [
        (ConsentTopic.QUOTE, False),
        (ConsentTopic.NAME, False),
    ]
    assert PrivacyRequest.objects.filter(kind="stop_quoting").count() == 1


def test_stop_quoting_after_results_are_published_is_refused() -> None:
    inquiry = _listening_inquiry()
    participant = ParticipantFactory(inquiry=inquiry)
    finding = _story(participant)
    PhaseFactory(
        inquiry=inquiry,
        kind=PhaseKind.PUBLISH,
        opens_on=today() - dt.timedelta(days=1),
    )
    with pytest.raises(AlreadyPublished):
        stop_quoting(finding=finding, participant=participant)
    finding.refresh_from_db()
    assert finding.consent == Consent.NAMED


def test_someone_else_cannot_stop_quoting_my_story() -> None:
    inquiry = _listening_inquiry()
    finding = _story(ParticipantFactory(inquiry=inquiry))
    with pytest.raises(Exception, match="yourself"):
        stop_quoting(finding=finding, participant=ParticipantFactory(inquiry=inquiry))


# --- erasure


def test_erasure_removes_every_identifying_field_and_keeps_the_ballot() -> None:
    inquiry = _listening_inquiry()
    participant, code = _code_participant(inquiry)
    finding = _story(participant, media=PHOTO, media_description="Me at home")
    ModerationEvent.objects.create(finding=finding, action="note", note="Mary again")
    about_you.record_about_you(participant=participant, consented=True, age_band="")
    ballot = _ballot(participant)

    summary = erase_participant(participant=participant)

    finding.refresh_from_db()
    participant.refresh_from_db()
    assert finding.text == REMOVED
    assert finding.display_name == ""
    assert finding.consent == Consent.COUNT_ONLY
    assert not FindingAttachment.objects.filter(finding=finding).exists()
    assert not ModerationEvent.objects.filter(note__icontains="Mary").exists()
    assert not AboutYou.objects.filter(participant=participant).exists()
    assert participant.user is None and participant.is_erased
    assert not hasattr(participant, "code") or participant.code is None
    # The vote still counts, as an anonymous ballot.
    assert PriorityBallot.objects.filter(pk=ballot.pk, inquiry=inquiry).exists()
    assert PriorityChoice.objects.filter(ballot=ballot, value=5).count() == 1
    assert summary["findings"] == 1 and summary["attachments"] == 1
    assert summary["about_you"] == 1 and summary["codes"] == 1
    # The printed code no longer leads anywhere.
    with pytest.raises(services.CodeProblem):
        services.redeem_code(inquiry=inquiry, typed=code)


def test_erasure_is_recorded_in_the_audit_log_with_no_personal_text() -> None:
    participant = ParticipantFactory(inquiry=_listening_inquiry())
    _story(participant)
    erase_participant(participant=participant)
    entry = ModelLogEntry.objects.get(action="coproduce.personal_data_erased")
    assert "Mary" not in str(entry.data) and "Mary" not in entry.label
    assert entry.data["findings"] == 1
    request = PrivacyRequest.objects.get(participant=participant)
    assert request.kind == "erasure" and request.is_done


def test_erasing_twice_removes_nothing_more() -> None:
    participant = ParticipantFactory(inquiry=_listening_inquiry())
    _story(participant)
    erase_participant(participant=participant)
    assert erase_participant(participant=participant) == {}
    assert PrivacyRequest.objects.filter(participant=participant).count() == 1


def test_erasure_blanks_rating_comments_and_keeps_the_rating() -> None:
    from tests.consult.commitments.factories import (
        CommitmentFactory,
        ProgressUpdateFactory,
    )

    inquiry = _listening_inquiry()
    participant = ParticipantFactory(inquiry=inquiry)
    update = ProgressUpdateFactory(commitment=CommitmentFactory(inquiry=inquiry))
    rating = UpdateRating.objects.create(
        update=update,
        participant=participant,
        value="yes",
        comment="I am Mary and I live at number 4",
    )
    erase_participant(participant=participant)
    rating.refresh_from_db()
    assert rating.comment == "" and rating.value == "yes"


def test_a_safeguarding_concern_is_kept() -> None:
    participant = ParticipantFactory(inquiry=_listening_inquiry())
    finding = _story(participant)
    listening.raise_safeguarding_concern(finding=finding, raised_by=UserFactory())
    summary = erase_participant(participant=participant)
    finding.refresh_from_db()
    assert finding.text != REMOVED
    assert summary["findings_kept_for_safeguarding"] == 1


def test_erasing_an_account_closes_it_and_removes_follows_and_emails() -> None:
    inquiry = _listening_inquiry()
    participant = ParticipantFactory(inquiry=inquiry)
    user = participant.user
    EmailAddress.objects.create(user=user, email=user.email, verified=True)
    Follow.objects.create(
        email=user.email, change=ChangeFactory(inquiry=inquiry), user=user
    )
    _story(participant)
    summary = erase_account(user=user)
    user.refresh_from_db()
    assert user.email == "" and user.preferred_name == "" and not user.is_active
    assert user.username == f"erased-{user.pk}"
    assert not user.has_usable_password()
    assert not Follow.objects.exists()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert summary["participants"] == 1 and summary["follows"] == 1
    assert Participant.objects.get(pk=participant.pk).user is None


def test_an_account_that_runs_an_inquiry_is_not_erased_here() -> None:
    role = InquiryRoleFactory()
    with pytest.raises(StaffAccount):
        erase_account(user=role.user)
    role.user.refresh_from_db()
    assert role.user.is_active


# --- the download


def test_the_download_holds_everything_we_keep() -> None:
    inquiry = _listening_inquiry()
    participant = ParticipantFactory(inquiry=inquiry)
    _story(participant, media=PHOTO, media_description="Me at home")
    about_you.record_about_you(
        participant=participant, consented=True, age_band="75_plus"
    )
    _ballot(participant)
    data = export.as_json_data(
        export.person_data(user=participant.user, code_participants=[])
    )
    assert data["account"]["email"] == participant.user.email
    section = data["inquiries"][0]
    assert section["inquiry"] == inquiry.title
    story = section["what_you_told_us"][0]
    assert "Mary Smith from Elm Road" in story["words"]
    assert story["name_shown"] == "Mary Smith"
    assert story["photo_or_recording"]["description"] == "Me at home"
    assert section["about_you"]["age_band"] == "75 or over"
    assert section["priority_votes"][0]["choices"][0]["value"] == 5
    assert {c["what"] for c in section["what_you_agreed"]} >= {
        "Use my words",
        "Keep my answers about me",
    }


def test_a_code_holder_download_holds_only_their_inquiry() -> None:
    inquiry = _listening_inquiry()
    participant, _code = _code_participant(inquiry)
    _story(participant, consent=Consent.ANONYMOUS, display_name="")
    _story(ParticipantFactory(inquiry=inquiry), text="Someone else's words")
    data = export.as_json_data(
        export.person_data(user=None, code_participants=[participant])
    )
    assert data["account"] is None
    words = [s["words"] for s in data["inquiries"][0]["what_you_told_us"]]
    assert words == ["I am Mary Smith from Elm Road and my carer is late."]


def test_an_organisation_editor_account_is_not_erased_here() -> None:
    from tests.factories import OrganisationEditorFactory

    editor = OrganisationEditorFactory()
    with pytest.raises(StaffAccount):
        erase_account(user=editor.user)
