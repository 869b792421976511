"""The demo's participatory budget: support models in all five areas, about
150 split ballots and 150 model ballots, and pledges of time and help.

Idempotent (nothing is added when the models exist) and fast (bulk_create).
Costs are illustrative for Anyshire; the evidence behind each model is the
published source in shared/DOMAIN.md. Ballots skip the services because the
demo's Decide money phase is in the future: they are written as they would
have been, each split adding up to the pot and each choice within it."""

from __future__ import annotations

import random
from decimal import Decimal

from consult.models import (
    BallotKind,
    Budget,
    BudgetBallot,
    BudgetChannel,
    BudgetModelVote,
    BudgetSplitLine,
    CostBasis,
    EvidenceStrength,
    Finding,
    FindingStance,
    Inquiry,
    Participant,
    Pledge,
    PledgeKind,
    SupportModel,
    SupportModelFinding,
)

K = Decimal(1000)
ILLUSTRATIVE = "Cost illustrative for Anyshire."

# (area number, name, cost, basis, people, what it buys, evidence, source,
#  easy-read name, easy-read text, pictogram, [(finding text start, stance)])
MODELS = [
    (
        1,
        "Wellbeing Teams",
        900 * K,
        CostBasis.PER_YEAR,
        None,
        "Small self-managing teams of support workers, inspired by Buurtzorg, "
        "who know the people they support and plan with them. About 3 teams "
        "for a year.",
        EvidenceStrength.CASE_STUDY,
        f"{ILLUSTRATIVE} Overheads about 11% against about 25% typical (TLAP "
        "directory; Buurtzorg about 8%).",
        "Small teams who know you",
        "A small team helps you at home. You know them. They know you.",
        "care-worker",
        [
            ("I choose my own support workers now", FindingStance.LIKED),
            ("My support worker is always rushed", FindingStance.DISLIKED),
            ("I want to go to bed when I choose", FindingStance.DISLIKED),
        ],
    ),
    (
        1,
        "Community micro-enterprises for support at home",
        250 * K,
        CostBasis.PER_YEAR,
        None,
        "Start-up help for very small local care businesses, so people can "
        "get support from someone in their own village.",
        EvidenceStrength.CASE_STUDY,
        f"{ILLUSTRATIVE} Westmorland & Furness 2022-24: 32 micro-enterprises, "
        "404 hours of care a week (Community Catalysts).",
        "Small local care businesses",
        "People near you start small businesses. They help you at home.",
        "community",
        [("The micro-enterprise in our village", FindingStance.LIKED)],
    ),
    (
        1,
        "A care co-operative",
        400 * K,
        CostBasis.PER_YEAR,
        None,
        "Help for care workers and the people they support to set up a "
        "co-operative that they own together.",
        EvidenceStrength.CASE_STUDY,
        ILLUSTRATIVE,
        "Care workers and people working together",
        "Care workers and the people they help run it together.",
        "equal",
        [("I wish my carers could stay for a cup of tea", FindingStance.DISLIKED)],
    ),
    (
        2,
        "Long-term Shared Lives",
        680 * K,
        CostBasis.PER_PERSON,
        20,
        "A person lives with, or regularly visits, a Shared Lives carer and "
        "their family. About £34,000 a person a year, for 20 people.",
        EvidenceStrength.EVALUATION,
        "About £34k a year against £60k in traditional settings for people with "
        "a learning disability (Social Finance and RSA, 2013).",
        "Live with a family who cares",
        "You live with a family. They help you. You are part of the family.",
        "family",
        [
            (
                "Please stop moving people far from their families",
                FindingStance.DISLIKED,
            ),
            ("I live with two friends and a support worker", FindingStance.LIKED),
        ],
    ),
    (
        2,
        "Homeshare",
        120 * K,
        CostBasis.PER_YEAR,
        None,
        "An older person with a spare room shares their home with someone who "
        "gives about 10 hours of help a week for low-cost housing.",
        EvidenceStrength.CASE_STUDY,
        f"{ILLUSTRATIVE} About 10 hours of help a week; fees about £140-160 a "
        "month (Homeshare UK).",
        "Share your home",
        "Someone lives with you. They help you. You help them too.",
        "home",
        [("Homeshare means I have company", FindingStance.LIKED)],
    ),
    (
        2,
        "Extra care housing",
        1200 * K,
        CostBasis.PER_YEAR,
        None,
        "Flats of your own with care on site, day and night.",
        EvidenceStrength.CASE_STUDY,
        ILLUSTRATIVE,
        "Your own flat with help close by",
        "You have your own front door. Help is there when you need it.",
        "key",
        [
            ("Extra care housing gave my dad", FindingStance.LIKED),
            ("My daughter with a learning disability wants", FindingStance.DISLIKED),
        ],
    ),
    (
        3,
        "Shared Lives day support",
        300 * K,
        CostBasis.PER_YEAR,
        None,
        "Days out and activities with a Shared Lives carer, in ordinary places.",
        EvidenceStrength.CASE_STUDY,
        ILLUSTRATIVE,
        "Days out with a carer you know",
        "You spend the day with a carer. You do things you like.",
        "happy",
        [("My son's day service gives him", FindingStance.LIKED)],
    ),
    (
        3,
        "Supported employment",
        450 * K,
        CostBasis.PER_PERSON,
        60,
        "A job coach helps people find paid work and keep it.",
        EvidenceStrength.EVALUATION,
        ILLUSTRATIVE,
        "Help to get a job",
        "A coach helps you find a job. They help you keep it.",
        "work",
        [
            ("Supported employment got me into", FindingStance.LIKED),
            ("I volunteer at the café", FindingStance.DISLIKED),
        ],
    ),
    (
        3,
        "Micro-enterprises for days out",
        150 * K,
        CostBasis.PER_YEAR,
        None,
        "Small local groups and businesses that run things to do in the day.",
        EvidenceStrength.CASE_STUDY,
        ILLUSTRATIVE,
        "Local groups for things to do",
        "Small local groups run things to do in the day.",
        "group",
        [("I am 19 and there is nothing", FindingStance.DISLIKED)],
    ),
    (
        4,
        "Shared Lives step-down from hospital",
        120 * K,
        CostBasis.PER_PERSON,
        50,
        "A few weeks with a Shared Lives carer after hospital, instead of "
        "waiting in a hospital bed. About £400 a week.",
        EvidenceStrength.CASE_STUDY,
        "About £400 a week against about £300 a night for a delayed hospital "
        "bed (Dunhill Medical Trust project, Liverpool).",
        "Stay with a carer after hospital",
        "After hospital you stay with a carer for a few weeks.",
        "nurse",
        [
            ("I came home from hospital to an empty fridge", FindingStance.DISLIKED),
            ("Leaving hospital was frightening", FindingStance.DISLIKED),
        ],
    ),
    (
        4,
        "Home from hospital redesign",
        600 * K,
        CostBasis.PER_YEAR,
        None,
        "One person plans with you before you leave hospital and stays in touch after.",
        EvidenceStrength.FORECAST,
        ILLUSTRATIVE,
        "1 person helps you leave hospital",
        "1 person plans with you. They check on you at home.",
        "help",
        [("The reablement team were brilliant", FindingStance.LIKED)],
    ),
    (
        5,
        "Local Area Coordination",
        500 * K,
        CostBasis.PER_YEAR,
        None,
        "Local area coordinators who know a neighbourhood and help people "
        "find what is there before they need services.",
        EvidenceStrength.FORECAST,
        "A forecast of £4 of social value per £1 (Derby and Thurrock SROI "
        "studies; a forecast, not an evaluation).",
        "A person who knows your area",
        "They know your area. They help you find people and groups.",
        "signpost",
        [("Community connectors found me a walking group", FindingStance.LIKED)],
    ),
    (
        5,
        "Community Circles",
        200 * K,
        CostBasis.PER_YEAR,
        None,
        "Volunteers help a person gather a circle of friends and neighbours "
        "around them.",
        EvidenceStrength.CASE_STUDY,
        ILLUSTRATIVE,
        "A circle of friends",
        "Friends and neighbours meet with you. They help you.",
        "community",
        [("A neighbour checks on me", FindingStance.LIKED)],
    ),
    (
        5,
        "Community-led support",
        350 * K,
        CostBasis.PER_YEAR,
        None,
        "Drop-in community hubs where people talk with someone the same week.",
        EvidenceStrength.CASE_STUDY,
        ILLUSTRATIVE,
        "Drop-in places near you",
        "You go to a place near you. You talk with someone that week.",
        "meet",
        [("I had to tell my story five times", FindingStance.DISLIKED)],
    ),
]

