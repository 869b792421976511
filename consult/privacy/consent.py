"""The consent log: one row each time a person agrees to something or takes
it back. The existing flows (stories, 'About you') call these functions."""

from __future__ import annotations

from typing import Any

from ..models import (
    Channel,
    Consent,
    ConsentChannel,
    ConsentRecord,
    ConsentTopic,
    Finding,
    Participant,
)

# How a finding reached us, as the consent log names it.
CHANNEL_OF_FINDING: dict[str, str] = {
    Channel.ONLINE: ConsentChannel.ONLINE,
    Channel.SESSION: ConsentChannel.FACILITATOR,
    Channel.PHONE: ConsentChannel.PHONE,
    Channel.POST: ConsentChannel.PAPER,
}


def _helper(user: Any) -> Any:
    return user if getattr(user, "pk", None) else None


def log_consent(
    *,
    participant: Participant,
    topic: str,
    agreed: bool,
    channel: str = ConsentChannel.ONLINE,
    choice: str = "",
    helped_by: Any = None,
    finding: Finding | None = None,
) -> ConsentRecord:
    """Add one row to the consent log."""
    return ConsentRecord.objects.create(
        inquiry_id=participant.inquiry_id,
        participant=participant,
        finding=finding,
        topic=topic,
        agreed=agreed,
        choice=choice,
        channel=channel,
        helped_by=_helper(helped_by),
    )


def log_finding_consent(
    finding: Finding, *, before: str | None = None, channel: str | None = None
) -> list[ConsentRecord]:
    """Log what a person agreed about their words when they gave or changed
    them. `before` is the consent they had given earlier, if any: nothing is
    logged when it did not change. Findings with no known person (someone in
    a room) have no one to log against."""
    if finding.participant_id is None or finding.consent == before:
        return []
    participant = finding.participant
    how = channel or CHANNEL_OF_FINDING.get(finding.channel, ConsentChannel.ONLINE)
    helped_by = finding.recorded_by if how != ConsentChannel.ONLINE else None
    common = {
        "participant": participant,
        "channel": how,
        "helped_by": helped_by,
        "finding": finding,
    }
    records = [
        log_consent(
            topic=ConsentTopic.QUOTE,
            agreed=finding.consent != Consent.COUNT_ONLY,
            choice=finding.consent,
            **common,
        )
    ]
    named_now = finding.consent == Consent.NAMED
    if named_now or before == Consent.NAMED:
        records.append(
            log_consent(
                topic=ConsentTopic.NAME,
                agreed=named_now,
                choice=finding.consent,
                **common,
            )
        )
    return records
