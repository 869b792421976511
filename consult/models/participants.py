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
    # Set when the person's information was erased (on request or when the
    # inquiry's retention period ended). The row stays, with no account or
    # code, so that their ballots still count as anonymous ballots.
    erased_at = models.DateTimeField(null=True, blank=True)

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

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None


class CodeBatch(models.Model):
    """A set of participation codes printed together, for example for one
    session or one post-out."""

    inquiry = models.ForeignKey(
        Inquiry, on_delete=models.PROTECT, related_name="code_batches"
    )
    label = models.CharField(
        max_length=120, help_text="What the codes are for, e.g. a session or a mailing."
    )
    size = models.PositiveIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(size__gte=1) & Q(size__lte=500), name="code_batch_size"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.size} codes)"


class ParticipationCode(models.Model):
    """One printed code. Stored only as a keyed hash; the person it belongs to
    becomes a Participant the first time the code is used."""

    batch = models.ForeignKey(CodeBatch, on_delete=models.PROTECT, related_name="codes")
    inquiry = models.ForeignKey(
        Inquiry, on_delete=models.PROTECT, related_name="participation_codes"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    last_two = models.CharField(
        max_length=2, help_text="The last 2 characters, to tell codes apart."
    )
    participant = models.OneToOneField(
        Participant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="code",
    )
    first_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        indexes = [models.Index(fields=["inquiry", "revoked_at"])]

    def __str__(self) -> str:
        return f"Code ending {self.last_two} ({self.batch.label})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
