"""The Listen phase of the demo: sessions (two past, two coming), people with
participation cards, about sixty findings across channels and consents, and
'About you' answers. Made-up people and words; written through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from consult import listening, services
from consult.about_you import (
    ReferencePlan,
    record_about_you,
    set_local_areas,
    set_reference_profile,
)
from consult.models import AboutYou, Inquiry, Participant
from consult.roles import Role
from deliberation import capture
from deliberation import services as sessions
from deliberation.models import Session

PAYMENT_POLICY = (
    "We pay £20 for each hour you take part, by bank transfer or voucher, your "
    "choice. You may say no to the payment. We pay travel, and a carer's cover "
    "if you need it. Payments can affect some benefits: ask us and we will put "
    "you in touch with free benefits advice first."
)


def _at(on: dt.date, days: int, hour: int, minute: int = 0) -> dt.datetime:
    zone = timezone.get_current_timezone()
    return dt.datetime.combine(
        on + dt.timedelta(days=days), dt.time(hour, minute), tzinfo=zone
    )


SESSIONS = [
    # title, format, days from today, start hour, hours, place, features, seats
    (
        "Library conversation",
        "room",
        -21,
        14,
        2,
        "Anytown Library, Community Room, 1 High Street, Anytown",
        ["step_free", "toilet", "hearing_loop", "quiet_room", "breaks", "supporters"],
        16,
    ),
    (
        "Evening phone circle",
        "phone",
        -10,
        18,
        1,
        "By phone",
        ["easy_read", "breaks"],
        8,
    ),
    (
        "Tuesday afternoon at the Hub",
        "room",
        7,
        13,
        2,
        "The Hub, 12 Market Street, Anytown",
        [
            "step_free",
            "toilet",
            "hearing_loop",
            "quiet_room",
            "bsl",
            "easy_read",
            "breaks",
            "travel_paid",
            "supporters",
        ],
        12,
    ),
    (
        "Saturday morning online",
        "online",
        18,
        10,
        1,
        "Online (video call)",
        ["easy_read", "breaks", "supporters"],
        10,
    ),
]

# Made-up findings: (text, where, consent, name, state, area number).
# `where` is a past session's index, or "online", "phone" or "post".
MORE_FINDINGS: list[tuple[str, Any, str, str, str, int]] = [
    (
        "I choose my own support workers now and it is so much better.",
        0,
        "named",
        "Dev",
        "published",
        1,
    ),
    (
        "My support worker is always rushed. Fifteen minutes is not enough.",
        0,
        "anonymous",
        "",
        "published",
        1,
    ),
    (
        "I want to stay in my flat. Moving to a care home would end my life as I know it.",
        0,
        "anonymous",
        "",
        "published",
        2,
    ),
    (
        "The micro-enterprise in our village knows everyone. It feels like neighbours helping.",
        0,
        "named",
        "Rita",
        "published",
        1,
    ),
    (
        "I need help in the evenings, not just mornings.",
        0,
        "count_only",
        "",
        "published",
        1,
    ),
    (
        "Please stop moving people far from their families.",
        0,
        "anonymous",
        "",
        "published",
        2,
    ),
    (
        "My son's day service gives him a reason to get up.",
        0,
        "anonymous",
        "",
        "published",
        3,
    ),
    (
        "I volunteer at the café. I want it to be a real job.",
        0,
        "named",
        "Lee",
        "published",
        3,
    ),
    (
        "Nobody explained my budget to me in a way I could understand.",
        0,
        "anonymous",
        "",
        "pending",
        5,
    ),
    (
        "We should decide with the council, not after the council.",
        0,
        "anonymous",
        "",
        "published",
        5,
    ),
    (
        "Easy read letters would help me know what is happening.",
        0,
        "count_only",
        "",
        "published",
        5,
    ),
    (
        "I came home from hospital to an empty fridge and no plan.",
        1,
        "anonymous",
        "",
        "published",
        4,
    ),
    (
        "The reablement team were brilliant but they left after six weeks.",
        1,
        "anonymous",
        "",
        "published",
        4,
    ),
    (
        "I care for my mum and I am exhausted. I need a break.",
        1,
        "anonymous",
        "",
        "published",
        1,
    ),
    ("Phone calls are easier for me than forms.", 1, "named", "Ann", "published", 5),
    (
        "I was stuck in hospital for a month waiting for a care package.",
        1,
        "count_only",
        "",
        "published",
        4,
    ),
    (
        "Shared Lives should be offered to more people leaving hospital.",
        1,
        "anonymous",
        "",
        "pending",
        4,
    ),
    (
        "Our local group meets in the pub on Thursdays. It keeps me going.",
        1,
        "anonymous",
        "",
        "published",
        5,
    ),
    (
        "I wish my carers could stay for a cup of tea and a chat.",
        "online",
        "anonymous",
        "",
        "published",
        1,
    ),
    (
        "I live with two friends and a support worker. It is my home.",
        "online",
        "named",
        "Kim",
        "published",
        2,
    ),
    (
        "Extra care housing gave my dad his independence back.",
        "online",
        "anonymous",
        "",
        "published",
        2,
    ),
    (
        "I want to work but I am scared of losing my benefits.",
        "online",
        "anonymous",
        "",
        "published",
        3,
    ),
    (
        "The bus pass made a huge difference to me.",
        "online",
        "count_only",
        "",
        "published",
        3,
    ),
    (
        "I had to tell my story five times to five different people.",
        "online",
        "anonymous",
        "",
        "published",
        5,
    ),
    (
        "My direct payment lets me go swimming with my PA.",
        "online",
        "named",
        "Tom",
        "published",
        1,
    ),
    (
        "Homeshare means I have company and help with the shopping.",
        "online",
        "anonymous",
        "",
        "published",
        2,
    ),
    (
        "The council only talks to us when something is already decided.",
        "online",
        "anonymous",
        "",
        "pending",
        5,
    ),
    (
        "I am 19 and there is nothing for young people like me.",
        "online",
        "anonymous",
        "",
        "published",
        3,
    ),
    (
        "Community connectors found me a walking group. I have friends now.",
        "online",
        "named",
        "Bea",
        "published",
        5,
    ),
    (
        "The care home is clean but I am lonely there.",
        "online",
        "anonymous",
        "",
        "private",
        2,
    ),
    (
        "My mum's carers don't speak to her in Punjabi. She feels lost.",
        "phone",
        "anonymous",
        "",
        "published",
        1,
    ),
    (
        "Please ring me back when you say you will.",
        "phone",
        "anonymous",
        "",
        "published",
        5,
    ),
    ("I cannot read the letters you send.", "phone", "count_only", "", "published", 5),
    (
        "Leaving hospital was frightening. I did not know who to ask.",
        "phone",
        "anonymous",
        "",
        "published",
        4,
    ),
    (
        "I want to keep my allotment. It is my therapy.",
        "phone",
        "named",
        "George",
        "published",
        3,
    ),
    (
        "My carer is my wife. Who looks after her?",
        "phone",
        "anonymous",
        "",
        "pending",
        1,
    ),
    (
        "Supported employment got me into the garden centre three days a week.",
        "phone",
        "anonymous",
        "",
        "published",
        3,
    ),
    (
        "I don't have the internet. Please keep the phone line.",
        "phone",
        "count_only",
        "",
        "published",
        5,
    ),
    ("Write to me in big print please.", "post", "anonymous", "", "published", 5),
    (
        "I want to go to bed when I choose, not when the rota says.",
        "post",
        "named",
        "Iris",
        "published",
        1,
    ),
    (
        "My daughter with a learning disability wants her own front door.",
        "post",
        "anonymous",
        "",
        "published",
        2,
    ),
    (
        "The day centre minibus is the only way I get out.",
        "post",
        "anonymous",
        "",
        "published",
        3,
    ),
    (
        "A neighbour checks on me. That is worth more than any service.",
        "post",
        "anonymous",
        "",
        "published",
        5,
    ),
    (
        "I was sent home from hospital at midnight with nobody to meet me.",
        "post",
        "count_only",
        "",
        "published",
        4,
    ),
    (
        "Give money to small local groups. They know us.",
        "post",
        "anonymous",
        "",
        "pending",
        5,
    ),
    (
        "I drew a picture of my perfect day: my garden, my dog and my friends.",
        "post",
        "named",
        "Olu",
        "published",
        5,
    ),
    (
        "Respite should be booked by me, not for me.",
        "post",
        "anonymous",
        "",
        "private",
        1,
    ),
]

# 'About you' answers for some of the people with cards, so 'Whose voices'
# has something to show: (relationship, age band, disability, ethnicity, area,
# took part, helped).
ABOUT_YOU = [
    (
        ["draw_on_care"],
        "35_49",
        "yes",
        "white_british",
        "Anytown",
        ["in_a_room"],
        "yes",
    ),
    (["draw_on_care"], "50_64", "yes", "white_british", "Anytown", ["in_a_room"], "no"),
    (
        ["unpaid_carer"],
        "50_64",
        "no",
        "asian_indian",
        "Eastmoor",
        ["phone_with_help"],
        "no",
    ),
    (
        ["draw_on_care", "community_org"],
        "25_34",
        "yes",
        "black_caribbean",
        "Anytown",
        ["online"],
        "no",
    ),
    (["unpaid_carer"], "65_74", "no", "white_british", "Brookfield", ["online"], "no"),
    (
        ["draw_on_care"],
        "18_24",
        "yes",
        "mixed_white_asian",
        "Anytown",
        ["easy_read_online"],
        "yes",
    ),
    (["work_in_care"], "35_49", "no", "white_other", "Westvale", ["in_a_room"], "no"),
    (
        ["draw_on_care"],
        "75_plus",
        "yes",
        "white_british",
        "Brookfield",
        ["phone_with_help"],
        "yes",
    ),
    (["public"], "50_64", "prefer_not", "prefer_not", "prefer_not", ["online"], "no"),
    (
        ["draw_on_care"],
        "35_49",
        "yes",
        "asian_pakistani",
        "Eastmoor",
        ["in_a_room"],
        "yes",
    ),
    (
        ["unpaid_carer", "draw_on_care"],
        "65_74",
        "yes",
        "white_british",
        "Anytown",
        ["phone_with_help"],
        "yes",
    ),
    (
        ["draw_on_care"],
        "25_34",
        "yes",
        "white_british",
        "Westvale",
        ["video_or_drawing"],
        "yes",
    ),
    (["councillor"], "50_64", "no", "white_british", "Anytown", ["in_a_room"], "no"),
    (
        ["draw_on_care"],
        "prefer_not",
        "prefer_not",
        "prefer_not",
        "Anytown",
        ["online"],
        "no",
    ),
    (["unpaid_carer"], "35_49", "no", "black_african", "Anytown", ["in_a_room"], "no"),
    (
        ["draw_on_care"],
        "50_64",
        "yes",
        "white_british",
        "Eastmoor",
        ["peer_group"],
        "yes",
    ),
    (
        ["draw_on_care"],
        "65_74",
        "yes",
        "white_irish",
        "Brookfield",
        ["in_a_room"],
        "yes",
    ),
    (
        ["asked_not_qualified"],
        "50_64",
        "yes",
        "white_british",
        "Westvale",
        ["phone_with_help"],
        "yes",
    ),
    (
        ["draw_on_care"],
        "35_49",
        "yes",
        "white_british",
        "Anytown",
        ["peer_group"],
        "no",
    ),
    (["commission"], "35_49", "no", "white_british", "Anytown", ["online"], "no"),
    (
        ["draw_on_care"],
        "25_34",
        "yes",
        "asian_bangladeshi",
        "Eastmoor",
        ["easy_read_online"],
        "yes",
    ),
    (
        ["unpaid_carer"],
        "75_plus",
        "no",
        "white_british",
        "Brookfield",
        ["phone_with_help"],
        "yes",
    ),
]


def seed_sessions(inquiry: Inquiry, facilitator: Any, on: dt.date) -> list[Session]:
    existing = list(Session.objects.filter(inquiry=inquiry).order_by("starts_at"))
    if existing:
        return existing
    made = []
    for title, fmt, days, hour, hours, place, features, seats in SESSIONS:
        start = _at(on, days, hour)
        plan = sessions.SessionPlan(
            title=title,
            format=fmt,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=hours),
            capacity=seats,
            place=place,
            joining_details=(
                "Call 01632 960 000 and say you are here for the phone circle."
                if fmt == "phone"
                else "https://video.anyshire.example/saturday"
                if fmt == "online"
                else ""
            ),
            access_features=tuple(features),
            access_notes=(
                "The nearest bus stop is Market Street (routes 4 and 7). There is "
                "a blue badge space at the front door."
                if fmt == "room"
                else "Join with a supporter if you like. You can keep your camera off."
            ),
            payment_policy=PAYMENT_POLICY,
        )
        made.append(
            sessions.plan_session(
                inquiry=inquiry, plan=plan, facilitators=[facilitator], by=facilitator
            )
        )
    library, phone_circle, hub, online = made
    sessions.record_attendance(
        session=library, attended=13, supporters_attended=4, by=facilitator
    )
    sessions.record_attendance(
        session=phone_circle, attended=6, supporters_attended=1, by=facilitator
    )
    for name, email, phone, supporter in [
        ("Joy", "joy@anyshire.example", "", True),
        ("Dev", "", "01632 960 101", False),
        ("Rita", "rita@anyshire.example", "01632 960 102", False),
    ]:
        sessions.sign_up(
            session=hub,
            name=name,
            email=email,
            phone=phone,
            brings_supporter=supporter,
        )
    sessions.sign_up(session=online, name="Kim", email="kim@anyshire.example")
    return made


def seed_people(inquiry: Inquiry, facilitator: Any) -> list[Participant]:
    """People who used a card: each card's first use makes a participant."""
    batch = inquiry.code_batches.filter(label="Library and phone circle cards").first()
    if batch is not None:
        return list(Participant.objects.filter(code__batch=batch).order_by("pk"))
    _, plain = services.create_code_batch(
        inquiry=inquiry,
        label="Library and phone circle cards",
        size=30,
        created_by=facilitator,
    )
    return [services.redeem_code(inquiry=inquiry, typed=code) for code in plain[:24]]


