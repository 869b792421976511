"""The published results' PDFs: built in the background when results are
published or change, kept until the data they were built from changes."""

from __future__ import annotations

from django.db import models


class PdfVariant(models.TextChoices):
    STANDARD = "standard", "Standard"
    EASY_READ = "easy_read", "Easy read"


class PdfStatus(models.TextChoices):
    BUILDING = "building", "Being built"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class ResultsPdf(models.Model):
    """One inquiry's results as a tagged PDF, in one variant."""

    inquiry = models.ForeignKey(
        "consult.Inquiry", on_delete=models.CASCADE, related_name="results_pdfs"
    )
    variant = models.CharField(max_length=12, choices=PdfVariant.choices)
    status = models.CharField(
        max_length=10, choices=PdfStatus.choices, default=PdfStatus.BUILDING
    )
    file = models.FileField(upload_to="results/", blank=True)
    size_bytes = models.PositiveIntegerField(default=0)
    pages = models.PositiveIntegerField(default=0)
    # The data version the file was built from: a build for older data never
    # replaces a newer file.
    data_version = models.CharField(max_length=64, blank=True)
    built_at = models.DateTimeField(null=True, blank=True)
    build_seconds = models.FloatField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["inquiry", "variant"], name="results_pdf_once_per_variant"
            ),
            models.CheckConstraint(
                condition=models.Q(variant__in=PdfVariant.values),
                name="results_pdf_variant_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inquiry} results ({self.get_variant_display()})"
