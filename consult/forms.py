"""Forms for the consultation pages. Messages are plain words, shown next to
the field, and what the person typed is kept."""

from django import forms

from . import codes
from .models import BudgetArea, Change, Consent, FindingReport, Inquiry
from .models.findings import MAX_FINDING_LENGTH


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


CONSENT_PICTOGRAMS = {"named": "yes", "anonymous": "eye", "count_only": "no"}


class StoryForm(forms.Form):
    """Tell us what works and what doesn't: a person's own words, with consent
    asked for this contribution."""

    text = forms.CharField(
        label="What works for you, and what does not?",
        max_length=MAX_FINDING_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Write as much or as little as you like, in your own words.",
        error_messages={
            "required": "Tell us something before you send it.",
            "max_length": "Please keep it under 5,000 characters. You can send "
            "another story for the rest.",
        },
    )
    areas = forms.ModelMultipleChoiceField(
        label="Which kinds of support is it about?",
        queryset=BudgetArea.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose any that fit, or none.",
    )
    changes = forms.ModelMultipleChoiceField(
        label="Which changes is it about?",
        queryset=Change.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose any that fit, or none.",
    )
    consent = forms.ChoiceField(
        label="Can we use your words?",
        choices=Consent.choices,
        widget=forms.RadioSelect,
        help_text="We ask each time. You can change your mind until the results "
        "are published.",
        error_messages={"required": "Choose if we can use your words."},
    )
    display_name = forms.CharField(
        label="Your name, as you want it shown",
        max_length=80,
        required=False,
        help_text="Only if you chose to use your words with your name. A first "
        "name is fine.",
    )

    def __init__(self, *args: object, inquiry: Inquiry, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = BudgetArea.objects.filter(
            budget__inquiry=inquiry, is_decision_area=True
        )
        self.fields["changes"].queryset = Change.objects.filter(inquiry=inquiry)
        self.fields["areas"].label_from_instance = lambda area: area.name
        self.fields["changes"].label_from_instance = lambda change: change.title

    def clean(self) -> dict[str, object]:
        cleaned = super().clean()
        if (
            cleaned.get("consent") == Consent.NAMED
            and not (cleaned.get("display_name") or "").strip()
        ):
            self.add_error(
                "display_name",
                "Tell us the name to show, or choose to use your words without "
                "your name.",
            )
        return cleaned


class ModerationForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("publish", "Publish"),
            ("private", "Keep private"),
            ("escalate", "Escalate"),
            ("pending", "Back to waiting"),
            ("safeguarding", "Safeguarding concern"),
        ]
    )
    note = forms.CharField(max_length=300, required=False)


class SafeguardingActionForm(forms.Form):
    action_taken = forms.CharField(
        label="What was done",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Who was told, when, and what happens next. Do not copy what "
        "the person said.",
        error_messages={"required": "Say what was done."},
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="What is wrong with it?",
        choices=FindingReport.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what is wrong."},
    )
    note = forms.CharField(
        label="Anything else we should know",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
