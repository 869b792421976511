"""Forms that type in a vote for someone else: a paper ballot against its
code, or a vote a facilitator enters in a room. The marks are the same fields
the online ballot uses (`change_<pk>`), checked by the same rules
(`ballots.check_choices`), so a paper vote and an online vote cannot differ
in what they allow."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from .. import codes
from ..models import Change, PrioritySettings, VotingMethod
from .ballots import RATE_WORDS, BallotError, check_choices, ordinal

NO_ANSWER = ""


class MarksForm(forms.Form):
    """One field per change, in the inquiry's voting method. `clean()` runs
    the ballot rules and keeps the clean choices in `self.choices`."""

    def __init__(
        self,
        *args: Any,
        rules: PrioritySettings,
        changes: Sequence[Change],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.rules = rules
        self.changes = list(changes)
        self.choices = None
        places = rules.places_to_rank(len(self.changes))
        for change in self.changes:
            name = f"change_{change.pk}"
            label = f"{change.number}. {change.easy_read_title}"
            if rules.method == VotingMethod.APPROVE:
                field: forms.Field = forms.BooleanField(label=label, required=False)
            elif rules.method == VotingMethod.RANK:
                field = forms.ChoiceField(
                    label=label,
                    required=False,
                    choices=[(NO_ANSWER, "Not ranked")]
                    + [(str(p), f"{ordinal(p)} place") for p in range(1, places + 1)],
                )
            else:
                field = forms.ChoiceField(
                    label=label,
                    required=False,
                    widget=forms.RadioSelect,
                    choices=[(str(v), f"{v}: {w}") for v, w in RATE_WORDS.items()]
                    + [(NO_ANSWER, "No answer")],
                )
            field.change = change  # type: ignore[attr-defined]
            self.fields[name] = field

    def mark_fields(self) -> list[forms.BoundField]:
        return [self[f"change_{change.pk}"] for change in self.changes]

    def raw_marks(self) -> dict[str, str]:
        raw: dict[str, str] = {}
        for change in self.changes:
            name = f"change_{change.pk}"
            value = self.cleaned_data.get(name)
            if value is True:
                raw[name] = "1"
            elif value in (None, False):
                raw[name] = ""
            else:
                raw[name] = str(value)
        return raw

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        try:
            self.choices = check_choices(self.rules, self.changes, self.raw_marks())
        except BallotError as problem:
            self.add_ballot_error(problem)
        return data

    def add_ballot_error(self, problem: BallotError) -> None:
        for key, message in problem.errors.items():
            self.add_error(key if key in self.fields else None, message)


class CodeField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "autocomplete": "off",
                    "autocapitalize": "characters",
                    "spellcheck": "false",
                    "class": "input--code",
                }
            ),
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        typed = super().clean(value)
        if typed and not codes.normalise(typed):
            raise forms.ValidationError(
                "A code has 8 letters and numbers, like ACEF-3479. Check it and "
                "type it again."
            )
        return codes.normalise(typed) if typed else ""


class PaperBallotForm(MarksForm):
    """A paper ballot: the code printed on it, then its marks."""

    field_order = ["code"]

    code = CodeField(
        label="Code on the paper",
        help_text="It is at the top right, like ACEF-3479.",
        error_messages={"required": "Type the code printed on the paper."},
    )


class RoomBallotForm(MarksForm):
    """A vote a facilitator enters for someone in the room: with their code,
    or, for someone without one, as 'someone in the room'."""

    field_order = ["code"]

    code = CodeField(
        label="Their code (optional)",
        required=False,
        help_text="Leave it empty for someone in the room without a code.",
    )
