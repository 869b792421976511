"""The money picture: what is spent on each area of support today and what is
forecast, each figure with its source and how sure we are of it."""

from decimal import Decimal

from django.db import models
from django.db.models import Q

from themes.pictograms import pictogram_choices

from .inquiries import Inquiry


class EvidenceLabel(models.TextChoices):
    PUBLISHED = "published", "Published figure"
    FORECAST = "forecast", "Forecast"
    ILLUSTRATIVE = "illustrative", "Illustrative (made up for the demo)"


class ModelVoteType(models.TextChoices):
    """How people choose support models within the pot (budgetapp)."""

    APPROVAL = "approval", "Choose the models you want (approval)"
    CUMULATIVE = "cumulative", "Give points to the models you want"
    ORDINAL = "ordinal", "Put models in order (imported ballots only)"


class Budget(models.Model):
    """The money picture for one inquiry, and the pot open to people's decision."""

    inquiry = models.OneToOneField(
        Inquiry, on_delete=models.PROTECT, related_name="budget"
    )
    organisation_name = models.CharField(
        max_length=200, help_text="Whose money this is, for example Anyshire Council."
    )
    year_label = models.CharField(max_length=20, help_text='For example "2025-26".')
    pot = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        help_text="The money people decide on together, in pounds.",
    )
    pot_note = models.CharField(max_length=300, blank=True)
    evidence = models.CharField(
        max_length=20, choices=EvidenceLabel.choices, default=EvidenceLabel.PUBLISHED
    )
    source = models.CharField(max_length=300, blank=True)
    # Budget ballots (budgetapp): how people choose models, the blocks of the
    # easy-read split, whether results are public, and pabulib's own keys.
    model_vote_type = models.CharField(
        max_length=12,
        default=ModelVoteType.APPROVAL,
        choices=ModelVoteType.choices,
    )
    max_points = models.PositiveSmallIntegerField(
        default=10, help_text="Points a person may give in all (points ballots)."
    )
    max_points_per_model = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Most points for one model. Empty: no limit."
    )
    split_blocks = models.PositiveSmallIntegerField(
        default=10, help_text="Blocks to place in the easy-read split."
    )
    results_published = models.BooleanField(default=False)
    pabulib_meta = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(pot__gte=0), name="budget_pot_positive"),
            models.CheckConstraint(
                condition=Q(max_points__gte=1) & Q(split_blocks__gte=1),
                name="budget_points_and_blocks_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_name} {self.year_label}"

    @property
    def is_illustrative(self) -> bool:
        return self.evidence == EvidenceLabel.ILLUSTRATIVE


class BudgetArea(models.Model):
    """An area of support. Five by default (Total Transformation); the list is
    data, so an inquiry can rename, add or drop areas."""

    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="areas")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=120)
    easy_read_name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    pictogram = models.CharField(max_length=40, choices=pictogram_choices)
    is_decision_area = models.BooleanField(
        default=True,
        help_text="Off for spending shown for honesty but not open to decision, "
        "for example staffing.",
    )

    class Meta:
        ordering = ["budget", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "number"], name="budget_area_number_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class SpendFigure(models.Model):
    """One figure for one area and year: spent, or forecast to be spent."""

    class Kind(models.TextChoices):
        SPENT = "spent", "Spent"
        FORECAST = "forecast", "Forecast"

    area = models.ForeignKey(
        BudgetArea, on_delete=models.CASCADE, related_name="figures"
    )
    year_label = models.CharField(max_length=20)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SPENT)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    evidence = models.CharField(
        max_length=20, choices=EvidenceLabel.choices, default=EvidenceLabel.PUBLISHED
    )
    source = models.CharField(max_length=300)

    class Meta:
        ordering = ["area", "year_label"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "year_label", "kind"], name="spend_figure_unique"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=Decimal("0")), name="spend_figure_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.year_label} {self.get_kind_display()}"
