"""Participatory budgeting rules: greedy by votes and the Method of Equal Shares.

Both rules take an :class:`~consult.budgeting.election.Election` and return an
:class:`Outcome` with, for every option, whether it won and why, in standard
English and in easy read.

Satisfaction (how much a voter gains from an option) is *cost satisfaction*:
the option's cost for each approval, or points x cost for cumulative and
ordinal ballots. Greedy by votes therefore ranks options by supporters
(approval) or by points (cumulative, ordinal).

Ties, in both rules, go to the option more people voted for (gave it any
points); if still level, to the cheaper option; if still level, to the lower
id in natural order (so "9" comes before "10"). This is :func:`tie_key`.

The Method of Equal Shares (MES) is the one cities run (Wieliczka 2023,
equalshares.net; Peters, Pierczynski and Skowron, "Proportional participatory
budgeting with additive utilities", NeurIPS 2021): every voter gets an equal
share of the pot; an option is bought by its supporters, each paying in
proportion to their satisfaction, or everything they have left if that is
less, and the option needing the lowest price per unit of satisfaction is
bought first. ``mes(..., completion=True)`` is the rule with the "add one
unit per voter" completion: each voter's share is raised one pound at a time
while the outcome stays within the pot; the last outcome that fits is the
result (it stops early once no further option could fit).

Speed: ballots are grouped, budgets live in numpy arrays and options are
evaluated lazily: within one run an option's price only rises, so the last
price computed is a lower bound and most options are never recomputed. A
price is found by Newton's method from that lower bound (the money an
option's supporters would pay is concave and piecewise linear in the price,
so the iterates climb to the root and stay lower bounds), stopping early once
the option is dearer than the best one seen. On small elections the options
nobody can afford any more are found in one pass over all supporters.
Arithmetic is in floats with a certified margin: any decision closer than
``TOLERANCE`` (relative) that floats cannot settle exactly makes that run be
redone in exact fractions, so the winners are those of exact arithmetic; a
tie at exactly 1/W (every supporter either certainly has nothing left or can
certainly pay the full price) is recognised and settled by the tie-break
without the exact run.

The completion jumps ahead when it can prove the skipped shares change
nothing: a run at share + k is checked against the run at share (see
:func:`_mes_share`); if at every step the option bought at share is cheaper
there than every other option is at share + k, every share between buys the
same options, so the one-pound-at-a-time walk would pass through them
unchanged. The result is always the one-pound-at-a-time result (tests compare
the two).
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from consult.budgeting.election import Election, natural_key

TOLERANCE = 1e-9
_add = np.add.reduce  # ndarray.sum() without its Python wrapper (hot loop)
_count = np.count_nonzero
BULK_LIMIT = 100_000  # supporter entries up to which unaffordability is found in bulk
RULE_NAMES = {
    "greedy": "Greedy by votes",
    "mes": "Method of Equal Shares (with completion)",
    "mes-plain": "Method of Equal Shares (without completion)",
}
TIE_RULE = (
    "When two options are level, the one more people voted for goes first; "
    "if still level, the cheaper one; if still level, the lower option number."
)


@dataclass
class ProjectResult:
    """One option's result. ``votes`` counts supporters, ``score`` their points."""

    id: str
    name: str
    cost: int
    votes: int
    score: int
    selected: bool
    why: str = ""
    why_easy_read: str = ""
    payments: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "cost": self.cost,
            "votes": self.votes,
            "score": self.score,
            "selected": self.selected,
            "why": self.why,
            "why_easy_read": self.why_easy_read,
            "payments": self.payments,
        }


@dataclass
class Outcome:
    """The result of one rule: ``selected`` holds option ids in order of selection."""

    rule: str
    budget: int
    spent: int
    selected: list[str]
    projects: list[ProjectResult]
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def rule_name(self) -> str:
        return RULE_NAMES[self.rule]

    def project(self, project_id: str) -> ProjectResult:
        for result in self.projects:
            if result.id == project_id:
                return result
        raise KeyError(project_id)

    def to_json(self) -> dict[str, Any]:
        """The ``budget_results --format json`` shape."""
        return {
            "rule": self.rule,
            "rule_name": self.rule_name,
            "tie_break": TIE_RULE,
            "budget": self.budget,
            "spent": self.spent,
            "selected": list(self.selected),
            "details": self.details,
            "projects": [result.to_json() for result in self.projects],
        }


