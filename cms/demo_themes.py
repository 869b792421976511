"""The Make sense part of the Anyshire demo: the demo findings grouped into
themes, a few key quotes, and the five changes linked to their themes.

Grouped by words each theme's findings share, so the result is the same on
every run; a few findings are left out of any theme, so the suggestions page
has something to suggest. Safe to run again: it does nothing once the
inquiry has themes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from consult.models import Change, Finding, FindingTheme, Inquiry, Theme
from consult.sensemaking import services


@dataclass(frozen=True)
class DemoTheme:
    name: str
    easy_read_name: str
    description: str
    words: tuple[str, ...]  # a finding that says any of these goes in
    changes: tuple[int, ...]
    key_quotes: tuple[str, ...]  # words from the findings to quote


THEMES = [
    DemoTheme(
        "Support from people who know me",
        "Support from people I know",
        "People want the same few people, with time to know them, their "
        "language and how they like things done.",
        (
            "knows me",
            "different carers",
            "support workers",
            "micro-enterprise",
            "direct payment",
        ),
        (2, 3),
        ("My personal assistant knows me", "micro-enterprise in our village"),
    ),
    DemoTheme(
        "Living where I choose, with people I choose",
        "Live where you want, with people you choose",
        "Staying in your own home, or living with friends or a Shared Lives "
        "family, near the people you love.",
        (
            "live with",
            "my flat",
            "care home",
            "front door",
            "families",
            "shared lives changed",
            "extra care",
            "homeshare",
        ),
        (2,),
        ("I live with two friends", "Homeshare means"),
    ),
    DemoTheme(
        "Things to do, and real jobs",
        "Things to do and real jobs",
        "Day activities, getting out, and paid work with the right support.",
        (
            "day centre",
            "get a job",
            "day service",
            "café",
            "want to work",
            "young people",
            "employment",
            "transport",
        ),
        (3,),
        ("Supported employment got me",),
    ),
    DemoTheme(
        "Leaving hospital safely",
        "Help when you leave hospital",
        "Support ready at home on the day people leave hospital, and for long enough.",
        ("hospital", "reablement"),
        (2, 4),
        ("empty fridge",),
    ),
    DemoTheme(
        "Breaks for unpaid carers",
        "A break for carers",
        "Family carers need time off, planned by them.",
        ("carers need breaks", "exhausted", "who looks after her", "respite"),
        (4,),
        (),
    ),
    DemoTheme(
        "Belonging in my community",
        "Belong in your community",
        "Groups, neighbours and friends that keep people going.",
        ("library group", "local group", "walking group", "neighbour", "perfect day"),
        (1,),
        ("library group", "walking group"),
    ),
    DemoTheme(
        "Being heard before decisions are made",
        "Be part of the decisions",
        "People want to decide with the council, not be told afterwards.",
        ("decide", "nobody asks", "five different people", "already decided"),
        (5,),
        ("We should decide with the council",),
    ),
    DemoTheme(
        "Information I can use",
        "Information you can use",
        "Easy read, big print, phone calls and forms people can manage.",
        ("easy read", "letters", "big print", "internet"),
        (5,),
        ("Write to me in big print",),
    ),
]
# The change each key quote is shown with on the public changes page.
CHANGE_QUOTES = {
    1: ("walking group",),
    2: ("I live with two friends", "My personal assistant knows me"),
    3: ("Supported employment got me",),
    4: ("empty fridge",),
    5: ("We should decide with the council",),
}


def _pick(findings: list[Finding], words: str) -> Finding | None:
    return next((f for f in findings if words.lower() in f.text.lower()), None)


def seed_themes(inquiry: Inquiry, facilitator: Any) -> int:
    """Themes for the demo findings; returns how many findings were grouped."""
    if Theme.objects.filter(inquiry=inquiry).exists():
        return 0
    findings = list(services.themeable_findings(inquiry).order_by("created_at", "pk"))
    themes = {
        demo.name: Theme.objects.create(
            inquiry=inquiry,
            name=demo.name,
            easy_read_name=demo.easy_read_name,
            description=demo.description,
            created_by=facilitator,
        )
        for demo in THEMES
    }
    links = []
    grouped = 0
    for finding in findings:
        text = finding.text.lower()
        chosen = next((d for d in THEMES if any(w in text for w in d.words)), None)
        if chosen is not None:
            grouped += 1
            links.append(
                FindingTheme(
                    finding=finding,
                    theme=themes[chosen.name],
                    assigned_by=facilitator,
                    is_key_quote=any(q.lower() in text for q in chosen.key_quotes)
                    and not services.why_not_quotable(finding),
                )
            )
    FindingTheme.objects.bulk_create(links)
    changes = {c.number: c for c in Change.objects.filter(inquiry=inquiry)}
    for demo in THEMES:
        for number in demo.changes:
            if number in changes:
                changes[number].themes.add(themes[demo.name])
    for number, quotes in CHANGE_QUOTES.items():
        for words in quotes:
            finding = _pick(findings, words)
            if number in changes and finding is not None:
                services.add_change_quote(
                    change=changes[number], finding=finding, by=facilitator
                )
    return grouped
