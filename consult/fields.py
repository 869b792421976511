"""Form fields that stay calm whatever ids are sent."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import QuerySet

WHOLE_NUMBER = re.compile(r"\s*[-+]?\d+\s*")


def _out_of_range(text: str, low: int | None, high: int | None) -> bool:
    """Whether `text` is a whole number outside low..high. Past 40 digits
    it is, without asking int() (which refuses past 4,300 digits anyway)."""
    if not WHOLE_NUMBER.fullmatch(text):
        return False
    if len(text.strip().lstrip("+-")) > 40:
        return True
    number = int(text)
    return (low is not None and number < low) or (high is not None and number > high)


class ModelChoicesField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that turns an id too big for the database
    into "choose from the list".

    Django checks each id's type but not its size before the `pk IN (...)`
    query, and SQLite raises OverflowError for a number past 64 bits: a 500
    for whoever edits the form's checkbox values. No real choice can have such
    an id, so it is simply a wrong choice."""

    def _check_values(self, value: Iterable[object]) -> QuerySet:
        key = self.to_field_name or "pk"
        meta = self.queryset.model._meta
        column = meta.pk if key == "pk" else meta.get_field(key)
        if isinstance(column, models.IntegerField):
            ops = connections[self.queryset.db].ops
            low, high = ops.integer_field_range(column.get_internal_type())
            for choice in value:
                if _out_of_range(str(choice), low, high):
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": choice},
                    )
        return super()._check_values(value)
