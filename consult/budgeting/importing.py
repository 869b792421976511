"""Pabulib files in and out of the database: an Election (parsed by
pabulib.parse) becomes an inquiry's budget, support models and anonymous
paper ballots, in one transaction; and the budget goes back out as an
Election for pabulib.write."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Max

from ..models import (
    BallotKind,
    Budget,
    BudgetArea,
    BudgetBallot,
    BudgetChannel,
    BudgetModelVote,
    BudgetSplitLine,
    Inquiry,
    SupportModel,
)
from .election import Election
from .results import election_for

BATCH = 2000
# Columns the file derives from the votes: recomputed, never stored.
DERIVED_COLUMNS = {"votes", "score", "selected"}
# Keys the election itself holds.
ELECTION_KEYS = {"budget", "vote_type", "num_projects", "num_votes"}
IMPORTED_AREA = "Projects from the file"

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ImportReport:
    inquiry: Inquiry
    budget: Budget
    created_inquiry: bool
    created_budget: bool
    models_created: int
    models_updated: int
    ballots: int
    votes: int


def _area_for(budget: Budget, meta: dict[str, str], areas: list[BudgetArea]):  # type: ignore[no-untyped-def]
    """The area named by the project's "area" column, or the first of its
    categories that matches an area's name; else the catch-all area."""
    wanted = [meta.get("area", ""), *meta.get("category", "").split(",")]
    by_name = {a.name.lower(): a for a in areas}
    for name in wanted:
        found = by_name.get(name.strip().lower())
        if found is not None:
            return found
    return by_name.get(IMPORTED_AREA.lower())


def import_election(
    election: Election,
    *,
    slug: str,
    progress: Progress | None = None,
) -> ImportReport:
    """Create or update the inquiry's budget from a parsed file. Earlier
    imported ballots are replaced; ballots people cast here are kept."""
    with transaction.atomic():
        return _import(election, slug, progress)


def _import(election: Election, slug: str, progress: Progress | None) -> ImportReport:
    meta = dict(election.meta)
    inquiry = Inquiry.objects.filter(slug=slug).first()
    created_inquiry = inquiry is None
    if inquiry is None:
        title = meta.get("description") or f"Participatory budget {slug}"
        inquiry = Inquiry.objects.create(
            title=title[:200],
            slug=slug,
            question="How should the money be spent?",
            easy_read_question="How should we spend the money?",
            area_name=meta.get("unit", "")[:120],
        )
    budget = Budget.objects.select_for_update().filter(inquiry=inquiry).first()
    created_budget = budget is None
    if budget is None:
        budget = Budget(
            inquiry=inquiry,
            organisation_name=(meta.get("unit") or "Imported")[:200],
            year_label=(meta.get("instance") or "")[:20],
            pot=Decimal(election.budget),
            source=(meta.get("description") or "A pabulib file")[:300],
        )
    budget.pot = Decimal(election.budget)
    budget.model_vote_type = election.vote_type
    if meta.get("max_sum_points", "").isdigit():
        budget.max_points = max(1, int(meta["max_sum_points"]))
    if meta.get("max_points", "").isdigit():
        budget.max_points_per_model = int(meta["max_points"])
    budget.pabulib_meta = {k: v for k, v in meta.items() if k not in ELECTION_KEYS}
    budget.save()

    areas = list(budget.areas.all())
    needs_catch_all = any(
        _area_for(budget, dict(p.meta), areas) is None for p in election.projects
    )
    if needs_catch_all:
        number = (budget.areas.aggregate(n=Max("number"))["n"] or 0) + 1
        areas.append(
            BudgetArea.objects.create(
                budget=budget,
                number=number,
                name=IMPORTED_AREA,
                easy_read_name="Ideas from the file",
                pictogram="share",
            )
        )

    # Imported (anonymous) ballots are replaced as a whole.
    old = BudgetBallot.objects.filter(budget=budget).exclude(voter_key="")
    BudgetModelVote.objects.filter(ballot__in=old).delete()
    BudgetSplitLine.objects.filter(ballot__in=old).delete()
    # Their votes and lines are gone, so one DELETE is enough: Django's
    # collector would otherwise fetch tens of thousands of rows first.
    old._raw_delete(old.db)

    existing = {m.pabulib_id: m for m in budget.support_models.exclude(pabulib_id="")}
    to_create, to_update = [], []
    for project in election.projects:
        extra = {k: v for k, v in project.meta.items() if k not in DERIVED_COLUMNS}
        extra.pop("project_id", None)
        extra.pop("cost", None)
        extra.pop("name", None)
        model = existing.get(project.id) or SupportModel(
            budget=budget, pabulib_id=project.id
        )
        model.name = project.name[:300] or f"Project {project.id}"
        model.cost = Decimal(project.cost)
        model.area = _area_for(budget, extra, areas)
        model.pabulib_extra = extra
        (to_update if model.pk else to_create).append(model)
    SupportModel.objects.bulk_create(to_create, batch_size=BATCH)
    SupportModel.objects.bulk_update(
        to_update, ["name", "cost", "area", "pabulib_extra"], batch_size=BATCH
    )
    model_ids = dict(
        budget.support_models.exclude(pabulib_id="").values_list("pabulib_id", "pk")
    )

    total = election.num_voters
    done = 0
    ballots = votes = 0
    pending: list[tuple[BudgetBallot, dict[str, int]]] = []

    def flush() -> None:
        nonlocal ballots, votes
        if not pending:
            return
        BudgetBallot.objects.bulk_create([b for b, _ in pending], batch_size=BATCH)
        if pending[0][0].pk is None:  # a database that does not return ids
            keys = [b.voter_key for b, _ in pending]
            ids = dict(
                BudgetBallot.objects.filter(
                    budget=budget, kind=BallotKind.MODELS, voter_key__in=keys
                ).values_list("voter_key", "pk")
            )
            for ballot, _ in pending:
                ballot.pk = ids[ballot.voter_key]
        rows = [
            BudgetModelVote(
                ballot_id=ballot.pk,
                support_model_id=model_ids[project_id],
                points=points,
                position=position,
            )
            for ballot, chosen in pending
            for position, (project_id, points) in enumerate(chosen.items(), 1)
            if points > 0
        ]
        BudgetModelVote.objects.bulk_create(rows, batch_size=BATCH * 4)
        ballots += len(pending)
        votes += len(rows)
        pending.clear()

    for group in election.ballots.groups:
        for i in range(group.count):
            voter_id = group.voter_ids[i] if group.voter_ids else str(done + 1)
            voter_meta = dict(group.voter_meta[i]) if group.voter_meta else {}
            pending.append(
                (
                    BudgetBallot(
                        inquiry=inquiry,
                        budget=budget,
                        voter_key=voter_id[:60],
                        voter_meta=voter_meta,
                        kind=BallotKind.MODELS,
                        channel=BudgetChannel.PAPER,
                    ),
                    dict(group.points),
                )
            )
            done += 1
            if len(pending) >= BATCH:
                flush()
                if progress is not None:
                    progress(done, total)
    flush()
    if progress is not None:
        progress(total, total)
    return ImportReport(
        inquiry=inquiry,
        budget=budget,
        created_inquiry=created_inquiry,
        created_budget=created_budget,
        models_created=len(to_create),
        models_updated=len(to_update),
        ballots=ballots,
        votes=votes,
    )


def export_election(budget: Budget) -> Election:
    """The budget as an Election, for pabulib.write."""
    return election_for(budget)
