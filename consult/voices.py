"""Whose voices were heard: people counted by group against a reference
profile, with small numbers hidden so that nobody can be picked out.

Plain data in, plain data out: no ORM here, so the page, the CSV export and the
tests all publish exactly the same thing.

Small numbers
    Any count from 0 to 4 is shown as "fewer than 5", everywhere. Zero too:
    if zeros were shown exactly, "fewer than 5" would mean 1 to 4 and could
    be pinned down with the total (1 person hidden beside a group of exactly
    5, for example). A missing group still shows up, as a flag (see below).

No working it out from the totals
    Within one question the groups add up to the number who answered, which
    is shown (shares are worked out from it, so it can be read off them
    anyway). So when any group is shown as "fewer than 5", the largest other
    group is "not shown" as well. Then every hidden small count could be 1
    lower, with the largest group 1 higher, and the page would look exactly
    the same: no hidden count can be worked out. When every group is under 5
    there is no larger group to hide, so the number who answered is not
    shown either. "Prefer not to say" is protected by the number who skipped
    the question, which is never shown.

    Everything shown (shares, flags, the words in the summary) is worked out
    from the shown numbers only, never from a hidden one, so it cannot give a
    hidden number away. tests/consult/test_voices.py checks this by searching
    for a second set of counts that would look the same.

Under-heard
    A group is under-heard when fewer than 8 in 10 of the people we would
    expect from it (its reference share of those who answered) took part,
    and we would expect at least 5 people from it: below that, chance alone
    explains a gap. A hidden count is judged by the most it could be (4 for
    "fewer than 5"), so a hidden group is flagged only when even that is too
    few, and otherwise says "cannot tell".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

SMALL = 5
FEWER_THAN_5 = "fewer than 5"
NOT_SHOWN = "not shown"
UNDER_HEARD_RATIO = Decimal("0.8")
MIN_EXPECTED_PEOPLE = 5
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class DimensionCounts:
    """The raw counts for one question. `answered` is the number of people
    who chose at least one group; `prefer_not` is None for a question that
    has no "prefer not to say" (how what they said reached us)."""

    key: str
    label: str
    categories: Sequence[tuple[str, str]]
    counts: Mapping[str, int]
    answered: int
    prefer_not: int | None = None
    multi: bool = False


@dataclass(frozen=True)
class Expected:
    """A reference share: the percentage of a group we would expect."""

    percent: Decimal
    source: str = ""


class CellStatus(StrEnum):
    SHOWN = "shown"
    SMALL = "small"  # 0 to 4: "fewer than 5"
    HIDDEN = "hidden"  # 5 or more, hidden so the small ones stay hidden


class Flag(StrEnum):
    UNDER_HEARD = "under_heard"
    HEARD = "heard"
    CANNOT_TELL = "cannot_tell"
    NO_REFERENCE = "no_reference"
    TOO_FEW_EXPECTED = "too_few_expected"
    TOO_FEW_ANSWERS = "too_few_answers"


FLAG_WORDS = {
    Flag.UNDER_HEARD: "Under-heard",
    Flag.HEARD: "No",
    Flag.CANNOT_TELL: "Cannot tell: the number is hidden",
    Flag.NO_REFERENCE: "No reference",
    Flag.TOO_FEW_EXPECTED: "Too few expected to tell",
    Flag.TOO_FEW_ANSWERS: "Too few answers to tell",
}


@dataclass(frozen=True)
class GroupRow:
    """One group as published. `count` and `share` are None when hidden: a
    template cannot show what this object does not hold."""

    key: str
    label: str
    status: CellStatus
    count: int | None
    display: str
    share: Decimal | None
    share_display: str
    expected: Decimal | None
    expected_display: str
    flag: Flag
    source: str = ""

    @property
    def under_heard(self) -> bool:
        return self.flag == Flag.UNDER_HEARD

    @property
    def flag_words(self) -> str:
        return FLAG_WORDS[self.flag]


@dataclass(frozen=True)
class DimensionView:
    key: str
    label: str
    rows: list[GroupRow]
    answered: int | None
    answered_display: str
    prefer_not_display: str | None
    multi: bool

    @property
    def under_heard(self) -> list[GroupRow]:
        return [row for row in self.rows if row.under_heard]

    @property
    def has_hidden(self) -> bool:
        return any(row.status == CellStatus.HIDDEN for row in self.rows)

    @property
    def summary(self) -> str:
        if self.answered is None:
            return (
                "Every group has fewer than 5 people, so we do not show how "
                "many answered."
            )
        words = [f"{self.answered} people answered."]
        if self.under_heard:
            names = "; ".join(row.label for row in self.under_heard)
            words.append(f"Under-heard: {names}.")
        elif any(row.flag != Flag.NO_REFERENCE for row in self.rows):
            words.append("No group is clearly under-heard against the reference.")
        else:
            words.append("There is no reference profile for this question yet.")
        if self.has_hidden:
            words.append(
                "The largest group is not shown, so that the small numbers "
                "cannot be worked out from the total."
            )
        return " ".join(words)


@dataclass(frozen=True)
class VoicesReport:
    took_part: int | None
    took_part_display: str
    dimensions: list[DimensionView]
    unlinked_display: str

    @property
    def under_heard(self) -> list[tuple[DimensionView, GroupRow]]:
        return [(d, row) for d in self.dimensions for row in d.under_heard]

    @property
    def summary(self) -> str:
        if self.took_part is None:
            return (
                "Fewer than 5 people have taken part so far, so no numbers are "
                "shown yet."
            )
        words = [f"{self.took_part} people have taken part so far."]
        if self.under_heard:
            names = "; ".join(f"{d.label}: {row.label}" for d, row in self.under_heard)
            words.append(f"Under-heard groups: {names}.")
        else:
            words.append("No group is clearly under-heard against the reference.")
        return " ".join(words)


def show_count(count: int) -> str:
    """A count as it may be shown: "fewer than 5" for 0 to 4."""
    return FEWER_THAN_5 if count < SMALL else str(count)


def _percent(value: Decimal) -> str:
    if Decimal(0) < value < Decimal("0.5"):
        return "less than 1%"
    return f"{value.quantize(Decimal(1), rounding=ROUND_HALF_UP)}%"


def _expected_display(percent: Decimal) -> str:
    return f"{percent.normalize():f}%"


def _flag(
    low: Decimal, high: Decimal, answered: int | None, expected: Expected | None
) -> Flag:
    """Judge a group whose count is known to lie from `low` to `high`."""
    if expected is None:
        return Flag.NO_REFERENCE
    if answered is None:
        return Flag.TOO_FEW_ANSWERS
    expected_people = expected.percent * answered / HUNDRED
    if expected_people < MIN_EXPECTED_PEOPLE:
        return Flag.TOO_FEW_EXPECTED
    bar = UNDER_HEARD_RATIO * expected_people
    if high < bar:
        return Flag.UNDER_HEARD
    if low >= bar:
        return Flag.HEARD
    return Flag.CANNOT_TELL


def publish_dimension(
    dim: DimensionCounts, expected: Mapping[str, Expected]
) -> DimensionView:
    """One question's table, with the small-number rules in the module
    docstring applied. `expected` maps a group's code to its reference."""
    counts = [max(0, int(dim.counts.get(key, 0))) for key, _ in dim.categories]
    small = [count < SMALL for count in counts]
    hidden: int | None = None
    answered: int | None = dim.answered
    if small and all(small):
        answered = None
    elif any(small):
        # The largest group, first in the list on a tie: making a hidden
        # small count 1 lower and this 1 higher keeps it the largest.
        biggest = max(c for c, s in zip(counts, small, strict=True) if not s)
        hidden = next(i for i, c in enumerate(counts) if not small[i] and c == biggest)
    shown_total = sum(c for i, c in enumerate(counts) if not small[i] and i != hidden)
    rows = []
    for i, (key, label) in enumerate(dim.categories):
        reference = expected.get(key)
        if small[i]:
            status, count = CellStatus.SMALL, None
            low, high = Decimal(0), Decimal(SMALL - 1)
        elif i == hidden:
            status, count = CellStatus.HIDDEN, None
            # With one answer each, the hidden group is what the shown groups
            # leave of those who answered, less up to 4 for each small group.
            # With several answers each, only that it is 5 to all of them.
            if dim.multi:
                low, high = Decimal(SMALL), Decimal(dim.answered)
            else:
                high = Decimal(dim.answered - shown_total)
                low = max(Decimal(SMALL), high - (SMALL - 1) * sum(small))
        else:
            status, count = CellStatus.SHOWN, counts[i]
            low = high = Decimal(counts[i])
        share = (
            Decimal(count) * HUNDRED / answered
            if count is not None and answered
            else None
        )
        rows.append(
            GroupRow(
                key=key,
                label=str(label),
                status=status,
                count=count,
                display=(
                    str(count)
                    if count is not None
                    else (NOT_SHOWN if status == CellStatus.HIDDEN else FEWER_THAN_5)
                ),
                share=share,
                share_display=_percent(share) if share is not None else NOT_SHOWN,
                expected=reference.percent if reference else None,
                expected_display=(
                    _expected_display(reference.percent) if reference else ""
                ),
                flag=_flag(low, high, answered, reference),
                source=reference.source if reference else "",
            )
        )
    return DimensionView(
        key=dim.key,
        label=dim.label,
        rows=rows,
        answered=answered,
        answered_display=NOT_SHOWN if answered is None else show_count(answered),
        prefer_not_display=(
            None if dim.prefer_not is None else show_count(dim.prefer_not)
        ),
        multi=dim.multi,
    )


def build_voices(
    *,
    took_part: int,
    dimensions: Sequence[DimensionCounts],
    expected: Mapping[tuple[str, str], Expected],
    unlinked_findings: int = 0,
) -> VoicesReport:
    """The whole 'Whose voices' report. `expected` maps (dimension, group
    code) to its reference share. With fewer than 5 people no table is
    shown: every group would be under 5."""
    if took_part < SMALL:
        return VoicesReport(
            took_part=None,
            took_part_display=FEWER_THAN_5,
            dimensions=[],
            unlinked_display=show_count(unlinked_findings),
        )
    views = [
        publish_dimension(
            dim,
            {
                code: ref
                for (dimension, code), ref in expected.items()
                if dimension == dim.key
            },
        )
        for dim in dimensions
    ]
    return VoicesReport(
        took_part=took_part,
        took_part_display=str(took_part),
        dimensions=views,
        unlinked_display=show_count(unlinked_findings),
    )
