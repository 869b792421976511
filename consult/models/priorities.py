"""Priority voting: how an inquiry votes on its changes, and the ballots cast.

What a PriorityChoice.value means depends on the ballot's method:

- rate: how important the change is to the person, 1 to 5.
  1 = "Not important to me" (very unhappy face) ... 5 = "Very important to me"
  (very happy face). A change the person chose not to rate has no row: a
  skipped change is "no answer", never a low score.
- approve: 1 for every change the person chose. Changes not chosen have no row.
- rank: the change's position, 1 = most important, 2 = next, and so on up to
  k. Changes the person did not rank have no row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .changes import Change
from .inquiries import Inquiry
from .participants import Participant

RATE_MIN = 1
RATE_MAX = 5
# No inquiry has anywhere near this many changes; the cap keeps values sane.
MAX_CHOICE_VALUE = 100


class VotingMethod(models.TextChoices):
    RATE = "rate", "Rate each change"
    APPROVE = "approve", "Choose up to N changes"
    RANK = "rank", "Put changes in order"


class BallotChannel(models.TextChoices):
    ONLINE = "online", "Online"
    ASSISTED = "assisted", "Helped by a facilitator"
    PAPER = "paper", "On paper"
    ROOM = "room", "In a live session"


class PrioritySettings(models.Model):
    """The voting rules one inquiry chose. Set by its facilitators before
    voting opens; the method cannot change once anyone has voted."""

    inquiry = models.OneToOneField(
        Inquiry, on_delete=models.PROTECT, related_name="priority_settings"
    )
    method = models.CharField(
        max_length=10, choices=VotingMethod.choices, default=VotingMethod.RATE
    )
    max_approvals = models.PositiveSmallIntegerField(
        default=3,
        help_text="When people choose changes: the most they may choose.",
    )
    rank_top_k = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="When people put changes in order: how many places to fill. "
        "Leave empty to rank them all.",
    )
    results_published = models.BooleanField(default=False)
    room_counts_on = models.BooleanField(
        default=False,
        help_text="Show live counts in a room session while people vote.",
    )

    class Meta:
        verbose_name_plural = "priority settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(method__in=VotingMethod.values),
                name="priority_settings_method_known",
            ),
            models.CheckConstraint(
                condition=Q(max_approvals__gte=1)
                & Q(max_approvals__lte=MAX_CHOICE_VALUE),
                name="priority_settings_max_approvals_sane",
            ),
            models.CheckConstraint(
                condition=Q(rank_top_k__isnull=True)
                | (Q(rank_top_k__gte=1) & Q(rank_top_k__lte=MAX_CHOICE_VALUE)),
                name="priority_settings_rank_top_k_sane",
            ),
        ]

    def __str__(self) -> str:
        return f"Priority voting for {self.inquiry}: {self.get_method_display()}"

    def places_to_rank(self, change_count: int) -> int:
        """k: how many places a ranked ballot has, for this many changes."""
        if self.rank_top_k is None:
            return change_count
        return min(self.rank_top_k, change_count)

    def approvals_allowed(self, change_count: int) -> int:
        """N: the most changes one person may choose, for this many changes."""
        return min(self.max_approvals, change_count)


class PaperBatch(models.Model):
    """Paper ballots typed in together, then checked by a second person."""

    inquiry = models.ForeignKey(
        Inquiry, on_delete=models.PROTECT, related_name="paper_batches"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name_plural = "paper batches"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(checked_by__isnull=True)
                | ~Q(checked_by=models.F("entered_by")),
                name="paper_batch_checked_by_someone_else",
            ),
        ]

    def __str__(self) -> str:
        return f"Paper batch {self.pk} for {self.inquiry}"


class PriorityBallot(models.Model):
    """One participant's vote on the changes of one inquiry.

    One ballot per participant and inquiry, enforced by the database; the
    person may change it while Prioritise is open. Who helped and who typed
    it in point to accounts with PROTECT: they are the ballot's audit trail,
    so an account that helped someone vote is deactivated, never deleted."""

    inquiry = models.ForeignKey(
        Inquiry, on_delete=models.PROTECT, related_name="priority_ballots"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="priority_ballots"
    )
    method = models.CharField(max_length=10, choices=VotingMethod.choices)
    channel = models.CharField(
        max_length=10, choices=BallotChannel.choices, default=BallotChannel.ONLINE
    )
    helped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    batch = models.ForeignKey(
        PaperBatch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ballots",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["inquiry", "participant"],
                name="one_priority_ballot_per_participant",
            ),
            models.CheckConstraint(
                condition=Q(method__in=VotingMethod.values),
                name="priority_ballot_method_known",
            ),
            models.CheckConstraint(
                condition=Q(channel__in=BallotChannel.values),
                name="priority_ballot_channel_known",
            ),
            models.CheckConstraint(
                condition=Q(batch__isnull=True) | Q(channel=BallotChannel.PAPER),
                name="priority_ballot_batch_only_on_paper",
            ),
            models.CheckConstraint(
                condition=~Q(channel=BallotChannel.ASSISTED)
                | Q(helped_by__isnull=False),
                name="priority_ballot_assisted_says_who_helped",
            ),
        ]
        indexes = [
            models.Index(fields=["inquiry", "channel"], name="priority_ballot_channel")
        ]

    def __str__(self) -> str:
        return f"Priority ballot {self.pk} ({self.get_channel_display()})"


class PriorityChoice(models.Model):
    """One change on one ballot, with the value the method gives it (see the
    module docstring). Rank positions are unique per ballot too, but that
    rule does not fit rating (two changes may both be 5), so the service
    checks it rather than the database."""

    ballot = models.ForeignKey(
        PriorityBallot, on_delete=models.CASCADE, related_name="choices"
    )
    change = models.ForeignKey(
        Change, on_delete=models.PROTECT, related_name="priority_choices"
    )
    value = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "change"], name="priority_choice_once_per_change"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=1) & Q(value__lte=MAX_CHOICE_VALUE),
                name="priority_choice_value_sane",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.change}: {self.value}"
