"""Participatory budgeting: the support models people choose between, their
ballots (a split of the pot across the areas, or a choice of models) and the
pledges of time and community resources beside the money."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from themes.pictograms import pictogram_choices

from .findings import Finding
from .inquiries import Inquiry
from .money import Budget, BudgetArea
from .participants import Participant


class BudgetChannel(models.TextChoices):
    """How a budget ballot reached us (the same idea as priority ballots)."""

    ONLINE = "online", "Online, by the person"
    ASSISTED = "assisted", "Online, with someone helping"
    PAPER = "paper", "On paper"
    ROOM = "room", "In a room session"


class EvidenceStrength(models.TextChoices):
    EVALUATION = "evaluation", "Evaluation"
    FORECAST = "forecast", "Forecast"
    CASE_STUDY = "case_study", "Case study"


class CostBasis(models.TextChoices):
    PER_YEAR = "per_year", "A year"
    PER_PERSON = "per_person", "Per person, a year"


class SupportModel(models.Model):
    """One way of supporting people within an area, with what it costs from
    the pot, what that buys and how strong the evidence for it is."""

    budget = models.ForeignKey(
        Budget, on_delete=models.PROTECT, related_name="support_models"
    )
    area = models.ForeignKey(
        BudgetArea, on_delete=models.PROTECT, related_name="support_models"
    )
    pabulib_id = models.CharField(
        max_length=40,
        blank=True,
        help_text="The project id in a pabulib file this model came from.",
    )
    name = models.CharField(max_length=300)
    cost = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        help_text="What choosing this model takes from the pot, in pounds.",
    )
    cost_basis = models.CharField(
        max_length=12, choices=CostBasis.choices, default=CostBasis.PER_YEAR
    )
    people = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="For a cost per person: how many people the cost covers.",
    )
    what_it_buys = models.TextField(blank=True)
    evidence_strength = models.CharField(
        max_length=12,
        choices=EvidenceStrength.choices,
        default=EvidenceStrength.CASE_STUDY,
    )
    source = models.CharField(max_length=300, blank=True)
    easy_read_name = models.CharField(max_length=120, blank=True)
    easy_read_text = models.TextField(blank=True)
    pictogram = models.CharField(
        max_length=40, choices=pictogram_choices, default="money"
    )
    findings = models.ManyToManyField(
        Finding,
        through="SupportModelFinding",
        related_name="support_models",
        blank=True,
    )
    # Columns of a pabulib file we do not model (category, target...), kept
    # so an export gives back what was imported.
    pabulib_extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["area__number", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "pabulib_id"],
                condition=~Q(pabulib_id=""),
                name="support_model_pabulib_id_unique",
            ),
            models.CheckConstraint(
                condition=Q(cost__gte=Decimal("0")), name="support_model_cost_positive"
            ),
            models.CheckConstraint(
                condition=Q(people__isnull=True) | Q(people__gte=1),
                name="support_model_people_at_least_one",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.area_id and self.budget_id and self.area.budget_id != self.budget_id:
            raise ValidationError({"area": "Choose an area of this budget."})

    @property
    def cost_per_person(self) -> Decimal | None:
        if self.cost_basis != CostBasis.PER_PERSON or not self.people:
            return None
        return (self.cost / self.people).quantize(Decimal("1"))


class FindingStance(models.TextChoices):
    LIKED = "liked", "What people like about support today"
    DISLIKED = "disliked", "What people do not like about support today"


class SupportModelFinding(models.Model):
    """A finding where someone said what they liked or disliked about today's
    support in the model's area. Shown in public only when published and
    quotable (Finding.objects.public())."""

    support_model = models.ForeignKey(SupportModel, on_delete=models.CASCADE)
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE)
    stance = models.CharField(max_length=10, choices=FindingStance.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["support_model", "finding"],
                name="support_model_finding_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.support_model}: {self.get_stance_display()}"


class BallotKind(models.TextChoices):
    SPLIT = "split", "Split the money across the areas"
    MODELS = "models", "Choose support models"


class BudgetBallot(models.Model):
    """One person's budget ballot of one kind. A participant has at most one
    of each kind per budget (a database constraint). Ballots imported from a
    pabulib file are anonymous: no participant, the file's voter id instead."""

    inquiry = models.ForeignKey(
        Inquiry, on_delete=models.PROTECT, related_name="budget_ballots"
    )
    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="ballots")
    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_ballots",
    )
    voter_key = models.CharField(
        max_length=60,
        blank=True,
        help_text="For anonymous imported ballots: the voter id in the file.",
    )
    voter_meta = models.JSONField(default=dict, blank=True)
    kind = models.CharField(max_length=10, choices=BallotKind.choices)
    channel = models.CharField(
        max_length=10, choices=BudgetChannel.choices, default=BudgetChannel.ONLINE
    )
    helped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "participant", "kind"],
                condition=Q(participant__isnull=False),
                name="budget_ballot_once_per_participant",
            ),
            models.UniqueConstraint(
                fields=["budget", "voter_key", "kind"],
                condition=~Q(voter_key=""),
                name="budget_ballot_once_per_voter_key",
            ),
            models.CheckConstraint(
                condition=Q(participant__isnull=False) | ~Q(voter_key=""),
                name="budget_ballot_has_a_voter",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ballot {self.pk}"


class BudgetSplitLine(models.Model):
    """How much of the pot one ballot puts into one area."""

    ballot = models.ForeignKey(
        BudgetBallot, on_delete=models.CASCADE, related_name="split_lines"
    )
    area = models.ForeignKey(
        BudgetArea, on_delete=models.PROTECT, related_name="split_lines"
    )
    amount = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "area"], name="budget_split_line_once_per_area"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=Decimal("0")),
                name="budget_split_line_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.amount}"


