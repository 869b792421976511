"""Reading many findings from CSV or pasted spreadsheet rows."""

import pytest

from deliberation.bulk import MAX_ROWS, parse_findings

AREAS = {"support in your own home": 1, "1": 1, "whole-community work": 5, "5": 5}


def test_comma_separated_rows_are_read_with_their_areas():
    parsed = parse_findings(
        "text,consent,name,areas\n"
        '"I want to stay at home, with help",named,Sam,1\n'
        "The day centre closed,count only,,Whole-community work; 1\n",
        areas=AREAS,
    )
    assert parsed.is_valid
    first, second = parsed.rows
    assert (first.text, first.consent, first.name, first.area_ids) == (
        "I want to stay at home, with help",
        "named",
        "Sam",
        [1],
    )
    assert (second.consent, second.area_ids) == ("count_only", [5, 1])


def test_rows_pasted_from_a_spreadsheet_use_tabs():
    parsed = parse_findings(
        "What they said\tConsent\nBuses stop at six\tWithout my name\n", areas=AREAS
    )
    assert parsed.is_valid
    assert parsed.rows[0].consent == "anonymous"


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (",named,Sam", "The text is empty."),
        ("Words,maybe,", "We do not understand the consent 'maybe'"),
        ("Words,,", "The consent is empty."),
        ("Words,named,", "Consent is 'named' but there is no name."),
        ("Words,anonymous,,Space travel", "We do not know the area 'Space travel'."),
        ("Words,anonymous,,1,extra", "more cells than there are column names"),
        ("x" * 5001 + ",anonymous,", "longer than 5,000 characters"),
    ],
)
def test_each_bad_row_says_what_is_wrong_with_its_line_number(row, problem):
    parsed = parse_findings(
        f"text,consent,name,areas\nFine words,anonymous,,\n{row}\n", areas=AREAS
    )
    assert not parsed.is_valid
    good, bad = parsed.rows
    assert good.is_valid
    assert bad.line == 3
    assert any(problem in error for error in bad.errors), bad.errors


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("", "nothing to read"),
        ("consent\nnamed\n", "one called 'text'"),
        ("text\nhello\n", "Add a 'consent' column"),
        ("text,consent\n", "no rows under them"),
    ],
)
def test_problems_with_the_whole_file_are_reported(content, problem):
    parsed = parse_findings(content, areas=AREAS)
    assert not parsed.is_valid
    assert any(problem in p for p in parsed.problems)


def test_blank_lines_are_skipped_and_a_bom_is_ignored():
    parsed = parse_findings("\ufefftext,consent\n\nHello,anonymous\n,\n", areas=AREAS)
    assert parsed.is_valid
    assert len(parsed.rows) == 1


def test_too_many_rows_stop_the_import():
    content = "text,consent\n" + "Words,anonymous\n" * (MAX_ROWS + 1)
    parsed = parse_findings(content, areas=AREAS)
    assert not parsed.is_valid
    assert "more than 2000 rows" in parsed.problems[0]


def test_html_is_kept_as_text_for_the_template_to_escape():
    parsed = parse_findings(
        "text,consent\n<script>alert(1)</script>,anonymous\n", areas=AREAS
    )
    assert parsed.rows[0].text == "<script>alert(1)</script>"
