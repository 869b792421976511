"""Counting priority ballots: plain ballots in, plain results out.

No Django and no database here, so the results page, the management command,
exports and the tests all count in exactly the same way.

Input
    ``options`` is the list of changes being voted on, as ids, **in the order
    of their change number**. That order is the tie-break everywhere below.
    ``ballots`` is a sequence of mappings ``{option_id: value}``, one per
    person. The value means:

    - rating: 1 to 5, 5 = most important. A change left out was not rated.
    - approval: 1 = chosen. A change left out was not chosen.
    - ranking: the position, 1 = first. Only the order of the positions
      matters (1, 2, 4 reads as first, second, third); two changes may not
      share a position. Changes left out were not ranked (top-k ballots).

    A value outside these rules, or an id not in ``options``, raises
    ``ValueError``: the database already refuses such ballots, so one here is
    a bug to see, not to hide.

Numbers
    Everything is counted exactly, with ``int`` and ``fractions.Fraction``;
    rounding happens only for display (``display_number``), half up, to one
    decimal place.

Ties (stated, and tested)
    Every result gives each change a ``place`` computed from its score only,
    so equal scores share a place ("joint 2nd"): place = 1 + the number of
    changes that did strictly better. The *listing* order (and any "take N
    forward" choice) breaks ties by change number, lowest first. For a
    rating, equal means are not split by anything else: they are a tie.

Methods
    Rating
        Per change: how many rated it, the mean rating and the distribution of
        ratings 1 to 5. Ordered by mean, highest first; changes nobody rated
        come last with no mean.
    Approval
        Per change: how many chose it and the share of ballots. For "which N
        to take forward" there are two answers side by side: the N with the
        most votes, and the proportional choice by Proportional Approval
        Voting (PAV, Thiele 1895): the committee W of N changes with the
        highest score, where a ballot approving k changes in W adds
        1 + 1/2 + ... + 1/k. PAV stops a large group from taking every place.
        When there are at most ``EXACT_COMMITTEE_LIMIT`` committees to try
        it is exact (every committee of size N is scored); among equally good
        committees it takes the first in change-number order (compare the
        sorted change numbers, lowest first). Above the limit it uses
        sequential PAV (add one change at a time, each time the one that
        raises the PAV score most, ties to the lower change number), which is
        an approximation, and the result says so (``method``).
    Ranking
        Borda count, "averaged" convention for partial ballots (Emerson,
        "The original Borda count and partial voting", Social Choice and
        Welfare 40, 2013): with m changes, the change ranked p-th gets m - p
        points; the changes a person did not rank share the points left over
        equally, which is the same as treating them as tied at the bottom. So
        every ballot hands out the same m(m-1)/2 points, whether it ranks all
        changes or only the top few: nobody's ballot counts for more.
        Schulze method (a Condorcet method; Schulze 2011) with the standard
        widest path and "winning votes" link strength: d[a][b] is how many
        ranked a above b (a ranked change is above an unranked one; two
        unranked changes are not compared); the link a->b has strength
        d[a][b] when d[a][b] > d[b][a], else 0; p[a][b] is the strength of the
        strongest path; a beats b when p[a][b] > p[b][a]. The Schulze place of
        a change is 1 + the number of changes that beat it (the relation is
        transitive, so this is a ranking with ties).
        Copeland score alongside: one-to-one wins minus one-to-one losses.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from itertools import combinations
from typing import Literal

OptionId = Hashable
Ballot = Mapping[OptionId, int]

RATE = "rate"
APPROVE = "approve"
RANK = "rank"
RATING_VALUES = (1, 2, 3, 4, 5)
EXACT_COMMITTEE_LIMIT = 50_000
PAV_EXACT = "pav-exact"
PAV_SEQUENTIAL = "pav-sequential"


def display_number(value: Fraction | int | None, places: int = 1) -> Decimal | None:
    """An exact number rounded half up for display: 3.25 -> 3.3, 7 -> 7.0."""
    if value is None:
        return None
    value = Fraction(value)
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _places(scores: Sequence[object]) -> list[int]:
    """Competition places for scores already sorted best first: 1, 2, 2, 4."""
    places: list[int] = []
    for i, score in enumerate(scores):
        if i and score == scores[i - 1]:
            places.append(places[-1])
        else:
            places.append(i + 1)
    return places


def _check_options(options: Sequence[OptionId]) -> dict[OptionId, int]:
    index = {option: i for i, option in enumerate(options)}
    if len(index) != len(options):
        raise ValueError("options must not repeat")
    return index


def _check_ballot(ballot: Ballot, index: Mapping[OptionId, int]) -> None:
    for option in ballot:
        if option not in index:
            raise ValueError(f"ballot names an unknown option: {option!r}")


# Rating


@dataclass(frozen=True)
class RatingRow:
    option: OptionId
    place: int
    count: int  # how many rated this change
    total: int  # the sum of their ratings
    mean: Fraction | None  # None when nobody rated it
    distribution: tuple[int, int, int, int, int]  # how many gave 1, 2, 3, 4, 5

    @property
    def mean_display(self) -> Decimal | None:
        return display_number(self.mean)


@dataclass(frozen=True)
class RatingResult:
    method: Literal["rate"]
    ballots: int
    rows: tuple[RatingRow, ...]


def rate(ballots: Iterable[Ballot], options: Sequence[OptionId]) -> RatingResult:
    """Mean and distribution of ratings per change, highest mean first."""
    index = _check_options(options)
    counts = {option: [0, 0, 0, 0, 0] for option in options}
    n = 0
    for ballot in ballots:
        _check_ballot(ballot, index)
        n += 1
        for option, value in ballot.items():
            if value not in RATING_VALUES or isinstance(value, bool):
                raise ValueError(f"a rating is 1 to 5, not {value!r}")
            counts[option][value - 1] += 1

    def mean_of(option: OptionId) -> Fraction | None:
        dist = counts[option]
        count = sum(dist)
        if not count:
            return None
        return Fraction(
            sum(v * c for v, c in zip(RATING_VALUES, dist, strict=True)), count
        )

    means = {option: mean_of(option) for option in options}
    # Rated changes by mean, highest first; unrated last; ties by change number.
    order = sorted(
        options,
        key=lambda o: (means[o] is None, -(means[o] or 0), index[o]),
    )
    keys = [means[o] for o in order]
    rows = tuple(
        RatingRow(
            option=option,
            place=place,
            count=sum(counts[option]),
            total=sum(
                v * c for v, c in zip(RATING_VALUES, counts[option], strict=True)
            ),
            mean=means[option],
            distribution=tuple(counts[option]),  # type: ignore[arg-type]
        )
        for option, place in zip(order, _places(keys), strict=True)
    )
    return RatingResult(method=RATE, ballots=n, rows=rows)


# Approval


@dataclass(frozen=True)
class ApprovalRow:
    option: OptionId
    place: int
    count: int  # how many chose this change
    share: Fraction  # count / ballots (0 when there are no ballots)


@dataclass(frozen=True)
class Committee:
    """The changes to take forward, N of them, chosen by PAV."""

    size: int
    method: Literal["pav-exact", "pav-sequential"]
    chosen: tuple[OptionId, ...]  # in change-number order
    score: Fraction  # the PAV score of ``chosen``
    # Other committees exactly as good (exact method only); the tie-break
    # picked ``chosen`` from these plus itself.
    tied_with: tuple[tuple[OptionId, ...], ...]
    by_count: tuple[OptionId, ...]  # the N with most votes, for comparison


@dataclass(frozen=True)
class ApprovalResult:
    method: Literal["approve"]
    ballots: int
    rows: tuple[ApprovalRow, ...]
    committee: Committee | None


def _approval_sets(
    ballots: Iterable[Ballot], index: Mapping[OptionId, int]
) -> list[frozenset[OptionId]]:
    sets = []
    for ballot in ballots:
        _check_ballot(ballot, index)
        for value in ballot.values():
            if value != 1 or isinstance(value, bool):
                raise ValueError(f"an approval is 1, not {value!r}")
        sets.append(frozenset(ballot))
    return sets


def approve(
    ballots: Iterable[Ballot],
    options: Sequence[OptionId],
    *,
    committee_size: int | None = None,
    exact_limit: int = EXACT_COMMITTEE_LIMIT,
) -> ApprovalResult:
    """Votes per change, most first; with ``committee_size`` also the PAV
    choice of that many changes beside the plain top N by votes."""
    index = _check_options(options)
    sets = _approval_sets(ballots, index)
    counts = Counter(option for s in sets for option in s)
    n = len(sets)
    order = sorted(options, key=lambda o: (-counts[o], index[o]))
    rows = tuple(
        ApprovalRow(
            option=option,
            place=place,
            count=counts[option],
            share=Fraction(counts[option], n) if n else Fraction(0),
        )
        for option, place in zip(
            order, _places([counts[o] for o in order]), strict=True
        )
    )
    committee = None
    if committee_size is not None:
        committee = _pav(sets, options, committee_size, exact_limit)
        committee = Committee(
            size=committee.size,
            method=committee.method,
            chosen=committee.chosen,
            score=committee.score,
            tied_with=committee.tied_with,
            by_count=tuple(sorted(order[:committee_size], key=lambda o: index[o])),
        )
    return ApprovalResult(method=APPROVE, ballots=n, rows=rows, committee=committee)


def pav_score(
    ballots: Iterable[Ballot] | Iterable[Iterable[OptionId]],
    committee: Iterable[OptionId],
) -> Fraction:
    """The PAV score of a committee: each ballot adds 1 + 1/2 + ... + 1/k,
    where k is how many of its approved changes are in the committee."""
    chosen = set(committee)
    total = Fraction(0)
    for ballot in ballots:
        k = len(chosen.intersection(ballot))
        total += sum((Fraction(1, j) for j in range(1, k + 1)), Fraction(0))
    return total


def _pav(
    sets: Sequence[frozenset[OptionId]],
    options: Sequence[OptionId],
    size: int,
    exact_limit: int,
) -> Committee:
    m = len(options)
    if not 0 <= size <= m:
        raise ValueError(f"committee size must be 0 to {m}, not {size}")
    # Bit i stands for options[i]; identical ballots are counted once with a
    # weight. Harmonic numbers are scaled by lcm(1..size) so that scores are
    # exact integers and comparisons are cheap.
    bit = {option: 1 << i for i, option in enumerate(options)}
    weights = Counter(sum(bit[o] for o in s) for s in sets)
    scale = math.lcm(*range(1, size + 1)) if size else 1
    harmonic = [0] * (size + 1)
    for k in range(1, size + 1):
        harmonic[k] = harmonic[k - 1] + scale // k

    def scaled_score(mask: int) -> int:
        return sum(w * harmonic[(b & mask).bit_count()] for b, w in weights.items())

    if math.comb(m, size) <= exact_limit:
        best: int | None = None
        winners: list[tuple[int, ...]] = []
        # combinations() yields index tuples in lexicographic order, so the
        # first best committee is the one the tie-break asks for.
        for combo in combinations(range(m), size):
            score = scaled_score(sum(1 << i for i in combo))
            if best is None or score > best:
                best, winners = score, [combo]
            elif score == best:
                winners.append(combo)
        chosen = tuple(options[i] for i in winners[0])
        return Committee(
            size=size,
            method=PAV_EXACT,
            chosen=chosen,
            score=Fraction(best or 0, scale),
            tied_with=tuple(tuple(options[i] for i in w) for w in winners[1:]),
            by_count=(),
        )
    mask = 0
    picked: list[int] = []
    for _ in range(size):
        best_gain, best_i = -1, -1
        base = scaled_score(mask)
        for i in range(m):
            if mask & (1 << i):
                continue
            gain = scaled_score(mask | 1 << i) - base
            if gain > best_gain:
                best_gain, best_i = gain, i
        mask |= 1 << best_i
        picked.append(best_i)
    return Committee(
        size=size,
        method=PAV_SEQUENTIAL,
        chosen=tuple(options[i] for i in sorted(picked)),
        score=Fraction(scaled_score(mask), scale),
        tied_with=(),
        by_count=(),
    )


# Ranking


@dataclass(frozen=True)
class RankingRow:
    option: OptionId
    place: int  # Borda place
    borda: Fraction  # Borda points (averaged convention)
    first: int  # how many ranked it first
    ranked: int  # how many ranked it at all
    schulze_place: int  # 1 + number of changes that beat it (Schulze)
    copeland: int  # one-to-one wins minus losses

    @property
    def borda_display(self) -> Decimal | None:
        return display_number(self.borda)


@dataclass(frozen=True)
class RankingResult:
    method: Literal["rank"]
    ballots: int
    rows: tuple[RankingRow, ...]  # by Borda points, ties by change number
    # d[a][b]: how many ranked a above b; p[a][b]: strongest path a -> b.
    pairwise: Mapping[OptionId, Mapping[OptionId, int]]
    strongest_paths: Mapping[OptionId, Mapping[OptionId, int]]
    schulze_order: tuple[OptionId, ...]  # by Schulze place, ties by number
    condorcet_winner: OptionId | None  # beats every other change one-to-one

    @property
    def schulze_winners(self) -> tuple[OptionId, ...]:
        return tuple(r.option for r in self.rows if r.schulze_place == 1)


def _order_of(ballot: Ballot) -> list[OptionId]:
    positions = list(ballot.values())
    for value in positions:
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ValueError(f"a position is 1 or more, not {value!r}")
    if len(set(positions)) != len(positions):
        raise ValueError("two changes share a position on one ballot")
    return sorted(ballot, key=ballot.__getitem__)


def pairwise_counts(
    orders: Iterable[Sequence[OptionId]], options: Sequence[OptionId]
) -> dict[OptionId, dict[OptionId, int]]:
    """d[a][b]: how many ballots put a above b. A ranked change is above every
    unranked one; two unranked changes are not compared."""
    d = {a: {b: 0 for b in options if b != a} for a in options}
    for order in orders:
        ranked = set(order)
        unranked = [o for o in options if o not in ranked]
        for i, a in enumerate(order):
            row = d[a]
            for b in order[i + 1 :]:
                row[b] += 1
            for b in unranked:
                row[b] += 1
    return d


def schulze_paths(
    d: Mapping[OptionId, Mapping[OptionId, int]], options: Sequence[OptionId]
) -> dict[OptionId, dict[OptionId, int]]:
    """Strongest path strengths by the widest-path (Floyd-Warshall) algorithm
    with winning-votes links, as in Schulze (2011), section 2.3."""
    p = {
        a: {b: (d[a][b] if d[a][b] > d[b][a] else 0) for b in options if b != a}
        for a in options
    }
    for i in options:
        for j in options:
            if j == i:
                continue
            for k in options:
                if k in (i, j):
                    continue
                p[j][k] = max(p[j][k], min(p[j][i], p[i][k]))
    return p


def rank(ballots: Iterable[Ballot], options: Sequence[OptionId]) -> RankingResult:
    """Borda points, Schulze places and Copeland scores per change."""
    index = _check_options(options)
    m = len(options)
    orders = []
    for ballot in ballots:
        _check_ballot(ballot, index)
        orders.append(_order_of(ballot))
    n = len(orders)

    borda = {o: Fraction(0) for o in options}
    first = Counter(order[0] for order in orders if order)
    ranked = Counter(o for order in orders for o in order)
    for order in orders:
        k = len(order)
        for p, option in enumerate(order, start=1):
            borda[option] += m - p
        if k < m:
            # positions k+1..m carry (m-k-1) + ... + 0 points, shared equally.
            left_over = Fraction((m - k - 1) * (m - k), 2) / (m - k)
            seen = set(order)
            for option in options:
                if option not in seen:
                    borda[option] += left_over

    d = pairwise_counts(orders, options)
    p = schulze_paths(d, options)
    beaten_by = {
        b: sum(1 for a in options if a != b and p[a][b] > p[b][a]) for b in options
    }
    copeland = {
        a: sum((d[a][b] > d[b][a]) - (d[a][b] < d[b][a]) for b in options if b != a)
        for a in options
    }
    condorcet = [a for a in options if copeland[a] == m - 1 and m > 1]
    order = sorted(options, key=lambda o: (-borda[o], index[o]))
    rows = tuple(
        RankingRow(
            option=option,
            place=place,
            borda=borda[option],
            first=first[option],
            ranked=ranked[option],
            schulze_place=1 + beaten_by[option],
            copeland=copeland[option],
        )
        for option, place in zip(order, _places([borda[o] for o in order]), strict=True)
    )
    return RankingResult(
        method=RANK,
        ballots=n,
        rows=rows,
        pairwise=d,
        strongest_paths=p,
        schulze_order=tuple(sorted(options, key=lambda o: (beaten_by[o], index[o]))),
        condorcet_winner=condorcet[0] if condorcet and n else None,
    )


Result = RatingResult | ApprovalResult | RankingResult


def aggregate(
    method: str,
    ballots: Iterable[Ballot],
    options: Sequence[OptionId],
    *,
    committee_size: int | None = None,
) -> Result:
    """Count ballots by the inquiry's method: "rate", "approve" or "rank"."""
    if method == RATE:
        return rate(ballots, options)
    if method == APPROVE:
        return approve(ballots, options, committee_size=committee_size)
    if method == RANK:
        return rank(ballots, options)
    raise ValueError(f"unknown voting method: {method!r}")
