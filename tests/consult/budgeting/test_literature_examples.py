"""MES and greedy on the worked examples of equalshares.net, and what we say about them.

Source: "Explanation of the Method of Equal Shares", https://equalshares.net/explanation
(Peters and Skowron; page source docs/explanation.mdx in the GitHub repository
equalshares/equalshares.net), sections "Example 1" and "Example 2 (more
complicated)". Both give the full table: a pot of 1100 for 11 voters (a share
of 100 each), five projects with their costs, and which project every voter
approved, then each round's winner and what each supporter pays. The page
uses effective vote count (cost / largest payment), i.e. cost satisfaction,
the same as our ``mes``, and it does not complete (``completion=False``).

Example 2's page text rounds 400/7 = 42.86 left to "43", so it says the park's
two full payers pay 60.5; exact arithmetic gives 60.71 (and 39.29 rather than
39.5 left later). The winners and who pays all they have left are the same;
the tests below assert the exact cents and say where the page rounded.

The Wikipedia / electowiki "Method of Equal Shares" Example 1 (100 voters,
nine projects A to I, $1000) is not tested here: the stored copies of those
pages give only its narrative (D at $3.03, A $3.33, C $3.64, G up to $6.97,
H $10), not the table of voter groups and costs, so its data could not be
recovered exactly.
"""

import pytest

from consult.budgeting.election import Election, Project
from consult.budgeting.rules import greedy, mes

BIKE, GYM, PARK, PLAYGROUND, LIBRARY = "1", "2", "3", "4", "5"
PROJECTS = [
    Project(BIKE, "Bike path", 700),
    Project(GYM, "Outdoor gym", 400),
    Project(PARK, "New park", 250),
    Project(PLAYGROUND, "New playground", 200),
    Project(LIBRARY, "Library for kids", 100),
]
# One set per voter, left to right as in the page's table (Example 1).
EXAMPLE_1 = [
    {BIKE, GYM},
    {BIKE, GYM, PARK},
    {BIKE, GYM},
    {BIKE, GYM, PARK},
    {BIKE, GYM, PARK},
    {BIKE, GYM},
    {PARK, PLAYGROUND, LIBRARY},
    {PLAYGROUND},
    {PLAYGROUND, LIBRARY},
    {PARK, PLAYGROUND, LIBRARY},
    {BIKE},
]
# Example 2: the right-most voter approves the gym instead of the bike path.
EXAMPLE_2 = [*EXAMPLE_1[:-1], {GYM}]


def election(voters):
    ballots = [dict.fromkeys(approved, 1) for approved in voters]
    return Election.from_ballots(1100, PROJECTS, "approval", ballots)


def cents(amount):
    return round(amount, 2)


def test_the_tables_are_the_pages_vote_counts():
    for voters, counts in (
        (EXAMPLE_1, {BIKE: 7, GYM: 6, PARK: 5, PLAYGROUND: 4, LIBRARY: 3}),
        (EXAMPLE_2, {BIKE: 6, GYM: 7, PARK: 5, PLAYGROUND: 4, LIBRARY: 3}),
    ):
        outcome = mes(election(voters), completion=False)
        assert {r.id: r.votes for r in outcome.projects} == counts
        assert outcome.details["first_share_per_voter"] == 100


def test_example_1_equal_shares_buys_bike_path_playground_library():
    outcome = mes(election(EXAMPLE_1), completion=False)
    assert outcome.selected == [BIKE, PLAYGROUND, LIBRARY]
    assert outcome.spent == 1000
    # round by round, every supporter pays the same: 700/7, 200/4, 100/3
    for project_id, order, each in (
        (BIKE, 1, 100.00),
        (PLAYGROUND, 2, 50.00),
        (LIBRARY, 3, 33.33),
    ):
        paid = outcome.project(project_id).payments
        assert paid["order"] == order
        assert paid["paid_all_left"] == 0
        assert cents(paid["smallest_payment"]) == cents(paid["largest_payment"]) == each


def test_example_1_greedy_buys_the_two_sports_projects():
    outcome = greedy(election(EXAMPLE_1))
    assert outcome.selected == [BIKE, GYM]
    assert outcome.spent == 1100
    assert not outcome.project(PLAYGROUND).selected
    assert "when its turn came, £0 was left" in outcome.project(PLAYGROUND).why


