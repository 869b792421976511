"""Choice fields given ids that no row, or no database column, can hold."""

import pytest
from django import forms

from consult.fields import ModelChoicesField
from consult.models import BudgetArea

pytestmark = pytest.mark.django_db


class Pick(forms.Form):
    areas = ModelChoicesField(
        queryset=BudgetArea.objects.all(),
        error_messages={"invalid_choice": "Choose from the list."},
    )


@pytest.mark.parametrize(
    "pk", ["9" * 30, "-" + "9" * 30, "9223372036854775808", "9" * 5000]
)
def test_an_id_too_big_for_the_database_is_a_wrong_choice(demo, pk: str) -> None:
    form = Pick({"areas": [pk]})
    assert not form.is_valid()
    assert form.errors["areas"] == ["Choose from the list."]


def test_real_choices_are_still_taken(demo) -> None:
    area = BudgetArea.objects.filter(budget__inquiry=demo).first()
    form = Pick({"areas": [str(area.pk)]})
    assert form.is_valid(), form.errors
    assert list(form.cleaned_data["areas"]) == [area]


def test_an_id_that_is_not_a_number_is_still_refused(demo) -> None:
    assert not Pick({"areas": ["abc"]}).is_valid()
