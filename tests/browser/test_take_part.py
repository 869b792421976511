"""Take part, About you and Whose voices in a real browser: axe-clean in
standard and easy read, and About you answered by keyboard only."""

import pytest

from consult import services
from consult.models import AboutYou, Inquiry


@pytest.fixture
def with_code(visitor):
    inquiry = Inquiry.objects.get(slug="anyshire")
    _, plain = services.create_code_batch(
        inquiry=inquiry, label="Browser take part", size=1, created_by=None
    )
    page = visitor.visit("/inquiries/anyshire/code/")
    page.get_by_label("Your code").fill(plain[0])
    with page.expect_navigation():
        page.keyboard.press("Enter")
    return visitor


@pytest.mark.parametrize("mode", ["standard", "easy-read"])
def test_take_part_knows_the_phase_and_the_person(with_code, mode):
    visitor = with_code
    visitor.set_mode(mode)
    page = visitor.visit("/anyshire/take-part/")
    assert page.locator("h1").inner_text() == "Take part"
    story = "Tell us your story." if mode == "easy-read" else "Tell us what works"
    assert page.get_by_role("link", name=story).count() == 1
    assert page.get_by_role("link", name="Come and talk with us.").count() == (
        1 if mode == "easy-read" else 0
    )
    visitor.visit("/inquiries/anyshire/sessions/")
    visitor.visit("/inquiries/anyshire/story/")
    visitor.visit("/inquiries/anyshire/about-you/")


def test_about_you_by_keyboard_only(with_code):
    visitor = with_code
    page = visitor.visit("/inquiries/anyshire/about-you/")
    before = AboutYou.objects.count()
    # Answer the age question, but send without agreeing: nothing is kept,
    # the summary says why, and the answer is still chosen.
    visitor.tab_until(lambda f: f["id"].startswith("id_age_band_"))
    page.keyboard.press("Space")
    chosen = page.evaluate("document.activeElement.id")
    visitor.tab_until(lambda f: f["tag"] == "BUTTON")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.check()
    assert page.evaluate("'errorSummary' in document.activeElement.dataset")
    assert "Tick the box to agree" in page.content()
    assert AboutYou.objects.count() == before
    assert page.locator(f"#{chosen}").is_checked()
    # Agree and send.
    visitor.tab_until(lambda f: f["id"] == "id_consent")
    page.keyboard.press("Space")
    visitor.tab_until(lambda f: f["tag"] == "BUTTON")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.check()
    assert AboutYou.objects.count() == before + 1


def test_whose_voices_page_is_accessible(visitor):
    visitor.sign_in("facilitator@anyshire.example")
    page = visitor.visit("/inquiries/anyshire/voices/")
    assert page.locator("table").count() >= 3
    assert "fewer than 5" in page.content()
    visitor.visit("/inquiries/anyshire/team/")
    visitor.visit("/inquiries/anyshire/moderation/")
