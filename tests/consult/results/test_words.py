"""Easy-read number words."""

import pytest

from consult.results.words import in_ten


@pytest.mark.parametrize(
    ("part", "whole", "words"),
    [
        (3, 10, "3 in 10"),
        (30, 100, "3 in 10"),
        (7, 20, "4 in 10"),  # 3.5 rounds half up
        (0, 8, "0 in 10"),
        (1, 50, "fewer than 1 in 10"),
        (49, 50, "more than 9 in 10"),
        (12, 12, "10 in 10"),
        (1, 2, "5 in 10"),
        (2, 3, "7 in 10"),
    ],
)
def test_in_ten(part: int, whole: int, words: str) -> None:
    assert in_ten(part, whole) == words


@pytest.mark.parametrize(("part", "whole"), [(1, 0), (-1, 5), (6, 5)])
def test_in_ten_refuses_what_is_not_a_share(part: int, whole: int) -> None:
    with pytest.raises(ValueError, match=r"in_ten|not a part"):
        in_ten(part, whole)
