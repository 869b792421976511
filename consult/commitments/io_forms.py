"""Forms for following a change or an organisation, and for importing
commitments from a spreadsheet. Plain messages next to the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from ..models import Frequency, Inquiry
from .csv_import import MAX_BYTES


class FollowForm(forms.Form):
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        help_text="We use it only to send these updates. You can stop them "
        "with one click in any email.",
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address like name@example.org.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    frequency = forms.ChoiceField(
        label="How often do you want an email?",
        choices=Frequency.choices,
        initial=Frequency.WEEKLY,
        widget=forms.RadioSelect,
        help_text="Only when there is something new.",
        error_messages={"required": "Choose how often you want an email."},
    )


class ImportForm(forms.Form):
    inquiry = forms.ModelChoiceField(
        label="Which inquiry do these commitments answer?",
        queryset=Inquiry.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        to_field_name="slug",
        error_messages={
            "required": "Choose the inquiry.",
            "invalid_choice": "Choose the inquiry.",
        },
    )
    upload = forms.FileField(
        label="Your spreadsheet, saved as CSV",
        help_text=f"Up to {MAX_BYTES // 1024} KB. In Excel: File, Save as, CSV UTF-8.",
        error_messages={
            "required": "Choose the CSV file to import.",
            "empty": "The file is empty. Choose the CSV file to import.",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args: Any, inquiries: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["inquiry"].queryset = inquiries
        if len(inquiries) == 1:
            self.fields["inquiry"].required = False
            self.fields["inquiry"].widget = forms.HiddenInput()
            self.single = inquiries[0]
        else:
            self.single = None

    def clean_inquiry(self) -> Inquiry:
        return self.cleaned_data.get("inquiry") or self.single

    def clean_upload(self) -> Any:
        upload = self.cleaned_data["upload"]
        if upload.size > MAX_BYTES:
            raise ValidationError(
                f"The file is bigger than {MAX_BYTES // 1024} KB. Split it into "
                "smaller files."
            )
        name = (upload.name or "").lower()
        if name.endswith((".xlsx", ".xls", ".ods", ".numbers")):
            raise ValidationError(
                "This is a spreadsheet file, not a CSV. Save it as CSV first: in "
                "Excel, File, Save as, CSV UTF-8."
            )
        return upload
