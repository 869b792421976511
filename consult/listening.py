"""Writes for the Listen phase: recording findings, people changing or
withdrawing their own, moderation and safeguarding. Every change of state is
logged with who and when."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from . import audit
from .media import CheckedFile
from .models import (
    BudgetArea,
    Change,
    Channel,
    Consent,
    ConsentChannel,
    Finding,
    FindingAttachment,
    FindingReport,
    Inquiry,
    ModerationEvent,
    ModerationState,
    Participant,
    PhaseKind,
    SafeguardingConcern,
)
from .privacy import consent as consent_log


class ListenProblem(Exception):
    """Something the person asked for cannot be done; the message says why."""


class ListeningClosed(ListenProblem):
    pass


class NotYours(ListenProblem):
    pass


def can_change_findings(inquiry: Inquiry) -> bool:
    """People may change or withdraw what they said until results are
    published, which is when the inquiry's Publish phase opens."""
    publish = inquiry.phase(PhaseKind.PUBLISH)
    return publish is None or publish.status().value == "upcoming"


@transaction.atomic
def record_finding(
    *,
    inquiry: Inquiry,
    text: str,
    channel: str,
    consent: str,
    participant: Participant | None = None,
    display_name: str = "",
    areas: Iterable[BudgetArea] = (),
    changes: Iterable[Change] = (),
    recorded_by: Any = None,
    media: CheckedFile | None = None,
    media_description: str = "",
) -> Finding:
    """Record what someone said. Online stories need the Listen phase open;
    facilitators may still write up a session or a letter afterwards."""
    if channel == Channel.ONLINE and not inquiry.is_phase_open(PhaseKind.LISTEN):
        raise ListeningClosed(
            "We are not collecting stories now. Look at the inquiry page to "
            "see what you can do."
        )
    finding = Finding(
        inquiry=inquiry,
        participant=participant,
        text=text.strip(),
        channel=channel,
        consent=consent,
        display_name=display_name.strip() if consent == Consent.NAMED else "",
        recorded_by=recorded_by,
    )
    # The related rows come from our own code as objects: checking that they
    # exist would cost three queries on every finding the console saves.
    finding.full_clean(exclude=["inquiry", "participant", "recorded_by"])
    finding.save()
    if areas:
        finding.areas.set(areas)
    if changes:
        finding.changes.set(changes)
    if media is not None:
        attach_media(finding=finding, checked=media, description=media_description)
    consent_log.log_finding_consent(finding)
    return finding


@transaction.atomic
def update_own_finding(
    *,
    finding: Finding,
    participant: Participant,
    text: str,
    consent: str,
    display_name: str = "",
    areas: Iterable[BudgetArea] = (),
    changes: Iterable[Change] = (),
    media: CheckedFile | None = None,
    media_description: str = "",
    remove_media: bool = False,
) -> Finding:
    """A person changes what they said. Changed words are checked again."""
    _check_own(finding, participant)
    before = finding.state
    consent_before = finding.consent
    finding.text = text.strip()
    finding.consent = consent
    finding.display_name = display_name.strip() if consent == Consent.NAMED else ""
    if before == ModerationState.PUBLISHED:
        finding.state = ModerationState.PENDING
    finding.full_clean()
    finding.save()
    finding.areas.set(areas)
    finding.changes.set(changes)
    if media is not None:
        attach_media(finding=finding, checked=media, description=media_description)
    elif remove_media:
        remove_attachment(finding=finding)
    elif media_description and hasattr(finding, "attachment"):
        finding.attachment.description = media_description.strip()[:300]
        finding.attachment.save(update_fields=["description"])
    ModerationEvent.objects.create(
        finding=finding,
        actor=participant.user,
        action="changed by the person",
        from_state=before,
        to_state=finding.state,
    )
    consent_log.log_finding_consent(
        finding, before=consent_before, channel=ConsentChannel.ONLINE
    )
    return finding


