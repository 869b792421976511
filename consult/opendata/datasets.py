"""What each open data file of an inquiry holds, field by field, and its rows.

Rules every dataset keeps (they are why this module exists):

- findings: only what the public findings page shows (`Finding.objects.public()`:
  published, not withdrawn, never a safeguarding concern, never "count only");
  a name only when the person agreed to be named;
- ballots: no participant, account, code or helper; a ballot number that is a
  keyed hash (not the database id, not in the order ballots came in), rows
  sorted by it; the month it was cast, never the day or time;
- every query is flat (values, iterator): two or three per file however many
  ballots there are;
- small numbers: a ballot file with fewer than 5 ballots has no rows (and the
  pabulib file no votes), like the results pages, so that nobody's ballot
  can be picked out of a handful.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from itertools import islice
from typing import Any

from django.utils import timezone
from django.utils.crypto import salted_hmac

from ..budgeting.election import BallotGroup, BallotSet
from ..budgeting.importing import export_election
from ..budgeting.pabulib import write as write_pabulib
from ..budgeting.results import project_id
from ..models import (
    BallotChannel,
    BallotKind,
    Budget,
    BudgetBallot,
    BudgetChannel,
    BudgetModelVote,
    BudgetSplitLine,
    Change,
    Channel,
    Consent,
    Finding,
    FindingTheme,
    Inquiry,
    ModelVoteType,
    PriorityBallot,
    PriorityChoice,
    SupportModel,
    VotingMethod,
)
from ..voices import SMALL

LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
LICENCE_LINE = (
    "You may copy, share and adapt these files for any purpose, if you say where "
    "they came from: Creative Commons Attribution 4.0 (CC BY 4.0)."
)
SPREADSHEET_NOTE = (
    "In CSV files, a text cell that begins with =, +, -, @, a tab or a carriage "
    "return starts with an apostrophe ('), so that a spreadsheet shows it as "
    "text and never runs it as a formula. JSON files keep the text unchanged."
)
TEXT_ALLOWED = "Any text (see the note on spreadsheets)"
BALLOT_SALT = "consult.opendata.ballot-number"
CHUNK = 2000


def ballot_number(kind: str, pk: int) -> str:
    """A ballot's public number: a keyed hash of the ballot, so it stays the
    same from one download to the next but says nothing about the database id
    or the order ballots came in (without the site's secret key)."""
    return salted_hmac(BALLOT_SALT, f"{kind}:{pk}", algorithm="sha256").hexdigest()[:12]


def day(moment: Any) -> str:
    """A timestamp to the day, in the site's time zone."""
    return timezone.localdate(moment).isoformat()


def month(moment: Any) -> str:
    """A timestamp to the month, in the site's time zone (ballots)."""
    return timezone.localdate(moment).strftime("%Y-%m")


@dataclass(frozen=True)
class Field:
    """One column of a file, as the data dictionary describes it. `type` is a
    frictionless Table Schema type: string, integer, number, boolean, date,
    yearmonth."""

    name: str
    type: str
    meaning: str
    allowed: str = ""
    enum: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dataset:
    """One file (in one or more formats): its dictionary and how to read it."""

    key: str
    title: str
    description: str
    fields: tuple[Field, ...]
    formats: tuple[str, ...]
    rows: Callable[[], Iterator[dict[str, Any]]] = field(compare=False, repr=False)
    text: Callable[[], str] | None = field(default=None, compare=False, repr=False)

    def filename(self, fmt: str) -> str:
        return f"{self.key}.{fmt}"


def _choices_text(choices: type) -> str:
    return "; ".join(f"{value} ({label})" for value, label in choices.choices)


def _text(name: str, meaning: str) -> Field:
    return Field(name, "string", meaning, TEXT_ALLOWED)


BALLOT_FIELD = Field(
    "ballot",
    "string",
    "The ballot's number: 12 letters and digits, the same in every download. "
    "It is not the ballot's place in our database or in the order ballots came "
    "in, and it does not say who voted.",
    "12 characters, 0 to 9 and a to f",
)
DATE_FIELD = Field(
    "month",
    "yearmonth",
    "The month the ballot was first cast. Not the day: one assisted or paper "
    "ballot on a quiet day could point to the person who cast it.",
    "A month, YYYY-MM",
)
HELPED_FIELD = Field(
    "helped",
    "boolean",
    "Whether a facilitator helped the person vote or typed the vote in for them.",
    "yes or no in CSV; true or false in JSON",
)


# Findings ---------------------------------------------------------------------


def _finding_fields() -> tuple[Field, ...]:
    shared = [Consent.NAMED, Consent.ANONYMOUS]
    return (
        Field(
            "finding",
            "integer",
            "The finding's number, as in its address on the findings page.",
            "A whole number",
        ),
        Field("date", "date", "The day it was recorded.", "A date, YYYY-MM-DD"),
        Field(
            "channel",
            "string",
            "How it reached us.",
            _choices_text(Channel),
            tuple(Channel.values),
        ),
        Field(
            "consent",
            "string",
            "What the person agreed to. Findings people asked us only to count "
            "are never in this file.",
            "; ".join(f"{c.value} ({c.label})" for c in shared),
            tuple(c.value for c in shared),
        ),
        _text(
            "name",
            "The name the person agreed to show. Empty unless consent is 'named'.",
        ),
        _text("text", "What the person said, in their words, checked by a moderator."),
        _text(
            "themes",
            "The themes the finding was grouped into, separated by '; '. May be empty.",
        ),
        Field(
            "changes",
            "string",
            "The numbers of the changes this finding supports, separated by "
            "'; '. May be empty.",
            "Change numbers separated by '; ', or empty",
        ),
    )


def _finding_rows(inquiry: Inquiry) -> Iterator[dict[str, Any]]:
    public = Finding.objects.filter(inquiry=inquiry).public()
    themes: dict[int, list[str]] = defaultdict(list)
    for finding_id, name in (
        FindingTheme.objects.filter(finding__in=public)
        .order_by("theme__name", "theme_id")
        .values_list("finding_id", "theme__name")
        .iterator(chunk_size=CHUNK)
    ):
        themes[finding_id].append(name)
    changes: dict[int, list[str]] = defaultdict(list)
    for finding_id, number in (
        Finding.changes.through.objects.filter(finding__in=public)
        .order_by("change__number")
        .values_list("finding_id", "change__number")
        .iterator(chunk_size=CHUNK)
    ):
        changes[finding_id].append(str(number))
    rows = public.order_by("created_at", "pk").values_list(
        "pk", "created_at", "channel", "consent", "display_name", "text"
    )
    for pk, created_at, channel, consent, display_name, text in rows.iterator(
        chunk_size=CHUNK
    ):
        yield {
            "finding": pk,
            "date": day(created_at),
            "channel": channel,
            "consent": consent,
            "name": display_name if consent == Consent.NAMED else "",
            "text": text,
            "themes": "; ".join(themes.get(pk, ())),
            "changes": "; ".join(changes.get(pk, ())),
        }


# Priority ballots -------------------------------------------------------------


def _priority_fields(changes: list[tuple[int, int, str]]) -> tuple[Field, ...]:
    return (
        BALLOT_FIELD,
        DATE_FIELD,
        Field(
            "channel",
            "string",
            "How the ballot reached us.",
            _choices_text(BallotChannel),
            tuple(BallotChannel.values),
        ),
        HELPED_FIELD,
        Field(
            "method",
            "string",
            "How people voted, which says what the numbers in the change columns mean.",
            _choices_text(VotingMethod),
            tuple(VotingMethod.values),
        ),
        *(
            Field(
                f"change_{number}",
                "integer",
                f"Change {number}, “{title}”. rate: 1 (not important to me) to "
                "5 (very important to me); approve: 1 when chosen; rank: its "
                "place, 1 the most important. Empty: no answer.",
                "1 to 5 (rate), 1 (approve), 1 or more (rank), or empty",
            )
            for _pk, number, title in changes
        ),
    )


def _priority_rows(
    inquiry: Inquiry, changes: list[tuple[int, int, str]]
) -> Iterator[dict[str, Any]]:
    values: dict[int, dict[int, int]] = defaultdict(dict)
    for ballot_id, change_id, value in (
        PriorityChoice.objects.filter(ballot__inquiry=inquiry)
        .values_list("ballot_id", "change_id", "value")
        .iterator(chunk_size=CHUNK)
    ):
        values[ballot_id][change_id] = value
    rows = []
    for pk, created_at, channel, helped_by, method in (
        PriorityBallot.objects.filter(inquiry=inquiry)
        .values_list("pk", "created_at", "channel", "helped_by_id", "method")
        .iterator(chunk_size=CHUNK)
    ):
        given = values.get(pk, {})
        row: dict[str, Any] = {
            "ballot": ballot_number("priority", pk),
            "month": month(created_at),
            "channel": channel,
            "helped": channel == BallotChannel.ASSISTED or helped_by is not None,
            "method": method,
        }
        for change_pk, number, _title in changes:
            row[f"change_{number}"] = given.get(change_pk)
        rows.append(row)
    # Sorted by the number, so row order tells nothing about when anyone voted.
    rows.sort(key=lambda r: r["ballot"])
    yield from rows


# Budget ballots ---------------------------------------------------------------

BUDGET_CHANNEL_FIELD = Field(
    "channel",
    "string",
    "How the ballot reached us.",
    _choices_text(BudgetChannel),
    tuple(BudgetChannel.values),
)


def _budget_ballots(budget: Budget, kind: str) -> Iterator[tuple[int, dict]]:
    for pk, created_at, channel, helped_by in (
        BudgetBallot.objects.filter(budget=budget, kind=kind)
        .values_list("pk", "created_at", "channel", "helped_by_id")
        .iterator(chunk_size=CHUNK)
    ):
        yield (
            pk,
            {
                "ballot": ballot_number("budget", pk),
                "month": month(created_at),
                "channel": channel,
                "helped": channel == BudgetChannel.ASSISTED or helped_by is not None,
            },
        )


def _split_fields(budget: Budget, areas: list[tuple[int, int, str]]) -> tuple:
    return (
        BALLOT_FIELD,
        DATE_FIELD,
        BUDGET_CHANNEL_FIELD,
        HELPED_FIELD,
        Field(
            "counted",
            "boolean",
            "Whether the split counts in the results: it covers every area "
            f"below and adds up to the whole pot (£{budget.pot:,.0f}).",
            "yes or no in CSV; true or false in JSON",
        ),
        *(
            Field(
                f"area_{number}",
                "number",
                f"Pounds the person put into area {number}, “{name}”. Empty: "
                "nothing recorded for this area.",
                "0 or more, in pounds (up to 2 decimal places), or empty",
            )
            for _pk, number, name in areas
        ),
    )


def _split_rows(
    budget: Budget, areas: list[tuple[int, int, str]]
) -> Iterator[dict[str, Any]]:
    lines: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for ballot_id, area_id, amount in (
        BudgetSplitLine.objects.filter(ballot__budget=budget, ballot__kind="split")
        .values_list("ballot_id", "area_id", "amount")
        .iterator(chunk_size=CHUNK)
    ):
        lines[ballot_id][area_id] = amount
    wanted = {pk for pk, _n, _name in areas}
    rows = []
    for pk, row in _budget_ballots(budget, BallotKind.SPLIT):
        split = lines.get(pk, {})
        row["counted"] = set(split) == wanted and sum(
            split.values(), Decimal(0)
        ) == Decimal(budget.pot)
        for area_pk, number, _name in areas:
            row[f"area_{number}"] = split.get(area_pk)
        rows.append(row)
    rows.sort(key=lambda r: r["ballot"])
    yield from rows


def _model_fields(budget: Budget, models: list[tuple[int, str, str, str]]) -> tuple:
    ordinal = budget.model_vote_type == ModelVoteType.ORDINAL
    if budget.model_vote_type == ModelVoteType.APPROVAL:
        value, allowed = "1 when the person chose it", "1, or empty"
    elif ordinal:
        value, allowed = (
            "its place in the person's order, 1 first",
            "1 or more, or empty",
        )
    else:
        value, allowed = "the points the person gave it", "1 or more, or empty"
    return (
        BALLOT_FIELD,
        DATE_FIELD,
        BUDGET_CHANNEL_FIELD,
        HELPED_FIELD,
        *(
            Field(
                f"model_{ident}",
                "integer",
                f"Support model “{name}” ({area}): {value}. Empty: not chosen.",
                allowed,
            )
            for _pk, ident, name, area in models
        ),
    )


def _model_rows(
    budget: Budget, models: list[tuple[int, str, str, str]]
) -> Iterator[dict[str, Any]]:
    ordinal = budget.model_vote_type == ModelVoteType.ORDINAL
    votes: dict[int, dict[int, int]] = defaultdict(dict)
    for ballot_id, model_id, points, position in (
        BudgetModelVote.objects.filter(ballot__budget=budget, ballot__kind="models")
        .values_list("ballot_id", "support_model_id", "points", "position")
        .iterator(chunk_size=CHUNK)
    ):
        votes[ballot_id][model_id] = position if ordinal else points
    rows = []
    for pk, row in _budget_ballots(budget, BallotKind.MODELS):
        given = votes.get(pk, {})
        for model_pk, ident, _name, _area in models:
            row[f"model_{ident}"] = given.get(model_pk)
        rows.append(row)
    rows.sort(key=lambda r: r["ballot"])
    yield from rows


# The pabulib file -------------------------------------------------------------


def pabulib_text(budget: Budget) -> str:
    """The budget as `manage.py export_pabulib` writes it, with each voter's id
    replaced by the ballot's public number and no voter columns (an imported
    file's districts, ages and the like stay with us)."""
    election = export_election(budget)
    numbers = {
        voter_key or f"p{participant}": ballot_number("budget", pk)
        for pk, voter_key, participant in BudgetBallot.objects.filter(
            budget=budget, kind=BallotKind.MODELS
        ).values_list("pk", "voter_key", "participant_id")
    }
    groups = tuple(
        BallotGroup(
            points=group.points,
            count=group.count,
            voter_ids=tuple(numbers[voter] for voter in group.voter_ids),
        )
        for group in election.ballots.groups
        if election.num_voters >= SMALL
    )
    meta = {**election.meta, "licence": LICENCE["title"]}
    return write_pabulib(replace(election, ballots=BallotSet(groups=groups), meta=meta))


def _pabulib_fields(budget: Budget, extra: list[str]) -> tuple[Field, ...]:
    with_points = budget.model_vote_type != ModelVoteType.APPROVAL
    return (
        Field("key", "string", "META section: the name of a fact about the vote."),
        Field(
            "value",
            "string",
            "META section: its value (budget is the pot in whole pounds; "
            "vote_type is approval, cumulative or ordinal).",
        ),
        Field(
            "project_id",
            "string",
            "PROJECTS section: the support model's id, as in the model_ "
            "columns of budget-models.",
        ),
        Field("cost", "integer", "PROJECTS section: its cost in whole pounds."),
        Field("name", "string", "PROJECTS section: its name."),
        *(
            Field(key, "string", "PROJECTS section: kept from the imported file.")
            for key in extra
        ),
        Field(
            "voter_id",
            "string",
            "VOTES section: the ballot's number, as in budget-models.",
        ),
        Field(
            "vote",
            "string",
            "VOTES section: the project ids the person chose, separated by "
            "commas (in order, for ordinal votes).",
        ),
        *(
            (
                Field(
                    "points",
                    "string",
                    "VOTES section: the points given to each chosen project, "
                    "in the same order, separated by commas.",
                ),
            )
            if with_points
            else ()
        ),
    )


# All of them ------------------------------------------------------------------


SMALL_NOTE = (
    " The rows appear when 5 or more people have voted, so that nobody's "
    "ballot can be picked out."
)


def when_enough(rows: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The rows, or none at all when there are fewer than 5 of them."""
    first = list(islice(rows, SMALL))
    if len(first) < SMALL:
        return
    yield from first
    yield from rows


def datasets_for(inquiry: Inquiry) -> list[Dataset]:
    """The inquiry's open data files, in the order the downloads page lists
    them. Whether they may be shown is the caller's question (is_published)."""
    found = [
        Dataset(
            key="findings",
            title="What people told us",
            description="Every finding people agreed to share, in their words. "
            "Findings people asked us only to count, and anything a moderator "
            "kept private, are not here.",
            fields=_finding_fields(),
            formats=("csv", "json"),
            rows=lambda: _finding_rows(inquiry),
        )
    ]
    changes = list(
        Change.objects.filter(inquiry=inquiry)
        .order_by("number")
        .values_list("pk", "number", "title")
    )
    if changes:
        found.append(
            Dataset(
                key="priority-ballots",
                title="How people prioritised the changes",
                description="One row per ballot, with the answer given to each "
                "change. Nothing says who voted." + SMALL_NOTE,
                fields=_priority_fields(changes),
                formats=("csv", "json"),
                rows=lambda: when_enough(_priority_rows(inquiry, changes)),
            )
        )
    budget = Budget.objects.filter(inquiry=inquiry).first()
    if budget is None:
        return found
    areas = list(
        budget.areas.filter(is_decision_area=True)
        .order_by("number")
        .values_list("pk", "number", "name")
    )
    found.append(
        Dataset(
            key="budget-splits",
            title="How people split the money across the areas",
            description="One row per ballot: the pounds put into each area. "
            "Nothing says who voted." + SMALL_NOTE,
            fields=_split_fields(budget, areas),
            formats=("csv", "json"),
            rows=lambda: when_enough(_split_rows(budget, areas)),
        )
    )
    support_models = list(
        SupportModel.objects.filter(budget=budget)
        .select_related("area")
        .only("pk", "pabulib_id", "name", "pabulib_extra", "area__name")
        .order_by("area__number", "name", "pk")
    )
    models = [(m.pk, project_id(m), m.name, m.area.name) for m in support_models]
    if not models:
        return found
    found.append(
        Dataset(
            key="budget-models",
            title="Which support models people chose",
            description="One row per ballot: what each support model got. "
            "Nothing says who voted." + SMALL_NOTE,
            fields=_model_fields(budget, models),
            formats=("csv", "json"),
            rows=lambda: when_enough(_model_rows(budget, models)),
        )
    )
    extra = sorted(
        {key for m in support_models for key in (m.pabulib_extra or {})}
        - {"project_id", "cost", "name"}
    )
    found.append(
        Dataset(
            key="budget",
            title="The support model vote as a pabulib file",
            description="The pot, the support models and the ballots in the "
            "pabulib format (pabulib.org), for participatory budgeting tools. "
            "Voters are the ballot numbers of budget-models." + SMALL_NOTE,
            fields=_pabulib_fields(budget, extra),
            formats=("pb",),
            rows=lambda: iter(()),
            text=lambda: pabulib_text(budget),
        )
    )
    return found
