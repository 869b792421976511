"""Make sense: themes that group findings, key quotes, and the theme
suggestions a person accepts or rejects (never applied on their own)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from .changes import Change
from .findings import Finding
from .inquiries import Inquiry


class Theme(models.Model):
    """A group of findings that say a similar thing, named by the analysts."""

    inquiry = models.ForeignKey(
        Inquiry, on_delete=models.PROTECT, related_name="themes"
    )
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True, max_length=1000)
    easy_read_name = models.CharField(
        max_length=120, blank=True, help_text="The name in easy read, if different."
    )
    findings = models.ManyToManyField(
        Finding, through="FindingTheme", related_name="themes", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["inquiry", "name"], name="theme_name_unique_per_inquiry"
            )
        ]

    def __str__(self) -> str:
        return self.name


class FindingTheme(models.Model):
    """A finding put in a theme: who did it and when. A key quote is a
    finding that speaks for the theme; only quotable findings may be one."""

    finding = models.ForeignKey(
        Finding, on_delete=models.CASCADE, related_name="theme_links"
    )
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="links")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    is_key_quote = models.BooleanField(default=False)

    class Meta:
        ordering = ["theme", "finding"]
        constraints = [
            models.UniqueConstraint(
                fields=["finding", "theme"], name="finding_in_theme_once"
            )
        ]

    def __str__(self) -> str:
        return f"Finding {self.finding_id} in {self.theme}"


class ChangeQuote(models.Model):
    """A finding chosen to show, in people's own words, why a change matters."""

    change = models.ForeignKey(Change, on_delete=models.CASCADE, related_name="quotes")
    finding = models.ForeignKey(
        Finding, on_delete=models.CASCADE, related_name="change_quotes"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["change", "added_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["change", "finding"], name="change_quote_once"
            )
        ]

    def __str__(self) -> str:
        return f"Finding {self.finding_id} for change {self.change_id}"


class SuggestionRun(models.Model):
    """One run of the theme suggester over the findings not yet in a theme.
    It runs as a background task and reports its progress here."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Working"
        DONE = "done", "Done"
        FAILED = "failed", "Something went wrong"

    inquiry = models.ForeignKey(
        Inquiry, on_delete=models.PROTECT, related_name="suggestion_runs"
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    finding_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="suggestion_progress_at_most_100"
            )
        ]

    def __str__(self) -> str:
        return f"Suggestions {self.pk} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}


class SuggestedGroup(models.Model):
    """A group of findings the suggester thinks belong together. Nothing
    happens to the findings until a person accepts, merges or rejects it."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for a person"
        ACCEPTED = "accepted", "Accepted as a new theme"
        MERGED = "merged", "Added to a theme"
        REJECTED = "rejected", "Rejected"

    run = models.ForeignKey(
        SuggestionRun, on_delete=models.CASCADE, related_name="groups"
    )
    number = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=120)
    top_words = models.JSONField(default=list)
    finding_ids = models.JSONField(default=list)
    representative_ids = models.JSONField(default=list)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.OPEN
    )
    accepted_theme = models.ForeignKey(
        Theme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="from_suggestions",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["run", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "number"], name="suggested_group_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"Suggested group {self.number}: {self.label}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN
