"""Whose voices: small numbers hidden, nothing recoverable, under-heard flags."""

import itertools
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consult.voices import (
    FEWER_THAN_5,
    NOT_SHOWN,
    CellStatus,
    DimensionCounts,
    Expected,
    Flag,
    build_voices,
    publish_dimension,
    show_count,
)

GROUPS = [("a", "Group A"), ("b", "Group B"), ("c", "Group C"), ("d", "Group D")]


def dim(counts, *, answered=None, prefer_not=None, multi=False, key="age_band"):
    categories = GROUPS[: len(counts)]
    return DimensionCounts(
        key=key,
        label="Age band",
        categories=categories,
        counts={code: n for (code, _), n in zip(categories, counts, strict=True)},
        answered=sum(counts) if answered is None else answered,
        prefer_not=prefer_not,
        multi=multi,
    )


@pytest.mark.parametrize(
    ("count", "shown"),
    [(0, FEWER_THAN_5), (1, FEWER_THAN_5), (4, FEWER_THAN_5), (5, "5"), (12, "12")],
)
def test_counts_under_5_including_zero_show_as_fewer_than_5(count, shown):
    assert show_count(count) == shown


@pytest.mark.parametrize(
    ("counts", "displays", "answered"),
    [
        # Nothing small: everything shown, with the total.
        ([10, 20, 5], ["10", "20", "5"], "35"),
        # One small group: the largest other group is hidden too.
        ([3, 20, 10], [FEWER_THAN_5, NOT_SHOWN, "10"], "33"),
        # Zero is small as well.
        ([0, 20, 10], [FEWER_THAN_5, NOT_SHOWN, "10"], "30"),
        # A tie for largest: the first is hidden.
        ([1, 9, 9], [FEWER_THAN_5, NOT_SHOWN, "9"], "19"),
        # Only one group big enough: it is hidden.
        ([2, 3, 40], [FEWER_THAN_5, FEWER_THAN_5, NOT_SHOWN], "45"),
        # Every group small: the number who answered is hidden too.
        ([4, 4, 4], [FEWER_THAN_5] * 3, NOT_SHOWN),
    ],
)
def test_small_groups_and_the_largest_group_beside_them_are_hidden(
    counts, displays, answered
):
    view = publish_dimension(dim(counts), {})
    assert [row.display for row in view.rows] == displays
    assert view.answered_display == answered
    for row in view.rows:
        if row.status != CellStatus.SHOWN:
            assert row.count is None and row.share is None
            assert row.share_display == NOT_SHOWN


def test_shares_are_out_of_those_who_answered():
    view = publish_dimension(dim([10, 30], prefer_not=7), {})
    assert [row.share_display for row in view.rows] == ["25%", "75%"]
    assert view.prefer_not_display == "7"


@pytest.mark.parametrize(
    ("prefer_not", "shown"), [(0, FEWER_THAN_5), (3, FEWER_THAN_5)]
)
def test_prefer_not_to_say_is_suppressed_too(prefer_not, shown):
    assert (
        publish_dimension(dim([10, 30], prefer_not=prefer_not), {}).prefer_not_display
        == shown
    )


def test_a_question_without_prefer_not_to_say_shows_no_such_row():
    assert publish_dimension(dim([10, 30]), {}).prefer_not_display is None


# counts (group A is the one judged), expected % for A, flag for A.
@pytest.mark.parametrize(
    ("counts", "percent", "flag"),
    [
        ([10, 90], "20", Flag.UNDER_HEARD),  # 10 of an expected 20
        ([17, 83], "20", Flag.HEARD),
        ([16, 84], "20", Flag.HEARD),  # exactly 8 in 10 of 20 is not below
        ([15, 85], "20", Flag.UNDER_HEARD),
        ([0, 100], "4", Flag.TOO_FEW_EXPECTED),  # we would expect only 4
        ([3, 97], "20", Flag.UNDER_HEARD),  # even 4 would be under 16
        ([3, 17], "30", Flag.UNDER_HEARD),  # expected 6: 4 is under 4.8
        ([3, 17], "25", Flag.CANNOT_TELL),  # expected 5: 0 is under 4, 4 is not
        ([4, 4], "50", Flag.TOO_FEW_ANSWERS),  # every group small
        ([40, 3], "50", Flag.HEARD),  # hidden: 39 to 43, bar 17.2
        ([10, 3, 8], "90", Flag.UNDER_HEARD),  # hidden: 9 to 13, bar 15.12
        ([10, 3, 8], "60", Flag.CANNOT_TELL),  # hidden: 9 to 13, bar 10.08
    ],
)
def test_under_heard_rule(counts, percent, flag):
    view = publish_dimension(dim(counts), {"a": Expected(Decimal(percent), "Census")})
    assert view.rows[0].flag == flag
    assert view.rows[0].expected_display == f"{percent}%"
    assert view.rows[1].flag == Flag.NO_REFERENCE


@pytest.mark.parametrize("percent", ["10", "20", "25", "30", "60"])
def test_a_small_groups_flag_is_the_same_whatever_its_hidden_count(percent):
    expected = {"a": Expected(Decimal(percent))}
    flags = {
        publish_dimension(dim([small, 20 - small]), expected).rows[0].flag
        for small in range(5)
    }
    assert len(flags) == 1


