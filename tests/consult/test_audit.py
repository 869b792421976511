"""Editor actions go into Wagtail's audit log, with the person who did them,
a label in plain words, and no personal text (stories, names, emails)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.log_actions import registry
from wagtail.models import ModelLogEntry

from consult import audit, codes, listening, services
from consult.budgeting import ballots as budget_ballots
from consult.commitments import invites
from consult.commitments import services as commitment_services
from consult.commitments.rating_services import moderate_comment
from consult.models import (
    BudgetChannel,
    PaperBatch,
    PhaseKind,
    SafeguardingConcern,
    UpdateRating,
)
from consult.priorities.paper_entry import enter_paper_ballot
from tests.consult.budgeting.factories import open_budget
from tests.consult.commitments.factories import (
    ProgressUpdateFactory,
)
from tests.factories import (
    ChangeFactory,
    FindingFactory,
    InquiryFactory,
    OrganisationFactory,
    ParticipantFactory,
    PhaseFactory,
    PrioritySettingsFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

STORY = "My carer Janet Smith stopped coming after my fall in March."


def entry_for(instance, action: str) -> ModelLogEntry:
    return registry.get_logs_for_instance(instance).get(action=action)


def assert_logged(instance, action: str, user, *, private: tuple[str, ...] = ()):
    """One entry, by `user`, labelled in plain words, holding none of `private`."""
    entry = entry_for(instance, action)
    assert entry.user_id == (user.pk if user else None)
    label, message = audit.ACTIONS[action]
    assert registry.get_action_label(action) == label
    assert entry.message == message
    stored = entry.label + json.dumps(entry.data)
    for text in private:
        assert text not in stored
    return entry


def test_every_action_has_plain_words_registered() -> None:
    for action, (label, message) in audit.ACTIONS.items():
        assert action.startswith("coproduce.")
        assert registry.get_action_label(action) == label
        assert label[0].isupper() and message[0].isupper()
        assert len(label.split()) <= 10


@pytest.mark.parametrize("action", ["publish", "private", "escalate", "pending"])
def test_moderating_a_finding_is_logged_without_its_words(action: str) -> None:
    moderator = UserFactory()
    finding = FindingFactory(text=STORY, state="pending")
    listening.moderate_finding(finding=finding, action=action, actor=moderator)
    entry = assert_logged(
        finding,
        f"coproduce.finding_{action}",
        moderator,
        private=(STORY, "Janet", moderator.email),
    )
    assert entry.label == f"Finding {finding.pk}"
    assert entry.data["from_state"] == "pending"


def test_safeguarding_concern_and_action_are_logged_without_what_was_said() -> None:
    lead = UserFactory()
    finding = FindingFactory(text=STORY)
    concern = listening.raise_safeguarding_concern(finding=finding, raised_by=lead)
    assert_logged(concern, "coproduce.safeguarding_raised", lead, private=(STORY,))
    listening.record_safeguarding_action(
        concern=concern, action_taken="Rang Janet Smith's social worker", by=lead
    )
    entry = assert_logged(
        concern, "coproduce.safeguarding_action", lead, private=("Janet", "social")
    )
    assert entry.data == {"finding": finding.pk}
    # Raising it twice is one concern, one entry.
    listening.raise_safeguarding_concern(finding=finding, raised_by=lead)
    assert SafeguardingConcern.objects.count() == 1
    assert (
        registry.get_logs_for_instance(concern)
        .filter(action="coproduce.safeguarding_raised")
        .count()
        == 1
    )


def test_moderating_a_comment_is_logged_without_the_comment() -> None:
    moderator = UserFactory()
    update = ProgressUpdateFactory()
    participant = ParticipantFactory(inquiry=update.commitment.inquiry)
    rating = UpdateRating.objects.create(
        update=update, participant=participant, value="no", comment=STORY
    )
    moderate_comment(rating=rating, action="private", by=moderator)
    entry = assert_logged(
        rating, "coproduce.comment_moderated", moderator, private=(STORY,)
    )
    assert entry.data["update"] == update.pk


def _commitment_values(**overrides) -> dict:
    from consult.models.inquiries import today

    values = {
        "title": "Shared Lives after hospital",
        "description": "Our words.",
        "easy_read_title": "Stay with a family",
        "easy_read_text": "You stay with a family.",
        "pictogram": "home",
        "owner_role": "Director of Adult Social Care",
        "start_on": today(),
        "due_on": today().replace(year=today().year + 1),
        "review_on": today(),
        "status": "planned",
    }
    return {**values, **overrides}


def test_commitments_and_progress_updates_are_logged() -> None:
    from consult.models.inquiries import today

    editor = UserFactory()
    inquiry = InquiryFactory()
    change = ChangeFactory(inquiry=inquiry)
    commitment = commitment_services.create_commitment(
        organisation=OrganisationFactory(),
        inquiry=inquiry,
        by=editor,
        changes=[change],
        **_commitment_values(),
    )
    entry = assert_logged(commitment, "coproduce.commitment_created", editor)
    assert "Shared Lives after hospital" in entry.label  # public title
    commitment_services.change_commitment(
        commitment, by=editor, changes=[change], **_commitment_values(status="started")
    )
    entry = assert_logged(commitment, "coproduce.commitment_changed", editor)
    assert entry.data["status"] == "started"

    values = commitment_services.UpdateValues(
        dated=today(),
        text="We started.",
        status="started",
        progress=30,
        next_review_on=today(),
    )
    update = commitment_services.post_progress_update(
        commitment=commitment, by=editor, values=values
    )
    assert_logged(update, "coproduce.progress_posted", editor)
    commitment_services.edit_progress_update(update, by=editor, values=values)
    entry = assert_logged(update, "coproduce.progress_edited", editor)
    assert entry.data == {
        "commitment": commitment.pk,
        "status": "started",
        "progress": 30,
    }


def test_team_roles_are_logged_once_without_names() -> None:
    admin = UserFactory()
    person = UserFactory(preferred_name="Janet")
    inquiry = InquiryFactory()
    role = services.add_facilitator(inquiry=inquiry, user=person, by=admin)
    services.add_facilitator(inquiry=inquiry, user=person, by=admin)  # no change
    assert_logged(role, "coproduce.facilitator_added", admin, private=("Janet",))
    organisation = OrganisationFactory()
    editor = services.add_organisation_editor(
        organisation=organisation, user=person, by=admin
    )
    entry = assert_logged(
        editor, "coproduce.organisation_editor_added", admin, private=(person.email,)
    )
    assert entry.data == {"organisation": organisation.pk, "person": person.pk}


def test_site_role_changes_are_logged_both_ways() -> None:
    person = UserFactory()
    group = Group.objects.get(name__iexact="moderators")
    person.groups.add(group)
    entry = assert_logged(person, "coproduce.role_added", None)
    assert entry.label == f"Person {person.pk}: {group.name}"
    person.groups.remove(group)
    assert_logged(person, "coproduce.role_removed", None)
    group.user_set.add(person)
    person.groups.clear()
    logs = registry.get_logs_for_instance(person)
    assert logs.filter(action="coproduce.role_added").count() == 2
    assert logs.filter(action="coproduce.role_removed").count() == 2


def test_editor_invitations_are_logged_without_the_address() -> None:
    inviter = UserFactory()
    organisation = OrganisationFactory()
    invite, token = invites.invite_editor(
        organisation=organisation, email="janet@example.org", by=inviter
    )
    assert_logged(invite, "coproduce.editor_invited", inviter, private=("janet", token))
    person = UserFactory(email="janet@example.org")
    EmailAddress.objects.create(
        user=person, email="janet@example.org", verified=True, primary=True
    )
    invites.accept_invite(token=token, user=person)
    assert_logged(
        invite, "coproduce.editor_invite_accepted", person, private=("janet", token)
    )


def test_a_paper_ballot_typed_in_is_logged_against_the_typist() -> None:
    inquiry = InquiryFactory()
    PhaseFactory(inquiry=inquiry, kind=PhaseKind.PRIORITISE)
    changes = [ChangeFactory(inquiry=inquiry) for _ in range(3)]
    PrioritySettingsFactory(inquiry=inquiry, method="rate")
    typist = UserFactory()
    services.add_facilitator(inquiry=inquiry, user=typist)
    _, plain = services.create_code_batch(
        inquiry=inquiry, label="Paper", size=1, created_by=typist
    )
    batch = PaperBatch.objects.create(inquiry=inquiry, entered_by=typist)
    marks = {f"change_{c.pk}": "3" for c in changes}
    entered = enter_paper_ballot(
        batch=batch, typed_code=plain[0], marks=marks, by=typist
    )
    entry = assert_logged(
        entered.ballot,
        "coproduce.paper_ballot_entered",
        typist,
        private=(plain[0], codes.normalise(plain[0])),
    )
    assert entry.data == {"batch": batch.pk, "inquiry": inquiry.pk}
    # The same paper sent twice saves nothing new and logs nothing new.
    again = enter_paper_ballot(batch=batch, typed_code=plain[0], marks=marks, by=typist)
    assert again.again
    assert registry.get_logs_for_instance(entered.ballot).count() == 1


def test_a_budget_vote_entered_for_someone_is_logged_and_an_own_vote_is_not() -> None:
    ob = open_budget()
    helper = UserFactory()
    amounts = dict.fromkeys([a.pk for a in ob.areas], Decimal("1000000"))
    ballot = budget_ballots.cast_split_ballot(
        budget=ob.budget,
        participant=ob.participant,
        amounts=amounts,
        channel=BudgetChannel.ASSISTED,
        helped_by=helper,
    )
    entry = assert_logged(ballot, "coproduce.budget_ballot_helped", helper)
    assert entry.data["channel"] == BudgetChannel.ASSISTED
    other = open_budget()
    own = budget_ballots.cast_split_ballot(
        budget=other.budget,
        participant=other.participant,
        amounts=dict.fromkeys([a.pk for a in other.areas], Decimal("1000000")),
    )
    assert not registry.get_logs_for_instance(own).exists()


def test_stopping_a_code_is_logged_once() -> None:
    inquiry = InquiryFactory()
    facilitator = UserFactory()
    _, plain = services.create_code_batch(
        inquiry=inquiry, label="Cards", size=1, created_by=facilitator
    )
    code = services.revoke_code(inquiry=inquiry, typed=plain[0], by=facilitator)
    services.revoke_code(inquiry=inquiry, typed=plain[0], by=facilitator)
    assert_logged(code, "coproduce.code_revoked", facilitator, private=(plain[0],))


def test_record_refuses_free_text_and_unknown_actions() -> None:
    finding = FindingFactory(text=STORY)
    with pytest.raises(audit.PersonalTextInLog):
        audit.record(
            finding, "coproduce.finding_private", user=None, data={"note": STORY}
        )
    with pytest.raises(audit.PersonalTextInLog):
        audit.record(
            finding,
            "coproduce.finding_private",
            user=None,
            data={"to": "janet@example.org"},
        )
    with pytest.raises(KeyError):
        audit.record(finding, "coproduce.made_up", user=None)


def test_entries_show_in_site_history_for_admins() -> None:
    admin = UserFactory(is_superuser=True, is_staff=True)
    finding = FindingFactory(text=STORY, state="pending")
    listening.moderate_finding(finding=finding, action="publish", actor=admin)
    client = Client()
    client.force_login(admin)
    response = client.get("/admin/reports/site-history/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Story or finding approved for the public pages" in page
    assert f"Finding {finding.pk}" in page
    assert "Janet" not in page
    # The filter lists our actions by their plain label.
    assert "Approve a story or finding" in page
