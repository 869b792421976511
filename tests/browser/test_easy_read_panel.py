"""The easy-read panel in the Wagtail editor: typing jargon into an easy-read
field shows the checker's warning beside it, and saving still works. The
Wagtail admin is Wagtail's own, so axe-core does not check it here."""

from __future__ import annotations

from consult.models import Inquiry, InquiryPage

EDITOR = "editor@anyshire.example"


def test_jargon_in_the_easy_read_question_shows_a_warning(visitor) -> None:
    inquiry = Inquiry.objects.get(slug="anyshire")
    visitor.sign_in(EDITOR)
    page = visitor.page
    page.goto(f"{visitor.base_url}/admin/snippets/consult/inquiry/edit/{inquiry.pk}/")
    field = page.locator("[name=easy_read_question]")
    field.fill("")
    field.press_sequentially("How can we facilitate reablement?")
    panel = page.locator(f"#{field.get_attribute('id')}-easy-read")
    panel.get_by_text('"facilitate" is a hard word. Try "help".').wait_for()
    assert panel.get_attribute("role") == "status"
    assert "Fix:" in panel.inner_text()
    described = field.get_attribute("aria-describedby") or ""
    assert panel.get_attribute("id") in described.split()

    # Plain words clear it.
    field.fill("")
    field.press_sequentially("What would make care good for you?")
    panel.get_by_text("Easy read check: no problems found.").wait_for()

    # A warning never stops saving.
    field.fill("We facilitate it.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").first.click()
    inquiry.refresh_from_db()
    assert inquiry.easy_read_question == "We facilitate it."


def test_a_point_in_an_easy_read_stream_field_is_checked(visitor) -> None:
    inquiry_page = InquiryPage.objects.get(inquiry__slug="anyshire")
    visitor.sign_in(EDITOR)
    page = visitor.page
    page.goto(f"{visitor.base_url}/admin/pages/{inquiry_page.pk}/edit/")
    text = page.locator("textarea[name='easy_read_intro-0-value-text']")
    text.wait_for()
    # The point already there is plain: checked when the editor opens.
    panel = page.locator(f"#{text.get_attribute('id')}-easy-read")
    panel.get_by_text("Easy read check: no problems found.").wait_for()
    text.fill("")
    text.press_sequentially("Service users get respite on 03/03/26.")
    panel.get_by_text('"respite" is a hard word. Try "a break".').wait_for()
    assert "Write the date" in panel.inner_text()
    # The picture's alt text is not an easy-read text field.
    alt = page.locator("input[name='easy_read_intro-0-value-alt_text']")
    assert alt.get_attribute("aria-describedby") is None or "easy-read" not in (
        alt.get_attribute("aria-describedby") or ""
    )
