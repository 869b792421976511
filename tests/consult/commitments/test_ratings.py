"""The inquiry group's ratings added up for the public: each person once per
commitment, and no hidden count can be worked out from what is shown."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consult.commitments.ratings import (
    NO,
    PARTLY,
    VALUES,
    YES,
    Rated,
    Tally,
    publish,
    publish_combined,
    tally,
    verdicts,
)
from consult.voices import FEWER_THAN_5, NOT_SHOWN


def _displays(shown) -> tuple[str, ...]:
    return tuple(cell.display for cell in shown.cells)


@pytest.mark.parametrize(
    ("counts", "people", "cells"),
    [
        (Tally(0, 0, 0), "0", ("0", "0", "0")),
        (Tally(1, 0, 0), FEWER_THAN_5, (FEWER_THAN_5,) * 3),
        (Tally(2, 1, 1), FEWER_THAN_5, (FEWER_THAN_5,) * 3),
        (Tally(5, 5, 5), "15", ("5", "5", "5")),
        (Tally(9, 6, 5), "20", ("9", "6", "5")),
        # One answer under 5: the total is only a lower bound.
        (Tally(10, 6, 2), "16 or more", ("10", "6", FEWER_THAN_5)),
        (Tally(10, 0, 0), "10 or more", ("10", FEWER_THAN_5, FEWER_THAN_5)),
        (Tally(3, 2, 0), "5 or more", (FEWER_THAN_5,) * 3),
        (Tally(4, 4, 4), "5 or more", (FEWER_THAN_5,) * 3),
        (Tally(0, 0, 7), "7 or more", (FEWER_THAN_5, FEWER_THAN_5, "7")),
    ],
)
def test_publish_shows_and_hides(counts, people, cells) -> None:
    shown = publish(counts)
    assert shown.people_display == people
    assert _displays(shown) == cells


def test_nobody_and_few_say_so_in_words() -> None:
    assert publish(Tally()).summary == "Nobody in the inquiry group has rated this yet."
    assert "Fewer than 5 people" in publish(Tally(0, 3, 0)).summary
    words = publish(Tally(10, 6, 2)).summary
    assert words.startswith("16 or more people")
    assert "No: fewer than 5" in words
    assert "Numbers under 5 are not shown." in words


def test_tally_refuses_an_unknown_answer() -> None:
    assert tally([YES, NO, NO, PARTLY]) == Tally(1, 1, 2)
    with pytest.raises(ValueError, match="maybe"):
        tally([YES, "maybe"])


def _rated(commitment: int, person: int, order: tuple[int, int], value: str):
    return Rated(commitment, person, order, value)


def test_each_person_counts_once_by_the_latest_update_they_rated() -> None:
    facts = [
        _rated(1, 10, (100, 1), NO),
        _rated(1, 10, (200, 2), YES),  # changed their mind on the later update
        _rated(1, 11, (100, 1), PARTLY),
        _rated(1, 12, (200, 2), NO),
        _rated(2, 10, (150, 3), NO),  # another commitment: counted there
    ]
    assert verdicts(facts) == {1: Tally(1, 1, 1), 2: Tally(0, 0, 1)}


def test_same_day_updates_are_ordered_by_id() -> None:
    facts = [_rated(1, 10, (100, 7), YES), _rated(1, 10, (100, 3), NO)]
    assert verdicts(facts) == {1: Tally(1, 0, 0)}
    assert verdicts(reversed(facts)) == {1: Tally(1, 0, 0)}


def test_a_change_with_one_rated_commitment_shows_what_it_shows() -> None:
    alone = publish(Tally(10, 6, 2))
    assert publish_combined([alone, publish(Tally())]) == alone


def test_a_change_adds_up_only_what_its_commitments_show() -> None:
    combined = publish_combined(
        [publish(Tally(10, 6, 5)), publish(Tally(7, 1, 5)), publish(Tally(2, 0, 0))]
    )
    # Yes: 10 and 7 are shown but the third commitment's is hidden.
    assert _displays(combined) == ("17 or more", "6 or more", "10 or more")
    assert combined.total is None
    # 21 exact, 12 or more (7 + 5 shown), 1 or more (fewer than 5)
    assert combined.people_display == "34 or more"


def test_a_change_whose_commitments_show_everything_is_exact() -> None:
    combined = publish_combined([publish(Tally(5, 5, 5)), publish(Tally(9, 6, 5))])
    assert _displays(combined) == ("14", "11", "10")
    assert combined.people_display == "35"


def test_a_change_of_small_commitments_shows_no_answer() -> None:
    combined = publish_combined([publish(Tally(3, 0, 0)), publish(Tally(0, 4, 0))])
    assert _displays(combined) == (NOT_SHOWN,) * 3
    assert not combined.few  # 2 to 8 people: it cannot say "fewer than 5"


# --- property tests -------------------------------------------------------------

counts = st.integers(min_value=0, max_value=30)
tallies = st.builds(Tally, counts, counts, counts)


def _same_look(counts: Tally) -> list[Tally]:
    """Every tally within 4 of this one, per answer, that shows the same."""
    looks = publish(counts)
    found = []
    for delta in itertools.product(range(-4, 5), repeat=3):
        other = Tally(
            *(max(0, counts.count(v) + d) for v, d in zip(VALUES, delta, strict=True))
        )
        if publish(other) == looks:
            found.append(other)
    return found


@settings(max_examples=150, deadline=None)
@given(tallies)
def test_no_hidden_count_can_be_worked_out(counts: Tally) -> None:
    """For each answer not shown exactly, another tally that looks the same
    on the page has a different count for it."""
    shown = publish(counts)
    twins = _same_look(counts)
    for cell in shown.cells:
        if cell.count is None:
            assert {t.count(cell.value) for t in twins} != {counts.count(cell.value)}
    if shown.total is None and not shown.nobody:
        assert len({t.total for t in twins}) > 1


@settings(max_examples=150, deadline=None)
@given(tallies)
def test_what_is_shown_is_true(counts: Tally) -> None:
    shown = publish(counts)
    for cell in shown.cells:
        if cell.count is not None:
            assert cell.count == counts.count(cell.value) >= (0 if shown.nobody else 5)
        elif cell.display == FEWER_THAN_5:
            assert counts.count(cell.value) < 5
    assert shown.at_least <= counts.total
    if shown.total is not None:
        assert shown.total == counts.total


@st.composite
def look_alikes(draw):
    """Commitment tallies, and others that each look the same on the page."""
    parts = draw(st.lists(tallies, min_size=1, max_size=4))
    others = []
    for part in parts:
        twins = _same_look(part)
        others.append(draw(st.sampled_from(twins)))
    return parts, others


@settings(max_examples=80, deadline=None)
@given(look_alikes())
def test_a_change_gives_away_nothing_its_commitments_hide(pair) -> None:
    """A change's figures depend only on what its commitments show: swap in
    commitments that look the same and the change looks the same."""
    parts, others = pair
    assert publish_combined([publish(p) for p in parts]) == publish_combined(
        [publish(o) for o in others]
    )


@settings(max_examples=80, deadline=None)
@given(st.lists(tallies, min_size=1, max_size=4))
def test_a_change_never_shows_more_than_is_true(parts) -> None:
    combined = publish_combined([publish(p) for p in parts])
    real = sum(parts, Tally())
    assert combined.at_least <= real.total
    for cell in combined.cells:
        if cell.count is not None:
            assert cell.count == real.count(cell.value)
        elif cell.display.endswith(" or more"):
            assert int(cell.display.split()[0]) <= real.count(cell.value)
