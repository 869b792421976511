"""Numbers in easy-read words: "3 in 10" instead of a percentage (EASY_READ.md,
rule ER6), and counts of people in digits. Plain functions, shared by the
easy-read pages and PDFs."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def in_ten(part: int | Decimal, whole: int | Decimal) -> str:
    """A share as "N in 10", rounded to the nearest whole tenth. It never
    rounds a share to nothing or to everyone when it is not: 1 of 50 is
    "fewer than 1 in 10", 49 of 50 is "more than 9 in 10". Amounts of money
    work too (a part of the pot)."""
    if whole <= 0:
        raise ValueError("in_ten needs a whole of 1 or more")
    if not 0 <= part <= whole:
        raise ValueError(f"{part} is not a part of {whole}")
    tenths = int(
        (Decimal(part) * 10 / Decimal(whole)).quantize(Decimal(1), ROUND_HALF_UP)
    )
    if tenths == 0 and part > 0:
        return "fewer than 1 in 10"
    if tenths == 10 and part < whole:
        return "more than 9 in 10"
    return f"{tenths} in 10"


def people(count: int) -> str:
    """ "1 person", "12 people": digits always (ER6)."""
    return f"{count} {'person' if count == 1 else 'people'}"
