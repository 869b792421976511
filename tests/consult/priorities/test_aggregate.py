"""Counting priority ballots: worked examples, properties, and the reference
libraries (abcvoting, pref_voting) as oracles. The oracles are test-only
dependencies, imported inside the tests that use them."""

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consult.priorities.aggregate import (
    PAV_EXACT,
    PAV_SEQUENTIAL,
    aggregate,
    approve,
    display_number,
    pav_score,
    rank,
    rate,
)

ORACLE = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def expand(groups):
    """[(count, ballot), ...] -> the list of ballots."""
    return [ballot for count, ballot in groups for _ in range(count)]


def ranking(*options):
    return {option: p for p, option in enumerate(options, start=1)}


# Rating: worked examples


@pytest.mark.parametrize(
    ("ballots", "expected"),
    [
        # (ballots, {option: (count, total, mean, distribution)})
        (
            [{1: 5, 2: 1}, {1: 4, 2: 2}, {1: 5}],
            {
                1: (3, 14, Fraction(14, 3), (0, 0, 0, 1, 2)),
                2: (2, 3, Fraction(3, 2), (1, 1, 0, 0, 0)),
            },
        ),
        ([], {1: (0, 0, None, (0,) * 5), 2: (0, 0, None, (0,) * 5)}),
        (
            [{2: 3}, {2: 3}],
            {1: (0, 0, None, (0,) * 5), 2: (2, 6, Fraction(3), (0, 0, 2, 0, 0))},
        ),
    ],
)
def test_rating_counts_means_and_distribution(ballots, expected):
    result = rate(ballots, [1, 2])
    assert result.ballots == len(ballots)
    got = {r.option: (r.count, r.total, r.mean, r.distribution) for r in result.rows}
    assert got == expected


def test_rating_orders_by_mean_and_unrated_changes_come_last():
    result = rate([{3: 4, 2: 5}, {3: 4, 2: 2}], [1, 2, 3])
    assert [r.option for r in result.rows] == [3, 2, 1]
    assert [r.place for r in result.rows] == [1, 2, 3]
    assert result.rows[-1].mean is None


def test_rating_ties_share_a_place_and_are_listed_by_change_number():
    # Options 30 and 10 both average 4; 10 comes first in change order.
    result = rate([{30: 5, 10: 4, 20: 1}, {30: 3, 10: 4, 20: 2}], [10, 20, 30])
    assert [(r.option, r.place) for r in result.rows] == [(10, 1), (30, 1), (20, 3)]
    # The tie-break follows the order of ``options``, not the ids.
    result = rate([{30: 5, 10: 4}, {30: 3, 10: 4}], [30, 10])
    assert [r.option for r in result.rows] == [30, 10]


def test_mean_is_rounded_half_up_only_for_display():
    row = rate([{1: 3}, {1: 4}, {1: 3}, {1: 3}], [1]).rows[0]
    assert row.mean == Fraction(13, 4)
    assert str(row.mean_display) == "3.3"
    assert str(display_number(Fraction(1, 3))) == "0.3"
    assert str(display_number(7)) == "7.0"
    assert display_number(None) is None


@pytest.mark.parametrize("bad", [{1: 0}, {1: 6}, {1: True}, {9: 3}, {1: "5"}])
def test_rating_refuses_values_outside_one_to_five_and_unknown_changes(bad):
    with pytest.raises(ValueError):
        rate([bad], [1, 2])


# Approval: worked examples


def test_approval_counts_and_shares():
    result = approve([{1: 1, 2: 1}, {2: 1}, {}, {3: 1, 2: 1}], [1, 2, 3])
    assert [(r.option, r.count, r.share, r.place) for r in result.rows] == [
        (2, 3, Fraction(3, 4), 1),
        (1, 1, Fraction(1, 4), 2),
        (3, 1, Fraction(1, 4), 2),
    ]
    assert result.committee is None


def test_pav_does_not_give_every_place_to_the_largest_group():
    # 6 people choose changes 1, 2 and 3; 4 people choose change 4 only.
    # Plain counts take 1, 2, 3 forward; PAV gives the 4 a voice:
    # {1,2,4}: 6*(1+1/2) + 4 = 13 beats {1,2,3}: 6*(1+1/2+1/3) = 11.
    ballots = expand([(6, {1: 1, 2: 1, 3: 1}), (4, {4: 1})])
    committee = approve(ballots, [1, 2, 3, 4], committee_size=3).committee
    assert committee.by_count == (1, 2, 3)
    assert committee.chosen == (1, 2, 4)
    assert committee.score == 13
    assert committee.method == PAV_EXACT
    # {1,3,4} and {2,3,4} score the same: the tie-break took the first by number.
    assert committee.tied_with == ((1, 3, 4), (2, 3, 4))


def test_pav_tie_break_is_by_change_number_order():
    ballots = [{1: 1}, {2: 1}, {3: 1}]
    assert approve(ballots, [1, 2, 3], committee_size=2).committee.chosen == (1, 2)
    assert approve(ballots, [3, 2, 1], committee_size=2).committee.chosen == (3, 2)


def test_sequential_pav_is_used_and_named_above_the_exact_limit():
    ballots = expand([(6, {1: 1, 2: 1, 3: 1}), (4, {4: 1})])
    committee = approve(
        ballots, [1, 2, 3, 4], committee_size=3, exact_limit=3
    ).committee
    assert committee.method == PAV_SEQUENTIAL
    # seq-PAV: 1 (6), then 4 (4 > 6/2), then 2 (6/2 = 3 > 0), ties by number.
    assert committee.chosen == (1, 2, 4)
    assert committee.score == pav_score(ballots, (1, 2, 4))


@pytest.mark.parametrize("bad", [{1: 2}, {1: 0}, {7: 1}])
def test_approval_refuses_anything_but_one(bad):
    with pytest.raises(ValueError):
        approve([bad], [1, 2])


def test_committee_size_must_fit():
    with pytest.raises(ValueError):
        approve([{1: 1}], [1, 2], committee_size=3)


# Ranking: worked examples

WIKIPEDIA_SCHULZE = [
    (5, "ACBED"),
    (5, "ADECB"),
    (8, "BEDAC"),
    (3, "CABED"),
    (7, "CAEBD"),
    (2, "CBADE"),
    (7, "DCEBA"),
    (8, "EBADC"),
]


def test_schulze_wikipedia_example_with_45_voters():
    """https://en.wikipedia.org/wiki/Schulze_method#Example"""
    ballots = expand([(n, ranking(*order)) for n, order in WIKIPEDIA_SCHULZE])
    result = rank(ballots, list("ABCDE"))
    assert result.ballots == 45
    d = result.pairwise
    assert [[d[a][b] for b in "ABCDE" if b != a] for a in "ABCDE"] == [
        [20, 26, 30, 22],
        [25, 16, 33, 18],
        [19, 29, 17, 24],
        [15, 12, 28, 14],
        [23, 27, 21, 31],
    ]
    p = result.strongest_paths
    assert [[p[a][b] for b in "ABCDE" if b != a] for a in "ABCDE"] == [
        [28, 28, 30, 24],
        [25, 28, 33, 24],
        [25, 29, 29, 24],
        [25, 28, 28, 24],
        [25, 28, 28, 31],
    ]
    assert result.schulze_order == tuple("EACBD")
    assert result.schulze_winners == ("E",)
    # No Condorcet winner: E, the Schulze winner, loses to C one-to-one (21-24).
    assert result.condorcet_winner is None


TENNESSEE = [
    (42, ("Memphis", "Nashville", "Chattanooga", "Knoxville")),
    (26, ("Nashville", "Chattanooga", "Knoxville", "Memphis")),
    (15, ("Chattanooga", "Knoxville", "Nashville", "Memphis")),
    (17, ("Knoxville", "Chattanooga", "Nashville", "Memphis")),
]
CITIES = ["Memphis", "Nashville", "Chattanooga", "Knoxville"]


