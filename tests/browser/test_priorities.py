"""Voting on the changes in the browser: keyboard only, easy read one change
per screen, and without JavaScript. axe-core checks every page visited."""

from __future__ import annotations

import datetime as dt

from consult import services
from consult.models import Inquiry, PhaseKind, PriorityBallot
from consult.models.inquiries import today
from tests.factories import (
    ChangeFactory,
    InquiryFactory,
    PhaseFactory,
    PrioritySettingsFactory,
)


def sign_in_with_code(visitor, slug: str = "anyshire") -> None:
    inquiry = Inquiry.objects.get(slug=slug)
    _, plain = services.create_code_batch(
        inquiry=inquiry, label="Browser", size=1, created_by=None
    )
    page = visitor.visit(f"/inquiries/{slug}/code/?code={plain[0]}")
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()


def _ballots() -> int:
    return PriorityBallot.objects.filter(inquiry__slug="anyshire").count()


def test_voting_by_keyboard_with_a_mistake_first(visitor):
    sign_in_with_code(visitor)
    before = _ballots()
    page = visitor.visit("/inquiries/anyshire/priorities/")
    # Send without answering: every change is named, and focus goes to the list.
    with page.expect_navigation():
        page.get_by_role("button", name="Send my vote").press("Enter")
    visitor.check()
    assert "error-summary" in visitor.focused()["cls"]
    assert page.locator(".error-summary__list li").count() == 5
    pks = list(
        Inquiry.objects.get(slug="anyshire")
        .changes.order_by("number")
        .values_list("pk", flat=True)
    )
    for number, pk in enumerate(pks):
        visitor.tab_until(
            lambda f, pk=pk: (
                f["tag"] == "INPUT" and (f["id"] or "").startswith(f"id_change_{pk}_")
            ),
            limit=80,
        )
        page.keyboard.press("Space")  # the first answer: very important
        for _ in range(number % 3):
            page.keyboard.press("ArrowDown")  # arrows move down the scale
    assert page.get_by_label("Very important to me").first.is_checked()
    visitor.tab_until(lambda f: f["tag"] == "BUTTON" and "Send my vote" in f["text"])
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url("**/priorities/voted/")
    visitor.check()
    assert "Your vote is saved" in page.content()
    assert _ballots() == before + 1


def test_easy_read_one_change_per_screen_then_check_answers(visitor):
    sign_in_with_code(visitor)
    visitor.set_mode("easy-read")
    before = _ballots()
    page = visitor.visit("/inquiries/anyshire/priorities/")
    assert page.locator("main .picto-row").count() >= 3
    with page.expect_navigation():
        page.get_by_role("button", name="Start").click()
    for number in range(1, 6):
        visitor.check()
        assert f"Change {number} of 5" in page.content()
        assert page.locator("main .picto-row img").count() == 1
        # Next without an answer: a plain message, nothing lost.
        if number == 1:
            with page.expect_navigation():
                page.get_by_role("button", name="Next").click()
            visitor.check()
            assert "Choose an answer." in page.content()
        answer = "Prefer not to say" if number == 2 else "Very important to me"
        page.get_by_label(answer).check()
        button = "Continue" if number == 5 else "Next"
        with page.expect_navigation():
            page.get_by_role("button", name=button).click()
    page.wait_for_url("**/priorities/check/")
    visitor.check()
    assert "Check your answers" in page.content()
    assert _ballots() == before  # nothing is counted until it is sent
    # Change one answer from the check page, and come back to it.
    with page.expect_navigation():
        page.get_by_role("link", name="Change your answer for Sharing power").click()
    page.locator('input[name=answer][value="4"]').check()  # Important to me
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/priorities/check/")
    with page.expect_navigation():
        page.get_by_role("button", name="Send my vote").click()
    page.wait_for_url("**/priorities/voted/")
    visitor.check()
    assert _ballots() == before + 1


def test_ranking_without_javascript(visitor_without_js):
    inquiry = InquiryFactory(slug="rank-test")
    PhaseFactory(
        inquiry=inquiry,
        kind=PhaseKind.PRIORITISE,
        closes_on=today() + dt.timedelta(days=7),
    )
    for n, title in enumerate(["Homes", "Work", "Friends"], start=1):
        ChangeFactory(inquiry=inquiry, number=n, title=title, easy_read_title=title)
    PrioritySettingsFactory(inquiry=inquiry, method="rank")
    visitor = visitor_without_js
    sign_in_with_code(visitor, "rank-test")
    page = visitor.visit("/inquiries/rank-test/priorities/")
    page.get_by_label("Place for “Homes”").select_option("1")
    page.get_by_label("Place for “Work”").select_option("1")
    with page.expect_navigation():
        page.get_by_role("button", name="Send my vote").click()
    visitor.check()
    assert "You gave 2 changes 1st place" in page.content()
    assert page.get_by_label("Place for “Homes”").input_value() == "1"
    page.get_by_label("Place for “Work”").select_option("2")
    with page.expect_navigation():
        page.get_by_role("button", name="Send my vote").click()
    page.wait_for_url("**/priorities/voted/")
    visitor.check()
    assert "1st place" in page.content()
    ballot = PriorityBallot.objects.get(inquiry=inquiry)
    assert sorted(ballot.choices.values_list("value", flat=True)) == [1, 2]


def test_setup_and_assisted_pages_are_accessible(visitor):
    visitor.sign_in("facilitator@anyshire.example")
    visitor.visit("/inquiries/anyshire/priorities/setup/")
    page = visitor.visit("/inquiries/anyshire/priorities/assisted/")
    page.get_by_label("Someone new, with no code: make them one").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    visitor.check()
    assert "Their new code" in page.content()
