"""Forms for sessions and the facilitator console. Messages are plain words
shown next to the field; what the person typed is kept."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils import timezone

from consult.fields import ModelChoicesField
from consult.forms import FindingFormMixin
from consult.models import BudgetArea, Consent, Inquiry, User
from consult.models.findings import MAX_FINDING_LENGTH

from .models import AccessFeature, SessionFormat

PHONE_CHARACTERS = re.compile(r"^[0-9+() \-]+$")


def clean_phone(value: str) -> str:
    """A UK or international number: digits with spaces, dashes, brackets or +."""
    value = value.strip()
    if not value:
        return ""
    digits = re.sub(r"\D", "", value)
    if not PHONE_CHARACTERS.match(value) or not 10 <= len(digits) <= 15:
        raise forms.ValidationError(
            "Type a phone number with 10 to 15 numbers, like 01632 960 123."
        )
    return value


class SignUpForm(forms.Form):
    name = forms.CharField(
        label="Your name",
        max_length=80,
        help_text="A first name is fine.",
        error_messages={
            "required": "Tell us your name.",
            "max_length": "Please keep your name under 80 characters.",
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="Email address",
        required=False,
        help_text="We send your place, a reminder and any changes. Leave it empty "
        "if you would rather we phone you.",
        error_messages={"invalid": "Type an email address like name@example.com."},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label="Phone number",
        required=False,
        max_length=30,
        help_text="For a call or text if something changes.",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    brings_supporter = forms.BooleanField(
        label="A supporter is coming with me",
        required=False,
        help_text="Supporters come free. They need a seat too, so tell us.",
    )
    access_needs = forms.CharField(
        label="Is there anything you need so you can take part?",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: large print, a British Sign Language interpreter, "
        "a quiet space, or help with travel.",
        error_messages={"max_length": "Please keep this under 1,000 characters."},
    )

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data.get("phone", ""))

    def clean(self) -> dict[str, object]:
        cleaned = super().clean()
        if (
            not cleaned.get("email")
            and not cleaned.get("phone")
            and "email" not in self.errors
            and "phone" not in self.errors
        ):
            self.add_error(
                "email",
                "Give us an email address or a phone number, so we can "
                "tell you if something changes.",
            )
        return cleaned


class SessionPlanForm(forms.Form):
    title = forms.CharField(
        label="Name of the session",
        max_length=140,
        help_text="For example: Tuesday afternoon at the library.",
        error_messages={"required": "Give the session a name."},
    )
    format = forms.ChoiceField(
        label="How will people take part?",
        choices=SessionFormat.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how people take part."},
    )
    date = forms.DateField(
        label="Date",
        help_text="For example: 27/03/2027",
        input_formats=["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d %m %Y"],
        error_messages={
            "required": "Enter the date of the session.",
            "invalid": "Enter a real date, like 27/03/2027.",
        },
    )
    starts = forms.TimeField(
        label="Starts at",
        help_text="24-hour clock, for example 14:00",
        input_formats=["%H:%M", "%H.%M", "%H%M"],
        error_messages={
            "required": "Enter the start time.",
            "invalid": "Enter a time like 14:00.",
        },
    )
    ends = forms.TimeField(
        label="Ends at",
        help_text="24-hour clock, for example 16:00",
        input_formats=["%H:%M", "%H.%M", "%H%M"],
        error_messages={
            "required": "Enter the end time.",
            "invalid": "Enter a time like 16:00.",
        },
    )
    place = forms.CharField(
        label="Where",
        max_length=300,
        required=False,
        help_text="The full address for a room. Everyone can see this.",
    )
    joining_details = forms.CharField(
        label="How to join",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The video link or phone number. Only people with a place see it.",
    )
    access_features = forms.MultipleChoiceField(
        label="What the session offers",
        choices=AccessFeature.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose from the list."},
    )
    access_notes = forms.CharField(
        label="More about access",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: the nearest bus stop, or where to park.",
    )
    payment_policy = forms.CharField(
        label="Paying people for their time",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What you pay, for travel and a carer's cover too, and that people "
        "may say no to a payment. Point to benefits advice.",
    )
    capacity = forms.IntegerField(
        label="How many seats?",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        min_value=1,
        max_value=1000,
        help_text="Count supporters too: each one takes a seat.",
        error_messages={
            "required": "Say how many seats there are.",
            "invalid": "Type a whole number, like 12.",
            "min_value": "There must be at least 1 seat.",
            "max_value": "Use 1,000 seats or fewer.",
        },
    )
    facilitators = ModelChoicesField(
        label="Facilitators",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: object, inquiry: Inquiry, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facilitators"].queryset = User.objects.filter(
            inquiry_roles__inquiry=inquiry
        ).order_by("email")
        self.fields["facilitators"].label_from_instance = lambda user: str(user)

    def clean(self) -> dict[str, object]:
        cleaned = super().clean()
        date, starts, ends = (cleaned.get(k) for k in ("date", "starts", "ends"))
        if date and starts and ends:
            zone = timezone.get_current_timezone()
            cleaned["starts_at"] = dt.datetime.combine(date, starts, tzinfo=zone)
            cleaned["ends_at"] = dt.datetime.combine(date, ends, tzinfo=zone)
            if ends <= starts:
                self.add_error("ends", "The session must end after it starts.")
        return cleaned


class AttendanceForm(forms.Form):
    attended = forms.IntegerField(
        label="How many people took part?",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        min_value=0,
        max_value=10000,
        help_text="Count people who came, not their supporters.",
        error_messages={
            "required": "Say how many people came.",
            "invalid": "Type a whole number, like 9.",
            "min_value": "Counts cannot be below 0.",
            "max_value": "That is more than 10,000. Check the number.",
        },
    )
    supporters_attended = forms.IntegerField(
        label="How many supporters came?",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        min_value=0,
        max_value=10000,
        initial=0,
        error_messages={
            "required": "Say how many supporters came, or 0.",
            "invalid": "Type a whole number, like 2.",
            "min_value": "Counts cannot be below 0.",
            "max_value": "That is more than 10,000. Check the number.",
        },
    )


CONSOLE_CONSENT_PICTOGRAMS = {"named": "yes", "anonymous": "eye", "count_only": "no"}


class CaptureForm(FindingFormMixin, forms.Form):
    """One finding, typed by a facilitator while people talk."""

    text = forms.CharField(
        label="What did they say?",
        max_length=MAX_FINDING_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "autofocus": True}),
        help_text="Their words, as close as you can.",
        error_messages={
            "required": "Type what the person said.",
            "max_length": "Keep it under 5,000 characters. Add the rest as a second "
            "finding.",
        },
    )
    code = forms.CharField(
        label="Their participation code",
        required=False,
        max_length=40,
        help_text="From their card, if they have one. Leave empty for someone in "
        "the room.",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "input--code",
            }
        ),
    )
    consent = forms.ChoiceField(
        label="Can we use their words?",
        choices=Consent.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Ask them, then choose if we can use their words."},
    )
    display_name = forms.CharField(
        label="Name to show",
        max_length=80,
        required=False,
        help_text="Only if they want their name with their words.",
    )
    areas = ModelChoicesField(
        label="Which kinds of support is it about?",
        queryset=BudgetArea.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose from the list."},
    )

    name_missing = "Type the name they want shown, or choose 'without my name'."

    def __init__(self, *args: object, inquiry: Inquiry, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.limit_to(inquiry)


MAX_IMPORT_BYTES = 1_000_000


class ImportForm(forms.Form):
    """Findings from the phone line or the post, many at once."""

    channel = forms.ChoiceField(
        label="Where did these come from?",
        choices=[("phone", "The phone line"), ("post", "Letters and forms by post")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where these findings came from."},
    )
    pasted = forms.CharField(
        label="Paste the rows",
        required=False,
        max_length=MAX_IMPORT_BYTES,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text="Copy from a spreadsheet, with the column names in the first row.",
        error_messages={"max_length": "That is too much at once. Split it in two."},
    )
    upload = forms.FileField(
        label="Or upload a CSV file",
        required=False,
        help_text="Saved from a spreadsheet as CSV. Up to 1 MB.",
    )

    def clean_upload(self) -> str:
        upload = self.cleaned_data.get("upload")
        if not upload:
            return ""
        name = upload.name.lower()
        if not name.endswith((".csv", ".txt")):
            raise forms.ValidationError(
                "This is not a CSV file. In your spreadsheet, choose Save As, then CSV."
            )
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                "The file is bigger than 1 MB. Split it in two."
            )
        raw = upload.read()
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise forms.ValidationError(
            "We could not read this file. Save it again as CSV UTF-8."
        )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean()
        if (
            not (cleaned.get("pasted") or "").strip()
            and not cleaned.get("upload")
            and "upload" not in self.errors
            and "pasted" not in self.errors
        ):
            self.add_error("pasted", "Paste some rows, or choose a CSV file.")
        cleaned["content"] = cleaned.get("upload") or cleaned.get("pasted") or ""
        return cleaned