PLEDGES = [
    (
        1,
        PledgeKind.TIME,
        Decimal(2),
        "Sitting with a neighbour so her husband can rest.",
    ),
    (1, PledgeKind.SKILLS, None, "I was a nurse. I can teach moving and handling."),
    (2, PledgeKind.ROOM, None, "A spare room for a Homeshare match."),
    (3, PledgeKind.TIME, Decimal(3), "Running a gardening club on Saturdays."),
    (3, PledgeKind.SKILLS, None, "Help with CVs and job interviews."),
    (4, PledgeKind.TRANSPORT, Decimal(4), "Lifts home from the hospital."),
    (
        5,
        PledgeKind.TIME,
        Decimal("1.5"),
        "A weekly phone call to someone on their own.",
    ),
    (5, PledgeKind.ROOM, None, "Our church hall, free on Tuesdays."),
    (None, PledgeKind.OTHER, None, "Tea and cake for sessions."),
]
ORG_PLEDGES = [
    (
        4,
        PledgeKind.TRANSPORT,
        Decimal(20),
        "Anyshire Community Transport",
        "A minibus and volunteer drivers for people leaving hospital.",
    ),
    (
        5,
        PledgeKind.ROOM,
        None,
        "Anyshire Library Service",
        "Meeting rooms in all six libraries, free for community groups.",
    ),
    (
        3,
        PledgeKind.SKILLS,
        Decimal(6),
        "Anyshire Chamber of Commerce",
        "Work tasters and mentors from local employers.",
    ),
    (
        1,
        PledgeKind.TIME,
        Decimal(10),
        "Anyshire Carers Centre",
        "Volunteers for short breaks for unpaid carers.",
    ),
]