@transaction.atomic
def withdraw_finding(*, finding: Finding, participant: Participant) -> Finding:
    """A person takes back what they said: it is no longer shown or counted."""
    _check_own(finding, participant)
    if finding.withdrawn_at is None:
        finding.withdrawn_at = timezone.now()
        finding.save(update_fields=["withdrawn_at", "updated_at"])
        ModerationEvent.objects.create(
            finding=finding,
            actor=participant.user,
            action="withdrawn by the person",
            from_state=finding.state,
            to_state=finding.state,
        )
    return finding


def _check_own(finding: Finding, participant: Participant) -> None:
    if finding.participant_id != participant.pk:
        raise NotYours("You can only change what you said yourself.")
    if finding.withdrawn_at is not None:
        raise ListenProblem("You took this back already.")
    if not can_change_findings(finding.inquiry):
        raise ListenProblem(
            "The results are published now, so what you said cannot be changed."
        )


MODERATION_ACTIONS = {
    "publish": ModerationState.PUBLISHED,
    "private": ModerationState.PRIVATE,
    "escalate": ModerationState.ESCALATED,
    "pending": ModerationState.PENDING,
}


@transaction.atomic
def moderate_finding(
    *, finding: Finding, action: str, actor: Any, note: str = ""
) -> Finding:
    if action not in MODERATION_ACTIONS:
        raise ListenProblem("Choose what to do with this finding.")
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    before = finding.state
    finding.state = MODERATION_ACTIONS[action]
    finding.save(update_fields=["state", "updated_at"])
    ModerationEvent.objects.create(
        finding=finding,
        actor=actor,
        action=action,
        from_state=before,
        to_state=finding.state,
        note=note[:300],
    )
    audit.record(
        finding,
        f"coproduce.finding_{action}",
        user=actor,
        data={"from_state": before, "to_state": finding.state},
    )
    return finding


@transaction.atomic
def raise_safeguarding_concern(
    *, finding: Finding, raised_by: Any
) -> SafeguardingConcern:
    """Mark a finding as a safeguarding concern: from now on it is hidden from
    every page, count and export, and only the safeguarding lead sees it."""
    concern, created = SafeguardingConcern.objects.get_or_create(
        finding=finding, defaults={"raised_by": raised_by}
    )
    if created:
        Finding.objects.filter(pk=finding.pk).update(state=ModerationState.PRIVATE)
        ModerationEvent.objects.create(
            finding=finding,
            actor=raised_by,
            action="safeguarding concern raised",
            from_state=finding.state,
            to_state=ModerationState.PRIVATE,
        )
        audit.record(
            concern,
            "coproduce.safeguarding_raised",
            user=raised_by,
            data={"finding": finding.pk},
        )
    return concern


@transaction.atomic
def record_safeguarding_action(
    *, concern: SafeguardingConcern, action_taken: str, by: Any
) -> SafeguardingConcern:
    text = action_taken.strip()
    if not text:
        raise ListenProblem("Say what was done, for example who was told and when.")
    concern.action_taken = text
    concern.action_by = by
    concern.action_at = timezone.now()
    concern.save(update_fields=["action_taken", "action_by", "action_at"])
    # What was done stays on the concern, seen by the safeguarding lead only.
    audit.record(
        concern,
        "coproduce.safeguarding_action",
        user=by,
        data={"finding": concern.finding_id},
    )
    return concern


def report_finding(*, finding: Finding, reason: str, note: str = "") -> FindingReport:
    report = FindingReport(finding=finding, reason=reason, note=note.strip()[:500])
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def attach_media(
    *, finding: Finding, checked: CheckedFile, description: str = ""
) -> FindingAttachment:
    """Add a photo or recording to a finding, in place of any earlier one.
    Changed media goes back to moderation, as changed words do."""
    remove_attachment(finding=finding)
    attachment = FindingAttachment(
        finding=finding,
        kind=checked.kind,
        content_type=checked.content_type,
        size=len(checked.content),
        description=description.strip()[:300],
    )
    attachment.file.save(checked.stored_name, ContentFile(checked.content), save=False)
    attachment.save()
    return attachment


def remove_attachment(*, finding: Finding) -> None:
    attachment = FindingAttachment.objects.filter(finding=finding).first()
    if attachment is not None:
        name, storage = attachment.file.name, attachment.file.storage
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(name))
