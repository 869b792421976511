"""pabutools (GPL-3.0+, dev-only oracle) set up to run our rules as we define them.

Same satisfaction (cost for approval, points x cost for cumulative and
ordinal), same tie-break (more supporters, then cheaper, then lower id in
natural order); ordinal ballots become cumulative ballots with their points.
Never import this from consult/.
"""

from __future__ import annotations

from pabutools.election import (
    ApprovalBallot,
    ApprovalProfile,
    Cost_Sat,
    CumulativeBallot,
    CumulativeProfile,
    Instance,
    Project,
)
from pabutools.election.satisfaction.additivesatisfaction import AdditiveSatisfaction
from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares
from pabutools.tiebreaking import TieBreakingRule

from consult.budgeting.election import Election
from consult.budgeting.rules import tie_key


class PointsCostSat(AdditiveSatisfaction):
    """Satisfaction = points x cost (pabutools 1.2.3 has no such class)."""

    def __init__(self, instance, profile, ballot):
        super().__init__(
            instance,
            profile,
            ballot,
            lambda inst, prof, bal, proj, pre: bal.get(proj, 0) * proj.cost,
        )


def to_pabutools(election: Election):
    instance = Instance(budget_limit=election.budget)
    by_id = {}
    for project in election.projects:
        p = Project(project.id, project.cost)
        instance.add(p)
        by_id[project.id] = p
    ballots = []
    for points, count in election.ballots:
        for _ in range(count):
            if election.vote_type == "approval":
                ballots.append(ApprovalBallot(by_id[i] for i in points))
            else:
                ballots.append(
                    CumulativeBallot({by_id[i]: v for i, v in points.items()})
                )
    if election.vote_type == "approval":
        profile = ApprovalProfile(ballots, instance=instance)
    else:
        profile = CumulativeProfile(ballots, instance=instance)
    return instance, profile


def setup(election: Election):
    instance, profile = to_pabutools(election)
    votes = {p.id: 0 for p in election.projects}
    for points, count in election.ballots:
        for i, v in points.items():
            if v > 0:
                votes[i] += count
    tie = TieBreakingRule(
        lambda inst, prof, proj: tie_key(votes[proj.name], int(proj.cost), proj.name)
    )
    sat = Cost_Sat if election.vote_type == "approval" else PointsCostSat
    return instance, profile, tie, sat, votes


def pb_greedy(election: Election) -> list[str]:
    instance, profile, tie, sat, votes = setup(election)
    result = greedy_utilitarian_welfare(
        instance, profile, sat_class=sat, tie_breaking=tie
    )
    return [p.name for p in result if votes[p.name] > 0]


def pb_mes(election: Election, completion: bool) -> list[str]:
    instance, profile, tie, sat, _votes = setup(election)
    result = method_of_equal_shares(
        instance,
        profile,
        sat_class=sat,
        tie_breaking=tie,
        voter_budget_increment=1 if completion else None,
    )
    return [p.name for p in result]
