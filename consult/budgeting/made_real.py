"""Big numbers made real: an amount of money said as something people can
picture, from published unit costs (shared/DOMAIN.md)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..money import format_pounds

UNIT_COST_SOURCE = (
    "Unit costs 2024-25, a secondary source quoting the Department of Health "
    "and Social Care"
)


@dataclass(frozen=True)
class UnitCost:
    amount: Decimal
    per: str  # "a week for a care home place"
    buys: str  # "care home places for a year"
    weeks: int  # how many units make the yearly figure we compare with
    easy_read: str  # "places in a care home for 1 year"


CARE_HOME = UnitCost(
    Decimal("1186"),
    "a week for a care home place",
    "care home places for a year",
    52,
    "places in a care home for 1 year",
)
HOME_CARE = UnitCost(
    Decimal("23.56"),
    "for an hour of home care",
    "hours of home care",
    1,
    "hours of help at home",
)
UNIT_COSTS = (CARE_HOME, HOME_CARE)


def _how_many(amount: Decimal, unit: UnitCost) -> int:
    return int(
        (amount / (unit.amount * unit.weeks)).quantize(Decimal(1), ROUND_HALF_UP)
    )


def _round_count(count: int) -> str:
    """Counts said the way people say them: "about 2,400", "about 3.3 million"."""
    if count >= 1_000_000:
        return f"about {Decimal(count) / 1_000_000:.1f} million"
    if count >= 1000:
        return f"about {round(count, -2):,}"
    return f"about {count:,}"


def made_real(amount: Decimal) -> str:
    """What an amount would pay for: "enough for about 1,300 care home places
    for a year, or about 3.3 million hours of home care"."""
    parts = []
    for unit in UNIT_COSTS:
        count = _how_many(amount, unit)
        if count >= 1:
            parts.append(f"{_round_count(count)} {unit.buys}")
    return f"Enough for {' or '.join(parts)}." if parts else ""


def unit_costs_sentence() -> str:
    """The comparison, said once per page."""
    return (
        "We compare with "
        + " and ".join(
            f"about {format_pounds(unit.amount)} {unit.per}" for unit in UNIT_COSTS
        )
        + "."
    )


def made_real_easy(amount: Decimal) -> str:
    """One easy-read sentence: "That pays for about 49 places in a care home
    for 1 year." """
    count = _how_many(amount, CARE_HOME)
    if count >= 1:
        return f"That pays for {_round_count(count)} {CARE_HOME.easy_read}."
    hours = _how_many(amount, HOME_CARE)
    return f"That pays for {_round_count(hours)} {HOME_CARE.easy_read}."
