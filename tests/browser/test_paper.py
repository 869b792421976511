"""Paper ballots in the browser: a facilitator starts a batch and types in a
paper by keyboard alone, sees the running total, and is refused, in plain
words and with the marks kept, when a code already counted comes up again.
axe-core checks every page visited."""

from __future__ import annotations

import datetime as dt

import pytest

from consult import codes, services
from consult.models import (
    BallotChannel,
    Inquiry,
    PaperBatch,
    PhaseKind,
    PriorityBallot,
    PrioritySettings,
)
from consult.models.inquiries import today
from consult.priorities.ballots import choices_of

FACILITATOR = "facilitator@anyshire.example"


@pytest.fixture
def inquiry(site) -> Inquiry:
    inquiry = Inquiry.objects.get(slug="anyshire")
    # Voting open today, so papers can be counted.
    phase = inquiry.phase(PhaseKind.PRIORITISE)
    phase.opens_on = today() - dt.timedelta(days=1)
    phase.closes_on = today() + dt.timedelta(days=10)
    phase.save()
    PrioritySettings.objects.update_or_create(
        inquiry=inquiry, defaults={"method": "rate"}
    )
    return inquiry


def _marked(page, change_pks: list[int]) -> dict[int, str | None]:
    """The value of the mark chosen for each change, as the page shows it."""
    marked = {}
    for pk in change_pks:
        chosen = page.locator(f'input[name="change_{pk}"]:checked')
        marked[pk] = chosen.get_attribute("value") if chosen.count() else None
    return marked


def _type_paper(visitor, code: str, change_pks: list[int], downs: int) -> None:
    """Tab to the code, type it, then give every change a mark. An empty form
    has "No answer" chosen, the last radio, so Tab lands on it; ArrowDown
    wraps round to the first face (1) and each further press moves one face
    along the scale."""
    page = visitor.page
    visitor.tab_until(lambda f: f["id"] == "id_code")
    page.keyboard.press("Control+A")
    page.keyboard.type(code)
    for pk in change_pks:
        visitor.tab_until(
            lambda f, pk=pk: (
                f["tag"] == "INPUT" and f["id"].startswith(f"id_change_{pk}_")
            )
        )
        for _ in range(downs):
            page.keyboard.press("ArrowDown")
    visitor.tab_until(
        lambda f: f["tag"] == "BUTTON" and f["text"].startswith("Count this paper")
    )
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.check()


def test_a_paper_typed_in_by_keyboard_alone_and_a_code_counted_twice_refused(
    visitor, inquiry
):
    _, plain = services.create_code_batch(
        inquiry=inquiry, label="Paper, browser test", size=1, created_by=None
    )
    code = codes.display(codes.normalise(plain[0]))
    change_pks = list(inquiry.changes.order_by("number").values_list("pk", flat=True))
    demo_batches = list(PaperBatch.objects.values_list("pk", flat=True))
    ballots_before = PriorityBallot.objects.filter(inquiry=inquiry).count()
    visitor.sign_in(FACILITATOR)
    page = visitor.visit("/inquiries/anyshire/priorities/paper/")

    # Start a batch by keyboard.
    visitor.tab_until(
        lambda f: f["tag"] == "BUTTON" and f["text"] == "Start a new batch"
    )
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.check()
    batch = PaperBatch.objects.exclude(pk__in=demo_batches).get(inquiry=inquiry)
    assert page.url.endswith(f"/inquiries/anyshire/priorities/paper/{batch.pk}/")
    assert batch.entered_by.email == FACILITATOR
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == f"Batch {batch.pk}: 0 ballots entered"

    # One paper: face 1 for every change.
    _type_paper(visitor, code, change_pks, downs=1)
    assert page.get_by_text("Counted. Ready for the next paper.").is_visible(), (
        page.locator("main").inner_text()[:1500]
    )
    assert heading.inner_text() == f"Batch {batch.pk}: 1 ballot entered"
    ballot = PriorityBallot.objects.get(inquiry=inquiry, batch=batch)
    assert choices_of(ballot) == dict.fromkeys(change_pks, 1)
    assert ballot.channel == BallotChannel.PAPER
    assert ballot.entered_by.email == FACILITATOR
    # The form is empty again for the next paper.
    assert page.get_by_label("Code on the paper").input_value() == ""
    assert set(_marked(page, change_pks).values()) == {""}  # No answer

    # A second paper with the same code and other marks: refused, in plain
    # words at the code, and every mark typed is still chosen.
    _type_paper(visitor, code, change_pks, downs=2)
    assert page.title().startswith("Error: ")
    refusal = f"Code {code} has already been counted, in batch {batch.pk}"
    assert page.locator(".error-summary").get_by_text(refusal).is_visible()
    assert page.locator("#id_code-error").get_by_text(refusal).is_visible()
    assert heading.inner_text() == f"Batch {batch.pk}: 1 ballot entered"
    assert _marked(page, change_pks) == dict.fromkeys(change_pks, "2")
    assert page.get_by_label("Code on the paper").input_value() == code
    assert PriorityBallot.objects.filter(inquiry=inquiry).count() == ballots_before + 1
