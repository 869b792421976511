"""Home and inquiry pages in all four display modes: axe-clean, and they look
like their mode."""

import pytest

from themes.display import MODES

PAGES = {"home": "/", "inquiry": "/anyshire/"}


@pytest.mark.parametrize("mode", [m.key for m in MODES])
def test_home_and_inquiry_pages_in_every_mode(visitor, mode):
    visitor.set_mode(mode)
    for name, path in PAGES.items():
        page = visitor.visit(path)
        assert page.locator("html").get_attribute("class") == f"mode-{mode}"
        assert page.locator("h1").count() == 1
        current = page.locator('.display-switcher a[aria-current="true"]')
        assert current.count() == 1
        visitor.screenshot(f"{name}-{mode}")


def test_easy_read_mode_has_larger_text_and_a_picture_beside_every_point(visitor):
    visitor.set_mode("easy-read")
    page = visitor.visit("/anyshire/")
    size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert size >= 20
    rows = page.locator("main .picto-row")
    assert rows.count() >= 15
    for i in range(rows.count()):
        img = rows.nth(i).locator(".picto-row__picture img")
        assert img.count() == 1
        assert img.get_attribute("alt")
        img.scroll_into_view_if_needed()
        assert img.evaluate("i => i.decode().then(() => i.naturalWidth)") > 0


def test_high_contrast_mode_is_light_on_dark(visitor):
    visitor.set_mode("high-contrast")
    page = visitor.visit("/")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(0, 0, 0)"


def test_other_public_pages_are_accessible(visitor):
    for path in [
        "/about/",
        "/accessibility/",
        "/search/",
        "/search/?q=care",
        "/no-such-page/",
        "/accounts/login/",
        "/accounts/login/code/",
        "/accounts/signup/",
    ]:
        visitor.visit(path)


def test_large_text_mode_makes_text_bigger_than_standard(visitor):
    page = visitor.visit("/")
    standard = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    visitor.set_mode("large-text")
    page = visitor.visit("/")
    large = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert large >= standard * 1.3
