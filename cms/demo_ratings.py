"""The inquiry group's ratings in the Anyshire demo: enough on some
commitments to show the answers added up, fewer than 5 on others to show
them hidden, one published comment and one waiting for a moderator.

Written through the product's own services. Safe to run again: it does
nothing once the inquiry has ratings. Illustrative, like Anyshire."""

from __future__ import annotations

from typing import Any

from consult.commitments import rating_services
from consult.models import (
    Commitment,
    Inquiry,
    OrganisationEditor,
    Participant,
    ProgressUpdate,
    UpdateRating,
)

# (commitment title, which update: -1 the latest, 0 the first, answers)
RATINGS: list[tuple[str, int, dict[str, int]]] = [
    # 20 people on the latest update: every answer shown.
    ("Shared Lives for people leaving hospital", -1, {"yes": 9, "partly": 6, "no": 5}),
    # 4 people said "no" about the first update. 2 of them said "no" about
    # the latest too and count once; the other 2 count by the first: 22
    # people in all, 9 yes, 6 partly, 7 no.
    ("Shared Lives for people leaving hospital", 0, {"no": 4}),
    # 8 people: "yes" shown, "partly" fewer than 5.
    ("A community micro-enterprise in every village", -1, {"yes": 6, "partly": 2}),
    # Fewer than 5 people: no answer shown.
    ("Check every easy-read letter the council sends", -1, {"yes": 2, "partly": 1}),
    ("Home from hospital within a day of being ready", -1, {"no": 3}),
]
PUBLISHED_COMMENT = (
    "Shared Lives for people leaving hospital",
    "My dad stayed with a Shared Lives carer after his fall. It was so much "
    "better than the care home last time.",
)
PENDING_COMMENT = (
    "A community micro-enterprise in every village",
    "Good start, but nothing has started in Oakford yet. We are one of the "
    "villages with no home care at all.",
)


def _update(commitment: Commitment, which: int) -> ProgressUpdate | None:
    updates = list(commitment.updates.order_by("dated", "pk"))
    return updates[which] if updates else None


def seed_ratings(inquiry: Inquiry, moderator: Any) -> str:
    """Add the demo's ratings once; return what was added ("" if there)."""
    if UpdateRating.objects.filter(update__commitment__inquiry=inquiry).exists():
        return ""
    editors = OrganisationEditor.objects.values_list("user_id", flat=True)
    people = list(
        Participant.objects.filter(inquiry=inquiry, code__revoked_at__isnull=True)
        .exclude(user_id__in=editors)
        .order_by("pk")[:40]
    )
    commitments = {c.title: c for c in Commitment.objects.filter(inquiry=inquiry)}
    made = 0
    for title, which, answers in RATINGS:
        commitment = commitments.get(title)
        update = _update(commitment, which) if commitment else None
        if update is None:
            continue
        # The first update's raters start 18 people in: the last 2 of the 20
        # above, then 2 more.
        start = 18 if which == 0 else 0
        queue = iter(people[start:])
        for value, count in answers.items():
            for _ in range(count):
                rating_services.rate_update(
                    update=update, participant=next(queue), value=value
                )
                made += 1
    _comments(inquiry, moderator)
    return f"{made} ratings of progress updates, with 2 comments (1 to moderate)"


def _comment(inquiry: Inquiry, title: str, value: str, text: str) -> UpdateRating:
    """Add a comment to the first demo rating of this commitment with this
    answer, as the person would by rating again."""
    first = (
        UpdateRating.objects.filter(
            update__commitment__inquiry=inquiry,
            update__commitment__title=title,
            value=value,
        )
        .select_related("update", "participant")
        .order_by("pk")
        .first()
    )
    return rating_services.rate_update(
        update=first.update, participant=first.participant, value=value, comment=text
    ).rating


def _comments(inquiry: Inquiry, moderator: Any) -> None:
    published = _comment(inquiry, PUBLISHED_COMMENT[0], "yes", PUBLISHED_COMMENT[1])
    rating_services.moderate_comment(rating=published, action="publish", by=moderator)
    _comment(inquiry, PENDING_COMMENT[0], "partly", PENDING_COMMENT[1])
