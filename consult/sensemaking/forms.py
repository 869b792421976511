"""Forms for the Make sense screens. Plain-words messages, shown next to the
field and in the error summary; what the person chose is kept."""

from __future__ import annotations

from django import forms

from ..fields import ModelChoicesField
from ..models import BudgetArea, Change, Channel, Inquiry, Theme

THEME_ALL = ""
THEME_NONE = "none"
THEME_ANY = "any"


class FindingFilterForm(forms.Form):
    """The GET filter above the findings table. Never invalid: an unknown
    value is ignored, so any link works."""

    q = forms.CharField(label="Words in the finding", required=False, max_length=100)
    theme = forms.ChoiceField(label="Theme", required=False)
    area = forms.ChoiceField(label="Area of support", required=False)
    channel = forms.ChoiceField(label="How it came in", required=False)

    def __init__(self, data: object, *, inquiry: Inquiry, themes: list[Theme]) -> None:
        # Its own ids: the assign form below has a "theme" field too.
        super().__init__(data, auto_id="filter-%s")
        self.fields["theme"].choices = [
            (THEME_ALL, "All findings"),
            (THEME_NONE, "Not in a theme yet"),
            (THEME_ANY, "In any theme"),
            *[(str(t.pk), t.name) for t in themes],
        ]
        areas = BudgetArea.objects.filter(budget__inquiry=inquiry).order_by("number")
        self.fields["area"].choices = [
            ("", "All areas"),
            *[(str(a.pk), a.name) for a in areas],
        ]
        self.fields["channel"].choices = [("", "All ways"), *Channel.choices]

    def filters(self) -> dict[str, str]:
        """The chosen filters, with anything unknown dropped."""
        if not self.is_bound:
            return {}
        chosen = {}
        for name, field in self.fields.items():
            value = str(self.data.get(name, "") or "").strip()[:100]
            if not value:
                continue
            if isinstance(field, forms.ChoiceField) and value not in {
                str(v) for v, _ in field.choices
            }:
                continue
            chosen[name] = value
        return chosen


class AssignForm(forms.Form):
    findings = ModelChoicesField(
        queryset=None,  # type: ignore[arg-type]
        label="Findings",
        error_messages={
            "required": "Choose at least one finding to put in a theme.",
            "invalid_choice": "Some of the chosen findings can no longer be put "
            "in a theme. Look at the list again.",
            "invalid_pk_value": "Choose findings from the list.",
        },
    )
    theme = forms.ModelChoiceField(
        queryset=None,  # type: ignore[arg-type]
        label="Put the chosen findings in this theme",
        empty_label="Choose a theme",
        error_messages={
            "required": "Choose the theme to put the findings in.",
            "invalid_choice": "Choose a theme from the list.",
        },
    )

    def __init__(self, data: object, *, findings: object, themes: object) -> None:
        super().__init__(data)
        self.fields["findings"].queryset = findings
        self.fields["theme"].queryset = themes


class ThemeForm(forms.Form):
    name = forms.CharField(
        label="Name of the theme",
        max_length=120,
        help_text="Short and plain, for example “Support at home from people I know”.",
        error_messages={
            "required": "Give the theme a name.",
            "max_length": "Give the theme a name of 120 characters or fewer.",
        },
    )
    easy_read_name = forms.CharField(
        label="Name in easy read",
        max_length=120,
        required=False,
        help_text="Everyday words, 10 words or fewer.",
    )
    description = forms.CharField(
        label="What the theme is about",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(
        queryset=None,  # type: ignore[arg-type]
        label="Merge into",
        empty_label="Choose a theme",
        help_text="Every finding, key quote and change moves to the theme you "
        "choose. This theme is then removed.",
        error_messages={
            "required": "Choose the theme to merge into.",
            "invalid_choice": "Choose a theme from the list.",
        },
    )

    def __init__(self, data: object, *, themes: object, prefix: str = "merge") -> None:
        super().__init__(data, prefix=prefix)
        self.fields["into"].queryset = themes


class ChangeThemesForm(forms.Form):
    themes = ModelChoicesField(
        queryset=None,  # type: ignore[arg-type]
        label="Themes behind this change",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, data: object, *, themes: object, initial: object = None) -> None:
        super().__init__(data, initial=initial)
        self.fields["themes"].queryset = themes


class ThemeChangesForm(forms.Form):
    changes = ModelChoicesField(
        queryset=None,  # type: ignore[arg-type]
        label="Changes this theme supports",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, data: object, *, inquiry: Inquiry, initial: object = None
    ) -> None:
        super().__init__(data, initial=initial, prefix="changes")
        field = self.fields["changes"]
        field.queryset = Change.objects.filter(inquiry=inquiry).order_by("number")
        field.label_from_instance = lambda c: f"{c.number}. {c.title}"


class AcceptForm(forms.Form):
    name = forms.CharField(
        label="Name for the new theme",
        max_length=120,
        help_text="Use the name of an existing theme to add these findings to it.",
        error_messages={
            "required": "Give the theme a name.",
            "max_length": "Give the theme a name of 120 characters or fewer.",
        },
    )
