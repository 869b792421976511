"""Commit and account: what organisations commit to, in answer to the changes
people called for, and how they report progress in public.

A commitment is the organisation's own public statement, so it is public
from the moment it is saved. Progress updates keep every earlier version
(ProgressUpdateRevision, append-only), shown publicly as "edited on ..."."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from themes.pictograms import pictogram_choices

from ..commitments.status import progress_in_words
from .changes import Change
from .findings import Finding, _private_storage
from .inquiries import Inquiry
from .money import BudgetArea
from .organisations import Organisation


class CommitmentStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    STARTED = "started", "Started"
    DONE = "done", "Done"
    NOT_DOING = "not_doing", "Not doing"


class MakingItRealTheme(models.Model):
    """A theme of TLAP's Making it Real framework. An editable list: the
    six themes are loaded once (consult/commitments/making_it_real.py)."""

    number = models.PositiveSmallIntegerField(default=0, help_text="Its place.")
    name = models.CharField(max_length=120, unique=True)
    easy_read_name = models.CharField(max_length=120)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["number", "name"]
        verbose_name = "Making it Real theme"

    def __str__(self) -> str:
        return self.name


def _progress_range(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": 0}) & Q(**{f"{field}__lte": 100}),
        name=name,
    )


class Commitment(models.Model):
    """What an organisation will do about one or more of the changes."""

    inquiry = models.ForeignKey(
        Inquiry, on_delete=models.PROTECT, related_name="commitments"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="commitments"
    )
    reference = models.CharField(
        max_length=40,
        blank=True,
        help_text="Your own reference, for example from your action plan.",
    )
    changes = models.ManyToManyField(Change, related_name="commitments")
    findings = models.ManyToManyField(
        Finding,
        blank=True,
        related_name="cited_by_commitments",
        help_text="What people said that this answers. Only findings that may "
        "be quoted in public are ever shown.",
    )
    title = models.CharField(max_length=200)
    description = models.TextField(
        max_length=4000, help_text="The organisation's own words."
    )
    easy_read_title = models.CharField(max_length=120)
    easy_read_text = models.TextField(max_length=400)
    pictogram = models.CharField(max_length=40, choices=pictogram_choices)
    co_produced_with = models.CharField(max_length=300, blank=True)
    owner_role = models.CharField(
        max_length=120, help_text="A role, for example Director of Adult Social Care."
    )
    owner_email = models.EmailField(
        blank=True,
        help_text="A shared mailbox for reminders. Never shown in public.",
    )
    start_on = models.DateField()
    due_on = models.DateField()
    review_on = models.DateField(
        help_text="When the organisation will next say how it is going."
    )
    status = models.CharField(
        max_length=10,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.PLANNED,
    )
    not_doing_reason = models.TextField(max_length=2000, blank=True)
    budget_area = models.ForeignKey(
        BudgetArea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments",
    )
    budget_amount = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True
    )
    making_it_real = models.ManyToManyField(
        MakingItRealTheme, blank=True, related_name="commitments"
    )
    # Kept in step by consult/commitments/services.py, so lists and the
    # overdue rule need no extra query per commitment.
    progress = models.PositiveSmallIntegerField(default=0)
    last_update_on = models.DateField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation__name", "due_on", "pk"]
        indexes = [models.Index(fields=["inquiry", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=F("start_on")),
                name="commitment_due_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(status=CommitmentStatus.NOT_DOING)
                | ~Q(not_doing_reason=""),
                name="commitment_not_doing_has_reason",
            ),
            _progress_range("progress", "commitment_progress_0_100"),
            models.CheckConstraint(
                condition=Q(budget_amount__isnull=True) | Q(budget_amount__gte=0),
                name="commitment_budget_positive",
            ),
            models.UniqueConstraint(
                fields=["organisation", "reference"],
                condition=~Q(reference=""),
                name="commitment_reference_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.status in {CommitmentStatus.DONE, CommitmentStatus.NOT_DOING}

    @property
    def progress_words(self) -> str:
        """How far along, for easy read (no percentages)."""
        return progress_in_words(self.progress)


class Milestone(models.Model):
    """A step on the way, with how far along it is."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(max_length=200)
    easy_read_title = models.CharField(max_length=120, blank=True)
    due_on = models.DateField()
    progress = models.PositiveSmallIntegerField(default=0)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["commitment", "order", "due_on", "pk"]
        constraints = [_progress_range("progress", "milestone_progress_0_100")]

    def __str__(self) -> str:
        return self.title

    @property
    def progress_words(self) -> str:
        """How far along, for easy read (no percentages)."""
        return progress_in_words(self.progress)


class ProgressUpdate(models.Model):
    """A dated public report on a commitment. Editing keeps the earlier
    version as a ProgressUpdateRevision."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.PROTECT, related_name="updates"
    )
    dated = models.DateField()
    text = models.TextField(max_length=4000)
    easy_read_text = models.TextField(max_length=400, blank=True)
    evidence_links = models.JSONField(default=list, blank=True)
    evidence_file = models.FileField(
        upload_to="progress/", storage=_private_storage, blank=True
    )
    evidence_kind = models.CharField(max_length=5, blank=True)
    evidence_content_type = models.CharField(max_length=40, blank=True)
    evidence_description = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=CommitmentStatus.choices)
    status_reason = models.TextField(max_length=2000, blank=True)
    progress = models.PositiveSmallIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-dated", "-pk"]
        constraints = [
            _progress_range("progress", "progress_update_0_100"),
            models.CheckConstraint(
                condition=~Q(status=CommitmentStatus.NOT_DOING) | ~Q(status_reason=""),
                name="progress_update_not_doing_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Update on {self.commitment_id} ({self.dated})"

    @property
    def progress_words(self) -> str:
        """How far along, for easy read (no percentages)."""
        return progress_in_words(self.progress)


class AppendOnly(Exception):
    """An earlier version of a progress update is never changed or removed."""


class RevisionQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnly("Earlier versions of progress updates are never changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnly("Earlier versions of progress updates are never removed.")


class ProgressUpdateRevision(models.Model):
    """A progress update as it stood before an edit: the public history."""

    update = models.ForeignKey(
        ProgressUpdate, on_delete=models.PROTECT, related_name="revisions"
    )
    dated = models.DateField()
    text = models.TextField()
    easy_read_text = models.TextField(blank=True)
    evidence_links = models.JSONField(default=list, blank=True)
    evidence_file_name = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=CommitmentStatus.choices)
    status_reason = models.TextField(blank=True)
    progress = models.PositiveSmallIntegerField()
    written_at = models.DateTimeField(help_text="When this version was written.")
    replaced_at = models.DateTimeField(auto_now_add=True)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["update", "-replaced_at", "-pk"]

    def __str__(self) -> str:
        return f"Earlier version of update {self.update_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnly("Earlier versions of progress updates are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnly("Earlier versions of progress updates are never removed.")


# Overdue reminders (h-ratings)
class OverdueReminder(models.Model):
    """An email sent to a commitment's owner because its review date passed
    without an update. One per commitment and review date, so a rerun of the
    daily task never sends the same reminder twice."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="overdue_reminders"
    )
    review_on = models.DateField()
    sent_to = models.EmailField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "review_on"], name="overdue_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"Reminder for {self.commitment_id} (review {self.review_on})"
