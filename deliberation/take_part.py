"""Sessions on an inquiry's Take part page (come to one, the places you
have booked) and on its team page (plan them, the console)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from consult import permissions
from consult.models import Inquiry, Participant
from consult.take_part import Action, Done, TakePartItems

from .models import Session, SignUp, SignUpStatus
from .services import cancel_token


def session_items(
    request: HttpRequest, inquiry: Inquiry, participant: Participant | None
) -> TakePartItems:
    items = TakePartItems()
    if Session.objects.filter(inquiry=inquiry).upcoming().exists():
        items.actions.append(
            Action(
                "Come to a session",
                "Come and talk with us.",
                "meet",
                reverse("deliberation:session_list", args=[inquiry.slug]),
                order=20,
            )
        )
    who = Q()
    if participant is not None:
        who |= Q(participant=participant)
    if request.user.is_authenticated:
        who |= Q(user=request.user)
    if not who:
        return items
    places = (
        SignUp.objects.filter(who, session__inquiry=inquiry)
        .exclude(status=SignUpStatus.CANCELLED)
        .filter(session__in=Session.objects.upcoming())
        .select_related("session")
    )
    for place in places:
        when = format_date(timezone.localtime(place.session.starts_at), "l j F")
        reserve = place.status == SignUpStatus.RESERVE
        words = "a place on the reserve list for" if reserve else "a place at"
        items.done.append(
            Done(
                f"You have {words} {place.session.title}, {when}.",
                f"You are going to {place.session.title} on {when}.",
                "calendar",
                reverse(
                    "deliberation:sign_up_done",
                    args=[inquiry.slug, cancel_token(place)],
                ),
                "See your place, or give it back",
                order=20,
            )
        )
    return items


def team_links(user: Any, inquiry: Inquiry) -> list[tuple[str, str]]:
    if not permissions.can_facilitate(user, inquiry):
        return []
    return [
        (
            reverse("deliberation:session_list", args=[inquiry.slug]),
            "Sessions: plan them, see who is coming, count who came",
        ),
        (
            reverse("deliberation:console", args=[inquiry.slug]),
            "Console: write down what people say, or add many at once",
        ),
    ]
