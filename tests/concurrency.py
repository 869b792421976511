"""A harness for races: run calls in threads that each hold their own database
connection and start together at a barrier, so they really overlap.

Only PostgreSQL can show a race: SQLite lets one writer in at a time. Tests
using this mark themselves with `postgres_only` (skipped, with the reason,
elsewhere) and `django_db(transaction=True)` so the threads see committed rows."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import connection

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrency needs PostgreSQL (set DATABASE_URL): SQLite has one "
    "writer at a time, so nothing can race",
)

# PostgreSQL's default max_connections is 100 and other sessions share it.
MAX_THREADS = 40


@dataclass
class RaceResult:
    results: list[Any] = field(default_factory=list)
    errors: list[BaseException] = field(default_factory=list)

    def ok(self) -> list[Any]:
        """The results, after checking that no call raised."""
        assert self.errors == [], self.errors
        return self.results


def race(
    fn: Callable[..., Any], calls: Sequence[tuple[Any, ...]], *, timeout: float = 30
) -> RaceResult:
    """Call fn(*args) for each args in `calls`, all at once: one thread per
    call, each on its own connection, released together by a barrier. Returns
    the results in call order and any exceptions raised."""
    if not 1 < len(calls) <= MAX_THREADS:
        raise ValueError(f"race 2 to {MAX_THREADS} calls, not {len(calls)}")
    start = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index: int, args: tuple[Any, ...]) -> None:
        try:
            start.wait(timeout=timeout)
            results[index] = fn(*args)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()  # this thread's own connection

    threads = [
        threading.Thread(target=run, args=(i, args), daemon=True)
        for i, args in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    stuck = [t for t in threads if t.is_alive()]
    assert not stuck, f"{len(stuck)} calls still running after {timeout}s: deadlock?"
    return RaceResult(results, errors)
