"""Plain words for money (easy read rules ER6 and ER7)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consult.money import format_pounds, plain_pounds, share_in_ten


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("1186"), "£1,186"),
        (Decimal("23.56"), "£23.56"),
        (Decimal("9999"), "£9,999"),
        (Decimal("150000"), "£150,000"),
        (Decimal("151234"), "about £151,000"),
        (Decimal("2000000"), "£2 million"),
        (Decimal("2040000"), "about £2 million"),
        (Decimal("78000000"), "£78 million"),
        (Decimal("3500000"), "£3.5 million"),
        (Decimal("27060000000"), "about £27 billion"),
    ],
)
def test_plain_pounds(amount, expected):
    assert plain_pounds(amount) == expected


def test_format_pounds_keeps_pence_only_when_there_are_some():
    assert format_pounds(Decimal("300000000")) == "£300,000,000"
    assert format_pounds(Decimal("0.5")) == "£0.50"


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(150, 300, 5), (78, 300, 3), (6, 300, 0), (0, 300, 0), (5, 0, 0), (300, 300, 10)],
)
def test_share_in_ten(part, whole, expected):
    assert share_in_ten(Decimal(part), Decimal(whole)) == expected


@given(st.decimals(min_value=10_000, max_value=10**12, places=2))
def test_plain_pounds_never_prints_more_than_four_significant_figures(amount):
    words = plain_pounds(amount)
    digits = [c for c in words if c.isdigit()]
    significant = "".join(digits).rstrip("0")
    assert len(significant) <= 3


@given(
    st.decimals(min_value=0, max_value=10**9, places=0),
    st.decimals(min_value=1, max_value=10**9, places=0),
)
def test_share_in_ten_stays_between_0_and_10_when_part_fits(part, whole):
    if part <= whole:
        assert 0 <= share_in_ten(part, whole) <= 10