class _NeedExact(Exception):
    """A float decision fell inside the tolerance: redo this run exactly."""


class _Compiled:
    """The election as arrays: groups of identical ballots, supporters per option."""

    @property
    def sup_pts_int(self) -> list[list[int]]:
        """Points as Python ints per option (for the exact run)."""
        if not hasattr(self, "_pts_int"):
            self._pts_int = [p.tolist() for p in self._points_arrays]
        return self._pts_int

    def __init__(self, election: Election):
        self.election = election
        self.projects = election.projects
        self.budget = election.budget
        groups = election.ballots.groups
        self.n = sum(group.count for group in groups)
        self.counts = np.array([group.count for group in groups], dtype=np.float64)
        index = {project.id: i for i, project in enumerate(self.projects)}
        # every (group, option, points) entry end to end, built with C-level
        # iteration (no Python loop per entry): it matters on 100,000 voters
        ballots = [group.points for group in groups]
        sizes = np.fromiter(map(len, ballots), dtype=np.intp, count=len(ballots))
        total = int(sizes.sum())
        proj = np.fromiter(
            map(index.__getitem__, itertools.chain.from_iterable(ballots)),
            dtype=np.intp,
            count=total,
        )
        vals = np.fromiter(
            itertools.chain.from_iterable(b.values() for b in ballots),
            dtype=np.int64,
            count=total,
        )
        grp = np.repeat(np.arange(len(ballots), dtype=np.intp), sizes)
        keep = vals > 0
        proj, vals, grp = proj[keep], vals[keep], grp[keep]
        order = np.argsort(proj, kind="stable")  # by option, groups in order
        proj, vals, grp = proj[order], vals[order], grp[order]
        bounds = np.searchsorted(proj, np.arange(len(self.projects) + 1))
        self.cost = [project.cost for project in self.projects]
        self.sup_g = [grp[bounds[i] : bounds[i + 1]] for i in range(len(self.projects))]
        points_arrays = [
            vals[bounds[i] : bounds[i + 1]] for i in range(len(self.projects))
        ]
        self.sup_pts = [p.astype(np.float64) for p in points_arrays]
        self.unit = [bool((p == 1).all()) for p in points_arrays]  # approval-like
        self.sup_cnt = [self.counts[m] for m in self.sup_g]
        self.sup_w = [c * p for c, p in zip(self.sup_cnt, self.sup_pts, strict=True)]
        self.group_counts = [group.count for group in groups]
        # score: total points (supporters for approval); W is the same integer
        counts_int = np.array(self.group_counts, dtype=np.int64)
        self.score = [
            int((counts_int[m] * p).sum())
            for m, p in zip(self.sup_g, points_arrays, strict=True)
        ]
        self.votes = [int(counts_int[m].sum()) for m in self.sup_g]
        self._points_arrays = points_arrays
        self.tie = [
            tie_key(self.votes[i], self.cost[i], p.id)
            for i, p in enumerate(self.projects)
        ]
        order = sorted(range(len(self.projects)), key=lambda i: self.tie[i])
        self.rank = [0] * len(self.projects)
        for position, i in enumerate(order):
            self.rank[i] = position
        # options MES can buy: supported and not free; free supported ones are
        # taken at the start (as pabutools does)
        self.free = sorted(
            (
                i
                for i in range(len(self.projects))
                if self.cost[i] == 0 and self.score[i] > 0
            ),
            key=lambda i: self.rank[i],
        )
        self.candidates = [
            i
            for i in range(len(self.projects))
            if self.cost[i] > 0 and self.score[i] > 0
        ]
        self.by_cost = sorted(self.candidates, key=lambda i: self.cost[i])
        # every candidate's supporters end to end, to find all options that
        # can no longer be afforded in one pass (worth it on small elections,
        # where one pass costs less than looking at the options one by one)
        self.cand = np.array(self.candidates, dtype=np.intp)
        sizes = [len(self.sup_g[p]) for p in self.candidates]
        self.bulk = 0 < sum(sizes) <= BULK_LIMIT
        if self.bulk:
            self.flat_g = np.concatenate([self.sup_g[p] for p in self.candidates])
            self.flat_cnt = self.counts[self.flat_g]
            self.starts = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.intp)
            self.cand_cost = np.array(
                [float(self.cost[p]) for p in self.candidates], dtype=np.float64
            )
        self.heap0 = [(1.0 / self.score[p], self.rank[p], p) for p in self.candidates]
        heapq.heapify(self.heap0)