PAPER_SPLITS = 125
PAPER_MODEL_BALLOTS = 120


def seed_budget(inquiry: Inquiry) -> str | None:
    """Add the budget demo once; return what was added, None if it was there."""
    budget = Budget.objects.filter(inquiry=inquiry).first()
    if budget is None or budget.support_models.exists():
        return None
    areas = {a.number: a for a in budget.areas.all()}
    models = [
        SupportModel(
            budget=budget,
            area=areas[number],
            name=name,
            cost=cost,
            cost_basis=basis,
            people=people,
            what_it_buys=buys,
            evidence_strength=evidence,
            source=source,
            easy_read_name=er_name,
            easy_read_text=er_text,
            pictogram=picto,
        )
        for number, name, cost, basis, people, buys, evidence, source, er_name, er_text, picto, _ in MODELS  # noqa: E501
    ]
    SupportModel.objects.bulk_create(models)
    models = list(budget.support_models.select_related("area").order_by("pk"))
    _link_findings(inquiry, models)
    people = list(Participant.objects.filter(inquiry=inquiry).order_by("pk"))
    split_count, model_count = _ballots(budget, inquiry, models, people)
    pledge_count = _pledges(budget, inquiry, areas, people)
    return (
        f"budget: {len(models)} support models, {split_count} split ballots, "
        f"{model_count} model ballots, {pledge_count} pledges"
    )


def _link_findings(inquiry: Inquiry, models: list[SupportModel]) -> None:
    by_name = {m.name: m for m in models}
    findings = list(Finding.objects.filter(inquiry=inquiry).only("pk", "text"))
    links = []
    for row in MODELS:
        for start, stance in row[-1]:
            finding = next((f for f in findings if f.text.startswith(start)), None)
            if finding is not None:
                links.append(
                    SupportModelFinding(
                        support_model=by_name[row[1]], finding=finding, stance=stance
                    )
                )
    SupportModelFinding.objects.bulk_create(links, ignore_conflicts=True)


