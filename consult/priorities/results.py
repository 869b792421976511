"""Priority results for one inquiry: its ballots loaded in two queries,
counted by consult/priorities/aggregate.py, overall and by group.

The results page, its JSON, and `manage.py priority_results` all call
`priority_results(inquiry)` and show `as_dict(results)` or the tables built
here, so they can never disagree.

Small numbers (the same rule as 'Whose voices', consult/voices.py)
    With fewer than 5 ballots in all, no result is shown: one or two votes
    would be easy to trace to a person. A group with fewer than 5 ballots
    ("fewer than 5") shows no result. Because the groups of one question add
    up to everyone (channel; helped or not), the results of a hidden group
    could be worked out as "everyone minus the groups shown". So when any
    group of a question is hidden, the smallest group shown is hidden too:
    then only the sum of two or more hidden groups, at least 5 ballots, could
    be worked out. Relationship to care lets a person choose several answers,
    so its groups overlap; the same rule is applied to it, with "Did not
    say" as one of its groups.

Caching
    Results are cached under a key made from the number of ballots, the
    latest ballot change, the latest 'About you' change and the inquiry's
    version (changes, settings), so a new or changed vote shows at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max

from consult.caching import inquiry_version
from consult.models import (
    AboutYou,
    BallotChannel,
    Inquiry,
    PriorityBallot,
    PriorityChoice,
    PrioritySettings,
    RelationshipToCare,
    VotingMethod,
)
from consult.models.about_you import PREFER_NOT
from consult.voices import FEWER_THAN_5, NOT_SHOWN, SMALL, show_count

from . import aggregate
from .ballots import ordinal, settings_for

CACHE_SECONDS = 60 * 60
HELPED_CHANNELS = frozenset({BallotChannel.ASSISTED, BallotChannel.ROOM})
DID_NOT_SAY = "did_not_say"


@dataclass(frozen=True)
class ChangeInfo:
    pk: int
    number: int
    title: str
    easy_read_title: str
    pictogram: str


@dataclass(frozen=True)
class Row:
    """One change in the overall results, as every output shows it."""

    change: ChangeInfo
    place: int
    place_display: str  # "1st", "joint 2nd"
    figure: Decimal  # the headline number: mean, votes or points
    figure_display: str
    bar_percent: int  # the chart bar's length, 0 to 100
    # Method-specific columns: (key, header, value as shown).
    cells: tuple[tuple[str, str, str], ...]
    easy_read: str = ""  # one or two short sentences for the easy-read page


@dataclass(frozen=True)
class GroupResult:
    key: str
    label: str
    ballots: int | None  # None when hidden
    ballots_display: str
    shown: bool
    # change pk -> the group's headline figure, as shown.
    figures: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class GroupDimension:
    key: str
    label: str
    groups: tuple[GroupResult, ...]
    multi: bool = False

    @property
    def shown(self) -> list[GroupResult]:
        return [g for g in self.groups if g.shown]

    @property
    def summary(self) -> str:
        hidden = [g.label for g in self.groups if not g.shown]
        if self.shown:
            words = [
                f"{len(self.shown)} of {len(self.groups)} groups have enough "
                "votes to show."
            ]
        else:
            words = ["No group here has results we can show."]
        if hidden:
            words.append(
                "We do not show results for a group with fewer than 5 votes, "
                "so nobody's vote can be picked out. When a small group has any "
                "votes, the next smallest group is hidden too, so they cannot "
                f"be worked out from the totals. Not shown: {'; '.join(hidden)}."
            )
        if self.multi:
            words.append("People could choose more than one answer.")
        return " ".join(words)


@dataclass(frozen=True)
class Committee:
    size: int
    by_votes: tuple[ChangeInfo, ...]
    by_pav: tuple[ChangeInfo, ...]
    method: str  # aggregate.PAV_EXACT or PAV_SEQUENTIAL
    tied: bool  # another set of changes was exactly as good

    @property
    def same(self) -> bool:
        return {c.pk for c in self.by_votes} == {c.pk for c in self.by_pav}


@dataclass(frozen=True)
class PriorityResults:
    inquiry_slug: str
    inquiry_title: str
    method: str
    method_label: str
    published: bool
    ballots: int  # always the true number: shown only when 5 or more
    enough: bool  # 5 or more ballots: results can be shown
    rows: tuple[Row, ...]
    headers: tuple[str, ...]  # the main table's headers, after the change
    figure_words: str  # what the headline figure is, e.g. "average rating"
    committee: Committee | None
    schulze_winners: tuple[ChangeInfo, ...]
    condorcet_winner: ChangeInfo | None
    groups: tuple[GroupDimension, ...]

    @property
    def ballots_display(self) -> str:
        return show_count(self.ballots)

    @property
    def summary(self) -> str:
        if not self.enough:
            return (
                "Fewer than 5 people have voted so far, so we do not show results yet."
            )
        top = [r for r in self.rows if r.place == 1]
        names = " and ".join(f"“{r.change.title}”" for r in top)
        verb = "share first place" if len(top) > 1 else "came first"
        words = [
            f"{self.ballots} people voted. {names} {verb}, with "
            f"{top[0].figure_display} ({self.figure_words})."
        ]
        if len(self.rows) > len(top):
            nxt = self.rows[len(top)]
            words.append(
                f"Next: “{nxt.change.title}”, {nxt.place_display}, with "
                f"{nxt.figure_display}."
            )
        if self.committee is not None and not self.committee.same:
            words.append(
                "The proportional choice of "
                f"{self.committee.size} changes differs from the "
                f"{self.committee.size} with the most votes: see below."
            )
        if self.method == VotingMethod.RANK and self.condorcet_winner is not None:
            words.append(
                f"“{self.condorcet_winner.title}” beats every other change when "
                "they are compared one to one."
            )
        return " ".join(words)


# Pure helpers (no database)


def place_words(place: int, tied: bool) -> str:
    return f"joint {ordinal(place)}" if tied else ordinal(place)


def hide_small_groups(sizes: Sequence[int]) -> list[bool]:
    """Which groups may be shown (see the module docstring): groups under 5
    are hidden, and then, if one of them has any votes, also the smallest
    group of 5 or more (the first in the list on a tie). An empty group holds
    no vote to work out, so it does not cost another group its results."""
    shown = [size >= SMALL for size in sizes]
    if any(0 < size < SMALL for size in sizes):
        candidates = [(size, i) for i, size in enumerate(sizes) if shown[i]]
        if candidates:
            shown[min(candidates)[1]] = False
    return shown


def _came(place: int, tied: bool) -> str:
    if tied:
        return f"It came {ordinal(place)}, the same as another change."
    return f"It came {ordinal(place)}."


def _dec(value: Fraction) -> Decimal:
    shown = aggregate.display_number(value)
    assert shown is not None  # noqa: S101 - a Fraction always rounds
    return shown


def _percent(part: int, whole: int) -> str:
    if not whole:
        return "0%"
    value = Decimal(part * 100) / Decimal(whole)
    return f"{value.quantize(Decimal(1), rounding=ROUND_HALF_UP)}%"


def _bar(value: Fraction, most: Fraction) -> int:
    if most <= 0:
        return 0
    return int((value / most * 100).__round__())


@dataclass(frozen=True)
class BallotData:
    choices: dict[int, int]
    channel: str
    helped: bool
    relationship: tuple[str, ...]


def _rows_and_extras(
    method: str,
    result: aggregate.Result,
    changes: dict[int, ChangeInfo],
    m: int,
) -> tuple[list[Row], tuple[str, ...], str]:
    rows: list[Row] = []
    places = [r.place for r in result.rows]

    def tied(place: int) -> bool:
        return places.count(place) > 1

    n = result.ballots
    if isinstance(result, aggregate.RatingResult):
        headers = (
            "Place",
            "Average rating (out of 5)",
            "People who rated it",
            *[f"Rated {v}" for v in aggregate.RATING_VALUES],
        )
        for r in result.rows:
            mean = r.mean_display
            cells = (
                ("place", "Place", place_words(r.place, tied(r.place))),
                ("mean", headers[1], str(mean) if mean is not None else "none"),
                ("ratings", headers[2], str(r.count)),
                *[
                    (f"rated_{v}", f"Rated {v}", str(c))
                    for v, c in zip(
                        aggregate.RATING_VALUES, r.distribution, strict=True
                    )
                ],
            )
            rows.append(
                Row(
                    change=changes[r.option],
                    place=r.place,
                    place_display=cells[0][2],
                    figure=mean or Decimal(0),
                    figure_display=f"{mean} out of 5" if mean is not None else "none",
                    bar_percent=_bar(r.mean or Fraction(0), Fraction(5)),
                    cells=cells,
                    easy_read=(
                        f"{_came(r.place, tied(r.place))} "
                        f"People gave it {mean} out of 5."
                        if mean is not None
                        else "Nobody gave it a score."
                    ),
                )
            )
        return rows, headers, "the average rating, where 5 is most important"
    if isinstance(result, aggregate.ApprovalResult):
        headers = ("Place", "Votes", "Share of people who voted")
        for r in result.rows:
            cells = (
                ("place", "Place", place_words(r.place, tied(r.place))),
                ("votes", "Votes", str(r.count)),
                ("share", headers[2], _percent(r.count, n)),
            )
            rows.append(
                Row(
                    change=changes[r.option],
                    place=r.place,
                    place_display=cells[0][2],
                    figure=Decimal(r.count),
                    figure_display=f"{r.count} votes",
                    bar_percent=_bar(Fraction(r.count), Fraction(n)),
                    cells=cells,
                    easy_read=(
                        f"{_came(r.place, tied(r.place))} "
                        f"{r.count} of the {n} people chose it."
                    ),
                )
            )
        return rows, headers, f"out of {n} people who voted"
    assert isinstance(result, aggregate.RankingResult)  # noqa: S101
    headers = (
        "Place",
        "Points (Borda count)",
        "Put it first",
        "Place by one-to-one contests (Schulze)",
        "One-to-one wins minus losses (Copeland)",
    )
    most = Fraction(n * (m - 1)) if m > 1 else Fraction(0)
    schulze_places = [r.schulze_place for r in result.rows]
    for r in result.rows:
        points = _dec(r.borda)
        s_tied = schulze_places.count(r.schulze_place) > 1
        cells = (
            ("place", "Place", place_words(r.place, tied(r.place))),
            ("points", headers[1], str(points)),
            ("first", headers[2], str(r.first)),
            ("schulze_place", headers[3], place_words(r.schulze_place, s_tied)),
            ("copeland", headers[4], f"{r.copeland:+d}" if r.copeland else "0"),
        )
        rows.append(
            Row(
                change=changes[r.option],
                place=r.place,
                place_display=cells[0][2],
                figure=points,
                figure_display=f"{points} points",
                bar_percent=_bar(r.borda, most),
                cells=cells,
                easy_read=(
                    f"{_came(r.place, tied(r.place))} "
                    f"{r.first} {'person' if r.first == 1 else 'people'} "
                    "put it first."
                ),
            )
        )
    return rows, headers, "Borda count"


def _group_figures(method: str, result: aggregate.Result, m: int) -> dict[object, str]:
    """Each change's headline figure for one group, comparable across groups
    of different sizes: average rating, share who chose it, or average
    points per person."""
    n = result.ballots
    if isinstance(result, aggregate.RatingResult):
        return {
            r.option: str(r.mean_display) if r.mean is not None else "none"
            for r in result.rows
        }
    if isinstance(result, aggregate.ApprovalResult):
        return {r.option: _percent(r.count, n) for r in result.rows}
    assert isinstance(result, aggregate.RankingResult)  # noqa: S101
    return {r.option: str(_dec(r.borda / n)) for r in result.rows}


GROUP_FIGURE_WORDS = {
    VotingMethod.RATE: "average rating out of 5",
    VotingMethod.APPROVE: "share of the group who chose it",
    VotingMethod.RANK: "average Borda points per person",
}


def _dimension(
    key: str,
    label: str,
    groups: Sequence[tuple[str, str, Callable[[BallotData], bool]]],
    ballots: Sequence[BallotData],
    count: Callable[[list[dict[int, int]]], aggregate.Result],
    method: str,
    m: int,
    multi: bool = False,
) -> GroupDimension:
    members = [[b.choices for b in ballots if test(b)] for _, _, test in groups]
    shown = hide_small_groups([len(ms) for ms in members])
    results = []
    for (gkey, glabel, _), ms, show in zip(groups, members, shown, strict=True):
        figures: dict[int, str] = {}
        if show:
            figures = _group_figures(method, count(ms), m)  # type: ignore[assignment]
        results.append(
            GroupResult(
                key=gkey,
                label=glabel,
                ballots=len(ms) if show else None,
                ballots_display=(
                    str(len(ms))
                    if show
                    else (FEWER_THAN_5 if len(ms) < SMALL else NOT_SHOWN)
                ),
                shown=show,
                figures=figures,
            )
        )
    return GroupDimension(key=key, label=label, groups=tuple(results), multi=multi)


def build_results(
    *,
    inquiry_slug: str,
    inquiry_title: str,
    method: str,
    published: bool,
    changes: Sequence[ChangeInfo],
    ballots: Sequence[BallotData],
    committee_size: int | None,
) -> PriorityResults:
    """Everything the outputs show, from plain data. Changes come in number
    order, which is the tie-break order."""
    options = [c.pk for c in changes]
    by_pk = {c.pk: c for c in changes}
    m = len(options)
    enough = len(ballots) >= SMALL and m > 0

    def count(choices: list[dict[int, int]]) -> aggregate.Result:
        return aggregate.aggregate(
            method, choices, options, committee_size=committee_size
        )

    rows: list[Row] = []
    headers: tuple[str, ...] = ()
    figure_words = ""
    committee = None
    schulze: tuple[ChangeInfo, ...] = ()
    condorcet = None
    groups: tuple[GroupDimension, ...] = ()
    if enough:
        result = count([b.choices for b in ballots])
        rows, headers, figure_words = _rows_and_extras(method, result, by_pk, m)
        if isinstance(result, aggregate.ApprovalResult) and result.committee:
            c = result.committee
            committee = Committee(
                size=c.size,
                by_votes=tuple(by_pk[o] for o in c.by_count),
                by_pav=tuple(by_pk[o] for o in c.chosen),
                method=c.method,
                tied=bool(c.tied_with),
            )
        if isinstance(result, aggregate.RankingResult):
            schulze = tuple(by_pk[o] for o in result.schulze_winners)
            if result.condorcet_winner is not None:
                condorcet = by_pk[result.condorcet_winner]

        def related(code: str) -> Callable[[BallotData], bool]:
            return lambda b: code in b.relationship

        def channel_is(code: str) -> Callable[[BallotData], bool]:
            return lambda b: b.channel == code

        groups = (
            _dimension(
                "relationship",
                "Relationship to care",
                [
                    *[
                        (code, str(label), related(code))
                        for code, label in RelationshipToCare.choices
                    ],
                    (DID_NOT_SAY, "Did not say", lambda b: not b.relationship),
                ],
                ballots,
                count,
                method,
                m,
                multi=True,
            ),
            _dimension(
                "channel",
                "How they voted",
                [
                    (code, str(label), channel_is(code))
                    for code, label in BallotChannel.choices
                ],
                ballots,
                count,
                method,
                m,
            ),
            _dimension(
                "helped",
                "Helped to vote",
                [
                    ("helped", "Helped to vote", lambda b: b.helped),
                    ("not_helped", "Voted on their own", lambda b: not b.helped),
                ],
                ballots,
                count,
                method,
                m,
            ),
        )
    return PriorityResults(
        inquiry_slug=inquiry_slug,
        inquiry_title=inquiry_title,
        method=method,
        method_label=str(VotingMethod(method).label),
        published=published,
        ballots=len(ballots),
        enough=enough,
        rows=tuple(rows),
        headers=headers,
        figure_words=figure_words,
        committee=committee,
        schulze_winners=schulze,
        condorcet_winner=condorcet,
        groups=groups,
    )


# Loading from the database


def ballots_fingerprint(inquiry: Inquiry, rules: PrioritySettings) -> str:
    """What the priority results are made from, read from the database only:
    the rules, and how many ballots and "about you" answers, last changed when."""
    stats = PriorityBallot.objects.filter(inquiry=inquiry).aggregate(
        n=Count("pk"), latest=Max("updated_at")
    )
    about = AboutYou.objects.filter(
        participant__priority_ballots__inquiry=inquiry
    ).aggregate(latest=Max("updated_at"))["latest"]
    latest = stats["latest"].isoformat() if stats["latest"] else "-"
    about_latest = about.isoformat() if about else "-"
    return (
        f"{inquiry.pk}:{rules.method}:{rules.max_approvals}:"
        f"{rules.results_published}:{stats['n']}:{latest}:{about_latest}"
    )


def results_cache_key(inquiry: Inquiry, rules: PrioritySettings) -> str:
    """The cache key of the priority results: the ballots' fingerprint and
    the inquiry's stamp (which moves when its changes or themes are edited)."""
    return (
        f"coproduce:priority-results:{ballots_fingerprint(inquiry, rules)}:"
        f"{inquiry_version(inquiry.pk)}"
    )


