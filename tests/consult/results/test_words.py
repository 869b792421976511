"""Easy-read number words."""

from decimal import Decimal

import pytest

from consult.results.words import in_ten, people


@pytest.mark.parametrize(
    ("part", "whole", "words"),
    [
        (3, 10, "3 in 10"),
        (30, 100, "3 in 10"),
        (7, 20, "4 in 10"),  # 3.5 rounds half up
        (24, 100, "2 in 10"),
        (0, 8, "0 in 10"),
        (1, 50, "fewer than 1 in 10"),  # not "0 in 10": someone did
        (49, 50, "more than 9 in 10"),  # not "10 in 10": not everyone did
        (12, 12, "10 in 10"),
        (1, 2, "5 in 10"),
        (2, 3, "7 in 10"),
        (Decimal("750000"), Decimal("3000000"), "3 in 10"),  # part of a pot
        (Decimal("680921.05"), Decimal("3000000"), "2 in 10"),
    ],
)
def test_in_ten(part: int, whole: int, words: str) -> None:
    assert in_ten(part, whole) == words


@pytest.mark.parametrize(("part", "whole"), [(1, 0), (0, 0), (-1, 5), (6, 5)])
def test_in_ten_refuses_what_is_not_a_share(part: int, whole: int) -> None:
    with pytest.raises(ValueError, match=r"in_ten|not a part"):
        in_ten(part, whole)


def test_people_counts_in_digits() -> None:
    assert people(1) == "1 person"
    assert people(2) == "2 people"
    assert people(0) == "0 people"
