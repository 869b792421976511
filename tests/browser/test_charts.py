"""Charts in a real browser, on the money page and on the priority results
page (a facilitator sees these before anything is published): axe-clean in
every display mode, the table reached and opened by keyboard alone, the
Plotly chart drawn with JavaScript, and the SVG and table without it."""

from __future__ import annotations

import pytest

from tests.browser.test_priority_results import FACILITATOR, seed_votes

MONEY = "/inquiries/anyshire/budget/"
PRIORITIES = "/inquiries/anyshire/priorities/results/"
MODES = ("standard", "easy-read", "large-text", "high-contrast")
PLOTLY_TIMEOUT = 30_000  # plotly.min.js is large; the machine is shared


def wait_for_plotly(page, chart_id: str) -> None:
    chart = page.locator(f"#{chart_id}")
    chart.locator(".chart__plot .main-svg").first.wait_for(timeout=PLOTLY_TIMEOUT)
    page.wait_for_function(
        "id => document.getElementById(id).classList.contains('chart--interactive')",
        arg=chart_id,
        timeout=PLOTLY_TIMEOUT,
    )


@pytest.mark.parametrize("mode", MODES)
def test_money_chart_is_accessible_in_every_display_mode(visitor, mode):
    visitor.set_mode(mode)
    page = visitor.visit(MONEY)  # axe runs on the page as loaded
    chart = page.locator("#spend-chart")
    assert chart.locator(".chart__summary").inner_text()
    wait_for_plotly(page, "spend-chart")
    # The interactive chart replaces the SVG on screen, and passes axe too.
    assert chart.locator(".chart__svg").is_hidden()
    assert chart.locator(".chart__plot[role='img']").get_attribute("aria-label")
    assert chart.locator(".modebar").count() == 0
    visitor.check()
    # Value labels on the bars, in the interactive chart as in the SVG.
    areas = chart.locator("tbody tr").count()
    assert areas >= 5
    assert chart.locator(".chart__plot .bartext").count() == areas
    visitor.screenshot(f"chart-money-{mode}")


@pytest.mark.parametrize("mode", MODES)
def test_priority_charts_are_accessible_in_every_display_mode(visitor, mode):
    seed_votes("approve")
    visitor.sign_in(FACILITATOR)
    visitor.set_mode(mode)
    page = visitor.visit(PRIORITIES)
    wait_for_plotly(page, "priority-chart")
    visitor.check()
    visitor.screenshot(f"chart-priorities-{mode}")
    if mode != "easy-read":
        # By group: only the groups with 5 or more votes are drawn.
        assert page.locator("figure.chart").count() >= 2


def test_table_toggle_opens_by_keyboard_alone(visitor):
    seed_votes("rank")
    visitor.sign_in(FACILITATOR)
    page = visitor.visit(PRIORITIES)
    toggle = page.locator("#priority-chart summary")
    table = page.locator("#priority-chart table")
    assert table.is_hidden()
    focused = visitor.tab_until(
        lambda f: f["text"] == "Show the figures as a table" and f["tag"] == "SUMMARY",
    )
    assert focused["tag"] == "SUMMARY"
    page.keyboard.press("Enter")
    assert table.is_visible()
    assert page.locator("#priority-chart details").get_attribute("open") is not None
    caption = table.locator("caption").inner_text()
    assert caption.startswith("Changes in order")
    # The table reads as a table: row headers name the changes.
    assert table.locator("th[scope='row']").count() == 5
    visitor.check()
    toggle.focus()
    page.keyboard.press("Space")
    assert table.is_hidden()


def test_without_javascript_the_svg_and_table_are_there(visitor_without_js):
    visitor = visitor_without_js
    visitor.set_mode("high-contrast")
    page = visitor.visit(MONEY)
    chart = page.locator("#spend-chart")
    svg = chart.locator("svg.chart__svg[role='img']")
    assert svg.is_visible()
    assert svg.locator("title").text_content().startswith("Spending by area")
    assert chart.locator(".chart__plot").count() == 0
    # The SVG follows the mode: its text is the page's light text colour.
    colour = svg.evaluate("e => getComputedStyle(e).color")
    assert colour == "rgb(255, 255, 255)"
    chart.locator("summary").click()
    assert chart.locator("table").is_visible()
    assert chart.locator("tbody tr").count() >= 5
    visitor.screenshot("chart-money-no-js-high-contrast")


def test_pages_never_load_anything_from_another_site(visitor):
    requested: list[str] = []
    visitor.page.on("request", lambda r: requested.append(r.url))
    seed_votes("rate")
    visitor.sign_in(FACILITATOR)
    page = visitor.visit(PRIORITIES)
    wait_for_plotly(page, "priority-chart")
    page.goto(visitor.base_url + MONEY)
    wait_for_plotly(page, "spend-chart")
    assert any(u.endswith("/static/themes/vendor/plotly.min.js") for u in requested)
    assert all(u.startswith(visitor.base_url) for u in requested), requested
