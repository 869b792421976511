"""The results in easy read: sections of points, each point a pictogram and up
to 3 short sentences, written here from fixed sentence templates with the
numbers filled in (never machine-simplified prose).

The easy-read web page renders these; the easy-read PDF can render the same
list, so both say the same thing (shared/EASY_READ.md: one point per row, a
picture beside every point, numbers as digits, "3 in 10" not percentages)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from ..budgeting.results import TOO_FEW_MODEL_VOTERS, TOO_FEW_SPLITS
from ..commitments.status import ProgressSummary
from ..money import plain_pounds
from ..priorities.results import PriorityResults, Row
from ..voices import SMALL, CellStatus
from .document import ResultsDocument
from .words import in_ten, people


@dataclass(frozen=True)
class Point:
    pictogram: str  # a name in themes/pictograms.py
    sentences: tuple[str, ...]
    title: str = ""  # shown first, in bold: a change, a theme, an area


@dataclass(frozen=True)
class Section:
    id: str
    heading: str
    points: tuple[Point, ...]


# Who people are, as easy read says it: "12 people draw on care and support".
RELATIONSHIP_WORDS = {
    "draw_on_care": ("help", "draw on care and support"),
    "unpaid_carer": ("family", "care for someone without pay"),
    "asked_not_qualified": ("no", "asked for support but did not get it"),
    "work_in_care": ("care-worker", "work in care and support"),
    "commission": ("money", "plan or buy support for others"),
    "community_org": ("community", "are part of a community group"),
    "councillor": ("vote", "are local councillors"),
    "public": ("group", "are members of the public"),
    "did_not_say": ("no", "did not say who they are"),
}
# The groups priority results are shown for, by dimension and group key.
GROUP_WORDS = {
    "channel": {
        "online": "People who voted online",
        "assisted": "People who voted with a helper",
        "paper": "People who voted on paper",
        "room": "People who voted at a meeting",
    },
    "helped": {
        "helped": "People who had help to vote",
        "not_helped": "People who voted on their own",
    },
}
PRIVATE = Point(
    "key",
    (
        "Some groups are very small.",
        "We do not show their numbers.",
        "This keeps people private.",
    ),
)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def who_took_part(document: ResultsDocument) -> Section:
    voices = document.voices
    if voices.took_part is None:
        points = [
            Point(
                "group",
                (
                    "Fewer than 5 people took part.",
                    "We do not show numbers for so few people.",
                    "This keeps them private.",
                ),
            )
        ]
        return Section("who", "Who took part", tuple(points))
    points = [Point("group", (f"{voices.took_part} people took part.",))]
    relationship = next((d for d in voices.dimensions if d.key == "relationship"), None)
    hidden = False
    if relationship is not None:
        for row in relationship.rows:
            if row.status != CellStatus.SHOWN or row.count is None:
                hidden = True
                continue
            pictogram, words = RELATIONSHIP_WORDS.get(
                row.key, ("group", f"said: {row.label}")
            )
            points.append(Point(pictogram, (f"{people(row.count)} {words}.",)))
        if relationship.answered is None:
            points.append(
                Point(
                    "no",
                    (
                        "Few people told us who they are.",
                        "So we do not show these numbers.",
                    ),
                )
            )
    if hidden:
        points.append(PRIVATE)
    return Section("who", "Who took part", tuple(points))


def what_people_said(document: ResultsDocument) -> Section:
    if not document.findings_counted:
        return Section(
            "told",
            "What people told us",
            (Point("talk", ("We have nothing to show from what people said yet.",)),),
        )
    points = [Point("talk", (f"People told us {document.findings_display} things.",))]
    for theme in document.themes:
        if not theme.findings:
            continue
        points.append(
            Point(
                "think",
                (
                    _capital(
                        f"{theme.findings_display} things people said are about this."
                    ),
                ),
                title=theme.easy_read_name,
            )
        )
    if len(points) == 1:
        points.append(
            Point("think", ("We have not put what people said into groups yet.",))
        )
    return Section("told", "What people told us", tuple(points))


METHOD_POINTS = {
    "rate": Point(
        "happy",
        ("People gave each change a score from 1 to 5.", "5 means very important."),
    ),
    "approve": Point("yes", ("People chose the changes that matter most to them.",)),
    "rank": Point(
        "think", ("People put the changes in order.", "First means most important.")
    ),
}


def _row_sentences(results: PriorityResults, row: Row) -> tuple[str, ...]:
    if results.method == "approve":
        chose = int(row.figure)
        came = row.easy_read.split(". ", 1)[0].rstrip(".") + "."
        return (came, f"{_capital(in_ten(chose, results.ballots))} people chose it.")
    return tuple(
        s if s.endswith(".") else s + "."
        for s in (part.strip() for part in row.easy_read.split(". "))
        if s
    )


def the_changes(document: ResultsDocument) -> Section:
    results = document.priorities
    if not document.changes:
        points = (Point("think", ("There are no changes to show yet.",)),)
        return Section("changes", "The changes people want", points)
    points: list[Point] = []
    if results is None or not results.enough:
        if results is None or results.ballots == 0:
            points.append(Point("vote", ("Nobody has voted on the changes yet.",)))
        else:
            points.append(
                Point(
                    "vote",
                    (
                        "Fewer than 5 people voted.",
                        "We show results when 5 or more people vote.",
                    ),
                )
            )
        for view in document.changes:
            change = view.change
            points.append(
                Point(
                    change.pictogram or "think",
                    (change.easy_read_text or change.easy_read_title,),
                    title=change.easy_read_title,
                )
            )
        return Section("changes", "The changes people want", tuple(points))
    points.append(Point("vote", (f"{results.ballots} people voted on the changes.",)))
    if results.method in METHOD_POINTS:
        points.append(METHOD_POINTS[results.method])
    for row in results.rows:
        points.append(
            Point(
                row.change.pictogram or "think",
                _row_sentences(results, row),
                title=row.change.easy_read_title,
            )
        )
    return Section("changes", "The changes people want", tuple(points))


def _number(figure: str) -> Decimal | None:
    try:
        return Decimal(figure.rstrip("%"))
    except (InvalidOperation, ValueError):
        return None


def _top_change(results: PriorityResults, figures: dict[int, str]) -> str:
    scored = [
        (value, -row.change.number, row.change.easy_read_title)
        for row in results.rows
        if (value := _number(figures.get(row.change.pk, ""))) is not None
    ]
    return max(scored)[2] if scored else ""


def groups_chose(document: ResultsDocument) -> Section | None:
    """Whether the groups agree on the top change, and which groups differ.
    Only groups with 5 or more votes, as in the standard tables
    (consult/priorities/results.py hides the rest)."""
    results = document.priorities
    if results is None or not results.enough or not results.rows:
        return None
    overall = _top_change(
        results, {row.change.pk: str(row.figure) for row in results.rows}
    )
    differ: list[Point] = []
    shown = 0
    hidden = False
    for dimension in results.groups:
        for group in dimension.groups:
            if not group.shown:
                hidden = True
                continue
            top = _top_change(results, group.figures)
            if not top:
                continue
            shown += 1
            if top == overall:
                continue
            if dimension.key == "relationship":
                pictogram, words = RELATIONSHIP_WORDS.get(
                    group.key, ("group", group.label.lower())
                )
                who = f"People who {words}"
            else:
                pictogram = "group"
                who = GROUP_WORDS.get(dimension.key, {}).get(group.key, group.label)
            differ.append(
                Point(pictogram, (f"Their top change was {top}.",), title=who)
            )
    points: list[Point] = []
    if not shown:
        points.append(
            Point(
                "group",
                ("No group had 5 or more votes.", "So we do not show groups."),
            )
        )
    elif not differ:
        points.append(Point("good", ("It came first in every group.",), title=overall))
    else:
        agree = shown - len(differ)
        sentences = (
            ("It came first in most groups.",)
            if agree > len(differ)
            else ("It came first overall.", "Many groups chose another change first.")
        )
        points.append(Point("good", sentences, title=overall))
        points.extend(differ)
    if hidden:
        points.append(
            Point(
                "key",
                (
                    f"We do not show groups with fewer than {SMALL} votes.",
                    "This keeps votes private.",
                ),
            )
        )
    return Section("groups", "What different groups chose", tuple(points))


def _pounds(amount: Any) -> str:
    return plain_pounds(amount)


def the_money(document: ResultsDocument) -> Section:
    budget = document.budget
    heading = "The money"
    if budget is None:
        return Section(
            "money",
            heading,
            (Point("money", ("People did not vote on money in this inquiry.",)),),
        )
    if not budget.ready:
        return Section(
            "money",
            heading,
            (
                Point(
                    "clock",
                    ("We are still counting the money votes.", "Come back soon."),
                ),
            ),
        )
    tables = budget.tables
    pot = budget.budget.pot
    points = [Point("money", (f"There is {_pounds(pot)} to spend.",))]
    split = tables.get("split_ballots", 0)
    if split and not tables.get("split_enough"):
        points.append(Point("clock", TOO_FEW_SPLITS))
    elif split:
        points.append(Point("group", (f"{people(split)} shared out the money.",)))
        points.append(
            Point(
                "think",
                (
                    "We added up their answers in a fair way.",
                    "Nobody can win by asking for too much.",
                ),
            )
        )
        for row in tables.get("split_rows", []):
            amount = row.get("markets")
            if amount is None:
                continue
            sentences = [f"People gave it {_pounds(amount)}."]
            if 0 <= amount <= pot and pot > 0:
                sentences.append(f"That is {in_ten(amount, pot)} of the money.")
            points.append(
                Point(
                    "money",
                    tuple(sentences),
                    title=row["area"].easy_read_name or row["area"].name,
                )
            )
    else:
        points.append(Point("money", ("Nobody has shared out the money yet.",)))
    voters = tables.get("model_voters", 0)
    if voters and not tables.get("models_enough"):
        points.append(Point("clock", TOO_FEW_MODEL_VOTERS))
    elif voters:
        points.append(Point("vote", (f"{people(voters)} chose ways of support.",)))
        points.append(
            Point(
                "equal",
                (
                    "Everyone got an equal share of the money.",
                    "Then they paid for the ideas they chose.",
                ),
            )
        )
        for row in tables.get("model_rows", []):
            points.append(
                Point(
                    "yes" if row["mes"] else "no",
                    (
                        f"{people(row['votes'])} chose this idea.",
                        f"It costs {_pounds(row['cost'])}.",
                        "It got the money."
                        if row["mes"]
                        else "There was not enough money for it.",
                    ),
                    title=row["name"],
                )
            )
    else:
        points.append(Point("vote", ("Nobody has chosen ways of support yet.",)))
    return Section("money", heading, tuple(points))


def offers_of_help(document: ResultsDocument) -> Section | None:
    budget = document.budget
    if budget is None:
        return None
    if not budget.pledges:
        points = (Point("help", ("Nobody has offered time or help yet.",)),)
        return Section("offers", "Time and help people offered", points)
    total = sum(len(row["pledges"]) for row in budget.pledges)
    points_list = [Point("help", (f"People made {total} offers of time or help.",))]
    for row in budget.pledges:
        area = row["area"]
        name = (area.easy_read_name or area.name) if area else "Any area"
        count = len(row["pledges"])
        sentences = [f"{count} {'offer' if count == 1 else 'offers'}."]
        hours = row["hours"]
        if hours:
            sentences.append(f"{hours.normalize():f} hours each week.")
        points_list.append(Point("help", tuple(sentences), title=name))
    return Section("offers", "Time and help people offered", tuple(points_list))


def _is(n: int) -> str:
    return "is" if n == 1 else "are"


def what_next(commitments: ProgressSummary | None) -> Section:
    """Where the promises to act stand (commitments, in easy read)."""
    heading = "What happens next"
    if commitments is None or not commitments.total:
        points = (
            Point(
                "write",
                (
                    "Nobody has made a promise to act yet.",
                    "We will show promises here.",
                ),
            ),
        )
        return Section("next", heading, points)
    total = commitments.total
    points_list = [
        Point(
            "write",
            (f"Organisations made {total} {'promise' if total == 1 else 'promises'}.",),
        ),
        Point("good", (f"{commitments.done} {_is(commitments.done)} done.",)),
        Point(
            "start",
            (
                f"{commitments.started} "
                f"{'has' if commitments.started == 1 else 'have'} started.",
            ),
        ),
        Point(
            "calendar", (f"{commitments.planned} {_is(commitments.planned)} planned.",)
        ),
    ]
    if commitments.not_doing:
        points_list.append(
            Point("no", (f"{commitments.not_doing} will not happen.", "They say why."))
        )
    if commitments.overdue:
        points_list.append(
            Point(
                "clock",
                (
                    f"{commitments.overdue} {_is(commitments.overdue)} late.",
                    "They have not told us how it is going.",
                ),
            )
        )
    return Section("next", heading, tuple(points_list))


def easy_read_sections(
    document: ResultsDocument, commitments: ProgressSummary | None = None
) -> list[Section]:
    """Every section of the easy-read results, in reading order."""
    sections = [
        who_took_part(document),
        what_people_said(document),
        the_changes(document),
        groups_chose(document),
        the_money(document),
        offers_of_help(document),
        what_next(commitments),
    ]
    return [s for s in sections if s is not None]
