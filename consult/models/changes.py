"""The changes people call for: plain statements with an easy-read version."""

from django.db import models

from themes.pictograms import pictogram_choices

from .inquiries import Inquiry


class Change(models.Model):
    """A plain statement of what people want, for example "Living in the place
    we call home". Themes and findings that support it link here as the
    Make sense phase is built; priority ballots and commitments point here."""

    inquiry = models.ForeignKey(
        Inquiry, on_delete=models.PROTECT, related_name="changes"
    )
    number = models.PositiveSmallIntegerField(help_text="Its place in the list.")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    easy_read_title = models.CharField(max_length=120)
    easy_read_text = models.TextField(
        max_length=400, help_text="Up to 3 short sentences in easy read."
    )
    pictogram = models.CharField(max_length=40, choices=pictogram_choices)
    # Make sense: the themes behind this change (consult/models/themes.py).
    themes = models.ManyToManyField("consult.Theme", blank=True, related_name="changes")

    class Meta:
        ordering = ["inquiry", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["inquiry", "number"], name="change_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"
