"""Why each option won or lost, in plain English and in easy read.

Sentences are built from the numbers the rules record (position in the vote
order and money left for greedy; who paid and how much for the Method of
Equal Shares), so every figure in a sentence is one a test can check.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import numpy as np

from consult.money import plain_pounds

if TYPE_CHECKING:
    from consult.budgeting.rules import ProjectResult, _Compiled, _Run

TIE_SENTENCE = (
    "Ties go to the option more people voted for, then the cheaper one, "
    "then the lower option number."
)
TIE_EASY_READ = "It had the same votes as another idea. More people chose it."


def money(amount: float | int, digits: int = 1) -> str:
    """Money the way a results page says it: "£45,000", "£0.4m", "£2.4m".

    Amounts under £100,000 are exact pounds (pence when under £100 and not
    whole); larger ones are in millions with ``digits`` decimals."""
    value = float(amount)
    if abs(value) >= 100_000:
        text = f"{value / 1_000_000:.{digits}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return f"£{text}m"
    if abs(value) < 100 and abs(value - round(value)) >= 0.005:
        return f"£{value:,.2f}"
    return f"£{round(value):,}"


def money_pair(first: float, second: float) -> tuple[str, str]:
    """Two amounts formatted so that different amounts never read the same."""
    for digits in (1, 2, 3):
        a, b = money(first, digits), money(second, digits)
        if a != b or first == second:
            return a, b
    return _exact(first), _exact(second)


def _exact(amount: float) -> str:
    return f"£{Decimal(round(amount)):,}"


def easy_money(amount: float | int) -> str:
    """Easy read money: rounded and said in words ("about £2 million")."""
    value = float(amount)
    if value < 10_000:
        return f"£{round(value):,}" if value >= 1 else f"{round(value * 100)}p"
    return plain_pounds(Decimal(round(value)))


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st."""
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _votes_phrase(result: ProjectResult, vote_type: str) -> str:
    if vote_type == "approval":
        return f"{result.votes:,} vote{'s' if result.votes != 1 else ''}"
    return (
        f"{result.score:,} points from {result.votes:,} "
        f"{'person' if result.votes == 1 else 'people'}"
    )


def _people(n: int) -> str:
    return f"{n:,} {'person' if n == 1 else 'people'}"


# --------------------------------------------------------------------------
# greedy


def greedy_reason(
    result: ProjectResult,
    info: dict[str, Any] | None,
    vote_type: str,
    ranked: int,
) -> tuple[str, str]:
    """Greedy: position in the vote order, and what was left when its turn came."""
    if info is None:
        return (
            "Not funded: nobody voted for it.",
            "Nobody chose this idea. So it did not get money.",
        )
    most = "votes" if vote_type == "approval" else "points"
    position = info["position"]
    rank = "the most" if position == 1 else f"the {ordinal(position)} most"
    left_text, cost_text = money_pair(info["left"], result.cost)
    tie = f" {TIE_SENTENCE}" if info["level_with"] else ""
    tie_easy = f" {TIE_EASY_READ}" if info["level_with"] and position > 1 else ""
    head = f"{rank} {most} ({_votes_phrase(result, vote_type)})"
    if info["fits"]:
        why = (
            f"Funded: {head}; when its turn came, {left_text} was left "
            f"and it cost {cost_text}.{tie}"
        )
        easy = (
            f"This idea got {rank} {most}. There was enough money left for it. "
            f"So it got the money.{tie_easy}"
        )
    else:
        why = (
            f"Not funded: {head}; when its turn came, {left_text} was left "
            f"and it cost {cost_text}.{tie}"
        )
        easy = (
            f"This idea got {rank} {most}. When its turn came, "
            f"{easy_money(info['left'])} was left. "
            f"It needed {easy_money(result.cost)}. So it did not get the money."
        )
    return why, easy


# --------------------------------------------------------------------------
# Method of Equal Shares