def test_borda_copeland_and_schulze_on_the_tennessee_example():
    """https://en.wikipedia.org/wiki/Borda_count (Tennessee capital)."""
    result = rank(expand([(n, ranking(*o)) for n, o in TENNESSEE]), CITIES)
    rows = {r.option: r for r in result.rows}
    assert {c: rows[c].borda for c in CITIES} == {
        "Memphis": 126,
        "Nashville": 194,
        "Chattanooga": 173,
        "Knoxville": 107,
    }
    assert [r.option for r in result.rows] == [
        "Nashville",
        "Chattanooga",
        "Memphis",
        "Knoxville",
    ]
    assert {c: rows[c].copeland for c in CITIES} == {
        "Nashville": 3,
        "Chattanooga": 1,
        "Knoxville": -1,
        "Memphis": -3,
    }
    assert result.condorcet_winner == "Nashville"
    assert result.schulze_order == ("Nashville", "Chattanooga", "Knoxville", "Memphis")
    assert rows["Memphis"].first == 42
    assert rows["Memphis"].ranked == 100


def test_borda_unranked_changes_share_the_points_left_over():
    # 4 changes. Ranking only A: A gets 3; B, C, D share 2+1+0 = 1 each.
    result = rank([{"A": 1}], list("ABCD"))
    assert {r.option: r.borda for r in result.rows} == {
        "A": 3,
        "B": 1,
        "C": 1,
        "D": 1,
    }
    # Ranking A then B: 3 and 2; C and D share 1+0, a half each.
    result = rank([{"A": 1, "B": 2}], list("ABCD"))
    assert {r.option: r.borda for r in result.rows} == {
        "A": 3,
        "B": 2,
        "C": Fraction(1, 2),
        "D": Fraction(1, 2),
    }
    assert str(result.rows[-1].borda_display) == "0.5"


def test_every_ranking_ballot_hands_out_the_same_points():
    ballots = [{"A": 1}, {"B": 1, "C": 2}, ranking("D", "C", "B", "A"), {}]
    result = rank(ballots, list("ABCD"))
    assert sum(r.borda for r in result.rows) == 4 * 6


def test_positions_are_read_as_an_order():
    assert rank([{"A": 1, "B": 5}], list("AB")) == rank([{"A": 1, "B": 2}], list("AB"))


def test_unranked_changes_are_not_compared_with_each_other():
    d = rank([{"A": 1}], list("ABC")).pairwise
    assert d["A"] == {"B": 1, "C": 1}
    assert d["B"] == {"A": 0, "C": 0}


def test_ranking_ties_share_a_place_and_are_listed_by_change_number():
    result = rank([ranking("B", "A"), ranking("A", "B")], ["B", "A"])
    assert [(r.option, r.place, r.schulze_place) for r in result.rows] == [
        ("B", 1, 1),
        ("A", 1, 1),
    ]
    assert result.schulze_order == ("B", "A")
    assert result.condorcet_winner is None


@pytest.mark.parametrize("bad", [{"A": 1, "B": 1}, {"A": 0}, {"Z": 1}, {"A": 1.5}])
def test_ranking_refuses_shared_or_invalid_positions(bad):
    with pytest.raises(ValueError):
        rank([bad], list("AB"))


def test_aggregate_dispatches_by_method_and_refuses_unknown_ones():
    assert aggregate("rate", [{1: 2}], [1]).method == "rate"
    assert aggregate("approve", [{1: 1}], [1], committee_size=1).committee
    assert aggregate("rank", [{1: 1}], [1]).method == "rank"
    with pytest.raises(ValueError):
        aggregate("score", [], [1])


# Properties

OPTIONS = [11, 12, 13, 14, 15]


def ratings():
    return st.dictionaries(st.sampled_from(OPTIONS), st.integers(1, 5))


def approvals():
    return st.sets(st.sampled_from(OPTIONS)).map(lambda s: dict.fromkeys(s, 1))


