"""Dividing the pot across areas: every rule spends exactly the pot; the truthful one
never moves away from a voter who moves toward their own ideal."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consult.budgeting.split import (
    SplitError,
    in_pence,
    independent_markets,
    mean_split,
    median_split,
)

AREAS = ["home", "housing", "days", "hospital", "community"]
RULES = [mean_split, median_split, independent_markets]


@st.composite
def profiles(draw, max_voters=7):
    m = draw(st.integers(2, 5))
    pot = draw(st.sampled_from([10, 100, 999, 6_000_000]))
    n = draw(st.integers(1, max_voters))
    splits = []
    for _ in range(n):
        cuts = sorted(
            draw(st.lists(st.integers(0, pot), min_size=m - 1, max_size=m - 1))
        )
        parts = [b - a for a, b in zip([0, *cuts], [*cuts, pot], strict=True)]
        splits.append(dict(zip(AREAS[:m], parts, strict=True)))
    return pot, splits


@settings(max_examples=150, deadline=None)
@given(profiles())
def test_every_rule_spends_exactly_the_pot(profile):
    pot, splits = profile
    for rule in RULES:
        allocation = rule(splits, pot)
        assert sum(allocation.values()) == pot
        assert all(amount >= 0 for amount in allocation.values())
        assert sum(in_pence(allocation, pot).values()) == pot * 100


@settings(max_examples=150, deadline=None)
@given(profiles(max_voters=5), st.data())
def test_moving_toward_your_ideal_never_pushes_the_outcome_away(profile, data):
    """Freeman et al. 2021: moving-phantom mechanisms are truthful for l1
    preferences, so a voter who reports something other than their ideal
    never ends up closer to it than by reporting the ideal itself."""
    pot, splits = profile
    voter = data.draw(st.integers(0, len(splits) - 1))
    ideal = splits[voter]
    areas = list(ideal)
    cuts = sorted(
        data.draw(
            st.lists(
                st.integers(0, pot), min_size=len(areas) - 1, max_size=len(areas) - 1
            )
        )
    )
    lie = dict(
        zip(
            areas,
            [b - a for a, b in zip([0, *cuts], [*cuts, pot], strict=True)],
            strict=True,
        )
    )

    def distance(allocation):
        return sum(abs(allocation[a] - ideal[a]) for a in areas)

    honest = independent_markets(splits, pot)
    lying = independent_markets([*splits[:voter], lie, *splits[voter + 1 :]], pot)
    assert distance(honest) <= distance(lying)


def test_mean_can_be_pushed_by_exaggerating_and_independent_markets_cannot_here():
    pot = 100
    others = [{"a": 10, "b": 90}, {"a": 10, "b": 90}]
    ideal = {"a": 40, "b": 60}
    exaggerated = {"a": 100, "b": 0}
    mean_honest = mean_split([*others, ideal], pot)["a"]
    mean_lying = mean_split([*others, exaggerated], pot)["a"]
    assert mean_lying > mean_honest  # the mean rewards exaggeration
    im_honest = independent_markets([*others, ideal], pot)["a"]
    im_lying = independent_markets([*others, exaggerated], pot)["a"]
    assert abs(im_lying - 40) >= abs(im_honest - 40)


def test_mean_and_median_basics():
    splits = [{"a": 60, "b": 40}, {"a": 20, "b": 80}, {"a": 30, "b": 70}]
    assert mean_split(splits, 100) == {"a": Fraction(110, 3), "b": Fraction(190, 3)}
    assert median_split(splits, 100) == {"a": 30, "b": 70}
    # medians 50 and 30 from even voters, scaled to the pot
    even = [{"a": 60, "b": 40, "c": 0}, {"a": 40, "b": 20, "c": 40}]
    assert median_split(even, 100) == {"a": 50, "b": 30, "c": 20}


def test_unanimous_voters_get_their_split():
    splits = [{"a": 70, "b": 30}] * 4
    for rule in RULES:
        assert rule(splits, 100) == {"a": 70, "b": 30}


def test_two_areas_independent_markets_is_the_median_with_phantoms():
    # n=3, phantoms for area a at min(1, t(3-k)); at t=1/3 they sit at 1, 2/3, 1/3, 0
    splits = [{"a": 100, "b": 0}, {"a": 0, "b": 100}, {"a": 60, "b": 40}]
    assert independent_markets(splits, 100) == {"a": 60, "b": 40}


@pytest.mark.parametrize(
    ("splits", "words"),
    [
        ([{"a": 50, "b": 40}], "add up to the pot"),
        ([{"a": 110, "b": -10}], "negative"),
        ([{"a": 100}, {"b": 100}], "same areas"),
        ([], "no splits"),
    ],
)
def test_bad_splits_are_refused(splits, words):
    with pytest.raises(SplitError, match=words):
        mean_split(splits, 100)


def _definition_independent_markets(splits, pot):
    """Freeman et al. 2021, straight from the definition, in fractions: phantoms
    f_k(t) = min(1, t(n-k)) for k = 0..n; area j gets med(f_0(t), ..., f_n(t),
    p_1j, ..., p_nj) with t the smallest point where those medians sum to 1.
    The sum is linear between breakpoints (t = v/(n-k) where a phantom meets a
    voter's value or 1), so it is located exactly on the breakpoint grid."""
    areas = list(splits[0])
    n = len(splits)
    shares = {a: [Fraction(s[a], pot) for s in splits] for a in areas}

    def medians(t):
        out = {}
        for a in areas:
            values = sorted(
                shares[a] + [min(Fraction(1), t * (n - k)) for k in range(n + 1)]
            )
            out[a] = values[n]
        return out

    points = {Fraction(0), Fraction(1)}
    for a in areas:
        for v in [*shares[a], Fraction(1)]:
            points.update(v / (n - k) for k in range(n) if v / (n - k) <= 1)
    grid = sorted(points)
    totals = [sum(medians(t).values()) for t in grid]
    for i in range(len(grid) - 1):
        t0, s0, t1, s1 = grid[i], totals[i], grid[i + 1], totals[i + 1]
        if s0 == 1:
            return {a: m * pot for a, m in medians(t0).items()}
        if s0 < 1 <= s1:
            t = t0 + (1 - s0) * (t1 - t0) / (s1 - s0)
            return {a: m * pot for a, m in medians(t).items()}
    return {a: m * pot for a, m in medians(grid[-1]).items()}


@settings(max_examples=150, deadline=None)
@given(profiles(max_voters=5))
def test_independent_markets_is_the_definition(profile):
    pot, splits = profile
    if pot == 0:
        return
    assert independent_markets(splits, pot) == _definition_independent_markets(
        splits, pot
    )