def mes_payments(c: _Compiled, run: _Run) -> list[dict[str, Any]]:
    """Per option: for a winner who paid and how much; for a loser how far its
    supporters' money fell short and which winner took most of their money."""
    out: list[dict[str, Any]] = [{} for _ in c.projects]
    counts = c.counts
    winners = [p for p in run.selected if p in run.paid]
    share = float(run.share)
    for order, p in enumerate(run.selected, start=1):
        if p not in run.paid:  # free option, taken at the start
            out[p] = {"order": order, "total": 0.0, "supporters": c.votes[p]}
            continue
        pi, sg, pay = run.paid[p]
        full = pi * c.sup_pts[p]
        short = pay < full * (1 - 1e-9)
        cnt = c.sup_cnt[p]
        paid_all = int(cnt[short].sum())
        per_point = pay / c.sup_pts[p]
        info: dict[str, Any] = {
            "order": order,
            "supporters": c.votes[p],
            "price_per_point": pi,
            "share": pi if c.election.vote_type == "approval" else None,
            "paid_full_share": c.votes[p] - paid_all,
            "paid_all_left": paid_all,
            "smallest_payment": float(pay.min()),
            "largest_payment": float(pay.max()),
            "lowest_per_point": float(per_point.min()),
            "total": float((cnt * pay).sum()),
            "share_per_voter": share,
        }
        out[p] = info
    if winners:
        matrix = np.zeros((len(winners), len(counts)))
        for row, p in enumerate(winners):
            _, sg, pay = run.paid[p]
            matrix[row, sg] = pay
    chosen = set(run.selected)
    budgets = run.budgets if run.budgets is not None else np.zeros(len(counts))
    for p in range(len(c.projects)):
        if p in chosen:
            continue
        sg = c.sup_g[p]
        if not len(sg):
            out[p] = {"supporters": 0}
            continue
        left = float((c.sup_cnt[p] * budgets[sg]).sum())
        info = {
            "supporters": c.votes[p],
            "money_left": left,
            "short_by": max(0.0, c.cost[p] - left),
            "share_per_voter": share,
            "spent_elsewhere": 0.0,
            "funded_instead": None,
            "funded_instead_amount": 0.0,
        }
        if c.cost[p] == 0:
            info["short_by"] = 0.0
        if winners:
            spent = matrix[:, sg] @ c.sup_cnt[p]
            info["spent_elsewhere"] = float(spent.sum())
            best = int(np.argmax(spent))
            if spent[best] > 0:
                info["funded_instead"] = c.projects[winners[best]].id
                info["funded_instead_amount"] = float(spent[best])
        out[p] = info
    return out


def mes_reason(
    result: ProjectResult,
    names: Mapping[str, str],
    vote_type: str,
    completion: bool,
) -> tuple[str, str]:
    """MES: who paid for a winner; how far a loser's supporters fell short."""
    info = result.payments
    if result.votes == 0:
        return (
            "Not funded: nobody voted for it.",
            "Nobody chose this idea. So it did not get money.",
        )
    if result.selected:
        if "price_per_point" not in info:
            return (
                f"Funded: it costs nothing and {_people(result.votes)} voted for it.",
                "This idea costs nothing. People chose it. So it goes ahead.",
            )
        price = info["price_per_point"]
        unit = "" if vote_type == "approval" else " per point they gave"
        who = f"its {_people(result.votes)}"
        why = f"Funded ({ordinal(info['order'])} bought): paid for by {who}"
        if info["paid_all_left"] == 0:
            why += f", each paying {money(price)}{unit}."
        elif info["paid_full_share"] == 0:
            why += (
                ", each paying all the money they had left "
                f"(at most {money(price)}{unit})."
            )
        else:
            why += (
                f": {info['paid_full_share']:,} paid {money(price)}{unit}; "
                f"{info['paid_all_left']:,} had less left and paid all of it "
                f"(from {money(info['smallest_payment'])})."
            )
        # Easy read: 3 short sentences at most, no brackets (EASY_READ.md).
        share = easy_money(info["share_per_voter"])
        easy = f"{_people(result.votes)} chose this idea. Each had {share} to spend."
        if vote_type == "approval" and info["paid_all_left"] == 0:
            easy += f" They paid {easy_money(price)} each."
        else:
            easy += " Together they could pay for it."
        return why, easy
    left, cost_text = money_pair(info.get("money_left", 0.0), result.cost)
    short = money(info.get("short_by", 0.0))
    why = (
        f"Not funded: its {_people(result.votes)} had {left} left between them, "
        f"{short} short of its cost of {cost_text}."
    )
    easy = (
        f"{_people(result.votes)} chose this idea. "
        f"They were {easy_money(info.get('short_by', 0.0))} short."
    )
    instead = info.get("funded_instead")
    if instead is not None:
        name = option_name(instead, names)
        why += (
            f" They had helped pay for {name} instead "
            f"({money(info['funded_instead_amount'])} of their money)."
        )
        easy += f" They helped pay for {easy_option_name(instead, names)} instead."
    if completion:
        why += f" (Each voter's share was {money(info['share_per_voter'])}.)"
    return why, easy


def easy_option_name(project_id: str, names: Mapping[str, str]) -> str:
    """'"Shared Lives"', or 'idea 3' when it has no name: no brackets."""
    name = names.get(project_id, "")
    return f'"{name}"' if name else f"idea {project_id}"


def option_name(project_id: str, names: Mapping[str, str]) -> str:
    """'"Shared Lives" (option 3)', or 'option 3' when it has no name."""
    name = names.get(project_id, "")
    return f'"{name}" (option {project_id})' if name else f"option {project_id}"
