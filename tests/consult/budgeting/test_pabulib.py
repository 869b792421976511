"""Reading and writing pabulib files: errors name the line; round trips keep all."""

from pathlib import Path

import pytest
from pabutools.election.pabulib import parse_pabulib_from_string

from consult.budgeting.election import Election, Project
from consult.budgeting.pabulib import PabulibError, parse, write
from consult.budgeting.rules import greedy, mes

DATA = Path(__file__).resolve().parents[2] / "data"
SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "pabulib"

GOOD = """META
key;value
description;"Test; with a semicolon"
num_projects;3
num_votes;3
budget;100
vote_type;{vote_type}
PROJECTS
project_id;cost;name
1;60;"Shared Lives; step-down"
2;40;Homeshare
10;30;Community circles
VOTES
voter_id;vote;points
a;1,2;{p1}
b;10;{p2}
c;2,10;{p3}
"""


def good(vote_type="cumulative", p1="3,1", p2="2", p3="1,1"):
    return GOOD.format(vote_type=vote_type, p1=p1, p2=p2, p3=p3)


def test_parse_keeps_quoted_fields_and_points():
    election = parse(good())
    assert election.budget == 100
    assert election.project("1").name == "Shared Lives; step-down"
    assert election.meta["description"] == "Test; with a semicolon"
    ballots = {
        tuple(sorted(points.items())): count for points, count in election.ballots
    }
    assert ballots == {
        (("1", 3), ("2", 1)): 1,
        (("10", 2),): 1,
        (("10", 1), ("2", 1)): 1,
    }


def test_ordinal_points_are_kept_and_default_to_rank():
    election = parse(good("ordinal", "2,1", "", "5,4"))
    points = [dict(points) for points, _ in election.ballots]
    assert {"1": 2, "2": 1} in points
    assert {"10": 1} in points  # no points given: a ballot of 1 gives 1
    assert {"2": 5, "10": 4} in points


def test_unsupported_vote_type_is_named_with_its_line():
    with pytest.raises(PabulibError) as error:
        parse(good("scoring"))
    assert error.value.line == 7
    assert '"scoring"' in error.value.message
    assert "approval, cumulative and ordinal" in error.value.message


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (good(p2="two"), 16, "should be a number"),
        (good(p1="3"), 15, "2 projects but 1 points"),
        (good().replace("b;10;", "b;11;"), 16, "project '11', unknown"),
        (good().replace("2;40;", "2;4x;"), 11, "cost of project 2"),
        (good().replace("num_votes;3", "num_votes;4"), 5, "num_votes says 4"),
        (good().replace("c;2,10", "a;2,10"), 17, "Voter a appears twice"),
        (good().replace("voter_id;vote;points", "voter;vote;points"), 14, "voter_id"),
        (good().replace("10;30;Community circles", "10;30"), 12, "2 fields"),
    ],
)
def test_errors_say_which_line_and_why(text, line, words):
    with pytest.raises(PabulibError) as error:
        parse(text)
    assert error.value.line == line
    assert words in error.value.message
    assert str(error.value).startswith(f"Line {line}: ")


def test_missing_section_is_an_error():
    with pytest.raises(PabulibError, match="no VOTES section"):
        parse(good().split("VOTES")[0])


def test_written_file_is_read_back_by_us_and_by_pabutools():
    election = Election.from_ballots(
        1000,
        [Project("1", "Shared Lives", 600), Project("2", "Homeshare; local", 500)],
        "cumulative",
        [{"1": 2, "2": 1}, {}, {"2": 3}],
    )
    text = write(election)
    again = parse(text)
    assert again.fingerprint() == election.fingerprint()
    instance, profile = parse_pabulib_from_string(text)
    assert {p.name for p in instance} == {"1", "2"}
    assert len(profile) == 3
    assert instance.budget_limit == 1000


@pytest.mark.parametrize(
    "name", ["poland_warszawa_2019_anin.pb", "france_toulouse_2019_.pb"]
)
def test_round_trip_keeps_projects_votes_and_results(name):
    election = parse((DATA / name).read_text(encoding="utf-8"))
    again = parse(write(election))
    assert again.projects == election.projects
    assert [p.meta for p in again.projects] == [p.meta for p in election.projects]
    assert again.fingerprint() == election.fingerprint()
    assert again.ballots.voter_fields == election.ballots.voter_fields
    assert greedy(again).selected == greedy(election).selected
    assert mes(again, False).selected == mes(election, False).selected


@pytest.mark.parametrize(
    "name", ["poland_warszawa_2019_anin.pb", "france_toulouse_2019_.pb"]
)
def test_parse_agrees_with_pabutools(name):
    text = (DATA / name).read_text(encoding="utf-8")
    ours = parse(text)
    instance, profile = parse_pabulib_from_string(text)
    assert {p.name: int(p.cost) for p in instance} == {
        p.id: p.cost for p in ours.projects
    }
    assert ours.budget == instance.budget_limit
    theirs = sorted(
        sorted(
            (p.name, int(ballot[p]) if ours.vote_type != "approval" else 1)
            for p in ballot
        )
        for ballot in profile
    )
    mine = sorted(
        sorted(points.items()) for points, count in ours.ballots for _ in range(count)
    )
    assert mine == theirs


def test_czestochowa_imports_quickly_and_sums_repeated_points():
    path = SHARED / "poland_czestochowa_2020_.pb"
    if not path.exists():
        pytest.skip(f"{path} is missing")
    import time

    start = time.perf_counter()
    election = parse(path.read_text(encoding="utf-8"))
    assert time.perf_counter() - start < 10
    assert election.num_voters == 16978
    # voter 13026 wrote "579,579,579,579;1,1,1,1": 4 points for 579
    group = next(g for g in election.ballots.groups if "13026" in g.voter_ids)
    assert dict(group.points) == {"579": 4}
