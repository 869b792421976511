"""Writes for people's rights: erase, stop quoting, correct a name.

Erasure removes what could say who someone is (account details, contact,
names, their words, photos and recordings, 'About you' answers, follows) and
keeps their ballots and ratings counted as anonymous ones: the Participant
row stays with no account and no code, so nothing links it to the person."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .. import audit
from ..listening import can_change_findings, remove_attachment
from ..models import (
    AboutYou,
    BudgetBallot,
    ChangeQuote,
    Consent,
    ConsentChannel,
    Finding,
    FindingAttachment,
    FindingReport,
    Follow,
    ModerationEvent,
    Participant,
    ParticipationCode,
    Pledge,
    PrivacyRequest,
    PrivacyRequestKind,
    PrivacyRequestSource,
    UpdateRating,
    User,
)
from . import consent as consent_log
from .signals import erase_person

REMOVED = "[Removed: erased to protect the person's privacy]"


class PrivacyProblem(Exception):
    """A request that cannot be done; the message is for the person."""


class AlreadyPublished(PrivacyProblem):
    pass


class StaffAccount(PrivacyProblem):
    pass


def _merge(total: Counter[str], more: dict[str, int] | None) -> None:
    for key, value in (more or {}).items():
        if isinstance(value, int) and value:
            total[key] += value


def _erase_findings(findings: Any, counts: Counter[str]) -> None:
    """Blank the words, names and media of findings. A safeguarding concern
    is kept as it is: the law asks us to keep what we did to keep someone
    safe (the privacy notice says so)."""
    kept = findings.filter(safeguarding_concern__isnull=False).count()
    if kept:
        counts["findings_kept_for_safeguarding"] += kept
    findings = findings.filter(safeguarding_concern__isnull=True)
    ids = list(findings.exclude(text=REMOVED).values_list("pk", flat=True))
    for finding in Finding.objects.filter(
        pk__in=FindingAttachment.objects.filter(finding__in=ids).values("finding")
    ):
        remove_attachment(finding=finding)
        counts["attachments"] += 1
    counts["quotes_unchosen"] += ChangeQuote.objects.filter(finding__in=ids).delete()[0]
    ModerationEvent.objects.filter(finding__in=ids).exclude(note="").update(note="")
    FindingReport.objects.filter(finding__in=ids).exclude(note="").update(note="")
    # The finding still counts (as "count only"), so totals already published
    # do not change; it can no longer be quoted or named.
    counts["findings"] += Finding.objects.filter(pk__in=ids).update(
        text=REMOVED,
        display_name="",
        consent=Consent.COUNT_ONLY,
        updated_at=timezone.now(),
    )


def _erase_participant_rows(
    participant: Participant, counts: Counter[str], now: Any
) -> None:
    _erase_findings(Finding.objects.filter(participant=participant), counts)
    counts["about_you"] += AboutYou.objects.filter(participant=participant).delete()[0]
    counts["rating_comments"] += (
        UpdateRating.objects.filter(participant=participant)
        .exclude(comment="")
        .update(comment="")
    )
    counts["pledges"] += (
        Pledge.objects.filter(participant=participant)
        .exclude(description=REMOVED)
        .update(description=REMOVED)
    )
    BudgetBallot.objects.filter(participant=participant).exclude(voter_meta={}).update(
        voter_meta={}
    )
    # The printed code would lead back to the ballots: stop it and unlink it.
    codes = ParticipationCode.objects.filter(participant=participant)
    counts["codes"] += codes.update(participant=None, revoked_at=now, revoked_by=None)


@transaction.atomic
def erase_participant(
    *,
    participant: Participant,
    source: str = PrivacyRequestSource.PERSON,
    by: Any = None,
    helped_by: Any = None,
) -> dict[str, int]:
    """Erase one person's information in one inquiry. Idempotent: erasing
    again removes nothing more and records nothing new. Returns the counts
    of what was removed. `helped_by` is the facilitator who did it for the
    person (someone asking in a session or by phone)."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.is_erased:
        return {}
    now = timezone.now()
    counts: Counter[str] = Counter()
    _erase_participant_rows(participant, counts, now)
    for _receiver, result in erase_person.send(
        sender=Participant, participant=participant, user=None
    ):
        _merge(counts, result)
    participant.user = None
    participant.erased_at = now
    participant.save(update_fields=["user", "erased_at"])
    counts["participants"] += 1
    summary = dict(sorted(counts.items()))
    PrivacyRequest.objects.create(
        inquiry_id=participant.inquiry_id,
        participant=participant,
        kind=PrivacyRequestKind.ERASURE,
        source=source,
        helped_by=helped_by if getattr(helped_by, "pk", None) else None,
        done_at=now,
        summary=summary,
    )
    audit.record(
        participant,
        "coproduce.personal_data_erased",
        user=by,
        data={"source": source, **summary},
    )
    return summary


