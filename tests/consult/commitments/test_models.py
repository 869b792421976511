"""What the database itself refuses, and the services that keep a
commitment's progress and history in step."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from consult.commitments import services
from consult.models import (
    Commitment,
    MakingItRealTheme,
    ProgressUpdate,
    ProgressUpdateRevision,
)
from consult.models.commitments import AppendOnly
from consult.models.inquiries import today
from tests.factories import ChangeFactory, FindingFactory, InquiryFactory, UserFactory

from .factories import CommitmentFactory, MilestoneFactory, ProgressUpdateFactory

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


def _refused(make) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_the_database_refuses_a_due_date_before_the_start():
    _refused(lambda: CommitmentFactory(start_on=today(), due_on=today() - DAY))


def test_the_database_refuses_not_doing_without_a_reason():
    _refused(lambda: CommitmentFactory(status="not_doing", not_doing_reason=""))
    assert CommitmentFactory(status="not_doing", not_doing_reason="No money.").pk


@pytest.mark.parametrize("progress", [101, 250])
def test_the_database_refuses_progress_over_100(progress):
    _refused(lambda: CommitmentFactory(progress=progress))
    _refused(lambda: MilestoneFactory(progress=progress))
    _refused(lambda: ProgressUpdateFactory(progress=progress))


def test_a_progress_update_not_doing_needs_a_reason_in_the_database():
    _refused(lambda: ProgressUpdateFactory(status="not_doing", status_reason=""))


def test_a_reference_is_unique_within_an_organisation_only_when_given():
    first = CommitmentFactory(reference="AP-1")
    CommitmentFactory(organisation=first.organisation)  # empty references are fine
    CommitmentFactory(organisation=first.organisation)
    CommitmentFactory(reference="AP-1")  # another organisation
    _refused(
        lambda: CommitmentFactory(organisation=first.organisation, reference="AP-1")
    )


def test_an_inquiry_with_commitments_cannot_be_deleted():
    from django.db.models import ProtectedError

    commitment = CommitmentFactory()
    with pytest.raises(ProtectedError):
        commitment.inquiry.delete()


def test_making_it_real_themes_are_loaded_once():
    assert MakingItRealTheme.objects.count() == 6
    assert services.ensure_making_it_real_themes() == 0
    assert MakingItRealTheme.objects.count() == 6


def _values(**overrides) -> dict:
    values = {
        "title": "Shared Lives after hospital",
        "description": "Our words.",
        "easy_read_title": "Stay with a family",
        "easy_read_text": "You stay with a family.",
        "pictogram": "home",
        "owner_role": "Director of Adult Social Care",
        "start_on": today(),
        "due_on": today() + 100 * DAY,
        "review_on": today() + 30 * DAY,
        "status": "planned",
    }
    return {**values, **overrides}


def test_create_commitment_links_changes_and_refuses_other_inquiries():
    from tests.factories import OrganisationFactory

    inquiry = InquiryFactory()
    change = ChangeFactory(inquiry=inquiry)
    organisation = OrganisationFactory()
    commitment = services.create_commitment(
        organisation=organisation,
        inquiry=inquiry,
        by=UserFactory(),
        changes=[change],
        **_values(),
    )
    assert list(commitment.changes.all()) == [change]
    with pytest.raises(services.CommitmentProblem) as problem:
        services.create_commitment(
            organisation=organisation,
            inquiry=inquiry,
            by=None,
            changes=[ChangeFactory()],
            **_values(),
        )
    assert problem.value.field == "changes"
    with pytest.raises(services.CommitmentProblem):
        services.create_commitment(
            organisation=organisation,
            inquiry=inquiry,
            by=None,
            changes=[change],
            findings=[FindingFactory()],
            **_values(),
        )


def test_services_refuse_due_before_start_and_not_doing_without_reason():
    commitment = CommitmentFactory()
    change = commitment.changes.first()
    with pytest.raises(services.CommitmentProblem) as problem:
        services.change_commitment(
            commitment, changes=[change], **_values(due_on=today() - 5 * DAY)
        )
    assert problem.value.field == "due_on"
    with pytest.raises(services.CommitmentProblem) as problem:
        services.change_commitment(
            commitment, changes=[change], **_values(status="not_doing")
        )
    assert problem.value.field == "not_doing_reason"


def _update(**overrides) -> services.UpdateValues:
    values = {
        "dated": today(),
        "text": "We started.",
        "status": "started",
        "progress": 30,
        "next_review_on": today() + 60 * DAY,
    }
    return services.UpdateValues(**{**values, **overrides})


def test_a_progress_update_moves_status_progress_and_review_date():
    commitment = CommitmentFactory(review_on=today() - DAY)
    services.post_progress_update(commitment=commitment, by=None, values=_update())
    commitment.refresh_from_db()
    assert commitment.status == "started"
    assert commitment.progress == 30
    assert commitment.last_update_on == today()
    assert commitment.review_on == today() + 60 * DAY


def test_an_older_update_does_not_overrule_the_latest():
    commitment = CommitmentFactory()
    services.post_progress_update(
        commitment=commitment, by=None, values=_update(progress=60)
    )
    services.post_progress_update(
        commitment=commitment,
        by=None,
        values=_update(dated=today() - 20 * DAY, progress=10, status="planned"),
    )
    commitment.refresh_from_db()
    assert (commitment.status, commitment.progress) == ("started", 60)
    assert commitment.last_update_on == today()


def test_without_updates_progress_follows_the_milestones():
    commitment = CommitmentFactory()
    services.save_milestone(
        commitment=commitment, title="One", due_on=today(), progress=100
    )
    services.save_milestone(
        commitment=commitment, title="Two", due_on=today(), progress=0
    )
    commitment.refresh_from_db()
    assert commitment.progress == 50
    with pytest.raises(services.CommitmentProblem):
        services.save_milestone(
            commitment=commitment, title="Bad", due_on=today(), progress=101
        )


def test_editing_an_update_keeps_the_earlier_version():
    commitment = CommitmentFactory()
    editor = UserFactory()
    update = services.post_progress_update(
        commitment=commitment, by=editor, values=_update(text="First words.")
    )
    services.edit_progress_update(
        update, by=editor, values=_update(text="Second words.", progress=45)
    )
    services.edit_progress_update(
        update, by=editor, values=_update(text="Third words.", progress=50)
    )
    update.refresh_from_db()
    assert update.text == "Third words." and update.edited_at is not None
    earlier = list(update.revisions.order_by("replaced_at", "pk"))
    assert [r.text for r in earlier] == ["First words.", "Second words."]
    assert [r.progress for r in earlier] == [30, 45]
    assert earlier[0].replaced_by == editor
    commitment.refresh_from_db()
    assert commitment.progress == 50


def test_earlier_versions_are_never_changed_or_removed():
    commitment = CommitmentFactory()
    update = services.post_progress_update(
        commitment=commitment, by=None, values=_update()
    )
    services.edit_progress_update(update, by=None, values=_update(text="New."))
    revision = ProgressUpdateRevision.objects.get(update=update)
    revision.text = "Rewritten history"
    with pytest.raises(AppendOnly):
        revision.save()
    with pytest.raises(AppendOnly):
        revision.delete()
    with pytest.raises(AppendOnly):
        ProgressUpdateRevision.objects.filter(update=update).update(text="x")
    with pytest.raises(AppendOnly):
        ProgressUpdateRevision.objects.filter(update=update).delete()
    assert ProgressUpdateRevision.objects.get(update=update).text == "We started."


def test_an_update_cannot_be_lost_with_its_commitment():
    from django.db.models import ProtectedError

    update = ProgressUpdateFactory()
    with pytest.raises(ProtectedError):
        Commitment.objects.filter(pk=update.commitment_id).delete()
    assert ProgressUpdate.objects.filter(pk=update.pk).exists()
