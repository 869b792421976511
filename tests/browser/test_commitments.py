"""Commit and account in the browser: an organisation editor adds a
commitment and a progress update with the keyboard alone (a mistake first),
and the "You said, we did" tracker in all four display modes. axe-core
checks every page visited."""

from __future__ import annotations

import datetime as dt

import pytest

from consult.models import Commitment, ProgressUpdate
from consult.models.inquiries import today

COUNCIL_EDITOR = "council@anyshire.example"
TITLE = "Peer support groups in every town"


def _day(offset: int) -> str:
    return (today() + dt.timedelta(days=offset)).strftime("%d/%m/%Y")


def _type_into(visitor, field_id: str, text: str) -> None:
    visitor.tab_until(lambda f: f["id"] == field_id, limit=120)
    visitor.page.keyboard.press("Control+A")
    visitor.page.keyboard.type(text)


def _press_button(visitor, text: str) -> None:
    visitor.tab_until(lambda f: f["tag"] == "BUTTON" and f["text"] == text, limit=120)
    with visitor.page.expect_navigation():
        visitor.page.keyboard.press("Enter")
    visitor.check()


def _follow_link(visitor, text: str) -> None:
    visitor.tab_until(lambda f: f["tag"] == "A" and f["text"] == text, limit=120)
    with visitor.page.expect_navigation():
        visitor.page.keyboard.press("Enter")
    visitor.check()


def test_org_editor_adds_a_commitment_and_an_update_by_keyboard(visitor):
    visitor.sign_in(COUNCIL_EDITOR)
    page = visitor.visit("/organisations/anyshire-council/commitments/")
    _follow_link(visitor, "Add a commitment")
    assert "Add a commitment" in page.inner_text("h1")

    _type_into(visitor, "id_title", TITLE)
    _type_into(visitor, "id_description", "We will fund peer support groups.")
    visitor.tab_until(lambda f: f["id"] == "id_changes_0")
    visitor.page.keyboard.press("Space")
    _type_into(visitor, "id_easy_read_title", "Groups where you meet people")
    _type_into(visitor, "id_easy_read_text", "You meet people like you.")
    _type_into(visitor, "id_owner_role", "Head of Community Support")
    _type_into(visitor, "id_start_on", _day(0))
    _type_into(visitor, "id_due_on", _day(-30))  # a mistake: due before start
    _type_into(visitor, "id_review_on", _day(60))
    _press_button(visitor, "Publish the commitment")
    assert "error-summary" in visitor.focused()["cls"]
    assert "The due date must be the same as or after the start date." in (
        page.inner_text("#id_due_on-error")
    )
    assert page.input_value("#id_title") == TITLE  # nothing typed is lost
    assert page.is_checked("#id_changes_0")
    assert not Commitment.objects.filter(title=TITLE).exists()

    # The error summary's link takes the keyboard straight to the field.
    visitor.tab_until(lambda f: f["tag"] == "A" and "due date" in f["text"])
    visitor.page.keyboard.press("Enter")
    assert visitor.focused()["id"] == "id_due_on"
    visitor.page.keyboard.press("Control+A")
    visitor.page.keyboard.type(_day(300))
    _press_button(visitor, "Publish the commitment")
    commitment = Commitment.objects.get(title=TITLE)
    assert f"/commitments/{commitment.pk}/" in page.url
    assert "is public now" in page.inner_text(".messages")

    _follow_link(visitor, "Add a progress update")
    _type_into(visitor, "id_text", "The first 2 groups meet every week.")
    _type_into(visitor, "id_progress", "150")  # a mistake: over 100
    _type_into(visitor, "id_next_review_on", _day(90))
    _press_button(visitor, "Publish the update")
    assert "It cannot be over 100." in page.inner_text("#id_progress-error")
    assert "The first 2 groups" in page.input_value("#id_text")
    visitor.tab_until(lambda f: f["id"] == "id_status_0", limit=120)
    visitor.page.keyboard.press("ArrowDown")  # planned -> started
    _type_into(visitor, "id_progress", "20")
    _press_button(visitor, "Publish the update")
    update = ProgressUpdate.objects.get(commitment=commitment)
    assert (update.progress, update.status) == (20, "started")
    assert "The first 2 groups meet every week." in page.inner_text("main")
    assert "20% done" in page.inner_text("main")


@pytest.mark.parametrize(
    "mode", ["standard", "easy-read", "large-text", "high-contrast"]
)
def test_tracker_and_organisation_pages_in_every_display_mode(visitor, mode):
    visitor.set_mode(mode)
    page = visitor.visit("/anyshire/you-said-we-did/")
    assert page.locator("#change-2").count() == 1
    if mode == "easy-read":
        assert "Share your home and get help" in page.inner_text("main")
    else:
        assert "Homeshare across Anyshire" in page.inner_text("main")
    visitor.visit("/organisations/anyshire-health/")
    edited = Commitment.objects.get(title="Shared Lives for people leaving hospital")
    page = visitor.visit(f"/organisations/anyshire-council/commitments/{edited.pk}/")
    page.get_by_text("See the earlier version").first.click()
    visitor.check()


def test_the_tracker_works_without_javascript(visitor_without_js):
    page = visitor_without_js.visit("/anyshire/")
    with page.expect_navigation():
        page.get_by_role("link", name="You said, we did").first.click()
    visitor_without_js.check()
    assert "/anyshire/you-said-we-did/" in page.url
