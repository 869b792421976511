"""Reads for ratings: what the inquiry group said, added up per commitment
and per change for the public pages (one query however many commitments),
the published comments on updates, and the moderators' list."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet

from ..models import Inquiry, ModerationState, UpdateRating
from . import ratings


@dataclass(frozen=True)
class Board:
    """Ratings as shown, by commitment id and by change id."""

    by_commitment: dict[int, ratings.Shown] = field(default_factory=dict)
    by_change: dict[int, ratings.Shown] = field(default_factory=dict)

    def commitment(self, pk: int) -> ratings.Shown:
        return self.by_commitment.get(pk) or ratings.publish(ratings.Tally())

    def change(self, pk: int) -> ratings.Shown:
        return self.by_change.get(pk) or ratings.publish(ratings.Tally())


def _facts(queryset: QuerySet[UpdateRating]) -> list[ratings.Rated]:
    rows = queryset.values_list(
        "update__commitment_id", "participant_id", "update__dated", "update_id", "value"
    )
    return [
        ratings.Rated(
            commitment_id=commitment_id,
            participant_id=participant_id,
            update_order=(dated.toordinal(), update_id),
            value=value,
        )
        for commitment_id, participant_id, dated, update_id, value in rows
    ]


def board_for(
    *,
    commitment_ids: Iterable[int] = (),
    inquiry: Inquiry | None = None,
    changes: dict[int, list[int]] | None = None,
) -> Board:
    """Ratings of these commitments (or all of an inquiry's), shown per
    commitment and, given {change id: [commitment ids]}, per change."""
    queryset = UpdateRating.objects.all()
    if inquiry is not None:
        queryset = queryset.filter(update__commitment__inquiry=inquiry)
    else:
        queryset = queryset.filter(update__commitment_id__in=list(commitment_ids))
    shown = {
        pk: ratings.publish(counts)
        for pk, counts in ratings.verdicts(_facts(queryset)).items()
    }
    by_change = {
        change_pk: ratings.publish_combined(
            [shown[pk] for pk in commitment_pks if pk in shown]
        )
        for change_pk, commitment_pks in (changes or {}).items()
    }
    return Board(by_commitment=shown, by_change=by_change)


def tracker_board(tracker: object) -> Board:
    """The board for a "You said, we did" tracker (selectors.tracker)."""
    changes = {
        track.change.pk: [row.commitment.pk for row in track.rows]
        for track in tracker.changes  # type: ignore[attr-defined]
    }
    return board_for(
        inquiry=tracker.inquiry,  # type: ignore[attr-defined]
        changes=changes,
    )


def published_comments(update_ids: Iterable[int]) -> dict[int, list[UpdateRating]]:
    """Published comments per update, oldest first."""
    found: dict[int, list[UpdateRating]] = {}
    for rating in (
        UpdateRating.objects.filter(
            update_id__in=list(update_ids), comment_state=ModerationState.PUBLISHED
        )
        .exclude(comment="")
        .order_by("created_at", "pk")
    ):
        found.setdefault(rating.update_id, []).append(rating)
    return found


def comments_to_moderate(inquiry: Inquiry, state: str) -> QuerySet[UpdateRating]:
    return (
        UpdateRating.objects.filter(
            update__commitment__inquiry=inquiry, comment_state=state
        )
        .exclude(comment="")
        .select_related("update__commitment__organisation", "comment_moderated_by")
        .order_by("created_at", "pk")
    )
