"""Home and inquiry pages in all four display modes: axe-clean, and they look
like their mode."""

import re

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


def test_taking_part_with_a_code_by_keyboard(visitor):
    from consult import services
    from consult.models import Inquiry

    inquiry = Inquiry.objects.get(slug="anyshire")
    _, plain = services.create_code_batch(
        inquiry=inquiry, label="Browser test", size=1, created_by=None
    )
    page = visitor.visit("/anyshire/")
    page.get_by_role("link", name="Type your code").click()
    page.wait_for_url("**/inquiries/anyshire/code/")
    visitor.check()
    page.get_by_label("Your code").fill("WRONG")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.check()
    assert "We do not know this code" in page.content()
    page.get_by_label("Your code").fill(plain[0].lower())
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # To the inquiry's page, or its Take part page where that is ready.
    page.wait_for_url(re.compile(r"/anyshire/(take-part/)?$"))
    visitor.check()
    assert "Your code worked" in page.content()


def test_facilitator_codes_page_is_accessible(visitor, browser):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(email="facilitator@anyshire.example")
    from django.test import Client

    client = Client()
    client.force_login(user)
    visitor.page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": visitor.base_url,
            }
        ]
    )
    page = visitor.visit("/inquiries/anyshire/codes/")
    assert "Participation codes" in page.locator("h1").inner_text()
    page.get_by_label("How many codes?").fill("0")
    with page.expect_navigation():
        page.get_by_role(
            "button", name="Make codes and download the cards (PDF)"
        ).click()
    visitor.check()
    assert "Ask for at least 1 code." in page.content()
    visitor.visit("/inquiries/anyshire/team/")
