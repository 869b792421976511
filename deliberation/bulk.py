"""Reading many findings at once (the phone line, the post) from CSV text or
rows pasted from a spreadsheet. Plain text in, rows with their own problems
out: nothing here touches the database."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

MAX_ROWS = 2000
MAX_TEXT = 5000
MAX_NAME = 80

# Column names people are likely to use, all mapped to ours.
COLUMN_ALIASES: dict[str, str] = {
    "text": "text",
    "finding": "text",
    "what they said": "text",
    "what was said": "text",
    "words": "text",
    "consent": "consent",
    "can we use their words": "consent",
    "name": "name",
    "name to show": "name",
    "code": "code",
    "participation code": "code",
    "areas": "areas",
    "area": "areas",
    "kinds of support": "areas",
}

# Consent words people write, mapped to Consent values.
CONSENT_WORDS: dict[str, str] = {
    "named": "named",
    "with name": "named",
    "with my name": "named",
    "use my words with my name": "named",
    "name": "named",
    "anonymous": "anonymous",
    "without name": "anonymous",
    "without my name": "anonymous",
    "use my words without my name": "anonymous",
    "no name": "anonymous",
    "count only": "count_only",
    "count_only": "count_only",
    "do not quote": "count_only",
    "don't quote": "count_only",
    "don't quote me": "count_only",
    "do not use my words": "count_only",
    "no": "count_only",
}


@dataclass
class ImportRow:
    line: int
    text: str
    consent: str
    name: str
    code: str
    area_ids: list[int]
    errors: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors


@dataclass
class ParsedImport:
    rows: list[ImportRow]
    problems: list[str]

    @property
    def is_valid(self) -> bool:
        return not self.problems and all(row.is_valid for row in self.rows)

    @property
    def error_count(self) -> int:
        return len(self.problems) + sum(len(row.errors) for row in self.rows)


def _key(value: str) -> str:
    return " ".join(value.strip().lower().replace("\u2019", "'").split())


def _dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    first = sample.splitlines()[0] if sample else ""
    if "\t" in first:
        return csv.excel_tab  # pasted from a spreadsheet
    try:
        return csv.Sniffer().sniff(first, delimiters=",;")
    except csv.Error:
        return csv.excel


def parse_findings(content: str, *, areas: dict[str, int]) -> ParsedImport:
    """Rows of findings from CSV text. ``areas`` maps lower-case area names
    and numbers (as text) to area ids. Each row carries its own problems in
    plain words, with the line number a person sees in their spreadsheet."""
    content = content.lstrip("\ufeff")
    if not content.strip():
        return ParsedImport([], ["There is nothing to read. Paste some rows."])
    reader = csv.reader(io.StringIO(content), _dialect(content[:4096]))
    try:
        header = next(reader)
    except csv.Error:
        return ParsedImport([], ["We could not read the first row."])
    columns = [COLUMN_ALIASES.get(_key(name)) for name in header]
    problems = []
    if "text" not in columns:
        problems.append(
            "The first row must name the columns, with one called 'text' for "
            "what was said. Other columns: consent, name, code, areas."
        )
    if "consent" not in columns:
        problems.append("Add a 'consent' column: named, anonymous or count only.")
    if problems:
        return ParsedImport([], problems)
    rows: list[ImportRow] = []
    try:
        for line, values in enumerate(reader, start=2):
            if not any(value.strip() for value in values):
                continue
            if len(rows) >= MAX_ROWS:
                problems.append(
                    f"There are more than {MAX_ROWS} rows. Split the file in two."
                )
                break
            cells = {
                column: value
                for column, value in zip(columns, values, strict=False)
                if column
            }
            rows.append(_row(line, cells, areas, extra=len(values) > len(columns)))
    except csv.Error as error:
        problems.append(
            f"We could not read the file after row {len(rows) + 1}: {error}."
        )
    if not rows and not problems:
        problems.append("There are column names but no rows under them.")
    return ParsedImport(rows, problems)


def _row(
    line: int, cells: dict[str, str], areas: dict[str, int], *, extra: bool
) -> ImportRow:
    text = cells.get("text", "").strip()
    consent_typed = cells.get("consent", "")
    consent = CONSENT_WORDS.get(_key(consent_typed), "")
    name = cells.get("name", "").strip()
    code = cells.get("code", "").strip()
    row = ImportRow(line, text, consent, name, code, [])
    if extra:
        row.errors.append("This row has more cells than there are column names.")
    if not text:
        row.errors.append("The text is empty.")
    elif len(text) > MAX_TEXT:
        row.errors.append(f"The text is longer than {MAX_TEXT:,} characters.")
    if not consent:
        row.errors.append(
            f"We do not understand the consent '{consent_typed.strip()}'. Use "
            "named, anonymous or count only."
            if consent_typed.strip()
            else "The consent is empty. Use named, anonymous or count only."
        )
    if consent == "named" and not name:
        row.errors.append("Consent is 'named' but there is no name.")
    if len(name) > MAX_NAME:
        row.errors.append(f"The name is longer than {MAX_NAME} characters.")
    for typed in (a for a in cells.get("areas", "").replace(",", ";").split(";")):
        if not typed.strip():
            continue
        area_id = areas.get(_key(typed))
        if area_id is None:
            row.errors.append(f"We do not know the area '{typed.strip()}'.")
        elif area_id not in row.area_ids:
            row.area_ids.append(area_id)
    return row
