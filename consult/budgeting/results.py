"""Budget results from the database: ballots read into the rules' plain data
(an Election, a list of splits), the rules run in a background task, and the
outcome cached until a ballot, a model or the pot changes.

Small numbers: like priority results (consult/priorities/results.py), a
split or a support-model vote with fewer than 5 ballots shows no result, to
anyone: with one or two ballots the "result" is someone's own answer.
Only how many voted is kept (`enough` is False), never the amounts or votes.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max
from django_tasks import task

from ..models import (
    BallotKind,
    Budget,
    BudgetBallot,
    BudgetModelVote,
    BudgetSplitLine,
    ModelVoteType,
    Pledge,
    SupportModel,
)
from ..voices import SMALL
from .election import BallotSet, Election, Project
from .rules import run_rule
from .split import in_pence, independent_markets, mean_split, median_split

RESULTS_TTL = 7 * 24 * 60 * 60
SPLIT_RULES = {
    "mean": "Mean: the average of everyone's split",
    "median": "Median: the middle amount for each area, scaled to add up to the pot",
    "markets": "Independent markets: a fair middle no one can push by exaggerating",
}
SPLIT_RULES_EASY = {
    "mean": "Add up what everyone said. Share it out evenly.",
    "median": "Take the middle answer for each area.",
    "markets": "A fair way. Nobody can win by asking for too much.",
}
MODEL_RULES = ("greedy", "mes")
# Easy-read sentences for a part with fewer than 5 ballots (no result shown).
TOO_FEW_SPLITS = (
    "Fewer than 5 people shared out the money.",
    "We do not show the answer. Nobody can work out what one person said.",
)
TOO_FEW_MODEL_VOTERS = (
    "Fewer than 5 people chose ways of support.",
    "We do not show the answer. Nobody can work out what one person chose.",
)


def project_id(model: SupportModel) -> str:
    """A model's id in an election: its pabulib id when it has one."""
    return model.pabulib_id or str(model.pk)


def whole_pounds(amount: Decimal) -> int:
    return int(amount.to_integral_value())


def election_for(budget: Budget) -> Election:
    """The budget's model ballots as an Election (anonymous: voters are the
    file's voter ids, or "p<participant id>")."""
    models = list(budget.support_models.order_by("pk"))
    ids = {m.pk: project_id(m) for m in models}
    projects = tuple(
        Project(
            id=ids[m.pk],
            name=m.name,
            cost=whole_pounds(m.cost),
            meta={k: str(v) for k, v in (m.pabulib_extra or {}).items()},
        )
        for m in models
    )
    ballots = list(
        BudgetBallot.objects.filter(budget=budget, kind=BallotKind.MODELS)
        .order_by("pk")
        .values_list("pk", "voter_key", "participant_id", "voter_meta")
    )
    points: dict[int, dict[str, int]] = {pk: {} for pk, *_ in ballots}
    votes = (
        BudgetModelVote.objects.filter(ballot__budget=budget, ballot__kind="models")
        .order_by("ballot_id", "position", "pk")
        .values_list("ballot_id", "support_model_id", "points")
    )
    for ballot_id, model_id, given in votes.iterator(chunk_size=5000):
        points[ballot_id][ids[model_id]] = given
    voter_fields: list[str] = []
    for *_, meta in ballots:
        for key in meta or {}:
            if key not in voter_fields:
                voter_fields.append(key)
    vote_type = budget.model_vote_type
    ballot_set = BallotSet.from_ballots(
        [points[pk] for pk, *_ in ballots],
        voter_ids=[key or f"p{participant}" for _, key, participant, _ in ballots],
        voter_meta=[
            {k: str(v) for k, v in (meta or {}).items()} for *_, meta in ballots
        ],
        voter_fields=voter_fields,
        ordered=vote_type == ModelVoteType.ORDINAL,
    )
    meta = {k: str(v) for k, v in (budget.pabulib_meta or {}).items()}
    return Election(
        budget=whole_pounds(budget.pot),
        projects=projects,
        vote_type=vote_type,
        ballots=ballot_set,
        meta=meta,
    )


def splits_for(budget: Budget) -> tuple[list[int], list[dict[str, Fraction]]]:
    """Each split ballot as {area id: pounds}, over the decision areas; ballots
    that no longer match the areas or the pot are left out."""
    areas = [a.pk for a in budget.areas.filter(is_decision_area=True)]
    lines = (
        BudgetSplitLine.objects.filter(ballot__budget=budget)
        .order_by("ballot_id")
        .values_list("ballot_id", "area_id", "amount")
    )
    by_ballot: dict[int, dict[str, Fraction]] = {}
    for ballot_id, area_id, amount in lines:
        by_ballot.setdefault(ballot_id, {})[str(area_id)] = Fraction(amount)
    wanted = {str(a) for a in areas}
    pot = Fraction(budget.pot)
    splits = [
        s
        for s in by_ballot.values()
        if set(s) == wanted and sum(s.values(), Fraction(0)) == pot
    ]
    return areas, splits


def split_results(budget: Budget) -> dict[str, Any]:
    areas, splits = splits_for(budget)
    pot = whole_pounds(budget.pot)
    rows: dict[int, dict[str, str]] = {a: {} for a in areas}
    enough = len(splits) >= SMALL
    if enough and Fraction(budget.pot) == pot:
        for key, rule in (
            ("mean", mean_split),
            ("median", median_split),
            ("markets", independent_markets),
        ):
            pence = in_pence(rule(splits, pot), pot)
            for area_id in areas:
                rows[area_id][key] = str(Decimal(pence[str(area_id)]) / 100)
    return {
        "ballots": len(splits),
        "enough": enough,
        "rows": {str(a): r for a, r in rows.items()},
    }


