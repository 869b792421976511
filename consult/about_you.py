"""Writes for 'About you' answers, the inquiry's local areas and its reference
profile. Views, the demo and commands call these, never raw inserts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import (
    AboutYou,
    ConsentChannel,
    ConsentTopic,
    Inquiry,
    LocalArea,
    Participant,
    ReferenceShare,
)
from .models.about_you import ELSEWHERE, PREFER_NOT, normalise_category
from .privacy import consent as consent_log


class AboutYouProblem(Exception):
    """An answer that cannot be kept; the message is for the person, and
    `field` says which question it is about (None for the whole form)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NoConsent(AboutYouProblem):
    pass


def allowed_areas(inquiry: Inquiry) -> list[str]:
    return list(
        LocalArea.objects.filter(inquiry=inquiry)
        .order_by("sort_order", "pk")
        .values_list("name", flat=True)
    )


@transaction.atomic
def record_about_you(
    *,
    participant: Participant,
    consented: bool,
    relationship: Iterable[str] = (),
    age_band: str = "",
    disability: str = "",
    ethnicity: str = "",
    area: str = "",
    took_part: Iterable[str] = (),
    helped: str = "",
    channel: str = ConsentChannel.ONLINE,
    helped_by: Any = None,
) -> AboutYou:
    """Keep (or replace) a person's 'About you' answers. Every answer is
    optional; "prefer_not" is an answer to every question. Nothing is kept
    without their consent, given each time they save."""
    if not consented:
        raise NoConsent(
            "Tick the box to agree we can keep your answers. Without it we keep "
            "nothing.",
            field="consent",
        )
    if area and area not in {
        PREFER_NOT,
        ELSEWHERE,
        *allowed_areas(participant.inquiry),
    }:
        raise AboutYouProblem("Choose an area from the list.", field="area")
    # One set of answers per person: lock the person so that two saves at
    # once (a double click) update one row instead of racing to insert two.
    Participant.objects.select_for_update().filter(pk=participant.pk).first()
    about = AboutYou.objects.filter(participant=participant).first()
    about = about or AboutYou(participant=participant)
    about.relationship = _listed(relationship)
    about.age_band = age_band
    about.disability = disability
    about.ethnicity = ethnicity
    about.area = area
    about.took_part = _listed(took_part)
    about.helped = helped
    about.consented_at = timezone.now()
    try:
        about.full_clean(exclude=["participant"])
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise AboutYouProblem(
            _plain(messages[0]), field=None if field == "__all__" else field
        ) from error
    about.save()
    consent_log.log_consent(
        participant=participant,
        topic=ConsentTopic.ABOUT_YOU,
        agreed=True,
        channel=channel,
        helped_by=helped_by,
    )
    return about


def _listed(answers: Iterable[str] | str) -> list[str]:
    # A single code is one answer, not a list of its letters.
    return [answers] if isinstance(answers, str) else list(dict.fromkeys(answers))


def _plain(message: str) -> str:
    # Django's own choice message names the code that was sent; people never
    # typed a code, so say what to do instead.
    return "Choose from the answers shown." if "valid choice" in message else message


@transaction.atomic
def delete_about_you(
    *, participant: Participant, channel: str = ConsentChannel.ONLINE
) -> bool:
    """A person takes back their answers: the row goes. True if there was one."""
    deleted, _ = AboutYou.objects.filter(participant=participant).delete()
    if deleted:
        consent_log.log_consent(
            participant=participant,
            topic=ConsentTopic.ABOUT_YOU,
            agreed=False,
            channel=channel,
        )
    return bool(deleted)


@transaction.atomic
def set_local_areas(*, inquiry: Inquiry, names: Iterable[str]) -> list[LocalArea]:
    """The areas people can choose, in order. Areas no longer listed go from
    the list; answers that named them keep the name and still count."""
    wanted = list(dict.fromkeys(" ".join(n.split()) for n in names if n.strip()))
    LocalArea.objects.filter(inquiry=inquiry).exclude(name__in=wanted).delete()
    areas = []
    for order, name in enumerate(wanted):
        area = LocalArea.objects.filter(inquiry=inquiry, name=name).first()
        area = area or LocalArea(inquiry=inquiry, name=name)
        area.sort_order = order
        area.full_clean()
        area.save()
        areas.append(area)
    return areas


@dataclass(frozen=True)
class ReferencePlan:
    """One expected share: dimension and category as codes or as the words
    shown on the 'About you' page ("age_band", "75 or over")."""

    dimension: str
    category: str
    expected_percent: Decimal | int | float | str
    source: str = ""


@transaction.atomic
def set_reference_profile(
    *, inquiry: Inquiry, shares: Iterable[ReferencePlan], replace: bool = True
) -> list[ReferenceShare]:
    """Set who the inquiry expects to hear from. With `replace`, shares not
    given are removed; otherwise they are kept and given ones updated."""
    if replace:
        ReferenceShare.objects.filter(inquiry=inquiry).delete()
    saved = []
    for plan in shares:
        try:
            percent = Decimal(str(plan.expected_percent))
        except InvalidOperation as error:
            raise ValidationError(
                {"expected_percent": "Give a share from 0 to 100."}
            ) from error
        category = normalise_category(plan.dimension, plan.category)
        share = ReferenceShare.objects.filter(
            inquiry=inquiry, dimension=plan.dimension, category=category
        ).first() or ReferenceShare(
            inquiry=inquiry, dimension=plan.dimension, category=category
        )
        share.expected_percent = percent
        share.source = plan.source
        share.full_clean()
        share.save()
        saved.append(share)
    return saved
