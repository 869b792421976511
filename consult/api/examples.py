"""Examples for the schema and the docs page: the Anyshire demo's shapes,
shortened. A list endpoint's example is one item: drf-spectacular wraps it in
a page. Tests check each against its serializer's fields."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample

_BASE = "https://coproduce.example"

INQUIRY_DATA = {
    "slug": "anyshire",
    "title": "Anyshire: what would make social care work for you?",
    "question": "What would make social care work for you?",
    "easy_read_question": "What would make care and support good for you?",
    "area": "Anyshire",
    "phases": [
        {
            "kind": "listen",
            "name": "Listen",
            "opens_on": "2026-03-01",
            "closes_on": "2026-06-30",
            "status": "open",
            "note": "",
        },
        {
            "kind": "prioritise",
            "name": "Prioritise",
            "opens_on": "2026-07-01",
            "closes_on": "2026-07-31",
            "status": "upcoming",
            "note": "",
        },
    ],
    "results_published": False,
    "results_published_at": None,
    "links": {
        "page": f"{_BASE}/anyshire/",
        "changes_page": f"{_BASE}/anyshire/changes/",
        "api": f"{_BASE}/api/v1/inquiries/anyshire/",
        "changes": f"{_BASE}/api/v1/inquiries/anyshire/changes/",
        "results": None,
    },
}

CHANGE_DATA = {
    "number": 1,
    "statement": "Living in the place we call home",
    "description": "",
    "easy_read_statement": "Live in your own home",
    "easy_read_text": "You choose where you live. You get help at home.",
    "pictogram": {
        "name": "home",
        "alt": "A house",
        "url": f"{_BASE}/static/themes/pictograms/home.svg",
    },
    "themes": [{"name": "Staying at home", "easy_read_name": "Staying at home"}],
}

ORGANISATION_DATA = {
    "slug": "anyshire-council",
    "name": "Anyshire Council",
    "kind": "council",
    "kind_name": "Council",
    "website": "",
}

RESULTS_DATA = {
    "inquiry": "anyshire",
    "published_at": "2026-09-01T10:00:00+01:00",
    "priorities": {
        "inquiry": "anyshire",
        "method": "rate",
        "published": True,
        "ballots": "150",
        "summary": "150 people voted. “Living in the place we call home” came "
        "first, with 4.6 (average rating).",
        "changes": [
            {
                "number": 1,
                "title": "Living in the place we call home",
                "place": "1st",
                "mean": "4.6",
                "ratings": "150",
            }
        ],
        "groups": [
            {
                "dimension": "channel",
                "label": "How people voted",
                "figure": "average rating out of 5",
                "groups": [
                    {
                        "group": "online",
                        "label": "Online",
                        "ballots": "96",
                        "shown": True,
                        "changes": {"1": "4.5"},
                    },
                    {
                        "group": "post",
                        "label": "By post",
                        "ballots": "fewer than 5",
                        "shown": False,
                        "changes": {},
                    },
                ],
            }
        ],
    },
    "budget": {
        "organisation": "Anyshire Council",
        "year": "2025-26",
        "pot": "3000000.00",
        "illustrative": True,
        "split": {
            "ballots": 150,
            "rules": [
                {
                    "key": "mean",
                    "description": "Mean: the average of everyone's split",
                    "easy_read": "Add up what everyone said. Share it out evenly.",
                }
            ],
            "areas": [
                {
                    "number": 1,
                    "name": "Support with accommodation",
                    "easy_read_name": "Help with where you live",
                    "mean": "640000.00",
                    "median": "600000.00",
                    "markets": "610000.00",
                }
            ],
        },
        "models": {
            "ready": True,
            "progress": 100,
            "voters": 145,
            "greedy": {"spent": 2900000},
            "equal_shares": {"spent": 2750000},
            "differences": 2,
            "models": [
                {
                    "id": "1",
                    "name": "Shared Lives",
                    "cost": 400000,
                    "votes": 88,
                    "funded_by_greedy": True,
                    "funded_by_equal_shares": True,
                    "differs": False,
                    "greedy_why": "Chosen: it had the most votes of those left.",
                    "greedy_why_easy_read": "Lots of people chose it.",
                    "equal_shares_why": "Chosen: its voters could pay for it.",
                    "equal_shares_why_easy_read": "Its voters had enough money.",
                }
            ],
        },
        "pledges": [
            {
                "area": "Community support",
                "pledges": 6,
                "hours_per_week": "14.0",
                "kinds": ["A room or space", "Time"],
            }
        ],
    },
}


INQUIRY = OpenApiExample("Anyshire", value=INQUIRY_DATA, response_only=True)
INQUIRY_LIST = OpenApiExample("One page", value=INQUIRY_DATA, response_only=True)
CHANGE_LIST = OpenApiExample("One page", value=CHANGE_DATA, response_only=True)
ORGANISATION_LIST = OpenApiExample(
    "One page", value=ORGANISATION_DATA, response_only=True
)
RESULTS = OpenApiExample("Anyshire, published", value=RESULTS_DATA, response_only=True)
BAD_PARAMETER = OpenApiExample(
    "Bad filter",
    value={
        "detail": "published must be true or false. You sent 'maybe'.",
        "parameter": "published",
    },
    response_only=True,
    status_codes=["400"],
)
NOT_FOUND = OpenApiExample(
    "Not found",
    value={"detail": "There is no public inquiry with that slug."},
    response_only=True,
    status_codes=["404"],
)
NOT_PUBLISHED = OpenApiExample(
    "Not published yet",
    value={
        "detail": "The results of this inquiry are not published yet. They "
        "appear here when an editor publishes them."
    },
    response_only=True,
    status_codes=["404"],
)

# Commitments (issue 8, h-commitio)
COMMITMENT_DATA = {
    "id": 4,
    "reference": "ASC-07",
    "organisation": "anyshire-council",
    "organisation_name": "Anyshire Council",
    "inquiry": "anyshire",
    "changes": [1, 3],
    "title": "Shared Lives for people leaving hospital",
    "description": "We will offer a Shared Lives short stay to people leaving "
    "hospital, so nobody goes into a care home just to wait.",
    "easy_read_title": "Stay with a family when you leave hospital",
    "easy_read_text": "You can stay with a family. They help you get well.",
    "co_produced_with": "The inquiry group",
    "owner_role": "Director of Adult Social Care",
    "start_on": "2026-04-01",
    "due_on": "2027-03-31",
    "review_on": "2026-10-01",
    "status": "started",
    "status_name": "Started",
    "not_doing_reason": "",
    "progress": 40,
    "last_update_on": "2026-07-01",
    "update_overdue": False,
    "budget_area": "Short breaks",
    "budget_amount": "250000.00",
    "making_it_real": ["Living the life I want, keeping safe and well"],
    "updates": [
        {
            "id": 9,
            "dated": "2026-07-01",
            "status": "started",
            "status_reason": "",
            "progress": 40,
            "text": "Six Shared Lives carers are trained and two stays went well.",
            "easy_read_text": "6 families are ready to help.",
            "evidence_links": [],
            "edited_at": None,
        }
    ],
    "links": {
        "page": f"{_BASE}/organisations/anyshire-council/commitments/4/",
        "organisation_page": f"{_BASE}/organisations/anyshire-council/",
    },
}
COMMITMENT_LIST = OpenApiExample("One page", value=COMMITMENT_DATA, response_only=True)