def tie_key(votes: int, cost: int, project_id: str) -> tuple:
    """The stated tie-break: more supporters, then cheaper, then lower id (natural)."""
    return (-votes, cost, natural_key(project_id))


# --------------------------------------------------------------------------
# greedy


def greedy(election: Election) -> Outcome:
    """Greedy by votes: take options from most votes down, skipping any that no
    longer fit in what is left of the pot. Options nobody voted for are not
    funded. Ties: see :data:`TIE_RULE`."""
    from consult.budgeting import explain

    c = _Compiled(election)
    order = sorted(
        (i for i in range(len(c.projects)) if c.score[i] > 0),
        key=lambda i: (c.cost[i] > 0, -c.score[i], c.rank[i]),
    )
    left = c.budget
    selected: list[int] = []
    turn: dict[int, dict[str, Any]] = {}
    for position, i in enumerate(order, start=1):
        fits = c.cost[i] <= left
        level = [
            c.projects[j].id
            for j in order
            if j != i and c.score[j] == c.score[i] and c.cost[j] > 0 and c.cost[i] > 0
        ]
        turn[i] = {
            "position": position,
            "left": left,
            "fits": fits,
            "level_with": level,
        }
        if fits:
            selected.append(i)
            left -= c.cost[i]
    results = []
    for i, project in enumerate(c.projects):
        info = turn.get(i)
        result = ProjectResult(
            id=project.id,
            name=project.name,
            cost=project.cost,
            votes=c.votes[i],
            score=c.score[i],
            selected=i in selected,
            payments={}
            if info is None
            else {"position": info["position"], "left_at_turn": info["left"]},
        )
        result.why, result.why_easy_read = explain.greedy_reason(
            result, info, election.vote_type, len(order)
        )
        results.append(result)
    return Outcome(
        rule="greedy",
        budget=c.budget,
        spent=c.budget - left,
        selected=[c.projects[i].id for i in selected],
        projects=results,
        details={"vote_type": election.vote_type, "voters": c.n},
    )


# --------------------------------------------------------------------------
# Method of Equal Shares: one run at a given share per voter


@dataclass
class _Run:
    selected: list[int]
    share: Fraction
    budgets: np.ndarray | None = None  # money left per voter, by group
    paid: dict[int, tuple[float, np.ndarray, np.ndarray]] = field(default_factory=dict)
    ties: list[tuple[int, list[int]]] = field(default_factory=list)
    exact: bool = False
    # float runs: the price per unit of satisfaction of each bought option
    # (None where a tie was settled), for certifying a range of shares
    prices: list[float | None] | None = None
    certified: bool = False
    pis: list[float] = field(default_factory=list)  # price per point paid


def _afford_float(
    c: _Compiled, p: int, beta: np.ndarray, bound: float, best: float | None
) -> tuple[float, bool] | None:
    """Price per unit of satisfaction of option p, or None if unaffordable.

    Returns (rho, final). The price per point pi solves
    sum(count x min(budget, pi x points)) = cost; the left side is concave and
    piecewise linear in pi, so Newton's method started below the root (at the
    lower bound ``bound``) climbs to it, each step exact once no supporter's
    budget per point lies between two iterates. If an iterate already costs
    more than ``best`` (the cheapest option seen at this step), the option
    cannot be bought now: the iterate is returned with final=False, a better
    lower bound than the last. After a few steps the exact sorted method
    takes over."""
    sg = c.sup_g[p]
    cost = float(c.cost[p])
    b = beta[sg]
    # multiply and sum, not a dot product: numpy's own summation, where BLAS
    # may spread a long dot product over threads that spin on a busy machine
    money = c.sup_cnt[p] * b
    avail = float(_add(money))
    if avail < cost * (1 - TOLERANCE):
        return None
    if avail <= cost * (1 + TOLERANCE):
        raise _NeedExact
    r = b if c.unit[p] else b / c.sup_pts[p]
    w = c.sup_w[p]
    w_total = float(c.score[p])
    pi = max(bound * cost, cost / w_total)
    stop = None if best is None else best * (1 + TOLERANCE) * cost
    for _ in range(4):
        capped = r < pi
        if not _count(capped):
            return pi / cost, True
        # multiplying by the mask is much faster than boolean indexing
        w_rich = w_total - float(_add(w * capped))
        if w_rich <= 0:
            break
        after = (cost - float(_add(money * capped))) / w_rich
        if after <= pi:
            return max(after, pi) / cost, True
        pi = after
        if stop is not None and pi > stop:
            return pi / cost, False
    order = np.argsort(r, kind="stable")
    rs = r[order]
    ms = money[order]
    ws = w[order]
    paid_before = np.cumsum(ms) - ms
    w_after = w_total - (np.cumsum(ws) - ws)
    pis = (cost - paid_before) / w_after
    k = int(np.argmax(pis <= rs))
    return float(pis[k]) / cost, True