def load_ballots(inquiry: Inquiry, method: str) -> list[BallotData]:
    """The inquiry's ballots cast by its method, in two queries."""
    meta = {
        pk: (channel, helped_by, relationship)
        for pk, channel, helped_by, relationship in PriorityBallot.objects.filter(
            inquiry=inquiry, method=method
        )
        .order_by()
        .values_list(
            "pk", "channel", "helped_by_id", "participant__about_you__relationship"
        )
    }
    choices: dict[int, dict[int, int]] = defaultdict(dict)
    for ballot_id, change_id, value in (
        PriorityChoice.objects.filter(ballot__inquiry=inquiry, ballot__method=method)
        .order_by()
        .values_list("ballot_id", "change_id", "value")
    ):
        choices[ballot_id][change_id] = value
    ballots = []
    for pk, (channel, helped_by, relationship) in meta.items():
        said = tuple(
            r for r in (relationship or []) if isinstance(r, str) and r != PREFER_NOT
        )
        ballots.append(
            BallotData(
                choices=choices.get(pk, {}),
                channel=channel,
                helped=helped_by is not None or channel in HELPED_CHANNELS,
                relationship=said,
            )
        )
    return ballots


def priority_results(inquiry: Inquiry, *, use_cache: bool = True) -> PriorityResults:
    """The inquiry's priority results, counted now or taken from the cache."""
    rules = settings_for(inquiry)
    method = rules.method
    key = results_cache_key(inquiry, rules)
    if use_cache:
        cached = cache.get(key)
        if cached is not None:
            return cached
    changes = [
        ChangeInfo(pk, number, title, easy, pictogram)
        for pk, number, title, easy, pictogram in inquiry.changes.order_by(
            "number"
        ).values_list("pk", "number", "title", "easy_read_title", "pictogram")
    ]
    committee_size = (
        rules.approvals_allowed(len(changes))
        if method == VotingMethod.APPROVE and changes
        else None
    )
    results = build_results(
        inquiry_slug=inquiry.slug,
        inquiry_title=inquiry.title,
        method=method,
        published=rules.results_published,
        changes=changes,
        ballots=load_ballots(inquiry, method),
        committee_size=committee_size,
    )
    cache.set(key, results, CACHE_SECONDS)
    return results


