"""Everything we hold about a person, as plain data: the readable page and
the JSON download are both made from this, so they never disagree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..models import (
    AboutYou,
    BudgetBallot,
    ConsentRecord,
    Finding,
    Follow,
    Participant,
    Pledge,
    PriorityBallot,
    PrivacyRequest,
    UpdateRating,
    User,
)
from ..models.about_you import ETHNICITY_LABELS
from .signals import export_person

Row = dict[str, Any]


@dataclass
class InquirySection:
    """What we hold from one inquiry a person took part in."""

    participant: Participant
    how: str  # "account" or "code"
    stories: list[Row] = field(default_factory=list)
    about_you: Row | None = None
    priority_votes: list[Row] = field(default_factory=list)
    budget_votes: list[Row] = field(default_factory=list)
    ratings: list[Row] = field(default_factory=list)
    pledges: list[Row] = field(default_factory=list)
    consents: list[Row] = field(default_factory=list)
    requests: list[Row] = field(default_factory=list)

    @property
    def inquiry(self) -> Any:
        return self.participant.inquiry


@dataclass
class PersonData:
    account: Row | None
    inquiries: list[InquirySection]
    follows: list[Row]
    other: dict[str, list[Row]]


def _when(value: dt.datetime | dt.date | None) -> str:
    return value.isoformat() if value else ""


def _story(finding: Finding) -> Row:
    attachment = getattr(finding, "attachment", None)
    return {
        "id": finding.pk,
        "words": finding.text,
        "name_shown": finding.display_name,
        "can_we_quote": finding.get_consent_display(),
        "consent": finding.consent,
        "how_it_reached_us": finding.get_channel_display(),
        "checked": finding.get_state_display(),
        "told_us_on": _when(finding.created_at),
        "taken_back_on": _when(finding.withdrawn_at),
        "about_changes": [str(c) for c in finding.changes.all()],
        "about_areas": [str(a) for a in finding.areas.all()],
        "photo_or_recording": (
            {
                "kind": attachment.get_kind_display(),
                "description": attachment.description,
                "size_bytes": attachment.size,
            }
            if attachment
            else None
        ),
    }


def _about_you(about: AboutYou) -> Row:
    return {
        "relationship_to_care": about.relationship,
        "age_band": about.get_age_band_display() if about.age_band else "",
        "disability": about.get_disability_display() if about.disability else "",
        "ethnicity": ETHNICITY_LABELS.get(about.ethnicity, about.ethnicity),
        "area": about.area,
        "how_you_took_part": about.took_part,
        "helped_to_respond": about.get_helped_display() if about.helped else "",
        "agreed_on": _when(about.consented_at),
    }


def _section(participant: Participant, how: str) -> InquirySection:
    section = InquirySection(participant=participant, how=how)
    findings = (
        Finding.objects.filter(participant=participant)
        .select_related("attachment")
        .prefetch_related("changes", "areas")
        .order_by("created_at")
    )
    section.stories = [_story(f) for f in findings]
    about = AboutYou.objects.filter(participant=participant).first()
    section.about_you = _about_you(about) if about else None
    for ballot in PriorityBallot.objects.filter(participant=participant):
        section.priority_votes.append(
            {
                "method": ballot.get_method_display(),
                "how": ballot.get_channel_display(),
                "voted_on": _when(ballot.updated_at),
                "choices": [
                    {"change": str(choice.change), "value": choice.value}
                    for choice in ballot.choices.select_related("change")
                ],
            }
        )
    for ballot in BudgetBallot.objects.filter(participant=participant):
        section.budget_votes.append(
            {
                "kind": ballot.get_kind_display(),
                "voted_on": _when(ballot.updated_at),
                "split": [
                    {"area": str(line.area), "amount": str(line.amount)}
                    for line in ballot.split_lines.select_related("area")
                ],
                "support_models": [
                    {"model": str(vote.support_model), "points": vote.points}
                    for vote in ballot.model_votes.select_related("support_model")
                ],
            }
        )
    for rating in UpdateRating.objects.filter(participant=participant).select_related(
        "update"
    ):
        section.ratings.append(
            {
                "progress_update": str(rating.update),
                "is_this_what_we_asked_for": rating.get_value_display(),
                "comment": rating.comment,
                "rated_on": _when(rating.updated_at),
            }
        )
    for pledge in Pledge.objects.filter(participant=participant):
        section.pledges.append(
            {
                "kind": pledge.get_kind_display(),
                "hours_per_week": (
                    str(pledge.hours_per_week)
                    if isinstance(pledge.hours_per_week, Decimal)
                    else ""
                ),
                "what": pledge.description,
            }
        )
    section.consents = [
        {
            "what": record.get_topic_display(),
            "agreed": record.agreed,
            "choice": record.choice,
            "how": record.get_channel_display(),
            "helped_by": str(record.helped_by) if record.helped_by_id else "",
            "when": _when(record.at),
        }
        for record in ConsentRecord.objects.filter(participant=participant)
        .select_related("helped_by")
        .order_by("at", "pk")
    ]
    section.requests = [
        {
            "what": request.get_kind_display(),
            "asked_on": _when(request.requested_at),
            "done_on": _when(request.done_at),
        }
        for request in PrivacyRequest.objects.filter(participant=participant)
    ]
    return section


def _account(user: User) -> Row:
    from allauth.account.models import EmailAddress

    return {
        "username": user.username,
        "what_we_call_you": user.preferred_name,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "email_addresses": [
            {"email": e.email, "checked": e.verified}
            for e in EmailAddress.objects.filter(user=user)
        ],
        "joined_on": _when(user.date_joined),
        "last_signed_in": _when(user.last_login),
    }


def person_data(
    *, user: User | None, code_participants: list[Participant]
) -> PersonData:
    """Everything held about whoever this is: an account (all its inquiries)
    and any inquiries they entered with a participation code."""
    sections: list[InquirySection] = []
    seen: set[int] = set()
    if user is not None:
        for participant in Participant.objects.filter(
            user=user, erased_at=None
        ).select_related("inquiry"):
            sections.append(_section(participant, "account"))
            seen.add(participant.pk)
    for participant in code_participants:
        if participant.pk not in seen and not participant.is_erased:
            sections.append(_section(participant, "code"))
            seen.add(participant.pk)
    follows: list[Row] = []
    if user is not None and user.email:
        follows = [
            {
                "email": follow.email,
                "following": follow.target_name,
                "how_often": follow.get_frequency_display(),
                "confirmed": follow.is_confirmed,
            }
            for follow in Follow.objects.filter(user=user).select_related(
                "change", "organisation"
            )
        ]
    other: dict[str, list[Row]] = {}
    for participant_or_none in [None, *[s.participant for s in sections]]:
        for _receiver, result in export_person.send(
            sender=Participant,
            participant=participant_or_none,
            user=user if participant_or_none is None else None,
        ):
            for title, rows in (result or {}).items():
                other.setdefault(title, []).extend(rows)
    return PersonData(
        account=_account(user) if user is not None else None,
        inquiries=sections,
        follows=follows,
        other=other,
    )


def as_json_data(data: PersonData) -> Row:
    """The download: the same facts as the page, for a computer."""
    return {
        "what_this_is": "Everything Coproduce holds about you.",
        "account": data.account,
        "inquiries": [
            {
                "inquiry": section.inquiry.title,
                "taking_part_with": section.how,
                "joined_on": _when(section.participant.joined_at),
                "what_you_told_us": section.stories,
                "about_you": section.about_you,
                "priority_votes": section.priority_votes,
                "budget_votes": section.budget_votes,
                "ratings_of_progress_updates": section.ratings,
                "offers_of_help": section.pledges,
                "what_you_agreed": section.consents,
                "your_requests": section.requests,
            }
            for section in data.inquiries
        ],
        "follows": data.follows,
        **data.other,
    }