def _exact_weight(
    c: _Compiled, p: int, beta: np.ndarray, zero: np.ndarray, rho: float
) -> int | None:
    """W when option p's price is certainly exactly 1/W (in exact arithmetic):
    every supporter either has certainly nothing left or can certainly pay the
    full price cost/W, W being the points of those with money left."""
    sg = c.sup_g[p]
    empty = zero[sg]
    weight = round(float(c.sup_w[p][~empty].sum()))
    if weight <= 0 or abs(rho * weight - 1) > TOLERANCE:
        return None
    b = beta[sg][~empty]
    pi = c.cost[p] / weight
    if np.all(b >= pi * c.sup_pts[p][~empty] * (1 + TOLERANCE)):
        return weight
    return None


def _certainly_empty(c: _Compiled, run: _Run) -> np.ndarray:
    """Groups certainly left with nothing (in exact arithmetic) by the
    purchases of a float run so far: each paid all it had with a margin at
    some purchase. Replays the payments exactly as the run made them (only
    needed to settle a tie, so not tracked at every purchase)."""
    beta = np.full(len(c.counts), float(run.share))
    zero = np.zeros(len(c.counts), dtype=bool)
    for p, pi in zip(run.selected[len(c.free) :], run.pis, strict=True):
        sg = c.sup_g[p]
        b = beta[sg]
        full = pi * c.sup_pts[p]
        zero[sg] |= b <= full * (1 - TOLERANCE)
        beta[sg] = b - np.minimum(b, full)
    return zero


def _run_float(
    c: _Compiled, share: Fraction, record: bool, against: _Run | None = None
) -> _Run:
    """One MES run in floats. With ``against`` (a float run at a smaller
    share a), it also checks the sandwich that certifies every share between
    a and this one gives the same outcome (see :func:`_mes_share`): the same
    option is bought at each step, and every other option costs more here
    than the bought one did at a, by a margin. ``run.certified`` says if so."""
    beta = np.full(len(c.counts), float(share))
    run = _Run(selected=list(c.free), share=share, prices=[])
    prices = run.prices
    heap = list(c.heap0)
    dead = np.zeros(len(c.projects), dtype=bool)
    steps = against.prices if against is not None else None
    certified = steps is not None and against.selected[: len(c.free)] == run.selected
    step = 0
    while heap:
        best: float | None = None
        evaluated: list[tuple[float, int, int]] = []
        limit = 0.0  # the price to beat at a, when certifying
        if certified and step < len(steps):
            # (past a's last step nothing may be bought: checked at the end)
            if steps[step] is None:
                certified = False
            else:
                limit = steps[step] * (1 + TOLERANCE)
        while heap:
            bound, rank, p = heap[0]
            if best is not None and bound > max(best * (1 + TOLERANCE), limit):
                break
            heapq.heappop(heap)
            if dead[p]:
                continue
            res = _afford_float(
                c,
                p,
                beta,
                bound,
                None if best is None else max(best, limit / (1 + TOLERANCE)),
            )
            if res is None:
                # budgets only fall within a run: never affordable again; look
                # for every other option that is past affording, in one pass
                if c.bulk:
                    avail = np.add.reduceat(c.flat_cnt * beta[c.flat_g], c.starts)
                    dead[c.cand[avail < c.cand_cost * (1 - TOLERANCE)]] = True
                continue
            rho, final = res
            if not final:
                heapq.heappush(heap, (rho, rank, p))
                continue
            evaluated.append((rho, rank, p))
            if best is None or rho < best:
                best = rho
        if best is None:
            break
        near = [e for e in evaluated if e[0] <= best * (1 + TOLERANCE)]
        price: float | None = best
        if len(near) > 1:
            zero = _certainly_empty(c, run)
            weights = [_exact_weight(c, e[2], beta, zero, e[0]) for e in near]
            if any(w is None for w in weights):
                raise _NeedExact
            top = max(weights)  # rho = 1/W: lowest price = largest W
            tied = sorted(
                (e for e, w in zip(near, weights, strict=True) if w == top),
                key=lambda e: e[1],
            )
            chosen = tied[0]
            price = None
            if len(tied) > 1:
                run.ties.append((chosen[2], [e[2] for e in tied[1:]]))
        else:
            chosen = near[0]
        for e in evaluated:
            if e is not chosen:
                heapq.heappush(heap, e)
                if e[0] <= limit:
                    certified = False
        p = chosen[2]
        if certified and (
            price is None
            or len(run.selected) >= len(against.selected)
            or against.selected[len(run.selected)] != p
        ):
            certified = False
        run.selected.append(p)
        prices.append(price)
        step += 1
        pi = chosen[0] * c.cost[p]
        sg = c.sup_g[p]
        b = beta[sg]
        full = pi * c.sup_pts[p]
        pay = np.minimum(b, full)
        beta[sg] = b - pay  # never below 0: pay is at most b
        run.pis.append(pi)
        if record:
            run.paid[p] = (pi, sg, pay)
    if record:
        run.budgets = beta
    run.certified = certified and run.selected == against.selected
    return run


