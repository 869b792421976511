"""Spreadsheet import and following, in the browser (h-commitio): an
organisation editor imports a CSV with one bad row by keyboard alone, sees
the row's problem, fixes the file and imports it; a visitor asks for email
updates. axe-core checks every page visited."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from consult.models import Commitment, Follow, ProgressUpdate
from consult.models.inquiries import today

COUNCIL_EDITOR = "council@anyshire.example"
COLUMNS = [
    "reference",
    "changes",
    "title",
    "description",
    "easy_read_title",
    "easy_read_text",
    "owner_role",
    "start_date",
    "due_date",
    "review_date",
    "status",
    "update_date",
    "update_text",
    "progress",
]


def _day(offset: int) -> str:
    return (today() + dt.timedelta(days=offset)).strftime("%d/%m/%Y")


def _write(path: Path, bad_change: str) -> Path:
    rows = [
        [
            "ANY-101",
            "1",
            "Direct payments made simple",
            "One short form for direct payments, written with the inquiry group.",
            "Easy forms for your money",
            "The form is short. We help you fill it in.",
            "Head of Adult Social Care",
            _day(-30),
            _day(300),
            _day(60),
            "started",
            _day(-2),
            "The new form is being tested with 12 people.",
            "25",
        ],
        [
            "ANY-102",
            bad_change,
            "Carers' breaks booked online",
            "Unpaid carers can book a break online or by phone.",
            "Book a break",
            "You can book a break. Use the web or the phone.",
            "Carers Lead",
            _day(0),
            _day(200),
            _day(90),
            "planned",
            "",
            "",
            "",
        ],
    ]
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return path


def _choose_file(visitor, path: Path) -> None:
    # The file field is reached by keyboard. Choosing the file itself goes
    # through Playwright: headless Chromium's keyboard-opened file chooser
    # event is not reliable on a busy machine (it timed out once in CI).
    visitor.tab_until(lambda f: f["id"] == "id_upload", limit=80)
    visitor.page.set_input_files("#id_upload", str(path))


def _press_button(visitor, text: str) -> None:
    visitor.tab_until(lambda f: f["tag"] == "BUTTON" and f["text"] == text, limit=80)
    with visitor.page.expect_navigation():
        visitor.page.keyboard.press("Enter")
    visitor.check()


def test_org_editor_imports_a_spreadsheet_with_a_bad_row_by_keyboard(visitor, tmp_path):
    visitor.sign_in(COUNCIL_EDITOR)
    page = visitor.visit("/organisations/anyshire-council/commitments/")
    visitor.tab_until(
        lambda f: f["tag"] == "A" and f["text"].startswith("Import commitments"),
        limit=80,
    )
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.check()
    assert page.inner_text("h1") == "Import commitments from a spreadsheet"
    assert "Download the template (CSV)" in page.inner_text("main")

    _choose_file(visitor, _write(tmp_path / "plan.csv", bad_change="2; 9"))
    _press_button(visitor, "Check the file")
    # The problems are summed up at the top, which has the focus.
    assert "error-summary" in visitor.focused()["cls"]
    summary = page.inner_text(".error-summary")
    assert "Nothing was saved" in summary
    assert "Row 3 (ANY-102): There is no change 9 in this inquiry." in summary
    assert "There is no change 9" in page.inner_text("#row-3")
    assert "New commitment" in page.inner_text("#row-2")
    assert page.locator("text=Import and publish").count() == 0
    assert not Commitment.objects.filter(reference__startswith="ANY-").exists()

    _choose_file(visitor, _write(tmp_path / "plan-fixed.csv", bad_change="2; 4"))
    _press_button(visitor, "Check the file")
    assert "every row is right" in page.inner_text("main")
    assert "2 new commitments, 0 changed, 1 progress update" in page.inner_text("main")
    assert not Commitment.objects.filter(reference__startswith="ANY-").exists()
    _press_button(visitor, "Import and publish")
    assert page.url.endswith("/organisations/anyshire-council/commitments/")
    assert "Imported and public now: 2 new commitments, 1 progress update." in (
        page.inner_text(".messages")
    )
    imported = Commitment.objects.filter(reference__startswith="ANY-")
    assert imported.count() == 2
    assert sorted(
        c.number for c in imported.get(reference="ANY-102").changes.all()
    ) == [2, 4]
    update = ProgressUpdate.objects.get(commitment__reference="ANY-101")
    assert update.progress == 25
    assert "Direct payments made simple" in page.inner_text("main")


def test_a_visitor_asks_for_updates_about_an_organisation(visitor):
    page = visitor.visit("/organisations/anyshire-council/")
    visitor.tab_until(
        lambda f: f["tag"] == "A" and f["text"].startswith("Get updates about"),
        limit=200,
    )
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.check()
    visitor.tab_until(lambda f: f["id"] == "id_email")
    page.keyboard.type("not-an-email")
    _press_button(visitor, "Send me updates")
    assert "Enter an email address like name@example.org." in page.inner_text(
        "#id_email-error"
    )
    assert page.input_value("#id_email") == "not-an-email"
    visitor.tab_until(lambda f: f["id"] == "id_email")
    page.keyboard.press("Control+A")
    page.keyboard.type("reader@example.org")
    # Tab reaches the chosen radio (weekly); the arrow moves to daily.
    visitor.tab_until(lambda f: f["id"] == "id_frequency_1")
    page.keyboard.press("ArrowUp")
    _press_button(visitor, "Send me updates")
    assert "Check your email" in page.inner_text("main")
    follow = Follow.objects.get(email="reader@example.org")
    assert (follow.frequency, follow.confirmed_at) == ("daily", None)
    visitor.visit("/anyshire/you-said-we-did/")
    visitor.visit("/inquiries/anyshire/you-said-we-did/3/follow/")
