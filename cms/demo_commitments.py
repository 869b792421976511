"""The Commit and account part of the Anyshire demo: Anyshire Council and two
partners (an NHS trust and a user-led group) with 10 commitments across the
five changes, in every status, with milestones and progress updates (one
edited, so its earlier version shows), two of them with an update overdue.

Written through the product's own services. Dates are counted from the day
the demo is loaded. Safe to run again: it does nothing once the inquiry has
commitments. The commitments are illustrative, like Anyshire itself."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from consult import services as consult_services
from consult.commitments import services
from consult.models import (
    BudgetArea,
    Change,
    Commitment,
    Finding,
    Inquiry,
    MakingItRealTheme,
    Organisation,
)

COUNCIL = "anyshire-council"
PARTNERS = [
    ("Anyshire Health NHS Foundation Trust", "anyshire-health", "nhs"),
    ("Anyshire Voices", "anyshire-voices", "user_led"),
]
INQUIRY_GROUP = "The Anyshire inquiry group"


@dataclass(frozen=True)
class DemoUpdate:
    days_ago: int
    text: str
    easy_read_text: str
    status: str
    progress: int
    links: tuple[str, ...] = ()
    reason: str = ""
    edited_text: str = ""  # when set, the update is edited once to say this


@dataclass(frozen=True)
class DemoCommitment:
    organisation: str
    title: str
    description: str
    easy_read_title: str
    easy_read_text: str
    pictogram: str
    changes: tuple[int, ...]
    owner_role: str
    co_produced_with: str
    start: int  # days from the day the demo is loaded
    due: int
    review: int
    status: str
    themes: tuple[int, ...] = ()
    area: int | None = None
    amount: int | None = None
    reason: str = ""
    quotes: tuple[str, ...] = ()  # words from findings it answers
    milestones: tuple[tuple[str, int, int], ...] = ()  # (title, due, progress)
    updates: tuple[DemoUpdate, ...] = field(default_factory=tuple)


COMMITMENTS = [
    DemoCommitment(
        COUNCIL,
        "Shared Lives for people leaving hospital",
        "We will offer a Shared Lives short stay to anyone who is ready to leave "
        "hospital but cannot go straight home, instead of a care home bed. A "
        "Shared Lives carer welcomes the person into their family home for a "
        "few weeks while their own home and support are got ready.",
        "Stay with a family when you leave hospital",
        "You can stay with a Shared Lives family for a few weeks. Then you go home.",
        "nurse",
        (2, 4),
        "Director of Adult Social Care",
        f"{INQUIRY_GROUP} and Anyshire Voices",
        -120,
        240,
        45,
        "started",
        themes=(4, 5),
        area=4,
        amount=400_000,
        quotes=("Shared Lives should be offered",),
        milestones=(
            ("Recruit 10 Shared Lives carers for short stays", -30, 60),
            ("First 5 people home from hospital through Shared Lives", 90, 20),
        ),
        updates=(
            DemoUpdate(
                80,
                "We have recruited 4 Shared Lives carers for short stays and "
                "agreed how the hospital discharge team asks for one.",
                "4 families are ready to help. The hospital knows how to ask.",
                "started",
                25,
                edited_text="We have recruited 6 Shared Lives carers for short "
                "stays and agreed with the hospital discharge team how they ask "
                "for one. (We first wrote 4: two more carers were approved the "
                "same week.)",
            ),
            DemoUpdate(
                12,
                "Two people have come home from hospital through a Shared Lives "
                "short stay. Six carers are approved and two more are in training.",
                "2 people stayed with a family after hospital. Then they went home.",
                "started",
                40,
                links=("https://sharedlivesplus.org.uk/",),
            ),
        ),
    ),
    DemoCommitment(
        COUNCIL,
        "A community micro-enterprise in every village",
        "We will help local people set up small community businesses that "
        "support their neighbours at home, following the Community Catalysts "
        "approach, starting in the five villages with the fewest home care "
        "hours available.",
        "Small local support in every village",
        "Local people can start small businesses. They support people near them.",
        "community",
        (1, 3),
        "Head of Commissioning",
        INQUIRY_GROUP,
        -200,
        330,
        -20,
        "started",
        themes=(3,),
        area=1,
        amount=150_000,
        quotes=("micro-enterprise in our village",),
        milestones=(("Micro-enterprise coordinator in post", -150, 100),),
        updates=(
            DemoUpdate(
                60,
                "The coordinator is in post and 7 micro-enterprises have started "
                "in 3 villages.",
                "7 small local businesses have started.",
                "started",
                30,
            ),
        ),
    ),
    DemoCommitment(
        COUNCIL,
        "People who draw on care sit on the commissioning board",
        "Two places on the board that decides how adult social care money is "
        "spent go to people who draw on care and support, paid for their time, "
        "with an equal vote.",
        "People who get support help decide",
        "2 people who get support sit on the board. They vote like everyone else.",
        "equal",
        (5,),
        "Cabinet Member for Adult Social Care",
        INQUIRY_GROUP,
        -150,
        -30,
        60,
        "done",
        themes=(1,),
        updates=(
            DemoUpdate(
                30,
                "Two members of the inquiry group joined the commissioning board "
                "this month, paid for their time, with an equal vote.",
                "2 people from the inquiry group joined the board.",
                "done",
                100,
                links=("https://anyshire.example/board/minutes",),
            ),
        ),
    ),
    DemoCommitment(
        COUNCIL,
        "Homeshare across Anyshire",
        "We will fund a Homeshare scheme that matches older people who have a "
        "spare room with someone who gives about 10 hours of help a week in "
        "return for low-cost housing.",
        "Share your home and get help",
        "Someone lives with you. They help you about 10 hours a week.",
        "home",
        (2,),
        "Head of Housing and Care",
        f"{INQUIRY_GROUP} and local housing associations",
        30,
        400,
        90,
        "planned",
        themes=(3, 4),
        area=2,
        amount=90_000,
        quotes=("Homeshare means",),
        milestones=(("Choose a Homeshare organisation to run the scheme", 60, 0),),
    ),
    DemoCommitment(
        COUNCIL,
        "Direct payments that are simple to use",
        "We will cut the direct payment forms from 14 pages to 2, pay within "
        "10 days, and let people spend their money on whatever meets their "
        "agreed outcomes without asking permission each time.",
        "Easier money to buy your own support",
        "The form is 2 pages. You get the money in 10 days.",
        "money",
        (3, 4),
        "Head of Personalisation",
        "Anyshire Voices",
        -90,
        180,
        30,
        "started",
        themes=(1, 2),
        updates=(
            DemoUpdate(
                20,
                "The new 2-page form is in use. Payments now take 12 days on "
                "average; we are working on the last 2.",
                "The new form is 2 pages. Money comes in about 12 days.",
                "started",
                60,
            ),
        ),
    ),
    DemoCommitment(
        COUNCIL,
        "A new 60-bed care home in Eastbridge",
        "The plan from before the inquiry was to build a 60-bed care home in "
        "Eastbridge.",
        "A new care home in Eastbridge",
        "We planned a big new care home. We are not building it.",
        "door",
        (2, 4),
        "Director of Adult Social Care",
        INQUIRY_GROUP,
        -60,
        700,
        120,
        "not_doing",
        area=2,
        reason="People told us they want to live at home, with family or in "
        "Shared Lives, not in a bigger care home. The money goes to Shared "
        "Lives and Homeshare instead.",
    ),
    DemoCommitment(
        "anyshire-health",
        "Home from hospital within a day of being ready",
        "When someone is medically ready to leave, we will get them home (or to "
        "a Shared Lives short stay) within 24 hours, with the council's "
        "discharge team working in the same office as ours.",
        "Go home the day after you are ready",
        "When you are well enough, you go home the next day.",
        "nurse",
        (2,),
        "Chief Operating Officer",
        "Anyshire Council and Anyshire Voices",
        -100,
        260,
        40,
        "started",
        themes=(4,),
        milestones=(
            ("Joint discharge team in one office", -40, 100),
            ("Half of people home within 24 hours", 120, 50),
        ),
        updates=(
            DemoUpdate(
                15,
                "The joint team moved into one office. 41 in 100 people now go "
                "home within 24 hours of being ready, up from 22.",
                "The hospital and council now work in 1 office. More people go "
                "home quickly.",
                "started",
                35,
            ),
        ),
    ),
    DemoCommitment(
        "anyshire-health",
        "Ask what matters to people before they leave hospital",
        "Every person leaving our hospitals will be asked what matters to them "
        "at home, and that conversation goes with them to whoever supports "
        "them next.",
        "We ask what matters to you",
        "Before you leave hospital, we ask what matters to you.",
        "talk",
        (3, 5),
        "Director of Nursing",
        INQUIRY_GROUP,
        -80,
        200,
        -10,
        "planned",
        themes=(1, 5),
    ),
    DemoCommitment(
        "anyshire-voices",
        "Peer hosts for community conversations",
        "We trained people who draw on care to host conversations in their own "
        "groups and send in what was said, so people who would never come to a "
        "council meeting are heard.",
        "People like you run the chats",
        "We trained people who get support. They run chats in their groups.",
        "meet",
        (1, 5),
        "Coordinator",
        INQUIRY_GROUP,
        -180,
        -20,
        90,
        "done",
        themes=(3,),
        updates=(
            DemoUpdate(
                25,
                "12 peer hosts ran 19 conversations in 9 groups. Everything they "
                "sent in is now part of the inquiry's findings.",
                "12 people ran 19 chats.",
                "done",
                100,
            ),
        ),
    ),
    DemoCommitment(
        "anyshire-voices",
        "Check every easy-read letter the council sends",
        "Our members with learning disabilities check the council's letters and "
        "leaflets in easy read before they go out, and are paid for it.",
        "We check the easy-read letters",
        "People with learning disabilities check the letters. They get paid.",
        "read",
        (5,),
        "Chair",
        "Anyshire Council",
        -60,
        300,
        60,
        "started",
        themes=(2,),
        updates=(
            DemoUpdate(
                10,
                "We checked the first 8 letters. The council changed all 8.",
                "We checked 8 letters. The council made them better.",
                "started",
                50,
            ),
        ),
    ),
]


def _organisations() -> dict[str, Organisation]:
    found = {o.slug: o for o in Organisation.objects.all()}
    for name, slug, kind in PARTNERS:
        if slug not in found:
            found[slug] = consult_services.create_organisation(
                name=name, slug=slug, kind=kind
            )
    return found


def _quoted(inquiry: Inquiry, words: tuple[str, ...]) -> list[Finding]:
    found = []
    for start in words:
        finding = (
            Finding.objects.filter(inquiry=inquiry, text__icontains=start)
            .public()
            .order_by("pk")
            .first()
        )
        if finding is not None:
            found.append(finding)
    return found


def _values(demo: DemoCommitment, on: dt.date) -> dict[str, Any]:
    return {
        "title": demo.title,
        "description": demo.description,
        "easy_read_title": demo.easy_read_title,
        "easy_read_text": demo.easy_read_text,
        "pictogram": demo.pictogram,
        "co_produced_with": demo.co_produced_with,
        "owner_role": demo.owner_role,
        "start_on": on + dt.timedelta(days=demo.start),
        "due_on": on + dt.timedelta(days=demo.due),
        "review_on": on + dt.timedelta(days=demo.review),
        "status": demo.status if not demo.updates else "planned",
        "not_doing_reason": demo.reason,
        "budget_amount": Decimal(demo.amount) if demo.amount is not None else None,
    }


def _post_updates(
    commitment: Commitment, demo: DemoCommitment, by: Any, on: dt.date
) -> None:
    for i, upd in enumerate(demo.updates):
        is_last = i == len(demo.updates) - 1
        values = services.UpdateValues(
            dated=on - dt.timedelta(days=upd.days_ago),
            text=upd.text,
            easy_read_text=upd.easy_read_text,
            status=upd.status,
            progress=upd.progress,
            status_reason=upd.reason,
            evidence_links=upd.links,
            # The last update sets the review date the commitment shows.
            next_review_on=on + dt.timedelta(days=demo.review) if is_last else None,
        )
        update = services.post_progress_update(
            commitment=commitment, by=by, values=values
        )
        if upd.edited_text:
            services.edit_progress_update(
                update,
                by=by,
                values=replace(values, text=upd.edited_text),
            )


def seed_commitments(inquiry: Inquiry, council_editor: Any, on: dt.date) -> str:
    """Add the demo's commitments once; return what was added ("" if there)."""
    services.ensure_making_it_real_themes()
    if Commitment.objects.filter(inquiry=inquiry).exists():
        return ""
    organisations = _organisations()
    changes = {c.number: c for c in Change.objects.filter(inquiry=inquiry)}
    areas = {a.number: a for a in BudgetArea.objects.filter(budget__inquiry=inquiry)}
    themes = {t.number: t for t in MakingItRealTheme.objects.all()}
    for demo in COMMITMENTS:
        commitment = services.create_commitment(
            organisation=organisations[demo.organisation],
            inquiry=inquiry,
            by=council_editor,
            changes=[changes[n] for n in demo.changes if n in changes],
            findings=_quoted(inquiry, demo.quotes),
            making_it_real=[themes[n] for n in demo.themes if n in themes],
            budget_area=areas.get(demo.area) if demo.area else None,
            **_values(demo, on),
        )
        for order, (title, due, progress) in enumerate(demo.milestones, start=1):
            services.save_milestone(
                commitment=commitment,
                title=title,
                due_on=on + dt.timedelta(days=due),
                progress=progress,
                order=order,
            )
        _post_updates(commitment, demo, council_editor, on)
    return (
        f"{len(COMMITMENTS)} commitments by Anyshire Council and 2 partners, "
        "with milestones and progress updates"
    )
