"""Commitments and progress updates from a spreadsheet (CSV), as councils
keep their action plans.

One row is one commitment, matched by its `reference`: a reference we do not
have yet makes a new commitment; one we have changes that commitment, and
its empty cells keep what is there. A row with `update_text` also adds a
progress update (not twice: the same date and words are skipped).

`plan()` is pure: bytes and plain facts in, a Plan out, with every problem in
plain words against its spreadsheet row. `apply()` saves a valid plan
through consult/commitments/services.py in one transaction, so nothing is
saved unless every row is."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from ..opendata.formats import FORMULA_STARTS, csv_table
from . import status as rules

MAX_BYTES = 512 * 1024
MAX_ROWS = 1000
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y")
DEFAULT_PICTOGRAM = "equal"
NEW, CHANGE, SAME = "new", "change", "same"


@dataclass(frozen=True)
class Column:
    name: str
    label: str  # for "what changes" in the preview
    meaning: str
    example: str
    needed: str = ""  # when it must be filled in, in words; "" if optional
    max_length: int = 0


COLUMNS: tuple[Column, ...] = (
    Column(
        "reference",
        "reference",
        "Your own reference for the commitment, for example from your action "
        "plan. A reference we already have changes that commitment.",
        "ASC-07",
        "always",
        40,
    ),
    Column(
        "changes",
        "changes",
        "The numbers of the changes it answers, with a semicolon between them.",
        "1; 3",
        "for a new commitment",
    ),
    Column(
        "title",
        "title",
        "What you will do, in a few words.",
        "Shared Lives for people leaving hospital",
        "for a new commitment",
        200,
    ),
    Column(
        "description",
        "description",
        "What you will do, in your own words.",
        "We will offer a Shared Lives short stay to people leaving hospital.",
        "for a new commitment",
        4000,
    ),
    Column(
        "easy_read_title",
        "easy-read title",
        "The title in easy read.",
        "Stay with a family when you leave hospital",
        "for a new commitment",
        120,
    ),
    Column(
        "easy_read_text",
        "easy-read text",
        "What you will do, in easy read: up to 3 short sentences.",
        "You can stay with a family. They help you get well.",
        "for a new commitment",
        400,
    ),
    Column(
        "owner_role",
        "who is responsible",
        "The role responsible, not a person's name.",
        "Director of Adult Social Care",
        "for a new commitment",
        120,
    ),
    Column(
        "co_produced_with",
        "made with",
        "Who you made this commitment with.",
        "The inquiry group",
        max_length=300,
    ),
    Column(
        "start_date",
        "start date",
        "When it starts, like 1/4/2027.",
        "01/04/2027",
        "for a new commitment",
    ),
    Column(
        "due_date",
        "due date",
        "When it will be done. The same day as the start or later.",
        "31/03/2028",
        "for a new commitment",
    ),
    Column(
        "review_date",
        "next progress update",
        "When you will next say in public how it is going.",
        "30/09/2027",
        "for a new commitment",
    ),
    Column(
        "status",
        "status",
        "planned, started, done or not doing.",
        "planned",
        "for a new commitment",
    ),
    Column(
        "not_doing_reason",
        "why not",
        "Why you are not doing it. Needed when the status is not doing.",
        "",
        max_length=2000,
    ),
    Column(
        "budget_amount",
        "money set aside",
        "Money set aside, in pounds.",
        "250000",
    ),
    Column(
        "update_date",
        "update date",
        "The date of a progress update. Leave empty if there is none.",
        "",
    ),
    Column(
        "update_text",
        "update",
        "What has happened: this adds a progress update.",
        "",
        max_length=4000,
    ),
    Column(
        "progress",
        "progress",
        "How far along, from 0 to 100. Needed with a progress update.",
        "",
    ),
)
COLUMN_NAMES = tuple(c.name for c in COLUMNS)
BY_NAME = {c.name: c for c in COLUMNS}
TEXT_FIELDS = {  # column -> Commitment field
    "title": "title",
    "description": "description",
    "easy_read_title": "easy_read_title",
    "easy_read_text": "easy_read_text",
    "owner_role": "owner_role",
    "co_produced_with": "co_produced_with",
    "not_doing_reason": "not_doing_reason",
}
DATE_FIELDS = {
    "start_date": "start_on",
    "due_date": "due_on",
    "review_date": "review_on",
}
NEEDED_FOR_NEW = [c.name for c in COLUMNS if c.needed == "for a new commitment"]
ALIASES = {
    "ref": "reference",
    "change": "changes",
    "change_numbers": "changes",
    "start": "start_date",
    "start_on": "start_date",
    "due": "due_date",
    "due_on": "due_date",
    "review": "review_date",
    "review_on": "review_date",
    "owner": "owner_role",
    "reason": "not_doing_reason",
    "budget": "budget_amount",
    "update": "update_text",
    "progress_percent": "progress",
}
STATUS_WORDS = {
    "planned": rules.PLANNED,
    "not started": rules.PLANNED,
    "started": rules.STARTED,
    "in progress": rules.STARTED,
    "done": rules.DONE,
    "complete": rules.DONE,
    "completed": rules.DONE,
    "not doing": rules.NOT_DOING,
}
STATUS_HELP = "Use planned, started, done or not doing."


# --- what the database knows, as plain data --------------------------------


@dataclass(frozen=True)
class Existing:
    """A commitment already saved with a reference, as the plan sees it."""

    pk: int
    inquiry_id: int
    values: Mapping[str, Any]  # Commitment field -> value
    change_numbers: frozenset[int]
    updates: frozenset[tuple[dt.date, str]] = frozenset()  # (dated, text)


@dataclass(frozen=True)
class UpdatePlan:
    dated: dt.date
    text: str
    progress: int
    status: str
    status_reason: str
    next_review_on: dt.date | None


@dataclass
class RowPlan:
    line: int  # the spreadsheet's row number (the header is row 1)
    reference: str
    title: str = ""
    action: str = NEW
    changed: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    change_numbers: tuple[int, ...] = ()
    update: UpdatePlan | None = None
    update_skipped: bool = False
    errors: list[str] = field(default_factory=list)

    @property
    def what(self) -> str:
        """What will happen, in words."""
        if self.errors:
            return "Nothing, until the problems are fixed"
        if self.action == SAME and self.update is None:
            already = ": its progress update is already there"
            return "No change" + (already if self.update_skipped else "")
        parts = []
        if self.action == NEW:
            parts.append("New commitment")
        elif self.action == CHANGE:
            parts.append("Changes the " + _and(self.changed))
        if self.update is not None:
            day = self.update.dated
            parts.append(
                f"adds a progress update of {day.day} {day:%B %Y} "
                f"({self.update.progress}% done)"
            )
        elif self.update_skipped:
            parts.append("its progress update is already there")
        text = ", ".join(parts)
        return text[0].upper() + text[1:]


@dataclass
class Plan:
    rows: list[RowPlan] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # about the whole file
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def error_count(self) -> int:
        return len(self.problems) + sum(len(r.errors) for r in self.rows)

    @property
    def ok(self) -> bool:
        return not self.error_count and bool(self.rows)

    @property
    def rows_with_errors(self) -> list[RowPlan]:
        return [r for r in self.rows if r.errors]

    @property
    def new_count(self) -> int:
        return sum(r.action == NEW for r in self.rows)

    @property
    def changed_count(self) -> int:
        return sum(r.action == CHANGE for r in self.rows)

    @property
    def update_count(self) -> int:
        return sum(r.update is not None for r in self.rows)

    @property
    def has_work(self) -> bool:
        return bool(self.new_count or self.changed_count or self.update_count)

    def fingerprint(self) -> str:
        """Changes when what the plan would do changes (someone else edited
        the commitments between the preview and the confirm)."""
        digest = hashlib.sha256()
        for r in self.rows:
            digest.update(repr((r.line, r.action, r.changed, r.update)).encode())
        return digest.hexdigest()[:32]


def _and(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


# --- reading the file ---------------------------------------------------------


def decode(data: bytes) -> str:
    """UTF-8 (with or without Excel's byte order mark), else Windows-1252,
    which is what older Excel saves as 'CSV'."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _header_name(raw: str) -> str:
    name = re.sub(r"\(optional\)", "", raw.strip().lower())
    name = re.sub(r"[\s\-]+", "_", name.strip()).strip("_")
    return ALIASES.get(name, name)


def _unescape(value: str) -> str:
    """Our exports put an apostrophe before text a spreadsheet would take
    for a formula: take it off again, so an export imports as it was."""
    value = value.strip()
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_STARTS:
        return value[1:]
    return value


def read_rows(
    text: str,
) -> tuple[list[str], list[tuple[int, dict[str, str]]], list[str]]:
    """The column names, the rows that are not empty (with their spreadsheet
    row number), and problems with the file as a whole."""
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(reader)
    except StopIteration:
        return [], [], ["The file is empty. Use the template: it has the columns."]
    except csv.Error as error:
        return [], [], [f"We could not read the file as CSV ({error})."]
    names = [_header_name(h) for h in header]
    problems = []
    seen: set[str] = set()
    for name in names:
        if name and name in seen and name in BY_NAME:
            problems.append(f"The column {name} is there twice. Keep one of them.")
        seen.add(name)
    if "reference" not in names:
        problems.append(
            "There is no reference column. Every row needs a reference, so we "
            "know which commitment it is. Use the template: it has the columns."
        )
    rows: list[tuple[int, dict[str, str]]] = []
    number = 1
    try:
        for record in reader:
            number += 1
            if not any(cell.strip() for cell in record):
                continue
            if len(rows) >= MAX_ROWS:
                problems.append(
                    f"The file has more than {MAX_ROWS:,} rows. Split it into "
                    "smaller files."
                )
                break
            row = {}
            for name, cell in zip(names, record, strict=False):
                if name in BY_NAME and name not in row:
                    row[name] = _unescape(cell)
            rows.append((number, row))
    except csv.Error as error:
        problems.append(f"We could not read row {number + 1} ({error}).")
    return names, rows, problems


# --- checking each row ----------------------------------------------------------


def parse_date(value: str) -> dt.date | None:
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


def parse_status(value: str) -> str | None:
    return STATUS_WORDS.get(re.sub(r"[\s_\-]+", " ", value.strip().lower()))


def _show(day: dt.date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


class _Row:
    """Reads one row's cells into values, collecting problems in words."""

    def __init__(self, cells: dict[str, str], is_new: bool) -> None:
        self.cells = cells
        self.is_new = is_new
        self.errors: list[str] = []

    def text(self, name: str) -> str:
        return self.cells.get(name, "").strip()

    def needed(self, name: str) -> bool:
        """A needed cell is empty: say so once."""
        if self.is_new and not self.text(name) and name in NEEDED_FOR_NEW:
            self.errors.append(
                f"{name} is empty. A new commitment needs its {BY_NAME[name].label}."
            )
            return True
        return False

    def words(self, name: str) -> str | None:
        value = self.text(name)
        if self.needed(name) or not value:
            return None
        limit = BY_NAME[name].max_length
        if limit and len(value) > limit:
            self.errors.append(
                f"{name} is {len(value):,} characters long. Keep it to {limit:,}."
            )
            return None
        return value

    def date(self, name: str) -> dt.date | None:
        value = self.text(name)
        if self.needed(name) or not value:
            return None
        day = parse_date(value)
        if day is None:
            self.errors.append(
                f"{name} “{value[:40]}” is not a date we can read. Write dates "
                "like 27/03/2027."
            )
        return day

    def status(self) -> str | None:
        value = self.text("status")
        if self.needed("status") or not value:
            return None
        status = parse_status(value)
        if status is None:
            self.errors.append(
                f"status “{value[:40]}” is not a status we know. {STATUS_HELP}"
            )
        return status

    def change_numbers(self, known: frozenset[int]) -> tuple[int, ...] | None:
        value = self.text("changes")
        if self.needed("changes") or not value:
            return None
        parts = [p for p in re.split(r"[;,/\s]+", value) if p]
        if not all(p.isdigit() for p in parts):
            self.errors.append(
                f"changes “{value[:40]}” must be the numbers of changes, like 1; 3."
            )
            return None
        numbers = tuple(sorted({int(p) for p in parts}))
        unknown = [n for n in numbers if n not in known]
        if unknown:
            listed = ", ".join(str(n) for n in unknown)
            have = ", ".join(str(n) for n in sorted(known)) or "none yet"
            self.errors.append(
                f"There is no change {listed} in this inquiry. Its changes are "
                f"numbered {have}."
            )
            return None
        return numbers

    def money(self) -> Decimal | None:
        value = self.text("budget_amount").replace("£", "").replace(",", "").strip()
        if not value:
            return None
        try:
            amount = Decimal(value)
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite() or amount < 0:
            self.errors.append(
                f"budget_amount “{value[:40]}” must be an amount in pounds, like "
                "250000."
            )
            return None
        if amount.as_tuple().exponent < -2 or abs(amount) >= Decimal(10) ** 12:
            self.errors.append(
                f"budget_amount “{value[:40]}” must be pounds and pence at most, "
                "under a trillion."
            )
            return None
        return amount

    def progress(self) -> int | None:
        value = self.text("progress").rstrip("%").strip()
        if not value:
            return None
        if not re.fullmatch(r"-?\d+", value) or not 0 <= int(value) <= 100:
            self.errors.append(
                f"progress “{value[:40]}” must be a whole number from 0 to 100."
            )
            return None
        return int(value)


def _check_row(
    line: int,
    cells: dict[str, str],
    *,
    known_changes: frozenset[int],
    existing: Existing | None,
    inquiry_id: int,
    today: dt.date,
) -> RowPlan:
    reference = cells.get("reference", "").strip()
    plan = RowPlan(line=line, reference=reference)
    if existing is not None and existing.inquiry_id != inquiry_id:
        plan.errors.append(
            f"Reference {reference} is a commitment in another inquiry. Give "
            "this row a different reference."
        )
        return plan
    row = _Row(cells, is_new=existing is None)
    read: dict[str, Any] = {}
    for column, name in TEXT_FIELDS.items():
        read[name] = row.words(column)
    for column, name in DATE_FIELDS.items():
        read[name] = row.date(column)
    read["status"] = row.status()
    read["budget_amount"] = row.money()
    numbers = row.change_numbers(known_changes)
    progress = row.progress()
    update_on = row.date("update_date")
    update_text = row.words("update_text")

    before = dict(existing.values) if existing else {}
    merged = {**before, **{k: v for k, v in read.items() if v is not None}}
    if existing is None:
        merged.setdefault("pictogram", DEFAULT_PICTOGRAM)
        merged.setdefault("co_produced_with", "")
        merged.setdefault("not_doing_reason", "")
    merged["reference"] = reference
    if merged.get("status") != rules.NOT_DOING and read["not_doing_reason"] is None:
        merged["not_doing_reason"] = ""
    start, due = merged.get("start_on"), merged.get("due_on")
    if start and due and due < start:
        row.errors.append(
            f"The due date ({_show(due)}) is before the start date "
            f"({_show(start)}). It must be the same day or later."
        )
    status = merged.get("status")
    if status == rules.NOT_DOING and not (merged.get("not_doing_reason") or "").strip():
        row.errors.append(
            "The status is not doing, so say why in not_doing_reason. People "
            "need to know."
        )

    update = None
    skipped = False
    has_update_cells = any(
        row.text(n) for n in ("update_date", "update_text", "progress")
    )
    if has_update_cells:
        if not row.text("update_text"):
            row.errors.append(
                "Say what has happened in update_text, or leave update_date and "
                "progress empty."
            )
        if not row.text("update_date"):
            row.errors.append("update_date is empty. Give the date of the update.")
        elif update_on and update_on > today:
            row.errors.append(
                f"update_date ({_show(update_on)}) is in the future. A progress "
                "update says what has already happened."
            )
        if not row.text("progress"):
            row.errors.append(
                "progress is empty. Say how far along it is, from 0 to 100."
            )
        review = merged.get("review_on")
        if (
            update_on
            and status in rules.OPEN_STATUSES
            and review
            and review <= update_on
        ):
            row.errors.append(
                f"The review_date ({_show(review)}) must be after the update_date "
                f"({_show(update_on)}), so people know when to look next."
            )
        if (
            update_on
            and update_text
            and progress is not None
            and status
            and not row.errors
        ):
            if existing and (update_on, update_text) in existing.updates:
                skipped = True
            else:
                update = UpdatePlan(
                    dated=update_on,
                    text=update_text,
                    progress=progress,
                    status=status,
                    status_reason=merged.get("not_doing_reason", ""),
                    next_review_on=review if status in rules.OPEN_STATUSES else None,
                )

    plan.errors = row.errors
    plan.title = merged.get("title") or ""
    plan.values = merged
    plan.update = update
    plan.update_skipped = skipped
    if existing is None:
        plan.action = NEW
        plan.change_numbers = numbers or ()
    else:
        plan.change_numbers = (
            numbers if numbers is not None else tuple(sorted(existing.change_numbers))
        )
        plan.changed = [
            BY_NAME[column].label
            for column, name in {**TEXT_FIELDS, **DATE_FIELDS}.items()
            if merged.get(name) != before.get(name)
        ]
        if merged.get("status") != before.get("status"):
            plan.changed.append("status")
        if merged.get("budget_amount") != before.get("budget_amount"):
            plan.changed.append("money set aside")
        if set(plan.change_numbers) != set(existing.change_numbers):
            plan.changed.append("changes")
        plan.action = CHANGE if plan.changed else SAME
    return plan


def plan(
    data: bytes,
    *,
    known_changes: Iterable[int],
    existing: Mapping[str, Existing],
    inquiry_id: int,
    today: dt.date,
) -> Plan:
    """What importing this file would do, row by row, with every problem."""
    result = Plan()
    if len(data) > MAX_BYTES:
        result.problems.append(
            f"The file is bigger than {MAX_BYTES // 1024} KB. Split it into "
            "smaller files."
        )
        return result
    names, rows, problems = read_rows(decode(data))
    result.problems.extend(problems)
    result.ignored_columns = [n for n in names if n and n not in BY_NAME]
    if problems and not rows:
        return result
    if not rows:
        result.problems.append("The file has no rows under the column names.")
        return result
    known = frozenset(known_changes)
    first_line: dict[str, int] = {}
    for line, cells in rows:
        reference = cells.get("reference", "").strip()
        if not reference:
            result.rows.append(
                RowPlan(
                    line=line,
                    reference="",
                    title=cells.get("title", "").strip(),
                    errors=[
                        "reference is empty. Give every row a reference, so we "
                        "know which commitment it is."
                    ],
                )
            )
            continue
        if len(reference) > 40:
            result.rows.append(
                RowPlan(
                    line=line,
                    reference=reference[:40],
                    errors=["reference is too long. Keep it to 40 characters."],
                )
            )
            continue
        if reference in first_line:
            result.rows.append(
                RowPlan(
                    line=line,
                    reference=reference,
                    title=cells.get("title", "").strip(),
                    errors=[
                        f"Reference {reference} is also on row "
                        f"{first_line[reference]}. Each commitment needs its "
                        "own reference."
                    ],
                )
            )
            continue
        first_line[reference] = line
        result.rows.append(
            _check_row(
                line,
                cells,
                known_changes=known,
                existing=existing.get(reference),
                inquiry_id=inquiry_id,
                today=today,
            )
        )
    return result


# --- the template -------------------------------------------------------------


def template_csv() -> str:
    """The columns with one example row, to fill in."""
    return "".join(csv_table(list(COLUMN_NAMES), [[c.example for c in COLUMNS]]))


# --- saving -------------------------------------------------------------------


@dataclass(frozen=True)
class Imported:
    created: int
    changed: int
    updates: int


def existing_for(organisation: Any) -> dict[str, Existing]:
    """The organisation's commitments that have a reference, as plain data,
    in three queries."""
    from django.db.models import Prefetch

    from ..models import Change, Commitment, ProgressUpdate

    commitments = (
        Commitment.objects.filter(organisation=organisation)
        .exclude(reference="")
        .prefetch_related(
            Prefetch("changes", queryset=Change.objects.only("pk", "number")),
            Prefetch(
                "updates",
                queryset=ProgressUpdate.objects.only("commitment", "dated", "text"),
            ),
        )
    )
    fields = [*TEXT_FIELDS.values(), *DATE_FIELDS.values(), "status", "budget_amount"]
    return {
        c.reference: Existing(
            pk=c.pk,
            inquiry_id=c.inquiry_id,
            values={
                "pictogram": c.pictogram,
                **{name: getattr(c, name) for name in fields},
            },
            change_numbers=frozenset(ch.number for ch in c.changes.all()),
            updates=frozenset((u.dated, u.text) for u in c.updates.all()),
        )
        for c in commitments
    }


def plan_for(data: bytes, *, organisation: Any, inquiry: Any, today: dt.date) -> Plan:
    """`plan` with the facts read from the database."""
    return plan(
        data,
        known_changes=inquiry.changes.values_list("number", flat=True),
        existing=existing_for(organisation),
        inquiry_id=inquiry.pk,
        today=today,
    )


def apply(plan: Plan, *, organisation: Any, inquiry: Any, by: Any) -> Imported:
    """Save a valid plan, all of it or none of it."""
    from django.db import transaction

    from ..models import Commitment
    from . import services

    if not plan.ok:
        raise ValueError("Only a plan without problems can be saved.")
    created = changed = updates = 0
    with transaction.atomic():
        changes = {c.number: c for c in inquiry.changes.all()}
        for row in plan.rows:
            values = {
                k: v for k, v in row.values.items() if k in services.COMMITMENT_FIELDS
            }
            chosen = [changes[n] for n in row.change_numbers]
            if row.action == NEW:
                commitment = services.create_commitment(
                    organisation=organisation,
                    inquiry=inquiry,
                    by=by,
                    changes=chosen,
                    **values,
                )
                created += 1
            else:
                commitment = Commitment.objects.select_for_update().get(
                    organisation=organisation, reference=row.reference
                )
                if row.action == CHANGE:
                    services.change_commitment(
                        commitment,
                        changes=chosen,
                        findings=list(commitment.findings.all()),
                        making_it_real=list(commitment.making_it_real.all()),
                        by=by,
                        **values,
                    )
                    changed += 1
            if row.update is not None:
                services.post_progress_update(
                    commitment=commitment,
                    by=by,
                    values=services.UpdateValues(
                        dated=row.update.dated,
                        text=row.update.text,
                        status=row.update.status,
                        status_reason=row.update.status_reason,
                        progress=row.update.progress,
                        next_review_on=row.update.next_review_on,
                    ),
                )
                updates += 1
    return Imported(created=created, changed=changed, updates=updates)
