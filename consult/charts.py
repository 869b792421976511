"""The charts the results pages show, built from the domain's results as
themes.charts.BarChart objects: priority results overall and by group, the
money picture, and the budget's split of the pot. Templates only place them
(``{% chart chart_object id="..." %}``); the words and numbers are made here.

Each chart shows only what its page's tables already show: the same
suppression (groups under 5 are not in a chart at all) and the same
publication rules, because the pages decide whether to build them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from themes.charts import BarChart, Series

from .models import VotingMethod
from .money import plain_pounds
from .priorities.results import GROUP_FIGURE_WORDS, PriorityResults
from .selectors import MoneyPicture

MILLION = Decimal(1_000_000)
SPLIT_RULE_NAMES = {
    "mean": "Mean",
    "median": "Median (scaled to the pot)",
    "markets": "Independent markets",
}
SPLIT_RULE_NAMES_EASY = {"mean": "Way 1", "median": "Way 2", "markets": "Way 3"}


def _money_scale(amounts: Sequence[Decimal | None]) -> tuple[str, str, Decimal]:
    """Unit, format and divisor: millions of pounds to 1 place when the
    biggest amount is a million or more, whole pounds otherwise."""
    known = [a for a in amounts if a is not None]
    if max(known, default=Decimal(0)) >= MILLION:
        whole = all(a % MILLION == 0 for a in known)
        return "£ million", "{:,.0f}" if whole else "{:,.1f}", MILLION
    return "£", "{:,.0f}", Decimal(1)


def _change_label(results: PriorityResults, row: Any, easy_read: bool) -> str:
    title = row.change.easy_read_title if easy_read else ""
    return f"{row.change.number}. {title or row.change.title}"


def priority_chart(
    results: PriorityResults, *, easy_read: bool = False
) -> BarChart | None:
    """Every change's headline figure: average rating, votes or Borda points.
    None when there are too few votes to show any result."""
    if not results.enough or not results.rows:
        return None
    top = [r for r in results.rows if r.place == 1]
    first = " and ".join(f"“{_change_label(results, r, easy_read)}”" for r in top)
    came = "share first place" if len(top) > 1 else "came first"
    if results.method == VotingMethod.RATE:
        name, unit, fmt = "Average rating", "out of 5", "{:.1f}"
        what = "the average score people gave each change, where 5 is most important"
        what_easy = "the score for each change, out of 5"
    elif results.method == VotingMethod.APPROVE:
        name, unit, fmt = "Votes", "votes", "{:,.0f}"
        what = f"how many of the {results.ballots} people who voted chose each change"
        what_easy = "how many people chose each change"
    else:
        name, unit, fmt = "Points (Borda count)", "points", "{:,.1f}"
        what = "each change's points from the order people put the changes in"
        what_easy = "the points for each change: more points means more important"
    if easy_read:
        title = "What people chose"
        summary = f"The bars show {what_easy}."
    else:
        title = f"Changes in order: {results.figure_words}"
        summary = f"The bars show {what}; {first} {came}."
    return BarChart(
        title=title,
        summary=summary,
        categories=tuple(_change_label(results, r, easy_read) for r in results.rows),
        series=(Series(name, tuple(float(r.figure) for r in results.rows)),),
        unit=unit,
        value_format=fmt,
    )


def _group_value(shown: str) -> float | None:
    if shown in ("", "none"):
        return None
    return float(shown.rstrip("%"))


def priority_group_charts(results: PriorityResults) -> dict[str, BarChart]:
    """A chart per group question (relationship to care, how they voted,
    helped or not) with a bar for each group that has enough votes to show.
    Groups under 5, and those hidden with them, are left out, as in the
    tables; a question with no group to show has no chart."""
    if not results.enough:
        return {}
    words = GROUP_FIGURE_WORDS.get(VotingMethod(results.method), "")
    unit, fmt = (
        ("%", "{:.0f}") if results.method == VotingMethod.APPROVE else ("", "{:.1f}")
    )
    charts = {}
    for d in results.groups:
        shown = d.shown
        if not shown:
            continue
        charts[d.key] = BarChart(
            title=f"{d.label}: {words}",
            summary=(
                f"The bars compare each change's {words} across the "
                f"{len(shown)} group{'s' if len(shown) > 1 else ''} with enough "
                "votes to show; smaller groups are left out so nobody's vote "
                "can be picked out."
            ),
            categories=tuple(
                f"{r.change.number}. {r.change.title}" for r in results.rows
            ),
            series=tuple(
                Series(
                    f"{g.label} ({g.ballots_display} votes)",
                    tuple(
                        _group_value(g.figures.get(r.change.pk, ""))
                        for r in results.rows
                    ),
                )
                for g in shown
            ),
            unit=unit,
            value_format=fmt,
            # A shown group's only gap is a change nobody in it rated.
            hidden_label="not rated",
        )
    return charts


def spend_chart(picture: MoneyPicture, *, easy_read: bool = False) -> BarChart | None:
    """Where the money goes today: each area's latest spending. None when the
    budget has no areas."""
    if not picture.areas:
        return None
    amounts = [a.spent.amount if a.spent else None for a in picture.areas]
    unit, fmt, divisor = _money_scale(amounts)
    org = picture.budget.organisation_name
    year = picture.budget.year_label
    biggest = max(
        (a for a in picture.areas if a.spent),
        key=lambda a: a.spent.amount,
        default=None,
    )
    if easy_read:
        title = "Money for each area"
        summary = (
            f"The longest bar shows where most money goes: "
            f"{biggest.area.easy_read_name or biggest.area.name}."
            if biggest
            else "We do not know how much was spent yet."
        )
        categories = tuple(a.area.easy_read_name or a.area.name for a in picture.areas)
    else:
        title = f"Spending by area of support, {year}"
        summary = (
            f"Each bar is one area's share of the {picture.total_plain} {org} "
            f"spent in {year}; the longest is {biggest.area.name.lower()}, "
            f"{biggest.spent_plain}."
            if biggest
            else f"No spending figures are known for {year} yet."
        )
        categories = tuple(a.area.name for a in picture.areas)
    return BarChart(
        title=title,
        summary=summary,
        categories=categories,
        series=(
            Series(
                f"Spent {year}",
                tuple(None if a is None else float(a / divisor) for a in amounts),
            ),
        ),
        unit=unit,
        value_format=fmt,
        hidden_label="not known",
    )


def split_chart(
    rows: Sequence[Mapping[str, Any]],
    *,
    pot: Decimal,
    ballots: int,
    easy_read: bool = False,
) -> BarChart | None:
    """The pot split across the areas by the three rules, side by side. Rows
    are the budget results page's split rows: area, mean, median, markets."""
    if not rows or not ballots:
        return None
    names = SPLIT_RULE_NAMES_EASY if easy_read else SPLIT_RULE_NAMES
    amounts = [row[key] for row in rows for key in names]
    unit, fmt, divisor = _money_scale(amounts)
    if easy_read:
        title = "Money for each area, 3 ways"
        summary = f"The bars show how {ballots} people shared out the money."
        categories = tuple(
            row["area"].easy_read_name or row["area"].name for row in rows
        )
    else:
        title = "The pot split by three rules"
        summary = (
            f"The bars show how each rule would split the {plain_pounds(pot)} pot "
            f"across the areas, from the splits of {ballots} "
            f"{'person' if ballots == 1 else 'people'}."
        )
        categories = tuple(row["area"].name for row in rows)
    return BarChart(
        title=title,
        summary=summary,
        categories=categories,
        series=tuple(
            Series(
                name,
                tuple(
                    None if row[key] is None else float(row[key] / divisor)
                    for row in rows
                ),
            )
            for key, name in names.items()
        ),
        unit=unit,
        value_format=fmt,
        hidden_label="not worked out",
    )