# Columns that hold words, not numbers, in the main table.
WORD_COLUMNS = {"place", "schulze_place"}


def main_table(results: PriorityResults) -> dict[str, object]:
    if not results.rows:
        return {"headers": [], "rows": [], "numeric": []}
    keys = [key for key, _, _ in results.rows[0].cells]
    return {
        "headers": ["Change", *results.headers],
        "rows": [
            [f"{r.change.number}. {r.change.title}", *[v for _, _, v in r.cells]]
            for r in results.rows
        ],
        "numeric": [i + 1 for i, key in enumerate(keys) if key not in WORD_COLUMNS],
    }


def group_tables(results: PriorityResults) -> list[dict[str, object]]:
    figure = GROUP_FIGURE_WORDS.get(results.method, "")
    tables = []
    for d in results.groups:
        shown = d.shown
        tables.append(
            {
                "id": f"group-{d.key}",
                "caption": f"{d.label}: {figure}",
                "summary": d.summary,
                "headers": [
                    "Change",
                    *[f"{g.label} ({g.ballots_display} votes)" for g in shown],
                ],
                "rows": [
                    [
                        f"{r.change.number}. {r.change.title}",
                        *[g.figures.get(r.change.pk, "") for g in shown],
                    ]
                    for r in results.rows
                ]
                if shown
                else [],
                "numeric": list(range(1, len(shown) + 1)),
                "groups": d.groups,
            }
        )
    return tables


