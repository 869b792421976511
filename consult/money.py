"""Plain words for money: big numbers made real, in standard and easy read."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def format_pounds(amount: Decimal | int | float) -> str:
    """Exact pounds with thousands separators: £1,186 or £23.56."""
    value = Decimal(str(amount))
    if value == value.to_integral_value():
        return f"£{value:,.0f}"
    return f"£{value:,.2f}"


def plain_pounds(amount: Decimal | int | float) -> str:
    """A big amount rounded the way people say it: "about £78 million".

    Easy read rule ER7: numbers over 9,999 are rounded and said in words a
    person can hold ("about £2 million", "about £150,000")."""
    value = Decimal(str(amount))
    if value < 10_000:
        return format_pounds(value)
    for size, word in ((Decimal(10**9), "billion"), (Decimal(10**6), "million")):
        if value >= size:
            scaled = value / size
            places = Decimal("1") if scaled >= 10 else Decimal("0.1")
            rounded = scaled.quantize(places, rounding=ROUND_HALF_UP).normalize()
            exact = rounded * size == value
            return f"{'' if exact else 'about '}£{rounded:f} {word}"
    rounded = (value / 1000).quantize(Decimal("1"), rounding=ROUND_HALF_UP) * 1000
    exact = rounded == value
    return f"{'' if exact else 'about '}£{rounded:,.0f}"


def share_in_ten(part: Decimal, whole: Decimal) -> int:
    """How many in 10 ("3 in 10"): easy read avoids percentages (ER6)."""
    if whole <= 0:
        return 0
    return int((Decimal(10) * part / whole).quantize(Decimal("1"), ROUND_HALF_UP))
