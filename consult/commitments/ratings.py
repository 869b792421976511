"""What the inquiry group said about the progress updates ("Is this what we
asked for?"), added up for the public with small numbers hidden. Plain data
in, plain data out: no ORM here, so pages, exports and tests share it.

Per commitment
    Each person counts once: by their answer about the latest update of
    that commitment they rated. Someone who said "no" in spring and "yes"
    about the autumn update counts as "yes".

Small numbers (the convention of consult/voices.py: "fewer than 5")
    No count from 1 to 4 is shown. When nobody has rated, we say so (there
    is nobody to pick out). When fewer than 5 people rated, only that is
    said. Otherwise each answer given by 5 or more people is shown exactly
    and the others as "fewer than 5"; the total is then shown only as a
    lower bound ("12 or more"), never exactly, because the total minus the
    shown answers would give a hidden one away. Nothing shown is worked out
    from a hidden number.

Per change
    Several commitments can answer one change. Its figures are worked out
    from what each commitment shows, never from the hidden counts, so
    putting a change beside its commitments gives nothing away: an answer is
    exact only when it is exact on every rated commitment, otherwise it is a
    lower bound ("9 or more") or "not shown". A change with one rated
    commitment shows exactly what that commitment shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..voices import FEWER_THAN_5, NOT_SHOWN, SMALL

YES = "yes"
PARTLY = "partly"
NO = "no"
VALUES = (YES, PARTLY, NO)

WORDS = {YES: "Yes", PARTLY: "Partly", NO: "No"}
EASY_READ_WORDS = {
    YES: "Yes. This is what we asked for.",
    PARTLY: "Partly. Some of it is what we asked for.",
    NO: "No. This is not what we asked for.",
}
# The faces of the priority rating ballot (consult/priorities/forms.py
# RATE_FACES): a big smile for yes, a straight mouth for partly, a deep frown
# for no. Words carry the meaning; the face helps people who read pictures.
FACES = {
    YES: "M10 23 Q20 34 30 23",
    PARTLY: "M12 26 L28 26",
    NO: "M11 29 Q20 19 29 29",
}


@dataclass(frozen=True)
class Rated:
    """One person's rating of one update, as plain facts. `update_order`
    sorts the updates of a commitment oldest first (date, then id)."""

    commitment_id: int
    participant_id: int
    update_order: tuple[int, int]
    value: str


@dataclass(frozen=True)
class Tally:
    yes: int = 0
    partly: int = 0
    no: int = 0

    @property
    def total(self) -> int:
        return self.yes + self.partly + self.no

    def count(self, value: str) -> int:
        return {YES: self.yes, PARTLY: self.partly, NO: self.no}[value]

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.yes + other.yes, self.partly + other.partly, self.no + other.no
        )


def tally(values: Iterable[str]) -> Tally:
    """Count answers; anything but yes, partly or no is an error."""
    counts = dict.fromkeys(VALUES, 0)
    for value in values:
        if value not in counts:
            raise ValueError(f"Unknown rating: {value!r}")
        counts[value] += 1
    return Tally(counts[YES], counts[PARTLY], counts[NO])


def verdicts(ratings: Iterable[Rated]) -> dict[int, Tally]:
    """Per commitment, each person once: their answer about the latest
    update of that commitment they rated."""
    latest: dict[tuple[int, int], tuple[tuple[int, int], str]] = {}
    for rated in ratings:
        key = (rated.commitment_id, rated.participant_id)
        seen = latest.get(key)
        if seen is None or rated.update_order > seen[0]:
            latest[key] = (rated.update_order, rated.value)
    by_commitment: dict[int, list[str]] = {}
    for (commitment_id, _), (_, value) in latest.items():
        by_commitment.setdefault(commitment_id, []).append(value)
    return {pk: tally(values) for pk, values in by_commitment.items()}


@dataclass(frozen=True)
class Cell:
    """One answer as shown: `count` is None when it is not shown exactly."""

    value: str
    count: int | None
    display: str

    @property
    def words(self) -> str:
        return WORDS[self.value]

    @property
    def easy_read_words(self) -> str:
        return EASY_READ_WORDS[self.value]

    @property
    def face(self) -> str:
        return FACES[self.value]


@dataclass(frozen=True)
class Shown:
    """Ratings as they may be shown in public.

    `total` is exact or None; `at_least` is a lower bound on the number of
    people (0 when nobody rated, 1 for "fewer than 5"); `few` says fewer than
    5 people rated, in which case no answer is shown at all."""

    total: int | None
    at_least: int
    few: bool
    cells: tuple[Cell, ...]

    @property
    def nobody(self) -> bool:
        return self.total == 0

    @property
    def has_hidden(self) -> bool:
        return any(cell.count is None for cell in self.cells)

    @property
    def people_display(self) -> str:
        """How many rated, as it may be shown: "12", "12 or more", "fewer than 5"."""
        if self.few:
            return FEWER_THAN_5
        if self.total is not None:
            return str(self.total)
        return f"{self.at_least} or more"

    @property
    def summary(self) -> str:
        """One sentence for the page (numbers as digits, no percentages)."""
        if self.nobody:
            return "Nobody in the inquiry group has rated this yet."
        if self.few:
            return "Fewer than 5 people in the inquiry group have rated this so far."
        answers = "; ".join(f"{c.words}: {c.display}" for c in self.cells)
        hidden = " Numbers under 5 are not shown." if self.has_hidden else ""
        return (
            f"{self.people_display} people in the inquiry group rated this. "
            f"{answers}.{hidden}"
        )


def _cells(pairs: Iterable[tuple[str, int | None, str]]) -> tuple[Cell, ...]:
    return tuple(Cell(value, count, display) for value, count, display in pairs)


def publish(counts: Tally) -> Shown:
    """One commitment's ratings as they may be shown (see the module notes)."""
    total = counts.total
    if total == 0:
        return Shown(0, 0, False, _cells((v, 0, "0") for v in VALUES))
    if total < SMALL:
        return Shown(None, 1, True, _cells((v, None, FEWER_THAN_5) for v in VALUES))
    small = [v for v in VALUES if counts.count(v) < SMALL]
    cells = _cells(
        (v, None, FEWER_THAN_5) if v in small else (v, n, str(n))
        for v, n in ((v, counts.count(v)) for v in VALUES)
    )
    if not small:
        return Shown(total, total, False, cells)
    shown_sum = sum(c.count or 0 for c in cells)
    return Shown(None, max(SMALL, shown_sum), False, cells)


def publish_combined(parts: Sequence[Shown]) -> Shown:
    """A change's ratings, from what each of its commitments shows (never
    from a hidden count). Commitments nobody rated are left out."""
    rated = [p for p in parts if not p.nobody]
    if not rated:
        return publish(Tally())
    if len(rated) == 1:
        return rated[0]
    exact_totals = [p.total for p in rated if p.total is not None]
    total = sum(exact_totals) if len(exact_totals) == len(rated) else None
    at_least = sum(p.at_least for p in rated)
    cells = []
    for index, value in enumerate(VALUES):
        counts = [p.cells[index].count for p in rated]
        known = sum(n for n in counts if n is not None)
        if all(n is not None for n in counts):
            cells.append(Cell(value, known, str(known)))
        elif known:
            cells.append(Cell(value, None, f"{known} or more"))
        else:
            cells.append(Cell(value, None, NOT_SHOWN))
    return Shown(total, at_least, False, tuple(cells))