def _ballots(
    budget: Budget,
    inquiry: Inquiry,
    models: list[SupportModel],
    people: list[Participant],
) -> tuple[int, int]:
    """Splits in steps of a tenth of the pot's hundredth; choices by taste."""
    rng = random.Random(2026)  # noqa: S311 - the same demo every time, not security
    areas = [a for a in budget.areas.all() if a.is_decision_area]
    # How much Anyshire cares about each area (a made-up but plausible mood).
    taste = [3.0, 2.5, 1.6, 1.4, 2.2]
    voters: list[tuple[Participant | None, str, str]] = [
        (p, "", BudgetChannel.ONLINE) for p in people
    ]
    voters += [
        (None, f"paper-{n:03d}", rng.choice([BudgetChannel.PAPER, BudgetChannel.ROOM]))
        for n in range(1, PAPER_SPLITS + 1)
    ]
    ballots = [
        BudgetBallot(
            inquiry=inquiry,
            budget=budget,
            participant=p,
            voter_key=key,
            kind=kind,
            channel=channel,
        )
        for p, key, channel in voters
        for kind in (BallotKind.SPLIT, BallotKind.MODELS)
    ]
    # Fewer paper model ballots than paper splits: some forms had one side only.
    ballots = [
        b
        for b in ballots
        if not (
            b.kind == BallotKind.MODELS
            and b.voter_key
            and int(b.voter_key[-3:]) > PAPER_MODEL_BALLOTS
        )
    ]
    BudgetBallot.objects.bulk_create(ballots)
    saved = list(BudgetBallot.objects.filter(budget=budget).order_by("pk"))
    units = 100
    unit = budget.pot / units
    lines, votes = [], []
    for ballot in saved:
        if ballot.kind == BallotKind.SPLIT:
            weights = [rng.gammavariate(t, 1.0) for t in taste[: len(areas)]]
            raw = [w / sum(weights) * units for w in weights]
            counts = [int(r) for r in raw]
            for i in sorted(
                range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True
            )[: units - sum(counts)]:
                counts[i] += 1
            lines += [
                BudgetSplitLine(ballot=ballot, area=area, amount=unit * count)
                for area, count in zip(areas, counts, strict=True)
            ]
        else:
            order = sorted(
                models,
                key=lambda m: (
                    rng.random() * taste[m.area.number - 1]
                    if m.area.number <= len(taste)
                    else rng.random()
                ),
                reverse=True,
            )
            spent = Decimal(0)
            chosen = []
            for model in order[: rng.randint(2, 6)]:
                if spent + model.cost <= budget.pot:
                    chosen.append(model)
                    spent += model.cost
            votes += [
                BudgetModelVote(ballot=ballot, support_model=m, points=1, position=n)
                for n, m in enumerate(chosen, 1)
            ]
    BudgetSplitLine.objects.bulk_create(lines, batch_size=2000)
    BudgetModelVote.objects.bulk_create(votes, batch_size=2000)
    kinds = [b.kind for b in saved]
    return kinds.count(BallotKind.SPLIT), kinds.count(BallotKind.MODELS)


def _pledges(
    budget: Budget, inquiry: Inquiry, areas: dict, people: list[Participant]
) -> int:
    pledges = [
        Pledge(
            inquiry=inquiry,
            budget=budget,
            area=areas.get(number),
            participant=people[n % len(people)] if people else None,
            organisation_name="" if people else "A neighbour",
            kind=kind,
            hours_per_week=hours,
            description=text,
        )
        for n, (number, kind, hours, text) in enumerate(PLEDGES)
    ]
    pledges += [
        Pledge(
            inquiry=inquiry,
            budget=budget,
            area=areas.get(number),
            organisation_name=name,
            kind=kind,
            hours_per_week=hours,
            description=text,
        )
        for number, kind, hours, name, text in ORG_PLEDGES
    ]
    Pledge.objects.bulk_create(pledges)
    return len(pledges)