def results_key(budget: Budget) -> str:
    """Changes whenever a ballot is cast or changed, a model or the pot changes."""
    ballots = BudgetBallot.objects.filter(budget=budget).aggregate(
        n=Count("pk"), last=Max("updated_at")
    )
    models = list(budget.support_models.order_by("pk").values_list("pk", "cost"))
    last = ballots["last"].isoformat() if ballots["last"] else "-"
    models_sig = hashlib.sha256(repr(models).encode()).hexdigest()[:16]
    return (
        f"coproduce:budget-results:v2:{budget.pk}:{budget.pot}:{budget.model_vote_type}:"
        f"{ballots['n']}:{last}:{models_sig}"
    )


def _progress_key(key: str) -> str:
    return f"{key}:progress"


@task()
def compute_budget_results(budget_id: int, key: str) -> bool:
    """Run every rule on the budget and cache the outcome under `key`."""
    budget = Budget.objects.filter(pk=budget_id).first()
    if budget is None:
        return False
    progress_key = _progress_key(key)
    cache.set(progress_key, 0, RESULTS_TTL)
    election = election_for(budget)
    outcomes: dict[str, Any] = {}
    for number, rule in enumerate(MODEL_RULES):

        def report(fraction: float, number: int = number) -> None:
            done = (number + fraction) / len(MODEL_RULES)
            cache.set(progress_key, int(done * 90), RESULTS_TTL)

        outcomes[rule] = run_rule(election, rule, progress=report).to_json()
    results = {
        "models": outcomes,
        "model_voters": election.num_voters,
        "split": split_results(budget),
    }
    cache.set(key, results, RESULTS_TTL)
    cache.set(progress_key, 100, RESULTS_TTL)
    return True


def cached_results(budget: Budget) -> tuple[dict[str, Any] | None, int]:
    """(results, progress): the cached results, or None with how far the
    background task has got (it is started here if nobody started it)."""
    key = results_key(budget)
    found = cache.get(key)
    if found is not None:
        return found, 100
    if cache.add(_progress_key(key), 0, RESULTS_TTL):
        compute_budget_results.enqueue(budget.pk, key)
        found = cache.get(key)
        if found is not None:
            return found, 100
    return None, int(cache.get(_progress_key(key)) or 0)


def pledges_by_area(budget: Budget) -> list[dict[str, Any]]:
    """Offers of time and help per area, with hours a week added up."""
    pledges = list(Pledge.objects.filter(budget=budget).select_related("area"))
    names = {a.pk: a for a in budget.areas.all()}
    rows = []
    for area_id in [*names, None]:
        mine = [p for p in pledges if p.area_id == area_id]
        if not mine:
            continue
        rows.append(
            {
                "area": names.get(area_id),
                "pledges": mine,
                "hours": sum(
                    (p.hours_per_week or Decimal(0) for p in mine), Decimal(0)
                ),
                "kinds": sorted({p.get_kind_display() for p in mine}),
            }
        )
    return rows


def results_tables(budget: Budget, found: dict[str, Any]) -> dict[str, Any]:
    """The cached results as the rows the results pages show: the split
    rules per area, and greedy against Equal Shares per model."""
    areas = {str(a.pk): a for a in budget.areas.all()}
    split_enough = found["split"]["ballots"] >= SMALL
    split_rows = [
        {
            "area": areas[area_id],
            "mean": Decimal(row["mean"]) if "mean" in row else None,
            "median": Decimal(row["median"]) if "median" in row else None,
            "markets": Decimal(row["markets"]) if "markets" in row else None,
        }
        for area_id, row in found["split"]["rows"].items()
        if area_id in areas
    ]
    if not split_enough:
        for row in split_rows:
            row.update(mean=None, median=None, markets=None)
    greedy = found["models"]["greedy"]
    mes = found["models"]["mes"]
    mes_by_id = {p["id"]: p for p in mes["projects"]}
    order = {pid: n for n, pid in enumerate(mes["selected"] + greedy["selected"])}
    models_enough = found["model_voters"] >= SMALL
    model_rows = []
    for g in greedy["projects"] if models_enough else []:
        m = mes_by_id[g["id"]]
        model_rows.append(
            {
                "id": g["id"],
                "name": g["name"],
                "cost": g["cost"],
                "votes": g["votes"],
                "score": g["score"],
                "greedy": g["selected"],
                "mes": m["selected"],
                "differs": g["selected"] != m["selected"],
                "greedy_why": g["why"],
                "greedy_why_easy": g["why_easy_read"],
                "mes_why": m["why"],
                "mes_why_easy": m["why_easy_read"],
            }
        )
    model_rows.sort(key=lambda r: (r["id"] not in order, order.get(r["id"], 0)))
    return {
        "split_rows": split_rows,
        "split_ballots": found["split"]["ballots"],
        "split_enough": split_enough,
        "models_enough": models_enough,
        "greedy": greedy,
        "mes": mes,
        "model_rows": model_rows,
        "differences": sum(1 for r in model_rows if r["differs"]),
        "model_voters": found["model_voters"],
    }
