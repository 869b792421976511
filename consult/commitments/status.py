"""The rules for where a commitment stands: when an update is overdue, how far
along it is, and a summary across many. Plain data in, plain data out: no
ORM here, so pages, exports, the daily reminder task and tests share it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

PLANNED = "planned"
STARTED = "started"
DONE = "done"
NOT_DOING = "not_doing"
STATUSES = (PLANNED, STARTED, DONE, NOT_DOING)
OPEN_STATUSES = frozenset({PLANNED, STARTED})


def is_overdue(
    *,
    status: str,
    review_on: dt.date | None,
    last_update_on: dt.date | None,
    today: dt.date,
) -> bool:
    """An open commitment whose review date has passed, with no progress
    update dated on or after that review date. Done and not-doing
    commitments owe no more updates."""
    if status not in OPEN_STATUSES or review_on is None or review_on >= today:
        return False
    return last_update_on is None or last_update_on < review_on


def commitment_progress(
    *, status: str, update_progress: int | None, milestone_progress: Sequence[int]
) -> int:
    """How far along a commitment is, from 0 to 100: what the latest progress
    update says; else the mean of its milestones; else all or nothing by
    status. Always within 0-100."""
    if update_progress is not None:
        value = update_progress
    elif milestone_progress:
        value = round(sum(milestone_progress) / len(milestone_progress))
    else:
        value = 100 if status == DONE else 0
    return max(0, min(100, value))


def progress_in_words(progress: int) -> str:
    """Progress for easy read: no percentages, numbers as digits."""
    if progress <= 0:
        return "Not started yet"
    if progress >= 100:
        return "All done"
    tenths = min(9, max(1, round(progress / 10)))
    return f"About {tenths} in 10 done"


@dataclass(frozen=True)
class Facts:
    """What the summary needs to know about one commitment."""

    status: str
    progress: int
    review_on: dt.date | None = None
    last_update_on: dt.date | None = None


@dataclass(frozen=True)
class ProgressSummary:
    total: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    overdue: int = 0
    average_progress: int = 0

    def count(self, status: str) -> int:
        return self.by_status.get(status, 0)

    @property
    def planned(self) -> int:
        return self.count(PLANNED)

    @property
    def started(self) -> int:
        return self.count(STARTED)

    @property
    def done(self) -> int:
        return self.count(DONE)

    @property
    def not_doing(self) -> int:
        return self.count(NOT_DOING)


def summarise(items: Iterable[Facts], today: dt.date) -> ProgressSummary:
    """Counts by status, how many are overdue, and the average progress of
    the commitments still meant to happen (not-doing ones left out)."""
    by_status = dict.fromkeys(STATUSES, 0)
    overdue = 0
    progress: list[int] = []
    total = 0
    for item in items:
        total += 1
        by_status[item.status] = by_status.get(item.status, 0) + 1
        if is_overdue(
            status=item.status,
            review_on=item.review_on,
            last_update_on=item.last_update_on,
            today=today,
        ):
            overdue += 1
        if item.status != NOT_DOING:
            progress.append(item.progress)
    average = round(sum(progress) / len(progress)) if progress else 0
    return ProgressSummary(
        total=total, by_status=by_status, overdue=overdue, average_progress=average
    )