def _run_exact(c: _Compiled, share: Fraction, record: bool) -> _Run:
    """The same run in exact fractions (slow; used on near-ties and in tests)."""
    beta: list[Fraction] = [share] * len(c.counts)
    run = _Run(selected=list(c.free), share=share, exact=True)
    heap = [(Fraction(1, c.score[p]), c.rank[p], p) for p in c.candidates]
    heapq.heapify(heap)
    counts = c.group_counts
    while heap:
        best: Fraction | None = None
        evaluated: list[tuple[Fraction, int, int]] = []
        while heap:
            bound, rank, p = heap[0]
            if best is not None and bound > best:
                break
            heapq.heappop(heap)
            members = c.sup_g[p].tolist()
            pts = c.sup_pts_int[p]
            cost = c.cost[p]
            if sum(counts[g] * beta[g] for g in members) < cost:
                continue
            order = sorted(range(len(members)), key=lambda j: beta[members[j]] / pts[j])
            paid = Fraction(0)
            weight = c.score[p]
            rho = None
            for j in order:
                g = members[j]
                candidate = (cost - paid) / (weight * cost)
                if candidate * cost * pts[j] <= beta[g]:
                    rho = candidate
                    break
                paid += counts[g] * beta[g]
                weight -= counts[g] * pts[j]
            assert rho is not None  # noqa: S101 - affordable means some voter is rich
            evaluated.append((rho, rank, p))
            if best is None or rho < best:
                best = rho
        if best is None:
            break
        tied = sorted((e for e in evaluated if e[0] == best), key=lambda e: e[1])
        chosen = tied[0]
        if len(tied) > 1:
            run.ties.append((chosen[2], [e[2] for e in tied[1:]]))
        for e in evaluated:
            if e is not chosen:
                heapq.heappush(heap, e)
        p = chosen[2]
        run.selected.append(p)
        pi = best * c.cost[p]
        members = c.sup_g[p].tolist()
        pays = []
        for g, v in zip(members, c.sup_pts_int[p], strict=True):
            pay = min(beta[g], pi * v)
            beta[g] -= pay
            pays.append(float(pay))
        if record:
            run.paid[p] = (float(pi), c.sup_g[p], np.array(pays))
    if record:
        run.budgets = np.array([float(b) for b in beta])
    return run


def _run(c: _Compiled, share: Fraction, record: bool = False) -> _Run:
    try:
        return _run_float(c, share, record)
    except _NeedExact:
        return _run_exact(c, share, record)


def _exhaustive(c: _Compiled, chosen: set[int], spent: int) -> bool:
    room = c.budget - spent
    for p in c.by_cost:
        if c.cost[p] > room:
            return True
        if p not in chosen:
            return False
    return True


