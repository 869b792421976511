"""Forms for the consultation pages. Messages are plain words, shown next to
the field, and what the person typed is kept."""

from django import forms

from . import codes
from .fields import ModelChoicesField
from .media import MAX_AUDIO_BYTES, CheckedFile, MediaProblem, check_upload
from .models import (
    AgeBand,
    BudgetArea,
    Change,
    Consent,
    FindingReport,
    Inquiry,
    RelationshipToCare,
    TookPart,
    YesNo,
)
from .models.about_you import (
    ELSEWHERE,
    ELSEWHERE_LABEL,
    ETHNICITY_OPTIONS,
    PREFER_NOT,
    PREFER_NOT_LABEL,
    EthnicGroup,
)
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


class FindingFormMixin:
    """What every form that records a finding shares: the inquiry's areas of
    support to choose from, and a name when someone wants their name shown."""

    name_missing = (
        "Tell us the name to show, or choose to use your words without your name."
    )

    def limit_to(self, inquiry: Inquiry) -> None:
        self.fields["areas"].queryset = BudgetArea.objects.filter(
            budget__inquiry=inquiry, is_decision_area=True
        )
        self.fields["areas"].label_from_instance = lambda area: area.name

    def clean(self) -> dict[str, object]:
        cleaned = super().clean()
        if (
            cleaned.get("consent") == Consent.NAMED
            and not (cleaned.get("display_name") or "").strip()
        ):
            self.add_error("display_name", self.name_missing)
        return cleaned


