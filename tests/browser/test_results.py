"""The published results pages in a real browser: axe-clean in every display
mode, usable by keyboard alone, and "Listen to this page" only where the
browser can speak."""

import pytest

from consult.models import Inquiry
from consult.publication import publish_results

STANDARD = "/anyshire/results/"
EASY = "/anyshire/results/easy-read/"
MODES = ["standard", "easy-read", "large-text", "high-contrast"]
# Record what would be spoken instead of speaking (headless has no voices).
RECORD_SPEECH = """
window.__spoken = [];
if (window.speechSynthesis) {
  window.speechSynthesis.speak = function (u) { window.__spoken.push(u.text); };
  window.speechSynthesis.cancel = function () { window.__cancelled = true; };
}
"""
NO_SPEECH = "delete window.speechSynthesis;"


@pytest.fixture
def published(site) -> str:
    publish_results(Inquiry.objects.get(slug="anyshire"), by=None)
    return site


def test_the_inquiry_page_links_to_the_results(visitor, published):
    page = visitor.visit("/anyshire/")
    with page.expect_navigation():
        page.get_by_role("link", name="Read what the inquiry found").click()
    visitor.check()
    assert page.url.endswith(STANDARD)
    visitor.set_mode("easy-read")
    page = visitor.visit("/anyshire/")
    with page.expect_navigation():
        page.get_by_role("link", name="Read what we found out").click()
    visitor.check()
    assert page.url.endswith(EASY)


def test_results_pages_are_accessible_in_every_mode(visitor, published):
    for mode in MODES:
        visitor.set_mode(mode)
        page = visitor.visit(STANDARD)  # axe-core runs on every visit
        heading = (
            "What we found out" if mode == "easy-read" else "What the inquiry found"
        )
        assert page.locator("h1").inner_text() == heading, mode
        page = visitor.visit(EASY)
        assert page.locator("h1").inner_text() == "What we found out", mode
        assert page.locator("html").get_attribute("class") == "mode-easy-read"
    # The standard page with its tables open is clean too.
    visitor.set_mode("standard")
    page = visitor.visit(STANDARD)
    page.get_by_text("Who took part, question by question").click()
    visitor.check()


def test_results_by_keyboard(visitor, published):
    page = visitor.visit(STANDARD)
    visitor.tab_until(lambda f: f["text"] == "Whose voices we heard")
    page.keyboard.press("Enter")
    assert page.url.endswith("#voices")
    details = page.locator("details", has_text="Who took part, question by question")
    assert details.get_attribute("open") is None
    focused = visitor.tab_until(lambda f: f["tag"] == "SUMMARY")
    assert focused["text"].startswith("Who took part, question by question")
    page.keyboard.press("Enter")
    assert details.get_attribute("open") is not None
    assert page.get_by_role(
        "table", name="Relationship to care", exact=True
    ).is_visible()
    visitor.check()


def test_listen_to_this_page_where_the_browser_can_speak(visitor, published):
    visitor.page.context.add_init_script(RECORD_SPEECH)
    page = visitor.visit(EASY)
    listen = page.get_by_role("button", name="Listen to this page")
    stop = page.get_by_role("button", name="Stop")
    assert listen.is_visible() and not stop.is_visible()
    visitor.tab_until(lambda f: "Listen to this page" in f["text"])
    page.keyboard.press("Enter")
    spoken = page.evaluate("window.__spoken")
    assert spoken[0] == "What we found out"
    assert "Who took part" in spoken
    assert "Listen to this page" not in spoken  # only the main content
    assert stop.is_visible() and not listen.is_visible()
    assert visitor.focused()["text"] == "Stop"
    visitor.check()
    page.keyboard.press("Enter")
    assert page.evaluate("window.__cancelled") is True
    assert listen.is_visible() and not stop.is_visible()
    # Not offered on pages in the standard look.
    visitor.set_mode("standard")
    page = visitor.visit(STANDARD)
    assert page.locator("[data-read-aloud]").count() == 0


def test_no_listen_button_where_the_browser_cannot_speak(visitor, published):
    visitor.page.context.add_init_script(NO_SPEECH)
    page = visitor.visit(EASY)
    assert page.evaluate("'speechSynthesis' in window") is False
    assert page.locator("[data-read-aloud]").count() == 1
    assert not page.get_by_role("button", name="Listen to this page").is_visible()