def seed_more_findings(
    inquiry: Inquiry,
    users: dict,
    past_sessions: list[Session],
    people: list[Participant],
) -> int:
    """About fifty more findings; people with cards said some of them."""
    if inquiry.findings.filter(channel="session", session_link__isnull=False).exists():
        return 0
    areas = {a.number: a for a in inquiry.budget.areas.all()}
    facilitator = users[Role.FACILITATOR]
    moderator = users[Role.MODERATOR]
    for index, (text, where, consent, name, state, area) in enumerate(MORE_FINDINGS):
        person = people[index % len(people)] if index % 3 != 2 else None
        if where == "online":
            person = person or people[index % len(people)]
            finding = listening.record_finding(
                inquiry=inquiry,
                text=text,
                channel="online",
                consent=consent,
                display_name=name,
                participant=person,
                areas=[areas[area]],
            )
        else:
            finding = capture.capture_finding(
                inquiry=inquiry,
                text=text,
                consent=consent,
                display_name=name,
                by=facilitator,
                session=past_sessions[where] if isinstance(where, int) else None,
                channel="session" if isinstance(where, int) else where,
                areas=[areas[area]],
                participant=person,
            )
        if state != "pending":
            action = "publish" if state == "published" else "private"
            listening.moderate_finding(finding=finding, action=action, actor=moderator)
    return len(MORE_FINDINGS)


