"""The facilitator console in the browser: typing a finding by keyboard alone,
the draft kept on the device when the connection drops, and bulk import."""

import datetime as dt

import pytest
from django.utils import timezone

from consult import services
from consult.models import BudgetArea, Channel, Finding, Inquiry
from deliberation.models import SessionFinding
from tests.deliberation.factories import SessionFactory

FACILITATOR = "facilitator@anyshire.example"
SAID = "The bus to the day centre stopped, so I stay in all week."


@pytest.fixture
def inquiry(site) -> Inquiry:
    return Inquiry.objects.get(slug="anyshire")


@pytest.fixture
def facilitator(visitor):
    visitor.sign_in(FACILITATOR)
    return visitor


def a_code(inquiry: Inquiry) -> str:
    _, plain = services.create_code_batch(
        inquiry=inquiry, label="Console", size=1, created_by=None
    )
    return plain[0]


def tab_order(visitor, stop) -> list[str]:
    """The ids (or button words) focus visits, pressing Tab until `stop`."""
    seen = []
    for _ in range(40):
        visitor.page.keyboard.press("Tab")
        f = visitor.focused()
        seen.append(f["id"] or f["text"])
        if stop(f):
            return seen
    raise AssertionError(f"Never reached the end by keyboard: {seen}")


def test_capturing_a_finding_by_keyboard_alone(facilitator, inquiry):
    visitor, page = facilitator, facilitator.page
    session = SessionFactory(
        inquiry=inquiry,
        title="Today at the library",
        starts_at=timezone.now() - dt.timedelta(minutes=30),
    )
    code = a_code(inquiry)
    areas = list(
        BudgetArea.objects.filter(budget__inquiry=inquiry, is_decision_area=True)
    )
    assert areas, "the demo has decision areas"

    # Choose the session from the console's list, by keyboard.
    visitor.visit("/inquiries/anyshire/console/")
    visitor.tab_until(lambda f: "Today at the library" in f["text"])
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.check()
    assert page.url.endswith(f"/console/{session.pk}/")

    # The text box is ready to type in; Tab visits every field in reading order.
    assert visitor.focused()["id"] == "id_text"
    page.keyboard.type(SAID)
    order = tab_order(visitor, lambda f: f["tag"] == "BUTTON")
    assert order == [
        "id_code",
        "id_consent_0",  # a radio group is one stop
        "id_display_name",
        *[f"id_areas_{i}" for i in range(len(areas))],
        "id_concern",
        "Save and write the next one",
    ]

    # Back up with Shift+Tab and fill the form in, first with a wrong code.
    for _ in range(len(areas) + 3):
        page.keyboard.press("Shift+Tab")
    assert visitor.focused()["id"] == "id_consent_0"
    page.keyboard.press("Shift+Tab")
    assert visitor.focused()["id"] == "id_code"
    page.keyboard.type("WRON-GCOD")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # arrows choose: without their name
    assert page.get_by_label("Use my words without my name").is_checked()
    page.keyboard.press("Tab")  # the name to show: not needed
    page.keyboard.press("Tab")  # the first area
    page.keyboard.press("Space")
    for _ in range(len(areas)):
        page.keyboard.press("Tab")
    assert visitor.focused()["id"] == "id_concern"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.check()

    # The error summary takes focus; nothing typed is lost.
    assert "error-summary" in visitor.focused()["cls"]
    summary = page.locator("[data-error-summary]")
    assert "We do not know" in summary.inner_text()
    assert page.get_by_label("What did they say?").input_value() == SAID
    assert page.get_by_label("Their participation code").input_value() == "WRON-GCOD"
    assert page.get_by_label("Use my words without my name").is_checked()
    assert page.locator("#id_areas_0").is_checked()
    assert page.locator("#id_concern").is_checked()
    assert not Finding.objects.filter(text=SAID).exists()

    # The summary's link leads to the code box; type the right code and save.
    page.keyboard.press("Tab")
    assert visitor.focused()["href"] == "#id_code"
    page.keyboard.press("Enter")
    assert visitor.focused()["id"] == "id_code"
    page.keyboard.press("Control+A")
    page.keyboard.type(code.lower())
    visitor.tab_until(lambda f: f["tag"] == "BUTTON")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.check()

    banner = page.get_by_role("status")
    assert banner.inner_text() == "Saved. Ready for the next one."
    assert banner.is_visible()
    # Ready for the next person, even after following the summary's link.
    assert "#" not in page.url
    assert visitor.focused()["id"] == "id_text"
    assert page.get_by_label("What did they say?").input_value() == ""
    assert page.get_by_role("heading", name="You wrote 1 here").is_visible()
    assert "Safeguarding concern: sent to the lead." in page.content()

    finding = Finding.objects.get(text=SAID)
    assert finding.consent == "anonymous"
    assert finding.participant is not None
    assert finding.channel == Channel.SESSION
    assert list(finding.areas.all()) == [areas[0]]
    assert finding.is_safeguarding_concern
    assert SessionFinding.objects.get(finding=finding).session == session