def as_dict(results: PriorityResults) -> dict[str, Any]:
    """The results as plain JSON-ready data: the same values, as shown."""

    def change(c: ChangeInfo) -> dict[str, Any]:
        return {"number": c.number, "title": c.title}

    data: dict[str, Any] = {
        "inquiry": results.inquiry_slug,
        "method": results.method,
        "published": results.published,
        "ballots": results.ballots_display,
        "summary": results.summary,
        "changes": [
            {**change(r.change), **{key: value for key, _, value in r.cells}}
            for r in results.rows
        ],
    }
    if results.committee is not None:
        c = results.committee
        data["take_forward"] = {
            "size": c.size,
            "by_votes": [x.number for x in c.by_votes],
            "proportional": [x.number for x in c.by_pav],
            "proportional_method": c.method,
            "proportional_tied": c.tied,
        }
    if results.method == VotingMethod.RANK and results.enough:
        data["schulze_winners"] = [x.number for x in results.schulze_winners]
        data["condorcet_winner"] = (
            results.condorcet_winner.number if results.condorcet_winner else None
        )
    number_of = {r.change.pk: r.change.number for r in results.rows}
    data["groups"] = [
        {
            "dimension": d.key,
            "label": d.label,
            "figure": GROUP_FIGURE_WORDS[VotingMethod(results.method)],
            "groups": [
                {
                    "group": g.key,
                    "label": g.label,
                    "ballots": g.ballots_display,
                    "shown": g.shown,
                    "changes": {
                        str(number_of[pk]): value for pk, value in g.figures.items()
                    },
                }
                for g in d.groups
            ],
        }
        for d in results.groups
    ]
    return data
