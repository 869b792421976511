"""The spreadsheet import's rules, without the database: each bad row is
answered in plain words against its spreadsheet row; good rows say what
will happen. Then saving through the services: all or nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from consult.commitments import csv_import
from consult.commitments.csv_import import COLUMN_NAMES, Existing, plan

TODAY = dt.date(2027, 6, 15)
GOOD = {
    "reference": "ASC-01",
    "changes": "1; 3",
    "title": "Shared Lives after hospital",
    "description": "We will offer a Shared Lives short stay.",
    "easy_read_title": "Stay with a family",
    "easy_read_text": "You can stay with a family.",
    "owner_role": "Director of Adult Social Care",
    "start_date": "01/04/2027",
    "due_date": "31/03/2028",
    "review_date": "30/09/2027",
    "status": "planned",
}


def as_csv(*rows: dict[str, str], header: list[str] | None = None) -> bytes:
    header = header or list(COLUMN_NAMES)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode()


def existing(**values) -> Existing:
    base = {
        "title": "Old title",
        "description": "Old words.",
        "easy_read_title": "Old",
        "easy_read_text": "Old.",
        "owner_role": "Head of Care",
        "co_produced_with": "",
        "not_doing_reason": "",
        "start_on": dt.date(2027, 1, 1),
        "due_on": dt.date(2027, 12, 31),
        "review_on": dt.date(2027, 9, 1),
        "status": "started",
        "budget_amount": None,
        "pictogram": "home",
    }
    return Existing(
        pk=7,
        inquiry_id=1,
        values={**base, **values},
        change_numbers=frozenset({2}),
        updates=frozenset({(dt.date(2027, 5, 1), "Half way.")}),
    )


def run(data: bytes, known=(1, 2, 3, 4, 5), have=None):
    return plan(
        data,
        known_changes=known,
        existing=have or {},
        inquiry_id=1,
        today=TODAY,
    )


BAD_ROWS = [
    ("bad date", {"start_date": "31/02/2027"}, "start_date “31/02/2027” is not a date"),
    ("words for a date", {"due_date": "next spring"}, "is not a date we can read"),
    ("due before start", {"due_date": "01/01/2027"}, "is before the start date"),
    ("unknown change", {"changes": "2; 9"}, "There is no change 9 in this inquiry"),
    ("changes not numbers", {"changes": "homes"}, "must be the numbers of changes"),
    ("unknown status", {"status": "Amber"}, "status “Amber” is not a status we know"),
    (
        "not doing without reason",
        {"status": "not doing"},
        "so say why in not_doing_reason",
    ),
    (
        "progress over 100",
        {"update_date": "01/06/2027", "update_text": "Done a lot.", "progress": "150"},
        "from 0 to 100",
    ),
    (
        "progress below 0",
        {"update_date": "01/06/2027", "update_text": "Hm.", "progress": "-5"},
        "from 0 to 100",
    ),
    (
        "progress not a number",
        {"update_date": "01/06/2027", "update_text": "Hm.", "progress": "half"},
        "from 0 to 100",
    ),
    (
        "update without text",
        {"update_date": "01/06/2027", "progress": "40"},
        "Say what has happened in update_text",
    ),
    (
        "update without date",
        {"update_text": "Going well.", "progress": "40"},
        "update_date is empty",
    ),
    (
        "update without progress",
        {"update_date": "01/06/2027", "update_text": "Ok."},
        "progress is empty",
    ),
    (
        "update in the future",
        {"update_date": "01/07/2027", "update_text": "Ok.", "progress": "10"},
        "is in the future",
    ),
    (
        "review not after update",
        {
            "update_date": "01/06/2027",
            "update_text": "Ok.",
            "progress": "10",
            "review_date": "01/06/2027",
        },
        "must be after the update_date",
    ),
    (
        "missing title",
        {"title": ""},
        "title is empty. A new commitment needs its title",
    ),
    ("missing easy read", {"easy_read_text": ""}, "easy_read_text is empty"),
    ("title too long", {"title": "x" * 201}, "Keep it to 200"),
    ("bad money", {"budget_amount": "lots"}, "must be an amount in pounds"),
    ("negative money", {"budget_amount": "-5"}, "must be an amount in pounds"),
]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [(o, m) for _, o, m in BAD_ROWS],
    ids=[name for name, _, _ in BAD_ROWS],
)
def test_a_bad_row_is_reported_in_plain_words_against_its_row(overrides, message):
    result = run(as_csv(GOOD, {**GOOD, "reference": "ASC-02", **overrides}))
    assert not result.ok
    first, second = result.rows
    assert first.errors == []
    assert second.line == 3  # the spreadsheet's row: the header is row 1
    assert any(message in e for e in second.errors), second.errors
    assert second.what == "Nothing, until the problems are fixed"


GOOD_ROWS = [
    ("plain new", {}, "New commitment"),
    ("status words", {"status": "In progress"}, "New commitment"),
    (
        "not doing with reason",
        {"status": "Not_Doing", "not_doing_reason": "No money."},
        "New commitment",
    ),
    (
        "iso dates",
        {"start_date": "2027-04-01", "due_date": "2027-04-01"},
        "New commitment",
    ),
    ("money with a pound sign", {"budget_amount": "£250,000.50"}, "New commitment"),
    (
        "with an update",
        {
            "update_date": "1/6/2027",
            "update_text": "We began.",
            "progress": "20%",
            "status": "started",
        },
        "New commitment, adds a progress update of 1 June 2027 (20% done)",
    ),
]


@pytest.mark.parametrize(
    ("overrides", "what"),
    [(o, w) for _, o, w in GOOD_ROWS],
    ids=[name for name, _, _ in GOOD_ROWS],
)
def test_a_good_row_says_what_will_happen(overrides, what):
    result = run(as_csv({**GOOD, **overrides}))
    assert result.ok, result.rows[0].errors
    assert result.rows[0].what == what


def test_values_are_read_into_the_commitments_fields():
    result = run(
        as_csv(
            {
                **GOOD,
                "status": "not doing",
                "not_doing_reason": "No.",
                "budget_amount": "1,500",
            }
        )
    )
    row = result.rows[0]
    assert row.values["start_on"] == dt.date(2027, 4, 1)
    assert row.values["status"] == "not_doing"
    assert str(row.values["budget_amount"]) == "1500"
    assert row.values["pictogram"] == csv_import.DEFAULT_PICTOGRAM
    assert row.change_numbers == (1, 3)


def test_a_known_reference_changes_only_what_its_filled_cells_say():
    have = {"ASC-01": existing()}
    only = {"reference": "ASC-01", "due_date": "31/01/2028", "changes": "2"}
    row = run(as_csv(only), have=have).rows[0]
    assert row.errors == []
    assert row.action == csv_import.CHANGE
    assert row.changed == ["due date"]
    assert row.values["title"] == "Old title"  # empty cell: kept
    assert row.what == "Changes the due date"


def test_a_known_reference_with_nothing_new_changes_nothing():
    have = {"ASC-01": existing()}
    row = run(as_csv({"reference": "ASC-01"}), have=have).rows[0]
    assert (row.action, row.what) == (csv_import.SAME, "No change")


def test_the_same_progress_update_is_not_added_twice():
    have = {"ASC-01": existing()}
    again = {
        "reference": "ASC-01",
        "update_date": "01/05/2027",
        "update_text": "Half way.",
        "progress": "50",
        "review_date": "01/10/2027",
    }
    row = run(as_csv(again), have=have).rows[0]
    assert row.errors == []
    assert row.update is None and row.update_skipped
    assert "already there" in row.what


def test_a_known_reference_checks_the_merged_dates():
    have = {"ASC-01": existing()}  # starts 1/1/2027
    row = run(as_csv({"reference": "ASC-01", "due_date": "01/12/2026"}), have=have)
    assert "is before the start date (1/1/2027)" in row.rows[0].errors[0]


def test_a_reference_from_another_inquiry_is_refused():
    other = Existing(pk=3, inquiry_id=99, values={}, change_numbers=frozenset())
    row = run(as_csv(GOOD), have={"ASC-01": other}).rows[0]
    assert "is a commitment in another inquiry" in row.errors[0]


def test_a_reference_twice_in_the_file_is_refused_on_the_second_row():
    result = run(as_csv(GOOD, GOOD))
    assert result.rows[0].errors == []
    assert "also on row 2" in result.rows[1].errors[0]


def test_an_empty_reference_is_refused():
    result = run(as_csv({**GOOD, "reference": ""}))
    assert "reference is empty" in result.rows[0].errors[0]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty"),
        (b"title,status\nA,planned\n", "There is no reference column"),
        (b"reference,title\n", "no rows under the column names"),
        (b"reference,reference\nA,B\n", "The column reference is there twice"),
        (b"x" * (csv_import.MAX_BYTES + 1), "bigger than 512 KB"),
    ],
    ids=["empty", "no reference", "header only", "twice", "too big"],
)
def test_problems_with_the_whole_file(data, message):
    result = run(data)
    assert not result.ok
    assert any(message in p for p in result.problems), result.problems


def test_too_many_rows_is_a_problem():
    rows = [{**GOOD, "reference": f"R{n}"} for n in range(csv_import.MAX_ROWS + 1)]
    result = run(as_csv(*rows))
    assert any("more than 1,000 rows" in p for p in result.problems)


def test_excel_files_read_as_they_are_saved():
    """Semicolons, Windows-1252 and a byte order mark, friendly headers."""
    text = (
        "Ref;Title;Description;Easy read title;Easy read text;Changes;Owner;"
        "Start;Due;Review;Status;Notes\r\n"
        "A-1;Café hours;We open the café longer.;Longer café;The café is open "
        "longer.;2;Head of Care;1/4/2027;1/5/2027;1/5/2027;planned;ignored\r\n"
    )
    for data in (text.encode("cp1252"), b"\xef\xbb\xbf" + text.encode()):
        result = run(data)
        assert result.ok, (result.problems, result.rows[0].errors)
        assert result.rows[0].values["title"] == "Café hours"
        assert result.ignored_columns == ["notes"]


def test_blank_rows_are_skipped_and_row_numbers_stay_true():
    data = (
        as_csv(GOOD) + b",,,,\n" + as_csv({**GOOD, "reference": "B"}).split(b"\n", 1)[1]
    )
    result = run(data)
    assert [r.line for r in result.rows] == [2, 4]


def test_the_apostrophe_our_exports_add_comes_off_again():
    result = run(as_csv({**GOOD, "title": "'=Homes first"}))
    assert result.rows[0].values["title"] == "=Homes first"


def test_the_template_has_every_column_and_reads_back_clean():
    template = csv_import.template_csv()
    header = template.splitlines()[0].split(",")
    assert tuple(header) == COLUMN_NAMES
    result = run(template.encode(), known=(1, 3))
    assert result.ok, result.rows[0].errors


def test_the_fingerprint_follows_what_the_plan_does():
    one = run(as_csv(GOOD)).fingerprint()
    assert one == run(as_csv(GOOD)).fingerprint()
    have = {"ASC-01": existing()}
    assert one != run(as_csv(GOOD), have=have).fingerprint()