LOCAL_AREAS = ["Anytown", "Brookfield", "Eastmoor", "Westvale"]
REFERENCE_SOURCE = (
    "Illustrative: adults drawing on long-term support in Anyshire, by age "
    "(not a real council's figures)"
)
REFERENCE_AGES = {
    "18_24": 6,
    "25_34": 9,
    "35_49": 14,
    "50_64": 18,
    "65_74": 17,
    "75_plus": 36,
}


def seed_about_you(inquiry: Inquiry, people: list[Participant]) -> int:
    """Local areas, a reference profile by age band, and about-you answers."""
    if AboutYou.objects.filter(participant__inquiry=inquiry).exists():
        return 0
    set_local_areas(inquiry=inquiry, names=LOCAL_AREAS)
    set_reference_profile(
        inquiry=inquiry,
        shares=[
            ReferencePlan("age_band", band, share, REFERENCE_SOURCE)
            for band, share in REFERENCE_AGES.items()
        ],
    )
    for person, answers in zip(people, ABOUT_YOU, strict=False):
        relationship, age, disability, ethnicity, area, took_part, helped = answers
        record_about_you(
            participant=person,
            consented=True,
            relationship=relationship,
            age_band=age,
            disability=disability,
            ethnicity=ethnicity,
            area=area,
            took_part=took_part,
            helped=helped,
        )
    return min(len(people), len(ABOUT_YOU))
