"""Forms for the organisation editor: a commitment, a milestone, a progress
update. Messages are plain words shown next to the field; what the person
typed is kept."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from themes.pictograms import pictogram_choices

from ..fields import ModelChoicesField
from ..models import (
    BudgetArea,
    Change,
    CommitmentStatus,
    Finding,
    Inquiry,
    MakingItRealTheme,
)
from ..models.inquiries import today

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d %m %Y", "%d.%m.%Y"]
MAX_LINKS = 10
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


def date_field(label: str, hint: str, required_message: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=hint,
        input_formats=DATE_FORMATS,
        error_messages={
            "required": required_message,
            "invalid": "Enter a real date, like 27/03/2027.",
        },
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"inputmode": "numeric"}),
    )


def progress_field(label: str = "How far along is it, from 0 to 100?") -> forms.Field:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=100,
        help_text="0 means not started. 100 means all done.",
        error_messages={
            "required": "Type a number from 0 to 100.",
            "invalid": "Type a number from 0 to 100, like 40.",
            "min_value": "Type a number from 0 to 100. It cannot be below 0.",
            "max_value": "Type a number from 0 to 100. It cannot be over 100.",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
    )


STATUS_FIELD_ERRORS = {"required": "Choose where this commitment stands."}
REASON_MESSAGE = "Say why you are not doing this. People need to know."


class ChooseInquiryForm(forms.Form):
    inquiry = forms.ModelChoiceField(
        label="Which inquiry does this commitment answer?",
        queryset=Inquiry.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        to_field_name="slug",
        error_messages={
            "required": "Choose the inquiry.",
            "invalid_choice": "Choose the inquiry.",
        },
    )

    def __init__(self, *args: Any, inquiries: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["inquiry"].queryset = inquiries


class CommitmentForm(forms.Form):
    title = forms.CharField(
        label="What will you do?",
        max_length=200,
        help_text="A short title, for example: Shared Lives for people leaving "
        "hospital.",
        error_messages={
            "required": "Say in a few words what you will do.",
            "max_length": "Keep the title under 200 characters.",
        },
    )
    description = forms.CharField(
        label="In your own words",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What you will do, how, and what will be different for people.",
        error_messages={
            "required": "Say in your own words what you will do.",
            "max_length": "Keep this under 4,000 characters.",
        },
    )
    easy_read_title = forms.CharField(
        label="Title in easy read",
        max_length=120,
        help_text="Everyday words. For example: Help when you leave hospital.",
        error_messages={
            "required": "Write the title in easy read.",
            "max_length": "Keep the easy-read title under 120 characters.",
        },
    )
    easy_read_text = forms.CharField(
        label="What you will do, in easy read",
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Up to 3 short sentences. Numbers as digits.",
        error_messages={
            "required": "Write what you will do in easy read.",
            "max_length": "Keep the easy-read text under 400 characters.",
        },
    )
    pictogram = forms.ChoiceField(
        label="Picture for easy read",
        choices=pictogram_choices,
        error_messages={"required": "Choose a picture."},
    )
    changes = ModelChoicesField(
        label="Which changes does this answer?",
        queryset=Change.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose at least one.",
        error_messages={"required": "Choose at least one change this answers."},
    )
    findings = forms.CharField(
        label="What people said that this answers",
        required=False,
        max_length=300,
        help_text="The numbers of findings, for example: 12, 40. Only findings "
        "people agreed we may quote are ever shown.",
    )
    making_it_real = ModelChoicesField(
        label="Making it Real themes",
        queryset=MakingItRealTheme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    co_produced_with = forms.CharField(
        label="Who did you make this commitment with?",
        max_length=300,
        required=False,
        help_text="For example: the inquiry group and Anyshire Voices.",
    )
    owner_role = forms.CharField(
        label="Who is responsible?",
        max_length=120,
        help_text="A role, not a person's name. For example: Director of Adult "
        "Social Care.",
        error_messages={"required": "Say which role is responsible."},
    )
    owner_email = forms.EmailField(
        label="Email for reminders",
        required=False,
        help_text="A shared mailbox for the role. Never shown in public.",
        error_messages={"invalid": "Type an email address like team@example.org."},
    )
    start_on = date_field(
        "Start date", "For example: 1/4/2027", "Enter the start date."
    )
    due_on = date_field(
        "Due date",
        "When it will be done. For example: 31/3/2028",
        "Enter the due date.",
    )
    review_on = date_field(
        "Next progress update",
        "When you will next say in public how it is going.",
        "Enter the date of your next progress update.",
    )
    status = forms.ChoiceField(
        label="Where does it stand?",
        choices=CommitmentStatus.choices,
        widget=forms.RadioSelect,
        error_messages=STATUS_FIELD_ERRORS,
    )
    not_doing_reason = forms.CharField(
        label="If you are not doing it, why not?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when the answer is 'Not doing'.",
    )
    budget_area = forms.ModelChoiceField(
        label="Area of spending",
        queryset=BudgetArea.objects.none(),
        required=False,
        empty_label="None",
    )
    budget_amount = forms.DecimalField(
        label="Money set aside, in pounds",
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text="For example: 250000",
        error_messages={
            "invalid": "Type an amount in pounds, like 250000.",
            "min_value": "The amount cannot be below 0.",
            "max_digits": "That amount is too big. Check the number.",
            "max_decimal_places": "Use pounds and pence at most, like 1500.50.",
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    reference = forms.CharField(
        label="Your reference",
        required=False,
        max_length=40,
        help_text="From your own action plan, if it has one.",
    )

    def __init__(self, *args: Any, inquiry: Inquiry, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.inquiry = inquiry
        self.fields["changes"].queryset = Change.objects.filter(
            inquiry=inquiry
        ).order_by("number")
        self.fields["budget_area"].queryset = BudgetArea.objects.filter(
            budget__inquiry=inquiry
        ).order_by("number")

    def clean_findings(self) -> list[Finding]:
        raw = self.cleaned_data.get("findings", "")
        numbers = re.findall(r"\d+", raw)
        if re.sub(r"[\d\s,#;]", "", raw):
            raise ValidationError(
                "Type the numbers of findings only, with commas between them, "
                "like 12, 40."
            )
        # A number too long to be an id (the database's ids have at most 18
        # digits) is simply not a finding here, never a database error.
        too_long = sorted({n for n in numbers if len(n.lstrip("0")) > 18})
        wanted = {int(n) for n in numbers if len(n.lstrip("0")) <= 18}
        found = list(
            Finding.objects.filter(inquiry=self.inquiry, pk__in=wanted).order_by("pk")
        )
        missing = [str(n) for n in sorted(wanted - {f.pk for f in found})]
        missing += [n[:12] + "…" for n in too_long]
        if missing:
            raise ValidationError(
                "There is no finding "
                + ", ".join(f"#{n}" for n in missing[:10])
                + " in this inquiry. Check the numbers."
            )
        return found

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, due = cleaned.get("start_on"), cleaned.get("due_on")
        if start and due and due < start:
            self.add_error(
                "due_on", "The due date must be the same as or after the start date."
            )
        reason = (cleaned.get("not_doing_reason") or "").strip()
        if cleaned.get("status") == CommitmentStatus.NOT_DOING and not reason:
            self.add_error("not_doing_reason", REASON_MESSAGE)
        cleaned["not_doing_reason"] = reason
        return cleaned

    @classmethod
    def initial_for(cls, commitment: Any) -> dict[str, Any]:
        initial = {
            name: getattr(commitment, name)
            for name in cls.base_fields
            if name not in {"changes", "findings", "making_it_real"}
        }
        initial["changes"] = list(commitment.changes.all())
        initial["making_it_real"] = list(commitment.making_it_real.all())
        initial["findings"] = ", ".join(
            str(pk)
            for pk in commitment.findings.order_by("pk").values_list("pk", flat=True)
        )
        return initial


class MilestoneForm(forms.Form):
    title = forms.CharField(
        label="What is the step?",
        max_length=200,
        error_messages={"required": "Say what the step is."},
    )
    easy_read_title = forms.CharField(
        label="The step in easy read", max_length=120, required=False
    )
    due_on = date_field(
        "When is it due?", "For example: 30/9/2027", "Enter when the step is due."
    )
    progress = progress_field()
    order = forms.IntegerField(
        label="Place in the list",
        min_value=0,
        max_value=999,
        required=False,
        help_text="Steps are shown in this order, then by date.",
        error_messages={"invalid": "Type a whole number, like 2."},
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )


def _validate_links(raw: str) -> list[str]:
    lines = [line.strip() for line in raw.splitlines() if line.strip()]
    if len(lines) > MAX_LINKS:
        raise ValidationError(f"Give {MAX_LINKS} links at most.")
    check = URLValidator(schemes=["http", "https"])
    for line in lines:
        try:
            check(line)
        except ValidationError as error:
            raise ValidationError(
                f"“{line[:80]}” is not a web address. Give one address per "
                "line, starting with https://"
            ) from error
    return lines


class ProgressUpdateForm(forms.Form):
    dated = date_field(
        "Date of this update", "For example: 4/12/2026", "Enter the date of the update."
    )
    text = forms.CharField(
        label="What has happened?",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What you did since the last update, and what comes next.",
        error_messages={
            "required": "Say what has happened.",
            "max_length": "Keep this under 4,000 characters.",
        },
    )
    easy_read_text = forms.CharField(
        label="What has happened, in easy read",
        max_length=400,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Up to 3 short sentences.",
        error_messages={"max_length": "Keep the easy-read text under 400 characters."},
    )
    status = forms.ChoiceField(
        label="Where does it stand now?",
        choices=CommitmentStatus.choices,
        widget=forms.RadioSelect,
        error_messages=STATUS_FIELD_ERRORS,
    )
    status_reason = forms.CharField(
        label="If you are not doing it, why not?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when the answer is 'Not doing'.",
    )
    progress = progress_field()
    next_review_on = date_field(
        "Next progress update",
        "When you will next say how it is going. Not needed once it is done "
        "or you are not doing it.",
        "Enter the date of your next progress update.",
    )
    evidence_links = forms.CharField(
        label="Links to evidence",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text="One web address per line, for example a report or minutes.",
    )
    evidence_file = forms.FileField(
        label="A photo or recording as evidence",
        required=False,
        help_text="JPEG, PNG or WebP photo, or an MP3, M4A, OGG or WAV recording.",
    )
    evidence_description = forms.CharField(
        label="What the photo shows",
        required=False,
        max_length=300,
        help_text="For people who cannot see it.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["next_review_on"].required = False

    def clean_dated(self) -> dt.date:
        dated = self.cleaned_data["dated"]
        if dated > today():
            raise ValidationError("The date of the update cannot be in the future.")
        return dated

    def clean_evidence_links(self) -> list[str]:
        return _validate_links(self.cleaned_data.get("evidence_links", ""))

    def clean_evidence_file(self) -> Any:
        upload = self.cleaned_data.get("evidence_file")
        if upload and upload.size > MAX_EVIDENCE_BYTES:
            raise ValidationError(
                "The file is bigger than 20 MB. Choose a smaller one."
            )
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        status = cleaned.get("status")
        reason = (cleaned.get("status_reason") or "").strip()
        cleaned["status_reason"] = reason
        if status == CommitmentStatus.NOT_DOING and not reason:
            self.add_error("status_reason", REASON_MESSAGE)
        next_review = cleaned.get("next_review_on")
        dated = cleaned.get("dated")
        is_open = status in {CommitmentStatus.PLANNED, CommitmentStatus.STARTED}
        if is_open and "next_review_on" not in self.errors:
            if next_review is None:
                self.add_error(
                    "next_review_on",
                    "Enter the date of your next progress update, so people "
                    "know when to look.",
                )
            elif dated and next_review <= dated:
                self.add_error(
                    "next_review_on",
                    "The next progress update must be after the date of this one.",
                )
        return cleaned
