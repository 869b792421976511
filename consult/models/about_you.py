"""'About you' answers, the inquiry's local areas and its reference profile."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from .findings import Channel
from .inquiries import Inquiry
from .participants import Participant

PREFER_NOT = "prefer_not"
PREFER_NOT_LABEL = "Prefer not to say"
# An area outside the inquiry's list: counted, so the list's gaps show.
ELSEWHERE = "elsewhere"
ELSEWHERE_LABEL = "Somewhere else"


class RelationshipToCare(models.TextChoices):
    """Who was invited (shared/DOMAIN.md): people may be several of these."""

    DRAW_ON_CARE = "draw_on_care", "Draw on care and support"
    UNPAID_CARER = "unpaid_carer", "Unpaid carer for someone"
    ASKED_NOT_QUALIFIED = (
        "asked_not_qualified",
        "Asked for care and support but did not qualify",
    )
    WORK_IN_CARE = "work_in_care", "Work in care and support"
    COMMISSION = "commission", "Buy or plan services, for example for a council"
    COMMUNITY_ORG = "community_org", "Part of a community or user-led organisation"
    COUNCILLOR = "councillor", "Councillor"
    PUBLIC = "public", "Member of the public"


class AgeBand(models.TextChoices):
    """ONS-style age bands, wide enough that few groups are tiny."""

    UNDER_18 = "under_18", "Under 18"
    FROM_18 = "18_24", "18 to 24"
    FROM_25 = "25_34", "25 to 34"
    FROM_35 = "35_49", "35 to 49"
    FROM_50 = "50_64", "50 to 64"
    FROM_65 = "65_74", "65 to 74"
    FROM_75 = "75_plus", "75 or over"


class YesNo(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"


class EthnicGroup(models.TextChoices):
    """The 5 high-level groups of the 2021 Census (England and Wales)."""

    ASIAN = "asian", "Asian or Asian British"
    BLACK = "black", "Black, Black British, Caribbean or African"
    MIXED = "mixed", "Mixed or multiple ethnic groups"
    WHITE = "white", "White"
    OTHER = "other", "Other ethnic group"


# The 2021 Census answer options, grouped as the census groups them. The code
# starts with its group's code, so counting by group needs no other table.
ETHNICITY_OPTIONS: dict[str, list[tuple[str, str]]] = {
    EthnicGroup.ASIAN: [
        ("asian_indian", "Indian"),
        ("asian_pakistani", "Pakistani"),
        ("asian_bangladeshi", "Bangladeshi"),
        ("asian_chinese", "Chinese"),
        ("asian_other", "Any other Asian background"),
    ],
    EthnicGroup.BLACK: [
        ("black_caribbean", "Caribbean"),
        ("black_african", "African"),
        ("black_other", "Any other Black, Black British or Caribbean background"),
    ],
    EthnicGroup.MIXED: [
        ("mixed_white_black_caribbean", "White and Black Caribbean"),
        ("mixed_white_black_african", "White and Black African"),
        ("mixed_white_asian", "White and Asian"),
        ("mixed_other", "Any other Mixed or multiple ethnic background"),
    ],
    EthnicGroup.WHITE: [
        ("white_british", "English, Welsh, Scottish, Northern Irish or British"),
        ("white_irish", "Irish"),
        ("white_gypsy_traveller", "Gypsy or Irish Traveller"),
        ("white_roma", "Roma"),
        ("white_other", "Any other White background"),
    ],
    EthnicGroup.OTHER: [
        ("other_arab", "Arab"),
        ("other_any", "Any other ethnic group"),
    ],
}
ETHNICITY_LABELS: dict[str, str] = {
    code: label for options in ETHNICITY_OPTIONS.values() for code, label in options
}


def ethnic_group_of(ethnicity: str) -> str:
    """The census group of a detailed answer ("asian_indian" -> "asian");
    empty for no answer, "prefer not to say" or an unknown code."""
    if ethnicity not in ETHNICITY_LABELS:
        return ""
    return ethnicity.split("_", 1)[0]


class TookPart(models.TextChoices):
    """How the person took part, in their words (the 2021 inquiry's channels)."""

    ONLINE = "online", "Online, on this website"
    EASY_READ_ONLINE = "easy_read_online", "Online, in easy read"
    PHONE_WITH_HELP = "phone_with_help", "By phone, with someone writing it down"
    IN_A_ROOM = "in_a_room", "In a room, at a session"
    PEER_GROUP = "peer_group", "In a group run by people like me"
    VIDEO_OR_DRAWING = (
        "video_or_drawing",
        "By video, drawing or another way I communicate",
    )


class Dimension(models.TextChoices):
    """What the 'Whose voices' page counts people by, in the order it shows."""

    RELATIONSHIP = "relationship", "Relationship to care"
    CHANNEL = "channel", "How what they said reached us"
    TOOK_PART = "took_part", "How they took part, in their words"
    HELPED = "helped", "Helped to respond"
    AREA = "area", "Area"
    AGE_BAND = "age_band", "Age band"
    DISABILITY = "disability", "Disability"
    ETHNIC_GROUP = "ethnic_group", "Ethnic group"


# Questions where a person may choose several answers.
MULTI_SELECT = frozenset(
    {Dimension.RELATIONSHIP, Dimension.CHANNEL, Dimension.TOOK_PART}
)

FIXED_CATEGORIES: dict[str, list[tuple[str, str]]] = {
    Dimension.RELATIONSHIP: list(RelationshipToCare.choices),
    Dimension.CHANNEL: list(Channel.choices),
    Dimension.TOOK_PART: list(TookPart.choices),
    Dimension.HELPED: list(YesNo.choices),
    Dimension.AGE_BAND: list(AgeBand.choices),
    Dimension.DISABILITY: list(YesNo.choices),
    Dimension.ETHNIC_GROUP: list(EthnicGroup.choices),
}


def dimension_categories(
    dimension: str, area_names: list[str]
) -> list[tuple[str, str]]:
    """The groups a dimension is counted in, as (code, label). Areas are the
    inquiry's own list, so their code is their name."""
    if dimension == Dimension.AREA:
        return [(name, name) for name in area_names] + [(ELSEWHERE, ELSEWHERE_LABEL)]
    return FIXED_CATEGORIES[dimension]


def _with_prefer_not(choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [*choices, (PREFER_NOT, PREFER_NOT_LABEL)]


def _check_list(value: object, allowed: set[str], field: str) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError({field: "Choose from the answers shown."})
    if set(value) - allowed:
        raise ValidationError({field: "Choose from the answers shown."})
    if len(set(value)) != len(value):
        raise ValidationError({field: "Choose each answer once."})
    if PREFER_NOT in value and len(value) > 1:
        raise ValidationError(
            {field: "Choose “Prefer not to say” on its own, or untick it."}
        )


class AboutYou(models.Model):
    """One person's optional 'About you' answers, kept apart from what they
    said and used only in counts. Stored only with their separate consent;
    deleting them removes the row."""

    participant = models.OneToOneField(
        Participant, on_delete=models.PROTECT, related_name="about_you"
    )
    # Multi-select answers are JSON lists of codes: portable between SQLite
    # and PostgreSQL, and counted in Python (see consult/selectors.py).
    relationship = models.JSONField(default=list, blank=True)
    age_band = models.CharField(
        max_length=10, choices=_with_prefer_not(AgeBand.choices), blank=True
    )
    disability = models.CharField(
        max_length=10, choices=_with_prefer_not(YesNo.choices), blank=True
    )
    ethnicity = models.CharField(
        max_length=30,
        choices=_with_prefer_not(list(ETHNICITY_LABELS.items())),
        blank=True,
    )
    area = models.CharField(
        max_length=80,
        blank=True,
        help_text="The name of the area as the person chose it from the "
        "inquiry's list, “elsewhere” or “prefer_not”. Kept as the name so "
        "renaming or removing an area never loses an answer.",
    )
    took_part = models.JSONField(default=list, blank=True)
    helped = models.CharField(
        max_length=10, choices=_with_prefer_not(YesNo.choices), blank=True
    )
    consented_at = models.DateTimeField(
        help_text="When the person last agreed we may keep these answers."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "about you answers"
        verbose_name_plural = "about you answers"

    def __str__(self) -> str:
        return f"About you answers of participant {self.participant_id}"

    def clean(self) -> None:
        _check_list(
            self.relationship,
            {*RelationshipToCare.values, PREFER_NOT},
            "relationship",
        )
        _check_list(self.took_part, {*TookPart.values, PREFER_NOT}, "took_part")

    @property
    def ethnic_group(self) -> str:
        return ethnic_group_of(self.ethnicity)


class LocalArea(Orderable):
    """A part of the place the inquiry covers (a town, district or
    neighbourhood) that people can choose in 'About you'. A list rather than
    free text: typed places cannot be counted and can point at one person."""

    inquiry = ParentalKey(Inquiry, on_delete=models.CASCADE, related_name="local_areas")
    name = models.CharField(
        max_length=80, help_text="As people know it, for example “Northtown”."
    )

    panels = [FieldPanel("name")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["inquiry", "name"], name="local_area_once_per_inquiry"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.name = self.name.strip()
        if self.name in {PREFER_NOT, ELSEWHERE}:
            raise ValidationError({"name": "Choose another name for this area."})


class ReferenceShare(models.Model):
    """Who we would expect to hear from: the share of one group in the
    population the inquiry is for (for example people drawing on care aged
    75 or over, in the area), with where the figure comes from."""

    inquiry = ParentalKey(
        Inquiry, on_delete=models.CASCADE, related_name="reference_shares"
    )
    dimension = models.CharField(max_length=20, choices=Dimension.choices)
    category = models.CharField(
        max_length=80,
        help_text="One answer, as shown on the 'About you' page, for example "
        "“75 or over”. For an area, its name as listed above.",
    )
    expected_percent = models.DecimalField(
        "expected share (%)",
        max_digits=4,
        decimal_places=1,
        help_text="From 0 to 100, for example 12.5.",
    )
    source = models.CharField(
        max_length=300,
        blank=True,
        help_text="Where the figure comes from, for example a council report "
        "and its year.",
    )

    panels = [
        FieldPanel("dimension"),
        FieldPanel("category"),
        FieldPanel("expected_percent"),
        FieldPanel("source"),
    ]

    class Meta:
        ordering = ["dimension", "category"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expected_percent__gte=0) & Q(expected_percent__lte=100),
                name="reference_share_is_a_percentage",
            ),
            models.UniqueConstraint(
                fields=["inquiry", "dimension", "category"],
                name="reference_share_once_per_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_dimension_display()}: {self.category}"

    def clean(self) -> None:
        if self.dimension not in Dimension.values:
            return  # the field's own check says so
        self.category = normalise_category(self.dimension, self.category)
        if self.expected_percent is not None and not (
            0 <= self.expected_percent <= 100
        ):
            raise ValidationError({"expected_percent": "Give a share from 0 to 100."})


def normalise_category(dimension: str, typed: str) -> str:
    """The code for a group, from its code or its label in any case. Areas
    keep their name. Raises ValidationError for a group the dimension lacks."""
    typed = " ".join(typed.split())
    if dimension not in Dimension.values:
        raise ValidationError({"dimension": "Choose what the share is about."})
    if dimension == Dimension.AREA:
        if not typed:
            raise ValidationError({"category": "Type the area's name."})
        return ELSEWHERE if typed.casefold() == ELSEWHERE_LABEL.casefold() else typed
    for code, label in FIXED_CATEGORIES[dimension]:
        if typed.casefold() in {code.casefold(), str(label).casefold()}:
            return code
    answers = "; ".join(str(label) for _, label in FIXED_CATEGORIES[dimension])
    raise ValidationError({"category": f"Type one of these answers: {answers}."})