def draft(page) -> str | None:
    return page.evaluate(
        "() => localStorage.getItem("
        "document.querySelector('[data-console-form]').dataset.draftKey)"
    )


def test_the_draft_survives_a_dropped_connection_until_it_is_saved(
    facilitator, inquiry
):
    visitor, page = facilitator, facilitator.page
    path = "/inquiries/anyshire/console/phone/"
    visitor.visit(path)
    note = page.get_by_text("Your typing is kept on this device")
    assert note.is_visible()
    page.keyboard.type(SAID)  # the text box has focus
    page.get_by_label("Their participation code").press_sequentially("ABCD")
    page.get_by_label("Name to show").press_sequentially("Jo")

    # The connection drops as the facilitator presses save.
    page.context.set_offline(True)
    page.get_by_label("Use my words with my name").check()
    page.get_by_role("button", name="Save and write the next one").click()
    page.wait_for_url("chrome-error://**")
    assert not Finding.objects.filter(text=SAID).exists()

    # Back online, the page comes back with what was typed.
    page.context.set_offline(False)
    visitor.visit(path)
    assert page.get_by_label("What did they say?").input_value() == SAID
    assert page.get_by_label("Their participation code").input_value() == "ABCD"
    assert page.get_by_label("Name to show").input_value() == "Jo"
    assert SAID in draft(page)

    # Saved at last: the draft is gone and the next form starts empty.
    page.get_by_label("Their participation code").fill("")
    page.get_by_label("Use my words with my name").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save and write the next one").click()
    visitor.check()
    assert page.get_by_role("status").is_visible()
    finding = Finding.objects.get(text=SAID)
    assert (finding.channel, finding.display_name) == (Channel.PHONE, "Jo")
    assert draft(page) is None
    visitor.visit(path)
    assert page.get_by_label("What did they say?").input_value() == ""
    assert page.get_by_label("Name to show").input_value() == ""


BAD_ROWS = """text,consent,name,code,areas
I phoned because the letters are too hard to read.,anonymous,,,
Nobody came on Tuesday and I had no lunch.,maybe,,,
My carer is kind and listens.,named,Sam,NOPE-NOPE,
"""


def test_bulk_import_shows_each_rows_problems_then_saves_them_all(facilitator, inquiry):
    visitor, page = facilitator, facilitator.page
    visitor.visit("/inquiries/anyshire/console/")
    with page.expect_navigation():
        page.get_by_role("link", name="Paste or upload findings").click()
    visitor.check()

    page.get_by_label("The phone line").check()
    page.get_by_label("Paste the rows").fill(BAD_ROWS)
    with page.expect_navigation():
        page.get_by_role("button", name="Check the rows").click()
    visitor.check()

    # Every bad row is listed, linked to its row in the preview, with focus on it.
    summary = page.locator("[data-error-summary]")
    assert "error-summary" in visitor.focused()["cls"]
    assert "nothing was saved" in summary.inner_text()
    links = summary.get_by_role("link")
    assert links.count() == 2
    assert links.nth(0).inner_text().startswith("Row 3:")
    assert links.nth(1).inner_text().startswith("Row 4:")
    assert "NOPE-NOPE" in links.nth(1).inner_text()
    links.nth(1).click()
    assert page.url.endswith("#row-4")
    assert page.locator("#row-4").is_visible()
    assert page.get_by_role("button", name="Save all").count() == 0
    # What was pasted is still there to fix.
    assert page.get_by_label("Paste the rows").input_value().strip() == (
        BAD_ROWS.strip()
    )
    assert page.get_by_label("The phone line").is_checked()

    fixed = BAD_ROWS.replace("maybe", "count only").replace("NOPE-NOPE", "")
    page.get_by_label("Paste the rows").fill(fixed)
    with page.expect_navigation():
        page.get_by_role("button", name="Check the rows").click()
    visitor.check()
    assert "#" not in page.url  # the preview opens at the top, not at row 4
    assert page.get_by_role("status").inner_text() == (
        "All 3 rows are ready. Check them, then save."
    )
    imported = Finding.objects.filter(
        channel=Channel.PHONE,
        text__in=[
            "I phoned because the letters are too hard to read.",
            "Nobody came on Tuesday and I had no lunch.",
            "My carer is kind and listens.",
        ],
    )
    assert not imported.exists()
    with page.expect_navigation():
        page.get_by_role("button", name="Save all 3 findings").click()
    visitor.check()
    assert page.url.endswith("/inquiries/anyshire/console/")
    assert "Saved 3 findings." in page.content()
    assert imported.count() == 3
    assert imported.get(display_name="Sam").consent == "named"
    assert imported.get(text__startswith="Nobody came").consent == "count_only"