def rankings():
    return st.permutations(OPTIONS).flatmap(
        lambda order: st.integers(0, len(order)).map(lambda k: ranking(*order[:k]))
    )


def ballots_and_shuffle(ballot):
    return st.lists(ballot, max_size=30).flatmap(
        lambda bs: st.tuples(st.just(bs), st.permutations(bs))
    )


@given(ballots_and_shuffle(ratings()))
def test_rating_does_not_depend_on_ballot_order(pair):
    ballots, shuffled = pair
    assert rate(ballots, OPTIONS) == rate(shuffled, OPTIONS)


@given(ballots_and_shuffle(approvals()))
def test_approval_does_not_depend_on_ballot_order(pair):
    ballots, shuffled = pair
    assert approve(ballots, OPTIONS, committee_size=2) == approve(
        shuffled, OPTIONS, committee_size=2
    )


@given(ballots_and_shuffle(rankings()))
def test_ranking_does_not_depend_on_ballot_order(pair):
    ballots, shuffled = pair
    assert rank(ballots, OPTIONS) == rank(shuffled, OPTIONS)


@given(st.lists(ratings(), max_size=20), ratings())
def test_one_more_rating_changes_each_count_by_at_most_one(ballots, extra):
    before = {r.option: r for r in rate(ballots, OPTIONS).rows}
    after = rate([*ballots, extra], OPTIONS)
    assert after.ballots == len(ballots) + 1
    for row in after.rows:
        old = before[row.option]
        assert 0 <= row.count - old.count <= 1
        changes = [
            a - b for a, b in zip(row.distribution, old.distribution, strict=True)
        ]
        assert all(c in (0, 1) for c in changes) and sum(changes) <= 1
        assert 0 <= row.total - old.total <= 5


@given(st.lists(approvals(), max_size=20), approvals())
def test_one_more_approval_changes_each_count_by_at_most_one(ballots, extra):
    before = {r.option: r.count for r in approve(ballots, OPTIONS).rows}
    after = {r.option: r.count for r in approve([*ballots, extra], OPTIONS).rows}
    assert all(after[o] - before[o] in (0, 1) for o in OPTIONS)
    assert sum(after.values()) - sum(before.values()) == len(extra)


@given(st.lists(rankings(), max_size=20), rankings())
def test_one_more_ranking_changes_each_count_by_at_most_one(ballots, extra):
    before = rank(ballots, OPTIONS)
    after = rank([*ballots, extra], OPTIONS)
    for a in OPTIONS:
        for b in OPTIONS:
            if a != b:
                assert after.pairwise[a][b] - before.pairwise[a][b] in (0, 1)
    old = {r.option: r for r in before.rows}
    for row in after.rows:
        assert row.first - old[row.option].first in (0, 1)
        assert row.ranked - old[row.option].ranked in (0, 1)
        # One ballot gives a change between 0 and m - 1 Borda points.
        assert 0 <= row.borda - old[row.option].borda <= len(OPTIONS) - 1


@given(st.lists(rankings(), max_size=25))
def test_schulze_places_agree_with_the_beats_relation(ballots):
    result = rank(ballots, OPTIONS)
    p = result.strongest_paths
    places = {r.option: r.schulze_place for r in result.rows}
    for a in OPTIONS:
        for b in OPTIONS:
            if a != b and p[a][b] > p[b][a]:
                assert places[a] < places[b]
    # A Condorcet winner, when there is one, is the only Schulze winner.
    if result.condorcet_winner is not None:
        assert result.schulze_winners == (result.condorcet_winner,)


# Oracles: abcvoting and pref_voting (test-only dependencies)


