"""Writes for ratings: a participant rates a progress update ("Is this what
we asked for?"), and a moderator publishes or keeps private the comment that
came with it.

When the inquiry group closes
    The inquiry group stays open while its Commit and account phase has not
    closed: ratings are taken (and can be changed) before and during that
    phase, and refused once its last day has passed. An inquiry with no such
    phase, or one with no last day, stays open."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import audit
from ..caching import bump_inquiry_version
from ..models import (
    Commitment,
    Inquiry,
    ModerationState,
    OrganisationEditor,
    Participant,
    PhaseKind,
    ProgressUpdate,
    UpdateRating,
)
from ..models.inquiries import today
from . import ratings

COMMENT_MAX = 1000
COMMENT_ACTIONS = {
    "publish": ModerationState.PUBLISHED,
    "private": ModerationState.PRIVATE,
}


class RatingProblem(Exception):
    """A rating that cannot be saved; the message is for the person."""

    def __init__(self, field: str, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.field = field
        self.code = code


def group_closed_on(inquiry: Inquiry) -> dt.date | None:
    """The last day the inquiry group rates updates, if it has one."""
    phase = inquiry.phase(PhaseKind.COMMIT)
    return phase.closes_on if phase is not None else None


def is_group_open(inquiry: Inquiry, on: dt.date | None = None) -> bool:
    last_day = group_closed_on(inquiry)
    return last_day is None or (on or today()) <= last_day


def closed_message(inquiry: Inquiry) -> str:
    last_day = group_closed_on(inquiry)
    when = f"{last_day.day} {last_day:%B %Y}" if last_day else "already"
    return (
        f"The inquiry group closed on {when}, so ratings cannot be given or "
        "changed any more. Your answer has not been saved."
    )


@dataclass(frozen=True)
class RateResult:
    rating: UpdateRating
    created: bool


def refusal(commitment: Commitment, user_id: int | None) -> RatingProblem | None:
    """Why this person may not rate the commitment's updates now, if so:
    the organisation's own editors never rate it; nobody rates once the
    inquiry group has closed."""
    if (
        user_id is not None
        and OrganisationEditor.objects.filter(
            organisation_id=commitment.organisation_id, user_id=user_id
        ).exists()
    ):
        return RatingProblem(
            "value",
            f"You edit for {commitment.organisation.name}, so you cannot rate "
            "its own updates.",
            code="own",
        )
    if not is_group_open(commitment.inquiry):
        return RatingProblem("value", closed_message(commitment.inquiry), "closed")
    return None


def _check(update: ProgressUpdate, participant: Participant, value: str) -> str:
    commitment = update.commitment
    if value not in ratings.VALUES:
        raise RatingProblem("value", "Choose yes, partly or no.")
    if participant.inquiry_id != commitment.inquiry_id:
        raise RatingProblem(
            "value", "Only people taking part in this inquiry can rate this update."
        )
    problem = refusal(commitment, participant.user_id)
    if problem is not None:
        raise problem
    return value


def rate_update(
    *, update: ProgressUpdate, participant: Participant, value: str, comment: str = ""
) -> RateResult:
    """Save the person's one rating of this update, made or changed. Safe
    when the same person sends twice at once (a double click, two tabs): one
    rating remains, with the last answer. A changed comment waits for a
    moderator again."""
    _check(update, participant, value)
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise RatingProblem(
            "comment", f"Your comment must be {COMMENT_MAX:,} characters or fewer."
        )
    with transaction.atomic():
        # Lock the person: their ratings queue up here, one after another.
        Participant.objects.select_for_update().filter(pk=participant.pk).first()
        rating = (
            UpdateRating.objects.select_for_update()
            .filter(update=update, participant=participant)
            .first()
        )
        created = False
        if rating is None:
            try:
                with transaction.atomic():
                    rating = UpdateRating.objects.create(
                        update=update,
                        participant=participant,
                        value=value,
                        comment=comment,
                    )
                created = True
            except IntegrityError:
                # Someone else made it between our look and our insert.
                rating = UpdateRating.objects.select_for_update().get(
                    update=update, participant=participant
                )
        if not created:
            if rating.comment != comment:
                rating.comment = comment
                rating.comment_state = ModerationState.PENDING
                rating.comment_moderated_by = None
                rating.comment_moderated_at = None
            rating.value = value
            rating.save()
        inquiry_id = update.commitment.inquiry_id
        transaction.on_commit(lambda: bump_inquiry_version(inquiry_id))
    return RateResult(rating=rating, created=created)


def rating_of(update: ProgressUpdate, participant: Participant | None) -> Any:
    """This person's rating of this update, or None."""
    if participant is None:
        return None
    return UpdateRating.objects.filter(update=update, participant=participant).first()


@transaction.atomic
def moderate_comment(*, rating: UpdateRating, action: str, by: Any) -> UpdateRating:
    """Publish a rating's comment or keep it private."""
    if action not in COMMENT_ACTIONS:
        raise RatingProblem("action", "Choose publish or keep private.")
    rating = UpdateRating.objects.select_for_update().get(pk=rating.pk)
    rating.comment_state = COMMENT_ACTIONS[action]
    rating.comment_moderated_by = by if getattr(by, "pk", None) else None
    rating.comment_moderated_at = timezone.now()
    rating.save(
        update_fields=[
            "comment_state",
            "comment_moderated_by",
            "comment_moderated_at",
            "updated_at",
        ]
    )
    audit.record(
        rating,
        "coproduce.comment_moderated",
        user=by,
        data={"state": rating.comment_state, "update": rating.update_id},
    )
    inquiry_id = (
        ProgressUpdate.objects.filter(pk=rating.update_id)
        .values_list("commitment__inquiry_id", flat=True)
        .first()
    )
    transaction.on_commit(lambda: bump_inquiry_version(inquiry_id))
    return rating