class StoryForm(FindingFormMixin, forms.Form):
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
    areas = ModelChoicesField(
        label="Which kinds of support is it about?",
        queryset=BudgetArea.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose any that fit, or none.",
    )
    changes = ModelChoicesField(
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
    media = forms.FileField(
        label="Add a photo or a recording",
        required=False,
        help_text="A photo (JPEG, PNG or WebP, up to 10 MB) or a recording of you "
        "talking (MP3, M4A, OGG or WAV, up to 20 MB). We take out hidden "
        "details, like where a photo was taken.",
        widget=forms.FileInput(attrs={"accept": "image/*,audio/*"}),
    )
    media_description = forms.CharField(
        label="What does the photo show?",
        max_length=300,
        required=False,
        help_text="For people who cannot see it. For example: my kitchen, where "
        "my support worker helps me cook.",
    )
    remove_media = forms.BooleanField(
        label="Take away the photo or recording I sent", required=False
    )

    def clean_media(self) -> CheckedFile | None:
        upload = self.cleaned_data.get("media")
        if not upload:
            return None
        if upload.size > MAX_AUDIO_BYTES:
            raise forms.ValidationError(
                "The file is bigger than 20 MB. Choose a smaller one."
            )
        try:
            return check_upload(upload.read())
        except MediaProblem as problem:
            raise forms.ValidationError(str(problem)) from problem

    def __init__(self, *args: object, inquiry: Inquiry, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.limit_to(inquiry)
        self.fields["changes"].queryset = Change.objects.filter(inquiry=inquiry)
        self.fields["changes"].label_from_instance = lambda change: change.title


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


CONSENT_WORDS = (
    "I agree you can keep these answers to count who took part. They are "
    "never shown with what you said."
)
PREFER_NOT_CHOICE = (PREFER_NOT, PREFER_NOT_LABEL)
# Django's own messages name the code that was sent; nobody typed a code.
NOT_AN_ANSWER = {
    "invalid_choice": "Choose from the answers shown.",
    "invalid_list": "Choose from the answers shown.",
}
ABOUT_YOU_PICTOGRAMS = {
    "relationship": {
        RelationshipToCare.DRAW_ON_CARE: "help",
        RelationshipToCare.UNPAID_CARER: "family",
        RelationshipToCare.ASKED_NOT_QUALIFIED: "no",
        RelationshipToCare.WORK_IN_CARE: "care-worker",
        RelationshipToCare.COMMISSION: "money",
        RelationshipToCare.COMMUNITY_ORG: "community",
        RelationshipToCare.COUNCILLOR: "vote",
        RelationshipToCare.PUBLIC: "group",
        PREFER_NOT: "key",
    },
    "took_part": {
        TookPart.ONLINE: "computer",
        TookPart.EASY_READ_ONLINE: "read",
        TookPart.PHONE_WITH_HELP: "telephone",
        TookPart.IN_A_ROOM: "meet",
        TookPart.PEER_GROUP: "group",
        TookPart.VIDEO_OR_DRAWING: "communicate",
        PREFER_NOT: "key",
    },
    "disability": {YesNo.YES: "yes", YesNo.NO: "no", PREFER_NOT: "key"},
    "helped": {YesNo.YES: "help", YesNo.NO: "no", PREFER_NOT: "key"},
}


def _multi(label: str, choices: list[tuple[str, str]], hint: str) -> forms.Field:
    return forms.MultipleChoiceField(
        label=label,
        choices=[*choices, PREFER_NOT_CHOICE],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=hint,
        error_messages=NOT_AN_ANSWER,
    )


def _single(label: str, choices: list, hint: str = "") -> forms.Field:
    return forms.ChoiceField(
        label=label,
        choices=[*choices, PREFER_NOT_CHOICE],
        required=False,
        widget=forms.RadioSelect,
        help_text=hint,
        error_messages=NOT_AN_ANSWER,
    )


class AboutYouForm(forms.Form):
    """'About you': every question optional, each with "Prefer not to say",
    and a separate agreement before anything is kept."""

    relationship = _multi(
        "How are you involved with care and support?",
        RelationshipToCare.choices,
        "Choose all that are true for you.",
    )
    age_band = _single("How old are you?", AgeBand.choices)
    disability = _single(
        "Are you disabled?",
        YesNo.choices,
        "The law (the Equality Act 2010) says you are disabled if you have a "
        "physical or mental condition that makes everyday things a lot harder, "
        "and it has lasted or is likely to last 12 months or more.",
    )
    ethnicity = _single(
        "What is your ethnic group?",
        [(str(group.label), ETHNICITY_OPTIONS[group]) for group in EthnicGroup],
        "Choose the one that best describes your ethnic group or background. "
        "These are the answers the 2021 Census used.",
    )
    area = _single("Where do you live?", [], "Choose the nearest area.")
    took_part = _multi(
        "How did you take part?",
        TookPart.choices,
        "Choose all the ways you told us what you think.",
    )
    helped = _single(
        "Did someone help you to take part?",
        [(YesNo.YES, "Yes, someone helped me"), (YesNo.NO, "No, I did it myself")],
        "For example to read the questions, write your answers or use the phone.",
    )
    consent = forms.BooleanField(
        label=CONSENT_WORDS,
        error_messages={
            "required": "Tick the box to agree we can keep your answers. Without "
            "it we keep nothing."
        },
    )

    def __init__(self, *args: object, areas: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if areas:
            self.fields["area"].choices = [
                *((name, name) for name in areas),
                (ELSEWHERE, ELSEWHERE_LABEL),
                PREFER_NOT_CHOICE,
            ]
        else:
            del self.fields["area"]

    def _on_its_own(self, name: str) -> list[str]:
        chosen = self.cleaned_data.get(name) or []
        if PREFER_NOT in chosen and len(chosen) > 1:
            raise forms.ValidationError(
                "Choose “Prefer not to say” on its own, or untick it."
            )
        return chosen

    def clean_relationship(self) -> list[str]:
        return self._on_its_own("relationship")

    def clean_took_part(self) -> list[str]:
        return self._on_its_own("took_part")

    def answers(self) -> dict[str, object]:
        """The answers, named as record_about_you takes them."""
        data = self.cleaned_data
        return {
            "relationship": data["relationship"],
            "age_band": data["age_band"],
            "disability": data["disability"],
            "ethnicity": data["ethnicity"],
            "area": data.get("area", ""),
            "took_part": data["took_part"],
            "helped": data["helped"],
        }
