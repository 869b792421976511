"""Load the Anyshire demo once per test process, then replay its rows.

`seed_demo` goes through the product's own services (about 3 s with ballots,
budgets and themes), and several hundred tests start from it. The first test
in each process seeds it for real and records every row of every table the
seed changed; later tests delete those tables' rows and insert the recorded
ones, inside one atomic block, so foreign keys are checked once the whole
picture is back. Sequences are moved past the replayed ids.

The replay is the same data the seed made, not a hand-written fixture:
`tests/cms/test_demo.py` still runs `seed_demo` itself.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction

Rows = list[tuple[Any, ...]]


@dataclass(frozen=True)
class _Table:
    name: str
    columns: tuple[str, ...]
    json_columns: tuple[int, ...]
    rows: Rows


@dataclass(frozen=True)
class _Snapshot:
    day: dt.date
    vendor: str
    tables: tuple[_Table, ...]
    content_types: _Table | None


_snapshot: _Snapshot | None = None


def _read_tables(only: str | None = None) -> dict[str, _Table]:
    quote = connection.ops.quote_name
    found: dict[str, _Table] = {}
    with connection.cursor() as cursor:
        virtual = _virtual_tables(cursor)
        skip = virtual | {f"{v}_{end}" for v in virtual for end in _SHADOW_SUFFIXES}
        names = [
            n for n in connection.introspection.table_names(cursor) if n not in skip
        ]
        for name in [only] if only else names:
            cursor.execute(f"SELECT * FROM {quote(name)}")  # noqa: S608
            columns = tuple(col[0] for col in cursor.description)
            json_columns = tuple(
                i for i, col in enumerate(cursor.description) if col[1] in _JSON_OIDS
            )
            rows = cursor.fetchall()
            rows.sort(key=repr)
            found[name] = _Table(name, columns, json_columns, rows)
    return found


# PostgreSQL's json and jsonb type oids: these columns go back in as JSON text
# (see _adapt).
_JSON_OIDS = {114, 3802}


_SHADOW_SUFFIXES = ("data", "idx", "content", "docsize", "config")


def _virtual_tables(cursor: Any) -> set[str]:
    """SQLite full-text tables (and the shadow tables behind them) are filled
    by triggers on the search index entries, so replaying the entries refills
    them: they are left out of the snapshot."""
    if connection.vendor != "sqlite":
        return set()
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' "
        "AND sql LIKE 'CREATE VIRTUAL TABLE%'"
    )
    return {row[0] for row in cursor.fetchall()}


def _adapt(table: _Table) -> Rows:
    if not table.json_columns:
        return table.rows
    rows = []
    for row in table.rows:
        values = list(row)
        for i in table.json_columns:
            # Django's cursors load json/jsonb as the JSON text itself (for
            # JSONField.from_db_value): that text goes back in as it is;
            # dumping it again would store a JSON string, not the object.
            if values[i] is not None and not isinstance(values[i], str):
                values[i] = json.dumps(values[i])
        rows.append(tuple(values))
    return rows


def _reset_sequences() -> None:
    if connection.vendor != "postgresql":
        return  # SQLite's AUTOINCREMENT follows the largest id inserted.
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _replay(snapshot: _Snapshot) -> None:
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for table in snapshot.tables:
            cursor.execute(f"DELETE FROM {quote(table.name)}")  # noqa: S608
        for table in snapshot.tables:
            if not table.rows:
                continue
            columns = ", ".join(quote(c) for c in table.columns)
            marks = ", ".join(["%s"] * len(table.columns))
            cursor.executemany(
                f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({marks})",  # noqa: S608
                _adapt(table),
            )
    _reset_sequences()


class _Discard(Exception):
    pass


def prepare(seed: Callable[[], object], today: dt.date) -> None:
    """Seed the demo once into the freshly migrated database, record what it
    changed, and roll it back. Called once per test process."""
    global _snapshot
    before = _read_tables()
    try:
        with transaction.atomic():
            seed()
            after = _read_tables()
            raise _Discard
    except _Discard:
        pass
    changed = tuple(table for name, table in after.items() if before.get(name) != table)
    _snapshot = _Snapshot(
        today, connection.vendor, changed, before.get("django_content_type")
    )


def _replayable(today: dt.date) -> bool:
    """The recorded rows fit this database: same day, same database, and the
    same content type ids (a transactional test's flush renumbers them)."""
    if _snapshot is None or _snapshot.day != today:
        return False
    if _snapshot.vendor != connection.vendor:
        return False
    return _read_table("django_content_type") == _snapshot.content_types


def _read_table(name: str) -> _Table | None:
    return _read_tables(only=name).get(name)


def load_demo(seed: Callable[[], object], today: dt.date) -> None:
    """Put the demo into the current test database, as fast as we can."""
    if _replayable(today):
        _replay(_snapshot)
    else:
        seed()
