"""Dividing one pot across areas from everyone's own split: three rules, side by side.

Each voter proposes how the whole pot should be divided across the areas (whole
pounds, summing to the pot). Each rule returns, per area, an exact amount in
pounds as a :class:`~fractions.Fraction`; the amounts always sum to the pot
exactly. :func:`in_pence` rounds them to whole pence that still sum to the pot.

- :func:`mean_split` - the average of the splits (easy to push: a voter who
  exaggerates moves it).
- :func:`median_split` - the median of each area, scaled so the areas add up
  to the pot.
- :func:`independent_markets` - the truthful "Independent Markets" moving
  phantom mechanism of Freeman, Pennock, Peters and Wortman Vaughan,
  "Truthful aggregation of budget proposals", Journal of Economic Theory 193
  (2021) 105234 (arXiv:1905.00457). With voters' proposals as fractions of the
  pot, n voters and n+1 "phantom" proposals at f_k(t) = min(1, t(n-k)) for
  k = 0..n, area j gets med(f_0(t), ..., f_n(t), p_1j, ..., p_nj), the median
  of the 2n+1 numbers, with t in [0, 1] chosen so those medians sum to 1 (the
  sum is continuous and non-decreasing in t, 0 at t=0 and at least 1 at t=1;
  every median is non-decreasing, so every t where the sum is 1 gives the same
  medians). Each area's amount is its median times the pot. No voter can move
  the outcome toward their own ideal by misreporting. Checked against the
  definition, computed independently, in tests/consult/budgeting/test_split.py.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from fractions import Fraction

import numpy as np

Split = Mapping[str, int | Fraction]


class SplitError(ValueError):
    """Splits that cannot be aggregated (wrong total, unknown area, negative)."""


def _check(splits: Sequence[Split], pot: int) -> list[str]:
    if pot < 0:
        raise SplitError("The pot cannot be negative.")
    if not splits:
        raise SplitError("There are no splits to combine.")
    areas = list(splits[0])
    for number, split in enumerate(splits, start=1):
        if set(split) != set(areas):
            raise SplitError(f"Split {number} does not cover the same areas.")
        if any(value < 0 for value in split.values()):
            raise SplitError(f"Split {number} gives an area a negative amount.")
        if sum(split.values()) != pot:
            raise SplitError(f"Split {number} does not add up to the pot.")
    return areas


def mean_split(splits: Sequence[Split], pot: int) -> dict[str, Fraction]:
    """The average of everyone's split (exact pounds)."""
    areas = _check(splits, pot)
    n = len(splits)
    return {area: Fraction(sum(Fraction(s[area]) for s in splits), n) for area in areas}


def _median(values: list[Fraction]) -> Fraction:
    values = sorted(values)
    middle = len(values) // 2
    if len(values) % 2:
        return values[middle]
    return (values[middle - 1] + values[middle]) / 2


def median_split(splits: Sequence[Split], pot: int) -> dict[str, Fraction]:
    """The median of each area (mean of the two middle values for an even number
    of voters), scaled so the areas add up to the pot. If every median is 0 the
    medians say nothing about proportions, and the mean is used instead."""
    areas = _check(splits, pot)
    medians = {area: _median([Fraction(s[area]) for s in splits]) for area in areas}
    total = sum(medians.values())
    if total == 0:
        return mean_split(splits, pot)
    return {area: medians[area] * pot / total for area in areas}


def _phantoms_float(t: float, n: int) -> np.ndarray:
    return np.minimum(1.0, t * (n - np.arange(n + 1)))


def _medians_float(values: np.ndarray, t: float) -> np.ndarray:
    n = values.shape[0]
    phantoms = np.broadcast_to(_phantoms_float(t, n)[:, None], (n + 1, values.shape[1]))
    stacked = np.concatenate([values, phantoms], axis=0)
    return np.partition(stacked, n, axis=0)[n]


def _median_piece(
    column: list[Fraction], t: Fraction, n: int, side: int = 1
) -> tuple[Fraction, Fraction, int]:
    """Exact median of one area at t, as value = a + b*t on the piece it lies on.

    Returns (a, b, how) where the median is a voter's value (b=0), a capped
    phantom (a=1, b=0) or phantom k at t(n-k) (a=0, b=n-k). Where values are
    level at t, ``side`` picks the piece just right (1) or left (-1) of t."""
    items: list[tuple[Fraction, Fraction, Fraction]] = [
        (v, v, Fraction(0)) for v in column
    ]
    for k in range(n + 1):
        raw = t * (n - k)
        if raw >= 1:
            items.append((Fraction(1), Fraction(1), Fraction(0)))
        else:
            items.append((raw, Fraction(0), Fraction(n - k)))
    items.sort(key=lambda item: (item[0], side * item[2]))
    _value, a, b = items[n]
    return a, b, 0


def independent_markets(splits: Sequence[Split], pot: int) -> dict[str, Fraction]:
    """The Independent Markets moving-phantom mechanism (Freeman et al. 2021).

    Exact: t is first located by bisection in floats, then the linear piece of
    the total around it is identified and solved in fractions, and the result
    is checked to add up to the pot exactly."""
    areas = _check(splits, pot)
    if pot == 0:
        return dict.fromkeys(areas, Fraction(0))
    n = len(splits)
    exact = [[Fraction(s[area]) / pot for area in areas] for s in splits]
    values = np.array([[float(v) for v in row] for row in exact])
    lo, hi = 0.0, 1.0
    for _ in range(80):
        mid = (lo + hi) / 2
        if _medians_float(values, mid).sum() >= 1.0:
            hi = mid
        else:
            lo = mid
    columns = [[row[j] for row in exact] for j in range(len(areas))]
    for guess, side in itertools.product((hi, lo, 0.0, 1.0), (1, -1)):
        t_guess = Fraction(guess)
        pieces = [_median_piece(col, t_guess, n, side) for col in columns]
        constant = sum(a for a, _, _ in pieces)
        slope = sum(b for _, b, _ in pieces)
        if slope == 0:
            t = t_guess
        else:
            t = (1 - constant) / slope
            if not 0 <= t <= 1:
                continue
        medians = [_median_piece(col, t, n) for col in columns]
        amounts = [a + b * t for a, b, _ in medians]
        if sum(amounts) == 1:
            return {
                area: amount * pot for area, amount in zip(areas, amounts, strict=True)
            }
    raise ArithmeticError(
        "Independent markets found no exact point."
    )  # pragma: no cover


def in_pence(allocation: Mapping[str, Fraction], pot: int) -> dict[str, int]:
    """Whole pence per area summing to the pot; largest remainders get odd pennies."""
    pence = {area: amount * 100 for area, amount in allocation.items()}
    floors = {area: int(value // 1) for area, value in pence.items()}
    missing = pot * 100 - sum(floors.values())
    order = sorted(pence, key=lambda area: (-(pence[area] - floors[area]), area))
    for area in order[:missing]:
        floors[area] += 1
    return floors
