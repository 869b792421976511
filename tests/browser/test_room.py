"""Room mode in the browser: the projector screen (axe clean, live counts by
a small script, a Refresh link without it) and a vote entered in the console
by keyboard alone."""

import datetime as dt

import pytest
from django.utils import timezone

from consult.models import Inquiry, PhaseKind, PrioritySettings
from consult.models.inquiries import today
from deliberation.models import SessionBallot
from tests.deliberation.factories import SessionFactory

FACILITATOR = "facilitator@anyshire.example"


@pytest.fixture
def inquiry(site) -> Inquiry:
    inquiry = Inquiry.objects.get(slug="anyshire")
    # Voting open today, counts shown in the room.
    phase = inquiry.phase(PhaseKind.PRIORITISE)
    phase.opens_on = today() - dt.timedelta(days=1)
    phase.closes_on = today() + dt.timedelta(days=10)
    phase.save()
    PrioritySettings.objects.update_or_create(
        inquiry=inquiry, defaults={"method": "rate", "room_counts_on": True}
    )
    return inquiry


@pytest.fixture
def session(inquiry):
    return SessionFactory(
        inquiry=inquiry,
        title="Voting at the library",
        starts_at=timezone.now() - dt.timedelta(minutes=30),
    )


def test_a_vote_entered_by_keyboard_alone_shows_on_the_projector(
    visitor, inquiry, session
):
    visitor.sign_in(FACILITATOR)
    page = visitor.page
    visitor.visit(f"/inquiries/anyshire/sessions/{session.pk}/room/")
    assert page.get_by_text("0 votes in this session so far.").is_visible()
    assert page.get_by_role("button", name="Pause updates").is_visible()

    console = page.context.new_page()
    console.goto(f"{visitor.base_url}/inquiries/anyshire/console/{session.pk}/vote/")
    from tests.browser.conftest import Visitor

    typist = Visitor(console, visitor.base_url)
    typist.check()
    # Keyboard only: Tab to the first change's choices, arrow keys pick a face.
    changes = list(inquiry.changes.order_by("number"))
    first = changes[0]
    typist.tab_until(lambda f: f["id"].startswith(f"id_change_{first.pk}_"))
    console.keyboard.press("Space")
    for change in changes[1:]:
        typist.tab_until(lambda f, pk=change.pk: f["id"].startswith(f"id_change_{pk}_"))
        console.keyboard.press("ArrowDown")
    typist.tab_until(lambda f: f["text"] == "Save this vote")
    with console.expect_navigation():
        console.keyboard.press("Enter")
    assert console.get_by_text("Vote saved. Ready for the next person.").is_visible(), (
        console.locator("main").inner_text()[:1500]
    )
    typist.check()
    ballot = SessionBallot.objects.get(session=session).ballot
    assert ballot.channel == "room"
    assert ballot.helped_by.email == FACILITATOR

    # The projector picks it up by itself, without reloading the page.
    page.get_by_text("1 vote in this session so far.").wait_for(timeout=15_000)
    visitor.check()


def test_the_projector_without_javascript_has_a_refresh_link(
    visitor_without_js, inquiry, session
):
    visitor_without_js.sign_in(FACILITATOR)
    page = visitor_without_js.visit(f"/inquiries/anyshire/sessions/{session.pk}/room/")
    assert page.get_by_role("link", name="Refresh the counts").is_visible()
    assert not page.get_by_role("button", name="Pause updates").is_visible()
    assert page.locator('meta[http-equiv="refresh"]').count() == 0
