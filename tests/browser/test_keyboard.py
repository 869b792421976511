"""Keyboard only: the skip link, the navigation and the display-mode switch."""


def test_skip_link_is_the_first_stop_and_jumps_to_the_content(visitor):
    page = visitor.visit("/anyshire/")
    page.keyboard.press("Tab")
    focused = visitor.focused()
    assert focused["text"] == "Skip to main content"
    box = page.locator(".skip-link").bounding_box()
    assert box is not None and box["x"] >= 0 and box["width"] > 0
    page.keyboard.press("Enter")
    assert visitor.focused()["id"] == "main-content"


def test_navigation_by_keyboard(visitor):
    page = visitor.visit("/")
    visitor.tab_until(lambda f: f["text"] == "Anyshire inquiry")
    page.keyboard.press("Enter")
    page.wait_for_url("**/anyshire/")
    visitor.check()
    assert "Anyshire" in page.locator("h1").inner_text()


def test_focus_is_always_visible(visitor):
    page = visitor.visit("/")
    visitor.tab_until(lambda f: f["text"] == "About")
    background = page.evaluate(
        "getComputedStyle(document.activeElement).backgroundColor"
    )
    assert background == "rgb(255, 212, 59)"


def test_switching_to_easy_read_by_keyboard_sticks_across_pages(visitor):
    page = visitor.visit("/anyshire/")
    visitor.tab_until(lambda f: (f["text"] or "").startswith("Easy read"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.check()
    assert page.url.endswith("/anyshire/")
    assert page.locator("html").get_attribute("class") == "mode-easy-read"
    assert page.locator("h1").inner_text() == (
        "What would make care and support good for you?"
    )
    page = visitor.visit("/")
    assert page.locator("html").get_attribute("class") == "mode-easy-read"


def test_mode_switch_works_without_javascript(visitor_without_js):
    page = visitor_without_js.visit("/")
    with page.expect_navigation():
        page.get_by_role("link", name="Large text").click()
    visitor_without_js.check()
    assert page.locator("html").get_attribute("class") == "mode-large-text"
