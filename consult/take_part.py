"""What a person can do in an inquiry now, and what they have already done.

Each part of the product (stories here, sessions in deliberation, voting and
budgeting later) registers a provider. Consult never imports the apps above
it, so they hand their pieces in through `register` from their AppConfig."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.urls import reverse

from .listening import can_change_findings
from .models import Inquiry, Participant, PhaseKind
from .models.inquiries import PhaseStatus


@dataclass(frozen=True)
class Action:
    """Something the person can do now."""

    title: str
    easy_read: str
    pictogram: str
    href: str
    order: int = 50


@dataclass(frozen=True)
class Done:
    """Something the person has already done, with a way back to it."""

    summary: str
    easy_read: str
    pictogram: str
    href: str
    link_text: str
    order: int = 50


@dataclass
class TakePartItems:
    actions: list[Action] = field(default_factory=list)
    done: list[Done] = field(default_factory=list)


Provider = Callable[[HttpRequest, Inquiry, "Participant | None"], TakePartItems]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def gather(
    request: HttpRequest, inquiry: Inquiry, participant: Participant | None
) -> TakePartItems:
    """Every provider's actions and history, in their order."""
    items = TakePartItems()
    for provider in _providers:
        found = provider(request, inquiry, participant)
        items.actions += found.actions
        items.done += found.done
    items.actions.sort(key=lambda a: a.order)
    items.done.sort(key=lambda d: d.order)
    return items


@register
def listening_items(
    request: HttpRequest, inquiry: Inquiry, participant: Participant | None
) -> TakePartItems:
    """Stories: tell one while Listen is open; see and change your own."""
    items = TakePartItems()
    if inquiry.is_phase_open(PhaseKind.LISTEN):
        items.actions.append(
            Action(
                "Tell us what works and what doesn't",
                "Tell us your story.",
                "write",
                reverse("consult:story", args=[inquiry.slug]),
                order=10,
            )
        )
    publish = inquiry.phase(PhaseKind.PUBLISH)
    if publish is not None and publish.status() != PhaseStatus.UPCOMING:
        page = getattr(inquiry, "page", None)
        if page is not None and page.live:
            items.actions.append(
                Action(
                    "Read what people told us",
                    "Read what people told us.",
                    "read",
                    f"{page.url}findings/",
                    order=80,
                )
            )
    if participant is not None:
        count = participant.findings.filter(withdrawn_at=None).count()
        if count:
            changeable = can_change_findings(inquiry)
            things = "thing" if count == 1 else "things"
            items.done.append(
                Done(
                    f"You told us {count} {things}."
                    + (
                        " You can change or take back what you said."
                        if changeable
                        else ""
                    ),
                    f"You told us {count} {things}.",
                    "talk",
                    reverse("consult:my_stories", args=[inquiry.slug]),
                    "See and change what you told us"
                    if changeable
                    else "See what you told us",
                    order=10,
                )
            )
    return items
