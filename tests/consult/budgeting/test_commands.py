"""import_pabulib, export_pabulib and budget_results: round trips, bad
files that write nothing, and the JSON shape."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from consult.budgeting.pabulib import parse
from consult.budgeting.rules import run_rule
from consult.models import Budget, BudgetBallot, BudgetModelVote, Inquiry, SupportModel
from tests.factories import BudgetAreaFactory, BudgetFactory, InquiryFactory

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[2] / "data"
TINY = DATA / "pabulib"


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def import_file(path, slug="pb"):
    return run("import_pabulib", str(path), "--inquiry", slug)


def export(slug="pb"):
    return run("export_pabulib", slug)


def _ballots(election):
    """Every voter's ballot, with order for ordinal ones, by voter id."""
    found = {}
    for group in election.ballots.groups:
        for voter_id in group.voter_ids:
            found[voter_id] = list(group.points.items())
    return found


@pytest.mark.parametrize(
    "name", ["budgetapp_approval", "budgetapp_cumulative", "budgetapp_ordinal"]
)
def test_import_then_export_gives_the_same_projects_votes_and_results(name):
    original = parse((TINY / f"{name}.pb").read_text())
    import_file(TINY / f"{name}.pb")
    again = parse(export())
    assert again.budget == original.budget
    assert again.vote_type == original.vote_type
    assert {(p.id, p.cost, p.name) for p in again.projects} == {
        (p.id, p.cost, p.name) for p in original.projects
    }
    assert _ballots(again) == _ballots(original)
    for rule in ("greedy", "mes", "mes-plain"):
        assert run_rule(again, rule).selected == run_rule(original, rule).selected


def test_imported_votes_are_anonymous_paper_ballots_keeping_points_and_columns():
    import_file(TINY / "budgetapp_cumulative.pb")
    budget = Budget.objects.get(inquiry__slug="pb")
    assert (budget.pot, budget.model_vote_type) == (50, "cumulative")
    assert (budget.max_points, budget.max_points_per_model) == (5, 3)
    ballots = BudgetBallot.objects.filter(budget=budget)
    assert ballots.count() == 4
    assert set(ballots.values_list("channel", flat=True)) == {"paper"}
    assert not ballots.filter(participant__isnull=False).exists()
    first = ballots.get(voter_key="1")
    assert sorted(
        first.model_votes.values_list("support_model__pabulib_id", "points")
    ) == [("a", 3), ("b", 2)]


def test_projects_land_in_the_area_their_category_names():
    inquiry = InquiryFactory(slug="pb")
    budget = BudgetFactory(inquiry=inquiry)
    community = BudgetAreaFactory(budget=budget, name="Whole-community work")
    import_file(TINY / "budgetapp_approval.pb")
    models = {m.pabulib_id: m for m in SupportModel.objects.filter(budget=budget)}
    assert models["1"].area == community
    assert models["2"].area.name == "Projects from the file"
    assert models["1"].pabulib_extra["category"] == "Whole-community work"
    assert BudgetBallot.objects.get(voter_key="v1").voter_meta == {"age": "30"}


def test_importing_again_updates_instead_of_adding():
    import_file(TINY / "budgetapp_approval.pb")
    output = import_file(TINY / "budgetapp_approval.pb")
    assert "0 new and 4 updated support models" in output
    assert SupportModel.objects.count() == 4
    assert BudgetBallot.objects.count() == 6


def test_a_bad_file_names_the_line_and_writes_nothing():
    with pytest.raises(CommandError, match=r"Line 11: .*not 'lots'"):
        import_file(TINY / "budgetapp_bad_cost.pb", slug="bad")
    assert not Inquiry.objects.filter(slug="bad").exists()
    assert not SupportModel.objects.exists()


def test_an_unsupported_vote_type_is_named():
    with pytest.raises(CommandError, match='"scoring" is not supported'):
        import_file(TINY / "budgetapp_scoring.pb", slug="bad")
    assert not Budget.objects.exists()


def test_a_file_that_is_not_there_or_not_text_is_a_plain_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        import_file(tmp_path / "missing.pb")
    binary = tmp_path / "photo.pb"
    binary.write_bytes(b"\xff\xd8\xff\xe0 not text")
    with pytest.raises(CommandError, match="not UTF-8"):
        import_file(binary)


def test_a_failure_half_way_leaves_the_database_as_it_was(monkeypatch):
    from consult.budgeting import importing

    import_file(TINY / "budgetapp_approval.pb")
    before = (BudgetBallot.objects.count(), BudgetModelVote.objects.count())

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(importing.BudgetModelVote.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        import_file(TINY / "budgetapp_cumulative.pb")
    assert (BudgetBallot.objects.count(), BudgetModelVote.objects.count()) == before
    assert Budget.objects.get().model_vote_type == "approval"


def test_budget_results_json_has_the_documented_shape():
    import_file(TINY / "budgetapp_approval.pb")
    for rule in ("greedy", "mes", "mes-plain"):
        result = json.loads(
            run("budget_results", "pb", "--rule", rule, "--format", "json")
        )
        assert {"rule", "budget", "spent", "selected", "projects"} <= set(result)
        assert result["rule"] == rule
        assert result["budget"] == 100
        for project in result["projects"]:
            assert {"id", "name", "cost", "votes", "selected", "why"} <= set(project)
        spent = sum(p["cost"] for p in result["projects"] if p["selected"])
        assert spent == result["spent"] <= 100
        assert set(result["selected"]) == {
            p["id"] for p in result["projects"] if p["selected"]
        }


def test_budget_results_text_names_the_rule_and_the_winners():
    import_file(TINY / "budgetapp_approval.pb")
    text = run("budget_results", "pb", "--rule", "greedy")
    assert text.startswith("Greedy by votes: spends £100 of £100.")
    assert "Big garden (id 1" in text


def test_commands_for_an_unknown_inquiry_say_so():
    with pytest.raises(CommandError, match="No inquiry"):
        run("budget_results", "nope")
    with pytest.raises(CommandError, match="No inquiry"):
        run("export_pabulib", "nope")


def test_a_real_city_file_reproduces_the_official_greedy_winners():
    path = DATA / "poland_warszawa_2019_anin.pb"
    original = parse(path.read_text())
    import_file(path, slug="anin")
    result = json.loads(
        run("budget_results", "anin", "--rule", "greedy", "--format", "json")
    )
    official = {p.id for p in original.projects if p.meta.get("selected") == "1"}
    assert set(result["selected"]) == official
    assert parse(export("anin")).num_voters == 457