@pytest.mark.parametrize(
    "project_id, share, easy_share",
    [(BIKE, "£100", "£100"), (PLAYGROUND, "£50", "£50"), (LIBRARY, "£33.33", "£33")],
)
def test_example_1_winners_say_what_each_supporter_paid(project_id, share, easy_share):
    result = mes(election(EXAMPLE_1), completion=False).project(project_id)
    assert result.why.endswith(f"each paying {share}.")
    assert f"They paid {easy_share} each." in result.why_easy_read
    assert "Each had £100 to spend." in result.why_easy_read


def test_example_1_losers_say_how_far_short_their_supporters_were():
    outcome = mes(election(EXAMPLE_1), completion=False)
    gym = outcome.project(GYM)
    # all six gym voters spent their whole 100 on the bike path
    assert cents(gym.payments["money_left"]) == 0
    assert "had £0 left between them, £400 short of its cost of £400" in gym.why
    assert "They were £400 short." in gym.why_easy_read
    assert '"Bike path" (option 1)' in gym.why
    park = outcome.project(PARK)
    # only voters 7 and 10 have money left: 100 - 50 - 33.33 each
    assert cents(park.payments["money_left"]) == 33.33
    assert cents(park.payments["short_by"]) == 216.67
    assert "£33.33 left between them, £217 short of its cost of £250" in park.why
    assert "They were £217 short." in park.why_easy_read


def test_example_2_equal_shares_buys_gym_park_playground():
    outcome = mes(election(EXAMPLE_2), completion=False)
    assert outcome.selected == [GYM, PARK, PLAYGROUND]
    assert outcome.spent == 850
    gym = outcome.project(GYM).payments
    assert gym["paid_all_left"] == 0
    assert cents(gym["largest_payment"]) == 57.14  # 400/7, as on the page
    # park: the three gym voters pay all they have left (page: "43"), the
    # other two split the rest (page: 60.5, from the rounded 43)
    park = outcome.project(PARK).payments
    assert (park["paid_all_left"], park["paid_full_share"]) == (3, 2)
    assert cents(park["smallest_payment"]) == 42.86
    assert cents(park["largest_payment"]) == 60.71
    # playground: voters 7 and 10 pay all they have left (page: 39.5), the
    # other two pay the rest equally (page: 60.5)
    playground = outcome.project(PLAYGROUND).payments
    assert (playground["paid_all_left"], playground["paid_full_share"]) == (2, 2)
    assert cents(playground["smallest_payment"]) == 39.29
    assert cents(playground["largest_payment"]) == 60.71
    # the page's effective vote counts: park 250/60.71 beats playground 200/50
    assert 250 / park["largest_payment"] > 200 / 50
    assert 200 / playground["largest_payment"] > 100 / (100 / 3)


def test_example_2_greedy_buys_gym_then_bike_path():
    outcome = greedy(election(EXAMPLE_2))
    assert outcome.selected == [GYM, BIKE]
    assert outcome.spent == 1100


def test_example_2_explanations_give_both_payments_and_the_shortfall():
    outcome = mes(election(EXAMPLE_2), completion=False)
    park = outcome.project(PARK)
    assert park.why == (
        "Funded (2nd bought): paid for by its 5 people: 2 paid £60.71; "
        "3 had less left and paid all of it (from £42.86)."
    )
    assert "5 people chose this idea." in park.why_easy_read
    bike = outcome.project(BIKE)
    # at the end only voters 1, 3 and 6 have money left, 100 - 57.14 each (the
    # page checks it after round 1, when all six had 6 x 42.86: still short)
    assert cents(bike.payments["money_left"]) == 128.57
    assert "£129 left between them, £571 short of its cost of £700" in bike.why
    assert "They were £571 short." in bike.why_easy_read
    library = outcome.project(LIBRARY)
    # only voter 9 has money left: 100 - 60.71
    assert "£39.29 left between them, £60.71 short of its cost of £100" in library.why
    assert "They were £61 short." in library.why_easy_read
    assert '"New playground" (option 4)' in library.why
    assert 'They helped pay for "New playground" instead.' in library.why_easy_read
