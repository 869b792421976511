"""What the inquiry group thinks of each progress update: "Is this what we
asked for?" (yes, partly or no), with an optional comment that a moderator
checks before anyone else sees it. One rating per person per update; shown
in public only added up, with small numbers hidden
(consult/commitments/ratings.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from .commitments import ProgressUpdate
from .findings import ModerationState
from .participants import Participant


class RatingValue(models.TextChoices):
    YES = "yes", "Yes"
    PARTLY = "partly", "Partly"
    NO = "no", "No"


class UpdateRating(models.Model):
    """One participant's answer to "Is this what we asked for?" about one
    progress update. Changed in place while the inquiry group is open."""

    update = models.ForeignKey(
        ProgressUpdate, on_delete=models.PROTECT, related_name="ratings"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="update_ratings"
    )
    value = models.CharField(max_length=6, choices=RatingValue.choices)
    comment = models.TextField(max_length=1000, blank=True)
    # A comment is seen by no one but moderators until one publishes it; a
    # changed comment waits to be checked again.
    comment_state = models.CharField(
        max_length=10,
        choices=ModerationState.choices,
        default=ModerationState.PENDING,
    )
    comment_moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    comment_moderated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["update", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["update", "participant"], name="update_rating_once"
            ),
            models.CheckConstraint(
                condition=Q(value__in=RatingValue.values),
                name="update_rating_value_known",
            ),
        ]
        indexes = [models.Index(fields=["comment_state", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_value_display()} on update {self.update_id}"

    @property
    def has_comment(self) -> bool:
        return bool(self.comment.strip())
