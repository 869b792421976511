"""Forms for priority voting: the whole ballot on one page, one change per
screen (easy read), the facilitators' setup, and who an assisted vote is for.

The forms only turn posted text into the plain mapping the service checks;
the rules themselves live in ballots.check_choices, so every channel (web,
assisted, paper, room) applies the same ones."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django import forms

from consult.models import Change, PrioritySettings, VotingMethod

from .ballots import (
    CHOICES_FIELD,
    RATE_WORDS,
    BallotError,
    CleanChoices,
    check_choices,
    field_name,
    ordinal,
)

SKIP = "skip"
NOT_RANKED = ""
YES = "yes"
NO = "no"

# A face beside each word: the words carry the meaning, the face helps people
# who read pictures. Drawn as a line in the text colour (an SVG mouth, from a
# deep frown to a big smile), so it shows in every display mode and never
# depends on colour or on the device having emoji.
RATE_FACES: dict[int, str] = {
    1: "M11 29 Q20 19 29 29",
    2: "M12 28 Q20 23 28 28",
    3: "M12 26 L28 26",
    4: "M12 24 Q20 30 28 24",
    5: "M10 23 Q20 34 30 23",
}


def rate_options() -> list[tuple[str, str]]:
    return [(str(n), RATE_WORDS[n]) for n in sorted(RATE_WORDS, reverse=True)] + [
        (SKIP, "Prefer not to say")
    ]


def rank_options(places: int) -> list[tuple[str, str]]:
    return [(NOT_RANKED, "Not ranked")] + [
        (str(n), f"{ordinal(n)} place") for n in range(1, places + 1)
    ]


def approvals_words(most: int) -> str:
    return f"Choose up to {most} {'change' if most == 1 else 'changes'}"


class BallotForm(forms.Form):
    """The whole ballot on one page. Field names: `change_<pk>` for rating
    and ranking, `choices` (checkboxes) for choosing up to N."""

    def __init__(
        self,
        data: Mapping[str, object] | None = None,
        *,
        rules: PrioritySettings,
        changes: Sequence[Change],
        saved: Mapping[int, int] | None = None,
    ) -> None:
        super().__init__(data)
        self.rules = rules
        self.changes = list(changes)
        self.checked: CleanChoices | None = None
        saved = saved or {}
        method = rules.method
        if method == VotingMethod.APPROVE:
            most = rules.approvals_allowed(len(self.changes))
            self.fields[CHOICES_FIELD] = forms.MultipleChoiceField(
                label="Which changes matter most to you?",
                help_text=f"{approvals_words(most)}.",
                choices=[(str(c.pk), c.title) for c in self.changes],
                widget=forms.CheckboxSelectMultiple,
                required=False,
                initial=[str(pk) for pk in saved],
                error_messages={
                    "invalid_choice": "Choose from the changes on this page.",
                    "invalid_list": "Choose from the changes on this page.",
                },
            )
            return
        for change in self.changes:
            name = field_name(change)
            if method == VotingMethod.RATE:
                self.fields[name] = forms.ChoiceField(
                    label=f"How important is “{change.title}” to you?",
                    choices=rate_options(),
                    widget=forms.RadioSelect,
                    initial=str(saved[change.pk]) if change.pk in saved else None,
                    error_messages={
                        "required": f"Choose how important “{change.title}” is "
                        "to you, or choose “Prefer not to say”.",
                        "invalid_choice": f"Choose how important “{change.title}” "
                        "is to you, from 1 to 5.",
                    },
                )
            else:
                places = rules.places_to_rank(len(self.changes))
                self.fields[name] = forms.ChoiceField(
                    label=f"Place for “{change.title}”",
                    choices=rank_options(places),
                    required=False,
                    initial=str(saved[change.pk]) if change.pk in saved else "",
                    error_messages={
                        "invalid_choice": f"Choose a place for “{change.title}” "
                        f"from 1st to {ordinal(places)}, or “Not ranked”."
                    },
                )

    def raw(self) -> dict[int, str]:
        """What was chosen, as the service reads it (change pk -> value)."""
        data = self.cleaned_data
        if self.rules.method == VotingMethod.APPROVE:
            chosen = set(data.get(CHOICES_FIELD) or [])
            return {c.pk: "1" for c in self.changes if str(c.pk) in chosen}
        return {
            c.pk: data.get(field_name(c)) or ""
            for c in self.changes
            if field_name(c) in data
        }

    def clean(self) -> dict[str, object]:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            self.checked = check_choices(self.rules, self.changes, self.raw())
        except BallotError as error:
            self.add_ballot_error(error)
        return cleaned

    def add_ballot_error(self, error: BallotError) -> None:
        for where, message in error.errors.items():
            self.add_error(where if where in self.fields else None, message)

    def change_rows(self) -> list[tuple[Change, forms.BoundField]]:
        return [(c, self[field_name(c)]) for c in self.changes]


class StepForm(forms.Form):
    """One change on one screen (easy read): a single question."""

    answer = forms.ChoiceField(widget=forms.RadioSelect)

    def __init__(
        self,
        data: Mapping[str, object] | None = None,
        *,
        rules: PrioritySettings,
        change: Change,
        change_count: int,
        initial_answer: str | None = None,
    ) -> None:
        super().__init__(data, initial={"answer": initial_answer})
        field = self.fields["answer"]
        field.error_messages["required"] = "Choose an answer."
        field.error_messages["invalid_choice"] = "Choose 1 of the answers."
        if rules.method == VotingMethod.RATE:
            field.label = "How important is this change to you?"
            field.choices = rate_options()
        elif rules.method == VotingMethod.APPROVE:
            most = rules.approvals_allowed(change_count)
            field.label = "Do you choose this change?"
            field.help_text = f"You can choose up to {most}."
            field.choices = [(YES, "Yes, I choose it"), (NO, "No")]
        else:
            places = rules.places_to_rank(change_count)
            field.label = "What place do you give this change?"
            field.help_text = "1st place is the most important to you."
            field.choices = [
                (str(n), f"{ordinal(n)} place") for n in range(1, places + 1)
            ] + [("none", "I do not give it a place")]


def step_value(method: str, answer: str) -> str:
    """A step's answer as the service reads it."""
    if method == VotingMethod.APPROVE:
        return "1" if answer == YES else ""
    if answer in {SKIP, "none"}:
        return ""
    return answer


