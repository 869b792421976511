"""Why each option won or lost, checked on worked examples with hand-worked figures."""

import pytest
from pabutools.rules import method_of_equal_shares

from consult.budgeting.election import Election, Project
from consult.budgeting.explain import easy_money, money, money_pair
from consult.budgeting.rules import TIE_RULE, greedy, mes, tie_key
from tests.consult.budgeting.pabutools_oracle import setup


def test_money_reads_like_a_results_page():
    assert money(45_000) == "£45,000"
    assert money(400_000) == "£0.4m"
    assert money(2_400_000) == "£2.4m"
    assert money(12.5) == "£12.50"
    assert money_pair(450_000, 460_000) == ("£0.45m", "£0.46m")
    assert easy_money(2_000_000) == "£2 million"
    assert easy_money(412_000) == "£412,000"
    assert easy_money(412_345) == "about £412,000"


def fifth_in_line():
    """Votes 9, 8, 7, 6, 5: the first four spend £0.6m of £1m, the fifth costs £0.6m."""
    costs = [100_000, 200_000, 200_000, 100_000, 600_000]
    projects = [Project(str(i + 1), f"Option {i + 1}", c) for i, c in enumerate(costs)]
    ballots = [{str(i + 1): 1 for i in range(5) if voter < 9 - i} for voter in range(9)]
    return Election.from_ballots(1_000_000, projects, "approval", ballots)


def test_greedy_says_its_place_and_what_was_left():
    outcome = greedy(fifth_in_line())
    result = outcome.project("5")
    assert not result.selected
    assert result.why == (
        "Not funded: the 5th most votes (5 votes); when its turn came, "
        "£0.4m was left and it cost £0.6m."
    )
    assert "5th most votes" in result.why_easy_read
    assert "£400,000 was left" in result.why_easy_read
    assert outcome.project("1").why.startswith("Funded: the most votes (9 votes)")


def test_greedy_tie_is_broken_by_the_stated_rule_and_said():
    projects = [
        Project("10", "Ten", 50),
        Project("9", "Nine", 50),
        Project("3", "Three", 60),
    ]
    # all three have 2 votes; "9" and "10" cost the same: natural order puts 9 first
    ballots = [{"10": 1, "9": 1, "3": 1}, {"10": 1, "9": 1, "3": 1}]
    outcome = greedy(Election.from_ballots(100, projects, "approval", ballots))
    assert outcome.selected == ["9", "10"]
    assert "Ties go to the option more people voted for" in outcome.project("3").why
    assert "cheaper" in TIE_RULE
    assert tie_key(5, 10, "9") < tie_key(5, 10, "10") < tie_key(5, 11, "1")
    assert tie_key(6, 99, "99") < tie_key(5, 1, "1")


def equal_shares_example():
    """10 voters, £1m, so £100,000 each. A (£600,000) has voters 1-6, B (£400,000)
    voters 7-10, C (£300,000) voters 1-3. A costs 1/6 per unit of satisfaction,
    B 1/4, C 1/3: A is bought by 6 people paying £100,000 each, B by 4, and C's
    3 supporters have nothing left, £300,000 short, having paid for A."""
    projects = [
        Project("1", "A", 600_000),
        Project("2", "B", 400_000),
        Project("3", "C", 300_000),
    ]
    ballots = [{"1": 1, "3": 1}] * 3 + [{"1": 1}] * 3 + [{"2": 1}] * 4
    return Election.from_ballots(1_000_000, projects, "approval", ballots)


def test_mes_says_who_paid_and_how_much():
    outcome = mes(equal_shares_example(), completion=False)
    assert outcome.selected == ["1", "2"]
    a = outcome.project("1")
    assert a.payments["paid_full_share"] == 6
    assert a.payments["price_per_point"] == pytest.approx(100_000)
    assert a.why == "Funded (1st bought): paid for by its 6 people, each paying £0.1m."
    assert "6 people chose this idea" in a.why_easy_read
    assert "They paid about £100,000 each" not in a.why_easy_read
    assert "They paid £100,000 each." in a.why_easy_read


def test_mes_says_how_far_a_loser_fell_short_and_what_its_supporters_funded():
    outcome = mes(equal_shares_example(), completion=False)
    c = outcome.project("3")
    assert c.payments["short_by"] == pytest.approx(300_000)
    assert c.payments["funded_instead"] == "1"
    assert c.why == (
        "Not funded: its 3 people had £0 left between them, £0.3m short of its "
        'cost of £0.3m. They had helped pay for "A" (option 1) instead '
        "(£0.3m of their money)."
    )
    assert "They were £300,000 short." in c.why_easy_read
    assert 'They helped pay for "A" instead.' in c.why_easy_read
    assert "(" not in c.why_easy_read


def test_mes_payments_match_pabutools_details():
    """pabutools' own analytics (budgets before and after each purchase) give the
    same payers and amounts as our summaries."""
    election = Election.from_ballots(
        90,
        [Project("1", "", 40), Project("2", "", 30), Project("3", "", 45)],
        "approval",
        [
            {"1": 1, "2": 1},
            {"1": 1},
            {"2": 1, "3": 1},
            {"3": 1},
            {"1": 1, "3": 1},
            {"2": 1},
        ],
    )
    ours = mes(election, completion=False)
    instance, profile, tie, sat, _ = setup(election)
    theirs = method_of_equal_shares(
        instance, profile, sat_class=sat, tie_breaking=tie, analytics=True
    )
    iterations = [it for it in theirs.details.iterations if it.selected_project]
    assert [it.selected_project.name for it in iterations] == ours.selected
    for it in iterations:
        paid = [
            b - a
            for b, a in zip(
                it.voters_budget, it.voters_budget_after_selection, strict=True
            )
        ]
        result = ours.project(it.selected_project.name)
        assert sum(paid) == pytest.approx(result.payments["total"])
        assert max(paid) == pytest.approx(result.payments["largest_payment"])
        emptied = sum(
            1
            for b, a in zip(
                it.voters_budget, it.voters_budget_after_selection, strict=True
            )
            if b > a and a == 0
        )
        assert emptied >= result.payments["paid_all_left"]


def test_easy_read_sentences_are_short():
    for outcome in (
        greedy(fifth_in_line()),
        mes(equal_shares_example(), completion=False),
    ):
        for result in outcome.projects:
            for sentence in result.why_easy_read.replace("?", ".").split(". "):
                assert len(sentence.split()) <= 15, sentence
                assert "%" not in sentence