def _mes_share(
    c: _Compiled,
    completion: bool,
    progress: Callable[[float], None] | None,
    exact: bool = False,
    jump: bool = True,
) -> tuple[_Run, int]:
    """The share per voter MES settles on, and how many runs it took.

    ``jump=False`` walks one pound at a time with no jumps (for tests: the
    jumps must never change the result)."""
    runner = _run_exact if exact else _run
    share = Fraction(c.budget, c.n)
    run = runner(c, share, False)
    runs = 1
    if not completion:
        return run, runs
    previous = _Run(selected=list(c.free), share=share)
    reported = 0.0
    stride = 2  # how far ahead the next jump tries
    waiting: dict[Fraction, _Run] = {}  # runs ahead that did not certify
    while True:
        spent = sum(c.cost[p] for p in run.selected)
        if spent > c.budget:
            return previous, runs
        if _exhaustive(c, set(run.selected), spent):
            return run, runs
        if progress is not None and c.budget:
            reported = max(reported, min(0.99, spent / c.budget))
            progress(reported)
        previous = run
        if jump and not exact and run.prices is not None and stride > 1:
            # Jump: a run at share + stride, checked against this one. While
            # the same options are bought, a larger share leaves everyone at
            # least as much money at every step (prices only fall, so payments
            # only fall), so each option's price at a share between lies
            # between its prices at the two ends. If at each step the option
            # bought here is cheaper here than every other option is at the far
            # end, every share between buys the same options as this one: they
            # all fit and none is exhaustive, so the one-pound-at-a-time
            # completion would walk through them to the far end unchanged.
            far = share + stride
            try:
                ahead = _run_float(c, far, False, against=run)
            except _NeedExact:
                ahead = None
            runs += 1
            if ahead is not None and ahead.certified:
                share, run = far, ahead
                stride = min(stride * 2, 64)
                continue
            if ahead is not None:
                waiting[far] = ahead
            stride = 2
        else:
            stride = 2
        share += 1
        run = waiting.pop(share, None)
        if run is None:
            run = runner(c, share, False)
            runs += 1


def mes(
    election: Election,
    completion: bool = True,
    progress: Callable[[float], None] | None = None,
    *,
    exact: bool = False,
) -> Outcome:
    """The Method of Equal Shares with cost satisfaction.

    ``completion=True`` is the rule ``mes``: each voter's share is raised one
    pound at a time while the outcome fits the pot (equalshares.net's "add one"
    completion, as in pabutools' ``voter_budget_increment=1``); ``False`` is
    ``mes-plain``. ``progress`` is called with a fraction between 0 and 1 while
    the completion runs (the share of the pot the current outcome spends).
    ``exact=True`` uses exact fractions throughout (slow, for checking).
    Ties: see :data:`TIE_RULE`."""
    from consult.budgeting import explain

    c = _Compiled(election)
    rule = "mes" if completion else "mes-plain"
    if c.n == 0:
        final = _Run(selected=[], share=Fraction(0), budgets=np.zeros(0))
        runs = 0
    else:
        settled, runs = _mes_share(c, completion, progress, exact)
        final = (_run_exact if exact else _run)(c, settled.share, True)
        if final.selected != settled.selected:  # pragma: no cover - determinism guard
            raise RuntimeError("MES gave two answers for the same share.")
    if progress is not None:
        progress(1.0)
    chosen = set(final.selected)
    spent = sum(c.cost[p] for p in final.selected)
    results = []
    summaries = explain.mes_payments(c, final)
    names = {project.id: project.name for project in c.projects}
    for i, project in enumerate(c.projects):
        result = ProjectResult(
            id=project.id,
            name=project.name,
            cost=project.cost,
            votes=c.votes[i],
            score=c.score[i],
            selected=i in chosen,
            payments=summaries[i],
        )
        result.why, result.why_easy_read = explain.mes_reason(
            result, names, election.vote_type, completion
        )
        results.append(result)
    return Outcome(
        rule=rule,
        budget=c.budget,
        spent=spent,
        selected=[c.projects[p].id for p in final.selected],
        projects=results,
        details={
            "vote_type": election.vote_type,
            "voters": c.n,
            "share_per_voter": float(final.share),
            "first_share_per_voter": float(Fraction(c.budget, c.n)) if c.n else 0.0,
            "runs": runs,
            "exact_fallback": final.exact,
        },
    )


def run_rule(
    election: Election, rule: str, progress: Callable[[float], None] | None = None
) -> Outcome:
    """Run a rule by its command-line name: ``mes``, ``mes-plain`` or ``greedy``."""
    if rule == "greedy":
        return greedy(election)
    if rule == "mes":
        return mes(election, completion=True, progress=progress)
    if rule == "mes-plain":
        return mes(election, completion=False, progress=progress)
    raise ValueError(f"Unknown rule {rule!r}: use mes, mes-plain or greedy.")
