"""Read and write pabulib (.pb) files, the open format of participatory budgeting data.

Format: Stolicki, Szufa and Talmon, "Pabulib: A Participatory Budgeting
Library", arXiv:2012.06539 (pabulib.org). A file has three sections, META,
PROJECTS and VOTES, each a header line then ``;``-separated rows; fields may be
quoted. We read approval, cumulative and ordinal ballots and keep their points.
Any problem raises :class:`PabulibError` naming the line, before anything is
built, so a caller that writes to a database writes nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from typing import IO

from consult.budgeting.election import (
    VOTE_TYPES,
    BallotSet,
    Election,
    Project,
    natural_key,
)

SECTIONS = ("meta", "projects", "votes")


class PabulibError(ValueError):
    """A .pb file we cannot read: ``line`` (1-based, 0 for the whole file) and why."""

    def __init__(self, line: int, message: str):
        self.line = line
        self.message = message
        where = f"Line {line}: " if line else ""
        super().__init__(f"{where}{message}")


def _whole_number(text: str, line: int, what: str) -> int:
    cleaned = text.strip().replace(" ", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise PabulibError(line, f"{what} should be a number, not {text!r}.") from None
    if value != value.to_integral_value():
        raise PabulibError(line, f"{what} should be a whole number, not {text!r}.")
    return int(value)


def _split_list(text: str) -> list[str]:
    text = text.strip()
    if not text or text.lower() == "none":
        return []
    return [item.strip() for item in text.split(",")]


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """Yield (line number, fields), skipping blank lines."""
    lines = text.splitlines()
    reader = csv.reader(lines, delimiter=";")
    for row in reader:
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        yield reader.line_num, row


def parse(source: str | IO[str] | IO[bytes]) -> Election:
    """Parse a pabulib file (text, or a text or binary file object) into an Election.

    A cumulative ballot that names a project twice gives it the sum of the
    points (pabutools keeps only the last); an approval ballot counts it once.
    Ordinal ballots keep the file's points column; without one, an ordinal
    ballot of length L gives L points to its first choice, L-1 to the next, down
    to 1. Raises :class:`PabulibError` with the line and a plain reason."""
    if not isinstance(source, str):
        raw = source.read()
        if isinstance(raw, bytes):
            try:
                raw = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise PabulibError(0, "The file is not UTF-8 text.") from None
        source = raw
    text = source.lstrip("\ufeff")

    meta: dict[str, str] = {}
    meta_lines: dict[str, int] = {}
    project_rows: list[tuple[int, list[str]]] = []
    vote_rows: list[tuple[int, list[str]]] = []
    headers: dict[str, tuple[int, list[str]]] = {}
    section = ""
    expect_header = False
    for line, row in _rows(text):
        first = row[0].strip().lower()
        if first in SECTIONS and len([f for f in row if f.strip()]) == 1:
            if first in headers or (first == section):
                raise PabulibError(line, f"The {first.upper()} section appears twice.")
            section = first
            expect_header = True
            continue
        if not section:
            raise PabulibError(line, "The file should start with a META section.")
        if expect_header:
            headers[section] = (line, [field.strip().lower() for field in row])
            expect_header = False
            continue
        if section == "meta":
            if len(row) < 2:
                raise PabulibError(line, "A META line needs a key and a value.")
            meta[row[0].strip()] = row[1].strip()
            meta_lines[row[0].strip()] = line
        elif section == "projects":
            project_rows.append((line, row))
        else:
            vote_rows.append((line, row))

    for name in SECTIONS:
        if name not in headers:
            raise PabulibError(0, f"The file has no {name.upper()} section.")

    vote_type = meta.get("vote_type", "").strip().lower()
    if not vote_type:
        raise PabulibError(meta_lines.get("vote_type", 0), "META has no vote_type.")
    if vote_type not in VOTE_TYPES:
        raise PabulibError(
            meta_lines["vote_type"],
            f'Vote type "{vote_type}" is not supported: we read approval, '
            "cumulative and ordinal votes.",
        )
    if "budget" not in meta:
        raise PabulibError(0, "META has no budget.")
    budget = _whole_number(meta["budget"], meta_lines["budget"], "The budget")
    if budget < 0:
        raise PabulibError(meta_lines["budget"], "The budget cannot be negative.")

    projects = _parse_projects(headers["projects"], project_rows)
    known = {project.id for project in projects}
    ballots, voter_ids, voter_meta, voter_fields = _parse_votes(
        headers["votes"], vote_rows, vote_type, known
    )
    for key, actual in (("num_projects", len(projects)), ("num_votes", len(ballots))):
        if key in meta:
            stated = _whole_number(meta[key], meta_lines[key], key)
            if stated != actual:
                raise PabulibError(
                    meta_lines[key],
                    f"{key} says {stated}, but the file has {actual}.",
                )
    return Election(
        budget=budget,
        projects=tuple(projects),
        vote_type=vote_type,  # type: ignore[arg-type]
        ballots=BallotSet.from_ballots(
            ballots,
            voter_ids=voter_ids,
            voter_meta=voter_meta,
            voter_fields=voter_fields,
            ordered=vote_type == "ordinal",
        ),
        meta=meta,
    )


def _parse_projects(
    header: tuple[int, list[str]], rows: list[tuple[int, list[str]]]
) -> list[Project]:
    header_line, columns = header
    for needed in ("project_id", "cost"):
        if needed not in columns:
            raise PabulibError(header_line, f"The PROJECTS header has no {needed}.")
    id_at, cost_at = columns.index("project_id"), columns.index("cost")
    name_at = columns.index("name") if "name" in columns else None
    projects: list[Project] = []
    seen: set[str] = set()
    for line, row in rows:
        if len(row) != len(columns):
            raise PabulibError(
                line,
                f"This project has {len(row)} fields; the header has {len(columns)}.",
            )
        project_id = row[id_at].strip()
        if not project_id:
            raise PabulibError(line, "This project has no project_id.")
        if project_id in seen:
            raise PabulibError(line, f"Project {project_id} appears twice.")
        seen.add(project_id)
        cost = _whole_number(row[cost_at], line, f"The cost of project {project_id}")
        if cost < 0:
            raise PabulibError(line, f"Project {project_id} has a negative cost.")
        extra = {
            column: row[i].strip()
            for i, column in enumerate(columns)
            if i not in (id_at, cost_at, name_at)
        }
        name = row[name_at].strip() if name_at is not None else ""
        projects.append(Project(id=project_id, name=name, cost=cost, meta=extra))
    return projects


def _parse_votes(
    header: tuple[int, list[str]],
    rows: list[tuple[int, list[str]]],
    vote_type: str,
    known: set[str],
) -> tuple[list[dict[str, int]], list[str], list[dict[str, str]], tuple[str, ...]]:
    header_line, columns = header
    for needed in ("voter_id", "vote"):
        if needed not in columns:
            raise PabulibError(header_line, f"The VOTES header has no {needed}.")
    id_at, vote_at = columns.index("voter_id"), columns.index("vote")
    points_at = columns.index("points") if "points" in columns else None
    if vote_type == "cumulative" and points_at is None:
        raise PabulibError(header_line, "Cumulative votes need a points column.")
    skip = {id_at, vote_at, points_at}
    extra_columns = [(i, c) for i, c in enumerate(columns) if i not in skip]
    ballots: list[dict[str, int]] = []
    voter_ids: list[str] = []
    voter_meta: list[dict[str, str]] = []
    seen: set[str] = set()
    width = len(columns)
    for line, row in rows:
        if len(row) != width:
            raise PabulibError(
                line, f"This vote has {len(row)} fields; the header has {width}."
            )
        voter_id = row[id_at].strip()
        if voter_id in seen:
            raise PabulibError(line, f"Voter {voter_id} appears twice.")
        seen.add(voter_id)
        chosen = _split_list(row[vote_at])
        for project_id in chosen:
            if project_id not in known:
                raise PabulibError(
                    line, f"Voter {voter_id} voted for project {project_id!r}, unknown."
                )
        repeated = len(set(chosen)) != len(chosen)
        if repeated and vote_type == "ordinal":
            raise PabulibError(line, f"Voter {voter_id} ranks a project twice.")
        if vote_type == "approval":
            ballot = dict.fromkeys(chosen, 1)
        else:
            points_text = _split_list(row[points_at]) if points_at is not None else []
            if points_at is None or (vote_type == "ordinal" and not points_text):
                points = list(range(len(chosen), 0, -1))
            else:
                if len(points_text) != len(chosen):
                    raise PabulibError(
                        line,
                        f"Voter {voter_id} has {len(chosen)} projects but "
                        f"{len(points_text)} points.",
                    )
                points = [
                    _whole_number(value, line, f"A point of voter {voter_id}")
                    for value in points_text
                ]
                if any(value < 0 for value in points):
                    raise PabulibError(line, f"Voter {voter_id} gives negative points.")
            ballot = {}
            for project_id, value in zip(chosen, points, strict=True):
                # A cumulative voter naming a project twice gave it both lots of
                # points (czestochowa 2020 has "579,579,579,579;1,1,1,1").
                ballot[project_id] = ballot.get(project_id, 0) + value
        ballots.append(ballot)
        voter_ids.append(voter_id)
        voter_meta.append({column: row[i].strip() for i, column in extra_columns})
    return ballots, voter_ids, voter_meta, tuple(c for _, c in extra_columns)


def write(election: Election) -> str:
    """The election as a valid pabulib file (pabutools parses it back).

    Voters keep their ids and extra columns when the election came from a file;
    otherwise they are numbered from 1."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    meta: dict[str, str] = {
        "description": "Exported from Coproduce",
        "country": "",
        "unit": "",
        "instance": "",
    }
    meta.update(election.meta)
    meta["num_projects"] = str(len(election.projects))
    meta["num_votes"] = str(election.num_voters)
    meta["budget"] = str(election.budget)
    meta["vote_type"] = election.vote_type
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    for key, value in meta.items():
        writer.writerow([key, value])

    extra = sorted(
        {key for project in election.projects for key in project.meta}
        - {"project_id", "cost", "name"}
    )
    writer.writerow(["PROJECTS"])
    writer.writerow(["project_id", "cost", "name", *extra])
    for project in election.projects:
        writer.writerow(
            [
                project.id,
                project.cost,
                project.name,
                *(project.meta.get(key, "") for key in extra),
            ]
        )

    fields = list(election.ballots.voter_fields)
    with_points = election.vote_type != "approval"
    writer.writerow(["VOTES"])
    writer.writerow(["voter_id", "vote", *(["points"] if with_points else []), *fields])
    rows: list[tuple[str, list[str]]] = []
    number = 0
    for group in election.ballots.groups:
        for i in range(group.count):
            number += 1
            voter_id = group.voter_ids[i] if group.voter_ids else str(number)
            row = [voter_id, ",".join(group.points)]
            if with_points:
                points = ",".join(str(v) for v in group.points.values())
                # pabutools reads an empty cumulative ballot only as "None"
                row.append(
                    points or ("None" if election.vote_type == "cumulative" else "")
                )
            voter_meta: Mapping[str, str] = (
                group.voter_meta[i] if group.voter_meta else {}
            )
            row.extend(voter_meta.get(field, "") for field in fields)
            rows.append((voter_id, row))
    rows.sort(key=lambda item: natural_key(item[0]))
    for _, row in rows:
        writer.writerow(row)
    return out.getvalue()