def is_staff_account(user: User) -> bool:
    """An account that runs inquiries is part of other people's records
    (who helped, who checked): it is closed by an admin, not erased here."""
    return bool(
        user.is_staff
        or user.is_superuser
        or user.groups.exists()
        or user.inquiry_roles.exists()
        or user.organisation_roles.exists()
    )


@transaction.atomic
def erase_account(*, user: User) -> dict[str, int]:
    """Erase everything about an account: each inquiry it took part in, its
    follows and sign-ups, then the account itself (closed, with no name or
    email left). Idempotent."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if is_staff_account(user):
        raise StaffAccount(
            "Your account is used to run inquiries, so it cannot be erased "
            "here. Ask the people who run this website to close it."
        )
    counts: Counter[str] = Counter()
    for participant in Participant.objects.filter(user=user, erased_at=None):
        _merge(counts, erase_participant(participant=participant, by=None))
    emails = {user.email} if user.email else set()
    from allauth.account.models import EmailAddress

    emails |= set(
        EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    )
    follows = Follow.objects.filter(Q(user=user) | Q(email__in=emails))
    counts["follows"] += follows.delete()[1].get("consult.Follow", 0)
    counts["email_addresses"] += EmailAddress.objects.filter(user=user).delete()[0]
    for _receiver, result in erase_person.send(
        sender=User, participant=None, user=user
    ):
        _merge(counts, result)
    if user.is_active or user.email:
        user.username = f"erased-{user.pk}"
        user.email = ""
        user.first_name = ""
        user.last_name = ""
        user.preferred_name = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
        counts["accounts"] += 1
    return dict(sorted(counts.items()))


@transaction.atomic
def stop_quoting(
    *, finding: Finding, participant: Participant, by: Any = None
) -> Finding:
    """The person takes back their consent to quote their words (and to show
    their name). Until results are published; after that, the published
    report already has them, so we say so instead."""
    if finding.participant_id != participant.pk:
        raise PrivacyProblem("You can only change what you said yourself.")
    if (
        not can_change_findings(finding.inquiry)
        or finding.inquiry.results_are_published
    ):
        raise AlreadyPublished(
            "The results are published, so your words may already be in the "
            "report. Ask us to erase your information and we take your words "
            "off this website."
        )
    if finding.consent == Consent.COUNT_ONLY:
        return finding
    before = finding.consent
    finding.consent = Consent.COUNT_ONLY
    finding.display_name = ""
    finding.save(update_fields=["consent", "display_name", "updated_at"])
    ChangeQuote.objects.filter(finding=finding).delete()
    consent_log.log_finding_consent(
        finding, before=before, channel=ConsentChannel.ONLINE
    )
    PrivacyRequest.objects.create(
        inquiry_id=finding.inquiry_id,
        participant=participant,
        kind=PrivacyRequestKind.STOP_QUOTING,
        done_at=timezone.now(),
        summary={"findings": 1},
    )
    audit.record(
        finding, "coproduce.quote_consent_withdrawn", user=by, data={"from": before}
    )
    return finding


@transaction.atomic
def correct_name(*, user: User, preferred_name: str) -> User:
    """The person corrects what we call them."""
    user.preferred_name = " ".join(preferred_name.split())[:100]
    user.save(update_fields=["preferred_name"])
    for participant in Participant.objects.filter(user=user, erased_at=None):
        PrivacyRequest.objects.create(
            inquiry_id=participant.inquiry_id,
            participant=participant,
            kind=PrivacyRequestKind.CORRECTION,
            done_at=timezone.now(),
        )
    return user


def log_download(participants: list[Participant]) -> None:
    """Note that a person downloaded what we hold, for each inquiry's team."""
    PrivacyRequest.objects.bulk_create(
        PrivacyRequest(
            inquiry_id=p.inquiry_id,
            participant=p,
            kind=PrivacyRequestKind.DOWNLOAD,
            done_at=timezone.now(),
        )
        for p in participants
    )


__all__ = [
    "REMOVED",
    "AlreadyPublished",
    "PrivacyProblem",
    "StaffAccount",
    "correct_name",
    "erase_account",
    "erase_for_code_holder",
    "erase_participant",
    "is_staff_account",
    "log_download",
    "stop_quoting",
]


@transaction.atomic
def erase_for_code_holder(
    *, inquiry: Any, typed: str, facilitator: Any
) -> dict[str, int]:
    """A facilitator erases what a code holder told the inquiry, for someone
    who asked in person or by phone and showed or read out their card."""
    from ..services import find_code

    code = find_code(inquiry=inquiry, typed=typed)  # raises CodeProblem
    if code.participant_id is None:
        raise PrivacyProblem(
            "Nobody has used this code, or what they told us is already "
            "erased. There is nothing to erase."
        )
    return erase_participant(
        participant=code.participant, by=facilitator, helped_by=facilitator
    )
