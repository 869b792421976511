"""Easy-read words for results: shares as "3 in 10", never percentages (ER6),
and the short sentences the easy-read web page and the easy-read PDF share.

Plain data in, plain strings out, so both outputs say exactly the same."""

from __future__ import annotations

from decimal import Decimal

from ..money import share_in_ten


def in_ten(part: int | Decimal, whole: int | Decimal) -> str:
    """A share as easy read says it: "3 in 10".

    Rounded to the nearest tenth, half up. A share that is not none but rounds
    to 0 is "less than 1 in 10"; one that is not all but rounds to 10 is
    "more than 9 in 10", so the words never say "none" or "all" when that is
    not true. Nothing out of nothing is "0 in 10"."""
    part, whole = Decimal(part), Decimal(whole)
    if part < 0 or whole < 0 or part > whole:
        raise ValueError(f"{part} is not a part of {whole}")
    if whole == 0 or part == 0:
        return "0 in 10"
    tenths = share_in_ten(part, whole)
    if tenths == 0:
        return "less than 1 in 10"
    if tenths == 10 and part < whole:
        return "more than 9 in 10"
    return f"{tenths} in 10"


def people(count: int) -> str:
    """ "1 person", "12 people": digits always (ER6)."""
    return f"{count} {'person' if count == 1 else 'people'}"


def things(count: int) -> str:
    return f"{count} {'thing' if count == 1 else 'things'}"