def step_answer(method: str, value: str | int | None) -> str | None:
    """A saved value as the step's radio answer (to pre-fill)."""
    if value is None:
        return None
    text = str(value)
    if method == VotingMethod.APPROVE:
        return YES if text == "1" else NO
    if text == "":
        return SKIP if method == VotingMethod.RATE else "none"
    return text


class SettingsForm(forms.ModelForm):
    class Meta:
        model = PrioritySettings
        fields = ["method", "max_approvals", "rank_top_k", "room_counts_on"]
        labels = {
            "method": "How do people vote?",
            "max_approvals": "Most changes one person may choose",
            "rank_top_k": "How many places to rank",
            "room_counts_on": "Show live counts in room sessions",
        }
        help_texts = {
            "max_approvals": "Only when people choose up to a number of changes.",
            "rank_top_k": "Only when people put changes in order. Leave empty "
            "to rank them all.",
        }
        widgets = {
            "method": forms.RadioSelect,
            "max_approvals": forms.NumberInput(attrs={"class": "input--short"}),
            "rank_top_k": forms.NumberInput(attrs={"class": "input--short"}),
        }
        error_messages = {
            "method": {
                "required": "Choose how people vote.",
                "invalid_choice": "Choose 1 of the ways people can vote.",
            },
            "max_approvals": {
                "required": "Say how many changes one person may choose.",
                "invalid": "Write a whole number, like 3.",
            },
            "rank_top_k": {"invalid": "Write a whole number, like 3."},
        }

    def clean_max_approvals(self) -> int:
        value = self.cleaned_data["max_approvals"]
        if not 1 <= value <= 20:
            raise forms.ValidationError("Choose a number from 1 to 20.")
        return value

    def clean_rank_top_k(self) -> int | None:
        value = self.cleaned_data["rank_top_k"]
        if value is not None and not 1 <= value <= 20:
            raise forms.ValidationError(
                "Choose a number from 1 to 20, or leave it empty."
            )
        return value


class AssistedWhoForm(forms.Form):
    """Who the facilitator is helping: a person with a code, or someone new."""

    HAS_CODE = "code"
    NEW = "new"

    who = forms.ChoiceField(
        label="Who are you helping to vote?",
        choices=[
            (HAS_CODE, "Someone with a participation code"),
            (NEW, "Someone new, with no code: make them one"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose who you are helping.",
            "invalid_choice": "Choose who you are helping.",
        },
    )
    code = forms.CharField(
        label="Their participation code",
        required=False,
        max_length=40,
        help_text="8 letters and numbers, like ACEF-3479. Only if they have a code.",
        widget=forms.TextInput(
            attrs={"class": "input--code", "autocomplete": "off", "spellcheck": "false"}
        ),
    )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean()
        if cleaned.get("who") == self.HAS_CODE and not cleaned.get("code"):
            self.add_error("code", "Type the person's code, or choose someone new.")
        return cleaned
