"""Telling your story and moderating it, in the browser: axe-clean, keyboard."""

from django.test import Client

from consult import services
from consult.models import Finding, Inquiry


def sign_in_with_code(visitor) -> None:
    inquiry = Inquiry.objects.get(slug="anyshire")
    _, plain = services.create_code_batch(
        inquiry=inquiry, label="Browser", size=1, created_by=None
    )
    page = visitor.visit(f"/inquiries/anyshire/code/?code={plain[0]}")
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()


def test_telling_a_story_by_keyboard_with_an_error_first(visitor):
    sign_in_with_code(visitor)
    page = visitor.visit("/inquiries/anyshire/story/")
    page.get_by_label("What works for you, and what does not?").fill(
        "My support worker listens to me."
    )
    # Send without choosing consent: the error is explained and nothing is lost.
    with page.expect_navigation():
        page.get_by_role("button", name="Send my story").click()
    visitor.check()
    assert "Choose if we can use your words." in page.content()
    assert "error-summary" in visitor.focused()["cls"]
    assert page.get_by_label(
        "What works for you, and what does not?"
    ).input_value() == ("My support worker listens to me.")
    visitor.tab_until(lambda f: f["tag"] == "INPUT" and "consent" in (f["id"] or ""))
    page.keyboard.press("Space")  # the first choice: with my name
    page.keyboard.press("ArrowDown")  # arrows move to: without my name
    assert page.get_by_label("Use my words without my name").is_checked()
    with page.expect_navigation():
        page.get_by_role("button", name="Send my story").press("Enter")
    page.wait_for_url("**/my-stories/")
    visitor.check()
    assert "My support worker listens to me." in page.content()
    assert Finding.objects.filter(text="My support worker listens to me.").exists()


def test_story_form_in_easy_read(visitor):
    sign_in_with_code(visitor)
    visitor.set_mode("easy-read")
    page = visitor.visit("/inquiries/anyshire/story/")
    assert page.locator("main .picto-row").count() >= 3
    assert page.locator("fieldset .choice__label img").count() == 3


def test_findings_page_and_report_are_accessible(visitor):
    page = visitor.visit("/anyshire/findings/")
    assert page.locator("figure.finding").count() >= 5
    page.locator("figure.finding a").first.click()
    page.wait_for_url("**/report/")
    visitor.check()
    with page.expect_navigation():
        page.get_by_role("button", name="Send the report").click()
    visitor.check()
    assert "Choose what is wrong." in page.content()


def test_moderation_and_safeguarding_pages_are_accessible(visitor):
    from django.contrib.auth import get_user_model

    for email, path in [
        ("moderator@anyshire.example", "/inquiries/anyshire/moderation/"),
        ("safeguarding@anyshire.example", "/inquiries/anyshire/safeguarding/"),
    ]:
        client = Client()
        client.force_login(get_user_model().objects.get(email=email))
        visitor.page.context.clear_cookies()
        visitor.page.context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": visitor.base_url,
                }
            ]
        )
        page = visitor.visit(path)
        assert page.locator("h1").count() == 1


def test_code_then_story_by_keyboard_alone(visitor):
    """No mouse at all: the code from a card, then a story with its consent."""
    inquiry = Inquiry.objects.get(slug="anyshire")
    _, plain = services.create_code_batch(
        inquiry=inquiry, label="Keyboard", size=1, created_by=None
    )
    page = visitor.visit("/inquiries/anyshire/story/")
    assert page.locator("h1").inner_text() == "First, tell us who you are"
    visitor.tab_until(lambda f: f["text"] == "Type the code from your card")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.check()
    visitor.tab_until(lambda f: f["id"] == "id_code")
    page.keyboard.type(plain[0].lower())
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.check()
    assert "Your code worked" in page.content()

    page = visitor.visit("/inquiries/anyshire/story/")
    said = "I would like to choose who helps me get dressed."
    visitor.tab_until(lambda f: f["id"] == "id_text")
    page.keyboard.type(said)
    # The kinds of support and the changes are checkboxes: Space ticks one.
    page.keyboard.press("Tab")
    assert visitor.focused()["id"] == "id_areas_0"
    page.keyboard.press("Space")
    # The consent question is one stop; Space chooses, arrows change the choice.
    visitor.tab_until(lambda f: f["id"] == "id_consent_0")
    page.keyboard.press("Space")
    assert page.get_by_label("Use my words with my name").is_checked()
    page.keyboard.press("Tab")
    assert visitor.focused()["id"] == "id_display_name"
    page.keyboard.type("Pat")
    visitor.tab_until(lambda f: f["tag"] == "BUTTON" and f["text"] == "Send my story")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url("**/my-stories/")
    visitor.check()
    assert said in page.content()
    finding = Finding.objects.get(text=said)
    assert (finding.consent, finding.display_name) == ("named", "Pat")
    assert finding.areas.count() == 1
