"""The pure rules: overdue, progress, progress in words, the summary."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consult.commitments import status as rules

TODAY = dt.date(2026, 12, 4)
DAY = dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("status", "review_on", "last_update_on", "overdue"),
    [
        # Review date passed and nothing since: overdue.
        ("started", TODAY - DAY, None, True),
        ("planned", TODAY - 10 * DAY, TODAY - 40 * DAY, True),
        # An update on or after the review date answers it.
        ("started", TODAY - 10 * DAY, TODAY - 10 * DAY, False),
        ("started", TODAY - 10 * DAY, TODAY - 2 * DAY, False),
        # The review date is today or later: not yet.
        ("started", TODAY, None, False),
        ("planned", TODAY + DAY, None, False),
        # Done and not doing owe no more updates.
        ("done", TODAY - 30 * DAY, None, False),
        ("not_doing", TODAY - 30 * DAY, None, False),
        ("started", None, None, False),
    ],
)
def test_overdue_rule(status, review_on, last_update_on, overdue):
    assert (
        rules.is_overdue(
            status=status,
            review_on=review_on,
            last_update_on=last_update_on,
            today=TODAY,
        )
        is overdue
    )


@pytest.mark.parametrize(
    ("status", "update", "milestones", "expected"),
    [
        ("started", 40, [10, 90], 40),  # the latest update says
        ("started", None, [10, 90], 50),  # else the milestones' mean
        ("started", None, [33, 34], 34),
        ("planned", None, [], 0),
        ("done", None, [], 100),
        ("done", 80, [], 80),  # what the organisation said, not made up
        ("not_doing", None, [], 0),
    ],
)
def test_commitment_progress(status, update, milestones, expected):
    assert (
        rules.commitment_progress(
            status=status, update_progress=update, milestone_progress=milestones
        )
        == expected
    )


@given(
    st.sampled_from(rules.STATUSES),
    st.one_of(st.none(), st.integers(-50, 200)),
    st.lists(st.integers(-50, 200), max_size=6),
)
def test_progress_is_always_within_0_and_100(status, update, milestones):
    value = rules.commitment_progress(
        status=status, update_progress=update, milestone_progress=milestones
    )
    assert 0 <= value <= 100


@pytest.mark.parametrize(
    ("progress", "words"),
    [
        (0, "Not started yet"),
        (1, "About 1 in 10 done"),
        (40, "About 4 in 10 done"),
        (45, "About 4 in 10 done"),
        (96, "About 9 in 10 done"),
        (100, "All done"),
    ],
)
def test_progress_in_words_has_digits_and_no_percentages(progress, words):
    said = rules.progress_in_words(progress)
    assert said == words
    assert "%" not in said and "per cent" not in said


def test_summary_counts_statuses_overdue_and_average_without_not_doing():
    items = [
        rules.Facts("planned", 0, review_on=TODAY - DAY),  # overdue
        rules.Facts("started", 40, review_on=TODAY + DAY, last_update_on=TODAY),
        rules.Facts("started", 60, review_on=TODAY - DAY, last_update_on=TODAY),
        rules.Facts("done", 100, review_on=TODAY - 9 * DAY),
        rules.Facts("not_doing", 0, review_on=TODAY - 9 * DAY),
    ]
    summary = rules.summarise(items, TODAY)
    assert summary.total == 5
    assert (summary.planned, summary.started, summary.done, summary.not_doing) == (
        1,
        2,
        1,
        1,
    )
    assert summary.overdue == 1
    assert summary.average_progress == 50  # (0 + 40 + 60 + 100) / 4


def test_summary_of_nothing_is_zero():
    summary = rules.summarise([], TODAY)
    assert summary.total == 0 and summary.average_progress == 0
    assert summary.done == 0