class BudgetModelVote(models.Model):
    """One ballot's support for one model: 1 point for approval, the points
    given for cumulative ballots, and for ordinal ballots the points of the
    rank (position 1 first)."""

    ballot = models.ForeignKey(
        BudgetBallot, on_delete=models.CASCADE, related_name="model_votes"
    )
    support_model = models.ForeignKey(
        SupportModel, on_delete=models.PROTECT, related_name="votes"
    )
    points = models.PositiveIntegerField(default=1)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "support_model"], name="budget_model_vote_once"
            ),
            models.CheckConstraint(
                condition=Q(points__gte=1), name="budget_model_vote_points_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.support_model}: {self.points}"


class PledgeKind(models.TextChoices):
    TIME = "time", "Time"
    ROOM = "room", "A room or space"
    TRANSPORT = "transport", "Transport"
    SKILLS = "skills", "Skills"
    OTHER = "other", "Something else"


class Pledge(models.Model):
    """Beside money: time, rooms, transport or skills that a person or an
    organisation offers to an area."""

    inquiry = models.ForeignKey(
        Inquiry, on_delete=models.PROTECT, related_name="pledges"
    )
    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="pledges")
    area = models.ForeignKey(
        BudgetArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pledges",
        help_text="Empty means any area.",
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pledges",
    )
    organisation_name = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=10, choices=PledgeKind.choices)
    hours_per_week = models.DecimalField(
        max_digits=6, decimal_places=1, null=True, blank=True
    )
    description = models.TextField(max_length=1000)
    channel = models.CharField(
        max_length=10, choices=BudgetChannel.choices, default=BudgetChannel.ONLINE
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_per_week__isnull=True)
                | Q(hours_per_week__gte=Decimal("0"), hours_per_week__lte=168),
                name="pledge_hours_in_a_week",
            ),
            models.CheckConstraint(
                condition=Q(participant__isnull=False) | ~Q(organisation_name=""),
                name="pledge_has_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} pledge {self.pk}"