@ORACLE
@given(
    st.integers(2, 6).flatmap(
        lambda m: st.tuples(
            st.just(m),
            st.integers(1, m),
            st.lists(st.sets(st.integers(0, m - 1)), min_size=1, max_size=12),
        )
    )
)
def test_pav_finds_the_same_committees_as_abcvoting(case):
    from abcvoting import abcrules
    from abcvoting.preferences import Profile

    m, size, sets = case
    profile = Profile(num_cand=m)
    profile.add_voters([sorted(s) for s in sets])
    expected = {
        tuple(sorted(c))
        for c in abcrules.compute_pav(
            profile, size, algorithm="brute-force", max_num_of_committees=None
        )
    }
    committee = approve(
        [dict.fromkeys(s, 1) for s in sets], list(range(m)), committee_size=size
    ).committee
    assert {committee.chosen, *committee.tied_with} == expected
    assert committee.chosen == min(expected)
    assert committee.score == pav_score(sets, committee.chosen)


@ORACLE
@given(
    st.integers(2, 6).flatmap(
        lambda m: st.tuples(
            st.just(m),
            st.integers(1, m),
            st.lists(st.sets(st.integers(0, m - 1)), min_size=1, max_size=12),
        )
    )
)
def test_sequential_pav_is_one_of_abcvoting_seqpav_committees(case):
    from abcvoting import abcrules
    from abcvoting.preferences import Profile

    m, size, sets = case
    profile = Profile(num_cand=m)
    profile.add_voters([sorted(s) for s in sets])
    expected = {
        tuple(sorted(c))
        for c in abcrules.compute_seqpav(
            profile, size, resolute=False, max_num_of_committees=None
        )
    }
    committee = approve(
        [dict.fromkeys(s, 1) for s in sets],
        list(range(m)),
        committee_size=size,
        exact_limit=0,
    ).committee
    assert committee.method == PAV_SEQUENTIAL
    assert committee.chosen in expected


def linear_profiles():
    return st.integers(2, 6).flatmap(
        lambda m: st.tuples(
            st.just(m),
            st.lists(st.permutations(range(m)), min_size=1, max_size=15),
        )
    )


@ORACLE
@given(linear_profiles())
def test_borda_copeland_and_schulze_agree_with_pref_voting(case):
    from pref_voting.c1_methods import copeland
    from pref_voting.margin_based_methods import beat_path, beat_path_defeat
    from pref_voting.profiles import Profile
    from pref_voting.scoring_methods import borda

    m, orders = case
    profile = Profile([list(o) for o in orders])
    result = rank([ranking(*o) for o in orders], list(range(m)))
    rows = {r.option: r for r in result.rows}
    assert {c: rows[c].borda for c in range(m)} == profile.borda_scores()
    assert {c: rows[c].copeland for c in range(m)} == profile.copeland_scores()
    top = [r.option for r in result.rows if r.place == 1]
    assert sorted(top) == borda(profile)
    assert sorted(
        c for c in range(m) if rows[c].copeland == max(rows[x].copeland for x in rows)
    ) == copeland(profile)
    assert sorted(result.schulze_winners) == beat_path(profile)
    defeats = beat_path_defeat(profile)
    assert {
        (a, b)
        for a in range(m)
        for b in range(m)
        if a != b and result.strongest_paths[a][b] > result.strongest_paths[b][a]
    } == set(defeats.edges)


@ORACLE
@given(
    st.integers(2, 6).flatmap(
        lambda m: st.tuples(
            st.just(m),
            st.lists(
                st.permutations(range(m)).flatmap(
                    lambda o: st.integers(1, len(o)).map(lambda k: o[:k])
                ),
                min_size=1,
                max_size=15,
            ),
        )
    )
)
def test_partial_borda_is_pref_voting_symmetric_borda_with_unranked_at_the_bottom(
    case,
):
    """Averaged Borda = ((m - 1) * ballots + symmetric Borda) / 2, exactly."""
    from pref_voting.profiles_with_ties import ProfileWithTies
    from pref_voting.scoring_methods import symmetric_borda_scores

    m, orders = case
    profile = ProfileWithTies(
        [{c: p for p, c in enumerate(o)} for o in orders], candidates=list(range(m))
    )
    symmetric = symmetric_borda_scores(profile)
    result = rank([ranking(*o) for o in orders], list(range(m)))
    for row in result.rows:
        assert row.borda == Fraction((m - 1) * len(orders) + symmetric[row.option], 2)
