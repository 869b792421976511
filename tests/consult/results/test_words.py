"""Easy-read number words: "3 in 10", never a percentage."""

from decimal import Decimal

import pytest

from consult.results.words import in_ten, people


@pytest.mark.parametrize(
    ("part", "whole", "words"),
    [
        (3, 10, "3 in 10"),
        (30, 100, "3 in 10"),
        (25, 100, "3 in 10"),  # half rounds up
        (24, 100, "2 in 10"),
        (1, 3, "3 in 10"),
        (2, 3, "7 in 10"),
        (10, 10, "10 in 10"),
        (1, 100, "less than 1 in 10"),  # not "0 in 10": someone did
        (99, 100, "more than 9 in 10"),  # not "10 in 10": not everyone did
        (0, 7, "0 in 10"),
        (0, 0, "0 in 10"),
        (Decimal("750000"), Decimal("3000000"), "3 in 10"),
    ],
)
def test_in_ten(part, whole, words):
    assert in_ten(part, whole) == words


@pytest.mark.parametrize(("part", "whole"), [(5, 4), (-1, 10), (1, -1)])
def test_in_ten_refuses_a_part_that_is_not_a_part(part, whole):
    with pytest.raises(ValueError):
        in_ten(part, whole)


def test_people_counts_in_digits():
    assert people(1) == "1 person"
    assert people(2) == "2 people"
    assert people(0) == "0 people"
