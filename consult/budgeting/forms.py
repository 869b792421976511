"""Forms for budget ballots and pledges. Fields are built per budget (one per
area or per support model); messages name the area so they read well in the
error summary."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

from ..models import Budget, BudgetArea, PledgeKind, SupportModel

TOO_BIG = Decimal(10) ** 14  # the fields hold 14 digits


class PoundsField(forms.DecimalField):
    """An amount in pounds. Accepts what people type: "£1,000,000", "250000"."""

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str):
            value = value.replace("£", "").replace(",", "").replace(" ", "").strip()
        return super().to_python(value)


def _pounds_field(area: BudgetArea) -> PoundsField:
    return PoundsField(
        label=area.name,
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=2,
        error_messages={
            "required": f"Enter an amount for {area.name}. Enter 0 if none.",
            "invalid": f"Enter the amount for {area.name} in pounds, like 500000.",
            "min_value": f"The amount for {area.name} must be £0 or more.",
            "max_digits": f"The amount for {area.name} is too big.",
            "max_decimal_places": (
                f"Use pounds and pence for {area.name}, like 1500.50."
            ),
            "max_whole_digits": f"The amount for {area.name} is too big.",
        },
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"}
        ),
    )


class SplitForm(forms.Form):
    """One amount per decision area."""

    def __init__(self, *args: Any, areas: list[BudgetArea], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.areas = areas
        for area in areas:
            self.fields[f"area_{area.pk}"] = _pounds_field(area)

    def amounts(self) -> dict[int, Decimal]:
        return {a.pk: self.cleaned_data[f"area_{a.pk}"] for a in self.areas}

    def typed_total(self) -> Decimal | None:
        """The total of what was typed, for the running total, when every
        amount reads as a number (even if the form has other problems)."""
        total = Decimal(0)
        for area in self.areas:
            raw = str(self.data.get(self.add_prefix(f"area_{area.pk}"), ""))
            raw = raw.replace("£", "").replace(",", "").replace(" ", "")
            try:
                value = Decimal(raw or "0")
            except InvalidOperation:
                return None
            if not value.is_finite() or abs(value) >= TOO_BIG:
                return None  # "NaN", "Infinity", "1e400": the field says why
            total += value
        return total


def read_blocks(data: Any, areas: list[BudgetArea], budget: Budget) -> dict[int, int]:
    """Blocks per area from hidden inputs; anything unreadable counts as 0."""
    blocks = {}
    for area in areas:
        raw = str(data.get(f"blocks_{area.pk}", "0"))
        blocks[area.pk] = int(raw) if raw.isdigit() else 0
        blocks[area.pk] = min(blocks[area.pk], budget.split_blocks)
    return blocks


class ApprovalForm(forms.Form):
    models = forms.MultipleChoiceField(
        label="Choose the support models you want",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose from the support models listed."},
    )

    def __init__(
        self, *args: Any, support_models: list[SupportModel], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.support_models = support_models
        self.fields["models"].choices = [(str(m.pk), m.name) for m in support_models]

    def points(self) -> dict[int, int]:
        return {int(pk): 1 for pk in self.cleaned_data["models"]}


class PointsForm(forms.Form):
    def __init__(
        self,
        *args: Any,
        support_models: list[SupportModel],
        most: int | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.support_models = support_models
        for model in support_models:
            self.fields[f"model_{model.pk}"] = forms.IntegerField(
                label=model.name,
                required=False,
                min_value=0,
                max_value=most,
                error_messages={
                    "invalid": f"Enter the points for {model.name} as a whole "
                    "number, like 2.",
                    "min_value": f"The points for {model.name} must be 0 or more.",
                    "max_value": f"Give {model.name} at most {most} points.",
                },
                widget=forms.TextInput(attrs={"inputmode": "numeric"}),
            )

    def points(self) -> dict[int, int]:
        return {
            m.pk: self.cleaned_data.get(f"model_{m.pk}") or 0
            for m in self.support_models
        }


PLEDGE_PICTOGRAMS = {
    PledgeKind.TIME: "clock",
    PledgeKind.ROOM: "door",
    PledgeKind.TRANSPORT: "wheelchair",
    PledgeKind.SKILLS: "work",
    PledgeKind.OTHER: "share",
}


class PledgeForm(forms.Form):
    kind = forms.ChoiceField(
        label="What can you offer?",
        choices=PledgeKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what you can offer."},
    )
    area = forms.ModelChoiceField(
        label="Which area is it for?",
        queryset=BudgetArea.objects.none(),
        required=False,
        empty_label="Any area",
        error_messages={"invalid_choice": "Choose an area from the list."},
    )
    hours_per_week = forms.DecimalField(
        label="Hours a week",
        help_text="For time: about how many hours a week. "
        "Leave empty if it is not time.",
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(168),
        decimal_places=1,
        error_messages={
            "invalid": "Enter hours a week as a number, like 2.",
            "min_value": "Hours a week must be 0 or more.",
            "max_value": "A week has 168 hours. Enter 168 or fewer.",
            "max_decimal_places": "Use whole or half hours, like 2.5.",
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    description = forms.CharField(
        label="Tell us about your offer",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Tell us what you can offer.",
            "max_length": "Use 1000 letters or fewer.",
        },
    )
    organisation_name = forms.CharField(
        label="Organisation name",
        help_text="If you offer this for a group or organisation.",
        max_length=200,
        required=False,
    )

    def __init__(self, *args: Any, budget: Budget, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = budget.areas.filter(is_decision_area=True)


class AssistedForm(forms.Form):
    code = forms.CharField(
        label="The person's participation code",
        max_length=40,
        help_text="It is on their card, for example ABCD-EFGH.",
        error_messages={"required": "Enter the code from the person's card."},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    channel = forms.ChoiceField(
        label="How are they taking part?",
        choices=[
            ("assisted", "I am helping them online"),
            ("paper", "I am typing in their paper form"),
            ("room", "In a room session"),
        ],
        initial="assisted",
        widget=forms.RadioSelect,
    )
    kind = forms.ChoiceField(
        label="What do they want to do?",
        choices=[
            ("split", "Split the money across the areas"),
            ("choose", "Choose support models"),
            ("pledge", "Offer time or help"),
        ],
        initial="split",
        widget=forms.RadioSelect,
    )
