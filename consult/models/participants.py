"""A participant: one person in one inquiry."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .inquiries import Inquiry


class Participant(models.Model):
    """One person taking part in one inquiry, known by an account or (from the
    Listen phase on) by a printed participation code, so that people with no
    email can take part too."""

    inquiry = models.ForeignKey(
        Inquiry, on_delete=models.PROTECT, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participations",
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["inquiry", "user"],
                condition=Q(user__isnull=False),
                name="participant_once_per_inquiry",
            )
        ]

    def __str__(self) -> str:
        return f"Participant {self.pk} in {self.inquiry}"