def test_the_summary_names_under_heard_groups_in_words():
    report = build_voices(
        took_part=120,
        dimensions=[dim([10, 90, 5], prefer_not=15)],
        expected={("age_band", "a"): Expected(Decimal(30))},
    )
    assert report.summary == (
        "120 people have taken part so far. Under-heard groups: Age band: Group A."
    )
    assert report.dimensions[0].summary.startswith(
        "105 people answered. Under-heard: Group A."
    )
    assert report.dimensions[0].rows[0].flag_words == "Under-heard"


def test_fewer_than_5_people_show_no_tables():
    report = build_voices(
        took_part=4, dimensions=[dim([4, 0])], expected={}, unlinked_findings=2
    )
    assert report.took_part is None
    assert report.took_part_display == FEWER_THAN_5
    assert report.dimensions == []
    assert report.unlinked_display == FEWER_THAN_5
    assert "Fewer than 5 people" in report.summary


# Property: nothing shown gives a small count away. For every group whose
# count is 1 to 4, there is another set of counts, as possible as the real
# one, that would publish exactly the same report with a different count for
# that group.


@st.composite
def questions(draw):
    n = draw(st.integers(1, 4))
    multi = draw(st.booleans())
    counts = draw(
        st.lists(
            st.one_of(
                st.integers(0, 6), st.sampled_from([4, 5, 6]), st.integers(0, 14)
            ),
            min_size=n,
            max_size=n,
        )
    )
    # Several answers each: at least the biggest group, at most their sum.
    answered = draw(st.integers(max(counts), sum(counts))) if multi else sum(counts)
    prefer_not = draw(st.one_of(st.none(), st.integers(0, 7)))
    no_answer = draw(st.integers(0, 5))
    expected = draw(
        st.dictionaries(
            st.sampled_from([code for code, _ in GROUPS[:n]]),
            st.decimals(0, 100, places=1),
        )
    )
    question = dim(counts, answered=answered, prefer_not=prefer_not, multi=multi)
    took_part = answered + (prefer_not or 0) + no_answer
    return question, took_part, expected


def _publish(question, took_part, expected):
    return build_voices(
        took_part=took_part,
        dimensions=[question],
        expected={("age_band", code): Expected(p) for code, p in expected.items()},
    )


def _is_possible(counts, answered, prefer_not, took_part, multi):
    if answered + (prefer_not or 0) > took_part:
        return False
    if multi:
        return max(counts) <= answered <= sum(counts)
    return answered == sum(counts)


def _other_values(question, took_part, expected, target):
    """Values of `target` (a group's index, or "prefer_not") that some
    possible input publishing the same report would have."""
    published = _publish(question, took_part, expected)
    view = published.dimensions[0] if published.dimensions else None
    true_counts = [question.counts[code] for code, _ in question.categories]
    ranges = []
    for i, count in enumerate(true_counts):
        status = view.rows[i].status if view else CellStatus.SMALL
        if status == CellStatus.SHOWN:
            ranges.append([count])
        elif status == CellStatus.SMALL:
            ranges.append(range(5))
        else:
            ranges.append(range(5, took_part + 1))
    prefer = question.prefer_not
    prefers = [prefer] if prefer is None or prefer >= 5 else range(5)
    if view is not None and view.answered is not None:
        answers = [question.answered]
    else:
        answers = range(took_part + 1)
    found = set()
    for counts in itertools.product(*ranges):
        for prefer_not in prefers:
            for answered in answers if question.multi else [sum(counts)]:
                if answered not in answers:
                    continue
                if not _is_possible(
                    counts, answered, prefer_not, took_part, question.multi
                ):
                    continue
                value = prefer_not if target == "prefer_not" else counts[target]
                if value in found:
                    continue
                candidate = DimensionCounts(
                    key=question.key,
                    label=question.label,
                    categories=question.categories,
                    counts={
                        code: n
                        for (code, _), n in zip(
                            question.categories, counts, strict=True
                        )
                    },
                    answered=answered,
                    prefer_not=prefer_not,
                    multi=question.multi,
                )
                if _publish(candidate, took_part, expected) == published:
                    found.add(value)
                    if len(found) > 1:
                        return found
    return found


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(questions())
def test_no_small_count_can_be_worked_out_from_what_is_shown(case):
    question, took_part, expected = case
    targets = [
        i
        for i, (code, _) in enumerate(question.categories)
        if 1 <= question.counts[code] <= 4
    ]
    if question.prefer_not is not None and 1 <= question.prefer_not <= 4:
        targets.append("prefer_not")
    for target in targets:
        assert len(_other_values(question, took_part, expected, target)) > 1, target


@given(questions())
def test_no_number_under_5_is_ever_shown(case):
    question, took_part, expected = case
    report = _publish(question, took_part, expected)
    numbers = [report.took_part]
    for view in report.dimensions:
        numbers.append(view.answered)
        numbers += [row.count for row in view.rows]
        shown = [row.display for row in view.rows] + [view.answered_display]
        shown += [view.prefer_not_display or FEWER_THAN_5]
        for text in shown:
            assert text in {FEWER_THAN_5, NOT_SHOWN} or int(text) >= 5
    assert all(n is None or n >= 5 for n in numbers)
