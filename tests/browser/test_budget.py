"""Budget ballots in a real browser: the split without JavaScript and by
keyboard only, sliders in step with the numbers, easy-read blocks, choosing
models, and the money and results pages, axe-clean throughout."""

import datetime as dt

import pytest

from consult.models import BudgetBallot, Inquiry, Phase, PhaseKind
from consult.models.inquiries import today

PARTICIPANT = "participant@anyshire.example"
FACILITATOR = "facilitator@anyshire.example"


@pytest.fixture
def money_open(site):
    """The demo's Decide money phase, opened today (and Listen closed, as in
    the demo's own timeline, where they do not overlap)."""
    inquiry = Inquiry.objects.get(slug="anyshire")
    Phase.objects.filter(inquiry=inquiry, kind=PhaseKind.LISTEN).update(
        opens_on=today() - dt.timedelta(days=30),
        closes_on=today() - dt.timedelta(days=2),
    )
    Phase.objects.filter(inquiry=inquiry, kind=PhaseKind.DECIDE_MONEY).update(
        opens_on=today() - dt.timedelta(days=1),
        closes_on=today() + dt.timedelta(days=7),
    )
    return inquiry


def _amount_inputs(page):
    return page.locator("[data-split-row] input[inputmode='decimal']")


def test_split_without_javascript_by_keyboard(visitor_without_js, money_open):
    visitor = visitor_without_js
    visitor.sign_in(PARTICIPANT)
    page = visitor.visit("/inquiries/anyshire/budget/split/")
    assert page.locator("input[type='range']").count() == 0  # no JS, no sliders
    inputs = _amount_inputs(page)
    assert inputs.count() == 5
    for i in range(5):
        inputs.nth(i).fill("0")
    inputs.nth(0).fill("1000000")
    focused = visitor.tab_until(lambda f: f["text"] == "Save my split")
    assert focused["tag"] == "BUTTON"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.check()
    assert "You have £2 million left to place." in page.content()
    assert page.locator(".error-summary").count() == 1
    assert _amount_inputs(page).nth(0).input_value() == "1000000"  # kept
    inputs = _amount_inputs(page)
    inputs.nth(1).fill("2000000")
    visitor.tab_until(lambda f: f["text"] == "Save my split")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.check()
    ballot = BudgetBallot.objects.get(
        participant__user__email=PARTICIPANT, kind="split"
    )
    assert sorted(ballot.split_lines.values_list("amount", flat=True))[-2:] == [
        1_000_000,
        2_000_000,
    ]


def test_sliders_stay_in_step_with_the_numbers(visitor, money_open):
    visitor.sign_in(PARTICIPANT)
    page = visitor.visit("/inquiries/anyshire/budget/split/")
    sliders = page.locator("input[type='range']")
    assert sliders.count() == 5
    inputs = _amount_inputs(page)
    for i in range(5):
        inputs.nth(i).fill("0")
    inputs.nth(0).fill("500000")
    assert sliders.nth(0).input_value() == "500000"
    sliders.nth(1).focus()
    page.keyboard.press("End")  # the whole pot, by keyboard
    assert inputs.nth(1).input_value() == "3000000"
    live = page.locator("[data-running-total]")
    live.filter(has_text="too much").wait_for()
    assert live.inner_text() == "You have placed £500,000 too much."
    visitor.check()


def test_easy_read_blocks_by_keyboard_without_javascript(
    visitor_without_js, money_open
):
    visitor = visitor_without_js
    visitor.set_mode("easy-read")
    visitor.sign_in(PARTICIPANT)
    BudgetBallot.objects.filter(
        participant__user__email=PARTICIPANT, kind="split"
    ).delete()
    page = visitor.visit("/inquiries/anyshire/budget/split/")
    assert "Each block is £300,000." in page.content()
    assert page.locator("#blocks-left").inner_text() == (
        "You have 10 blocks left to place."
    )
    visitor.tab_until(
        lambda f: f["text"].startswith("+") and "whole community" in f["text"]
    )
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.check()
    assert (
        page.locator("#blocks-left").inner_text() == "You have 9 blocks left to place."
    )
    visitor.screenshot("budget-blocks-easy-read")
    visitor.tab_until(lambda f: f["text"] == "Save my blocks")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.check()
    assert "Place all 10 blocks. You have 9 left to place." in page.content()
    assert not BudgetBallot.objects.filter(
        participant__user__email=PARTICIPANT, kind="split"
    ).exists()


def test_choose_models_by_keyboard(visitor, money_open):
    visitor.sign_in(PARTICIPANT)
    page = visitor.visit("/inquiries/anyshire/budget/choose/")
    ticked = page.locator("input[type='checkbox']:checked")
    while ticked.count():
        ticked.first.uncheck()
    page.locator("input[type='checkbox']").first.focus()
    page.keyboard.press("Space")
    running = page.locator("[data-running-cost]")
    assert "You have chosen £400,000." in running.inner_text()
    visitor.tab_until(lambda f: f["text"] == "Save my choice")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.check()
    ballot = BudgetBallot.objects.get(
        participant__user__email=PARTICIPANT, kind="models"
    )
    assert ballot.model_votes.count() == 1


@pytest.mark.parametrize("mode", ["standard", "easy-read"])
def test_money_model_and_results_pages_are_accessible(visitor, site, mode):
    visitor.set_mode(mode)
    page = visitor.visit("/inquiries/anyshire/budget/")
    assert "care home" in page.content()
    visitor.screenshot(f"budget-money-{mode}")
    page.locator(".card__link").first.click()
    visitor.check()
    visitor.sign_in(FACILITATOR)
    page = visitor.visit("/inquiries/anyshire/budget/results/")
    assert "Equal Shares" in page.content()
    visitor.screenshot(f"budget-results-{mode}")
