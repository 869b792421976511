"""The priority results page in a real browser: axe-clean in standard and
easy read, for ranked and chosen votes, with groups shown and hidden."""

import pytest

from cms.demo import DEMO_USERS
from consult.models import Inquiry, PriorityChoice, PrioritySettings
from consult.roles import Role
from tests.factories import AboutYouFactory, ParticipantFactory, PriorityBallotFactory

FACILITATOR = next(u.email for u in DEMO_USERS if u.role == Role.FACILITATOR)
URL = "/inquiries/anyshire/priorities/results/"


def seed_votes(method: str) -> None:
    inquiry = Inquiry.objects.get(slug="anyshire")
    PrioritySettings.objects.update_or_create(
        inquiry=inquiry, defaults={"method": method, "max_approvals": 2}
    )
    changes = list(inquiry.changes.order_by("number"))
    for i in range(24):
        participant = ParticipantFactory(inquiry=inquiry)
        if i % 3:
            AboutYouFactory(
                participant=participant,
                relationship=["draw_on_care"] if i % 2 else ["unpaid_carer"],
            )
        ballot = PriorityBallotFactory(
            inquiry=inquiry,
            participant=participant,
            method=method,
            channel="paper" if i % 8 == 0 else "online",
        )
        order = changes[i % len(changes) :] + changes[: i % len(changes)]
        if method == "rank":
            values = {c: p for p, c in enumerate(order[:3], start=1)}
        else:
            values = dict.fromkeys(order[:2], 1)
        PriorityChoice.objects.bulk_create(
            PriorityChoice(ballot=ballot, change=c, value=v) for c, v in values.items()
        )


@pytest.mark.parametrize(
    ("method", "mode"),
    [("rank", "standard"), ("rank", "easy-read"), ("approve", "standard")],
)
def test_results_page_is_accessible(visitor, method, mode):
    seed_votes(method)
    visitor.sign_in(FACILITATOR)
    visitor.set_mode(mode)
    page = visitor.visit(URL)  # axe-core runs on every visit
    heading = (
        "What people said matters most" if mode == "easy-read" else "Priority results"
    )
    assert page.locator("h1").inner_text() == heading
    if mode == "easy-read":
        assert page.locator(".picto-row img").count() >= 3
        # The numbers are one step away, behind "See all the numbers".
        page.get_by_text("See all the numbers").click()
        visitor.check()
    else:
        # The chart of every change, then one per group question shown.
        assert page.locator("#priority-chart").count() == 1
        assert page.get_by_role("figure").count() >= 1
        assert "24 people voted" in page.locator(".lead").inner_text()
    table = page.get_by_role("table", name="Priority results: every change")
    assert table.count() == 1
    unpublished = "We have not shared" if mode == "easy-read" else "Not published"
    assert unpublished in page.content()
