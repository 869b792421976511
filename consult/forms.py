"""Forms for the consultation pages. Messages are plain words, shown next to
the field, and what the person typed is kept."""

from django import forms

from . import codes


class CodeEntryForm(forms.Form):
    code = forms.CharField(
        label="Your code",
        max_length=40,
        help_text="It is on your card. It has 8 letters and numbers, like ACEF-3479. "
        "Capital or small letters both work.",
        error_messages={"required": "Type the code from your card."},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "input--code",
            }
        ),
    )


class CodeBatchForm(forms.Form):
    label = forms.CharField(
        label="What are these codes for?",
        max_length=120,
        help_text="For example: Tuesday session at the library, or the post-out.",
        error_messages={"required": "Say what the codes are for."},
    )
    size = forms.IntegerField(
        label="How many codes?",
        min_value=1,
        max_value=500,
        initial=24,
        help_text="From 1 to 500. A page of A4 holds 8 cards.",
        error_messages={
            "required": "Say how many codes you need.",
            "invalid": "Type a whole number, like 24.",
            "min_value": "Ask for at least 1 code.",
            "max_value": "Ask for 500 codes or fewer at a time.",
        },
    )


class RevokeCodeForm(forms.Form):
    code = forms.CharField(
        label="Code to stop",
        max_length=40,
        help_text="Type the code from the lost or misused card.",
        error_messages={"required": "Type the code you want to stop."},
    )

    def clean_code(self) -> str:
        typed = self.cleaned_data["code"]
        if not codes.normalise(typed):
            raise forms.ValidationError(
                "This is not a code. A code has 8 letters and numbers, like ACEF-3479."
            )
        return typed
