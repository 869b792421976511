"""Forms for people's rights: plain words, a hint and an error on each field."""

from __future__ import annotations

from django import forms


class NameForm(forms.Form):
    preferred_name = forms.CharField(
        label="What should we call you?",
        max_length=100,
        error_messages={
            "required": "Type the name you want us to use.",
            "max_length": "Use 100 letters or fewer.",
        },
    )

    def clean_preferred_name(self) -> str:
        name = " ".join(self.cleaned_data["preferred_name"].split())
        if "@" in name:
            raise forms.ValidationError(
                "Type a name, not an email address. Your email address is "
                "changed on its own page."
            )
        return name


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand: my information will be erased and cannot come back",
        error_messages={
            "required": "Tick the box to say you understand, or go back to keep "
            "your information."
        },
    )


class AssistedEraseForm(forms.Form):
    """A facilitator erases for a code holder who asked in person or by phone."""

    code = forms.CharField(
        label="The code on the person's card",
        max_length=40,
        error_messages={"required": "Type the code from the person's card."},
    )
    confirm = forms.BooleanField(
        label="The person asked us to erase their information, and understands "
        "it cannot come back",
        error_messages={
            "required": "Tick the box to say the person asked and understands."
        },
    )
