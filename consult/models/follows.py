"""Following a change or an organisation: an email digest of new commitments
and progress updates, daily or weekly, with no account needed.

A follow starts pending and counts only once the person clicks the link we
email them (double opt-in); a signed-in person following with their own
checked account email is confirmed at once. Every email carries the follow's
unsubscribe token. What each digest sent is recorded (DigestItem), so an item
is never sent twice to the same follow."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

from .changes import Change
from .organisations import Organisation


class Frequency(models.TextChoices):
    DAILY = "daily", "Once a day"
    WEEKLY = "weekly", "Once a week"


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Follow(models.Model):
    """One email address following one change or one organisation."""

    email = models.EmailField(
        help_text="Where the digest goes. Kept only while the follow lasts."
    )
    change = models.ForeignKey(
        Change, on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
    )
    frequency = models.CharField(
        max_length=6, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    # The secret in every email's unsubscribe link; a fresh random value per
    # follow, so a link never works for a later follow.
    token = models.CharField(max_length=64, unique=True, default=new_token)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follows",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirm_sent_at = models.DateTimeField(null=True, blank=True)
    last_digest_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(change__isnull=False) & Q(organisation__isnull=True))
                | (Q(change__isnull=True) & Q(organisation__isnull=False)),
                name="follow_one_thing",
            ),
            models.UniqueConstraint(
                fields=["email", "change"],
                condition=Q(change__isnull=False),
                name="follow_change_once",
            ),
            models.UniqueConstraint(
                fields=["email", "organisation"],
                condition=Q(organisation__isnull=False),
                name="follow_organisation_once",
            ),
        ]
        indexes = [models.Index(fields=["confirmed_at", "frequency"])]

    def __str__(self) -> str:
        return f"Follow of {self.target_name}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def target_name(self) -> str:
        if self.change_id:
            return f"change {self.change.number}: {self.change.title}"
        return self.organisation.name


class DigestItem(models.Model):
    """One commitment or progress update sent to one follow, and when."""

    follow = models.ForeignKey(Follow, on_delete=models.CASCADE, related_name="sent")
    key = models.CharField(max_length=40, help_text="commitment:<id> or update:<id>")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["follow", "key"], name="digest_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.key} sent to follow {self.follow_id}"
