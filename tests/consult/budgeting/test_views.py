"""Budget pages: the money picture, a model's page, both ballots without
JavaScript, pledges, assisted entry and results."""

from decimal import Decimal

import pytest
from django.test import Client

from consult.models import BudgetBallot, BudgetChannel, FindingStance, Pledge
from consult.models.budgeting import SupportModelFinding
from consult.participation import SESSION_KEY
from tests.consult.budgeting.factories import open_budget
from tests.factories import FindingFactory, InquiryRoleFactory, UserFactory
from themes.display import COOKIE_NAME

pytestmark = pytest.mark.django_db


def as_participant(ob, client=None):
    client = client or Client()
    session = client.session
    session[SESSION_KEY] = {str(ob.inquiry.pk): ob.participant.pk}
    session.save()
    return client


def url(ob, page=""):
    return f"/inquiries/{ob.inquiry.slug}/budget/{page}"


def split_data(ob, *values, action="save"):
    data = {"mode": "pounds", "action": action}
    data.update({f"area_{a.pk}": v for a, v in zip(ob.areas, values, strict=True)})
    return data


def test_money_page_makes_big_numbers_real_with_a_table():
    ob = open_budget()
    ob.areas[0].figures.create(
        year_label="2023-24", amount=Decimal(78_000_000), source="Council"
    )
    page = Client().get(url(ob)).content.decode()
    assert "Where the money goes today" in page
    assert "£78,000,000" in page  # in the table
    assert "about £1,186 a week for a care home place" in page
    assert (
        "Enough for about 1,300 care home places for a year or about 3.3 million"
        in page
    )
    assert ob.models[0].name in page


def test_money_page_for_an_inquiry_without_a_budget_is_404():
    from tests.factories import InquiryFactory

    assert (
        Client().get(f"/inquiries/{InquiryFactory().slug}/budget/").status_code == 404
    )


def test_model_page_quotes_only_published_quotable_findings():
    ob = open_budget()
    model = ob.models[0]
    shown = FindingFactory(inquiry=ob.inquiry, text="I love my small team.")
    hidden = [
        FindingFactory(
            inquiry=ob.inquiry, text="Waiting to be checked", state="pending"
        ),
        FindingFactory(inquiry=ob.inquiry, text="Just count me", consent="count_only"),
    ]
    concern = FindingFactory(inquiry=ob.inquiry, text="A safeguarding disclosure")
    from consult import listening

    listening.raise_safeguarding_concern(finding=concern, raised_by=None)
    hidden.append(concern)
    for finding in [shown, *hidden]:
        SupportModelFinding.objects.create(
            support_model=model, finding=finding, stance=FindingStance.LIKED
        )
    page = Client().get(url(ob, f"models/{model.pk}/")).content.decode()
    assert "I love my small team." in page
    assert "Waiting to be checked" not in page
    assert "Just count me" not in page
    assert "A safeguarding disclosure" not in page
    assert "Case study" in page


def test_model_of_another_budget_is_404():
    ob, other = open_budget(), open_budget()
    assert Client().get(url(ob, f"models/{other.models[0].pk}/")).status_code == 404


def test_split_asks_who_you_are_first():
    ob = open_budget()
    page = Client().get(url(ob, "split/")).content.decode()
    assert "First, tell us who you are" in page


def test_split_without_javascript_checks_the_total_and_keeps_entries():
    ob = open_budget()
    client = as_participant(ob)
    response = client.post(url(ob, "split/"), split_data(ob, "1000000", "0", "0"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "You have £2 million left to place." in page
    assert 'value="1000000"' in page
    assert not BudgetBallot.objects.exists()


def test_split_check_button_shows_the_running_total_without_saving():
    ob = open_budget()
    client = as_participant(ob)
    response = client.post(
        url(ob, "split/"), split_data(ob, "1000000", "500000", "0", action="check")
    )
    assert response.status_code == 200
    assert "You have £1.5 million left to place." in response.content.decode()
    assert not BudgetBallot.objects.exists()


def test_split_with_words_or_minus_amounts_says_so_next_to_the_field():
    ob = open_budget()
    client = as_participant(ob)
    response = client.post(
        url(ob, "split/"), split_data(ob, "lots", "-5", "£3,000,005")
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter the amount for Support at home in pounds" in page
    assert "The amount for Where you live must be £0 or more." in page
    assert f'href="#id_area_{ob.areas[0].pk}"' in page  # the error summary links
    assert 'value="lots"' in page


def test_split_saves_and_can_be_changed_while_open():
    ob = open_budget()
    client = as_participant(ob)
    response = client.post(
        url(ob, "split/"), split_data(ob, "£1,000,000", "1000000", "1000000")
    )
    assert response.status_code == 302
    response = client.post(url(ob, "split/"), split_data(ob, "3000000", "0", "0"))
    assert response.status_code == 302
    ballot = BudgetBallot.objects.get()
    assert ballot.split_lines.get(area=ob.areas[0]).amount == Decimal(3000000)
    page = client.get(url(ob, "split/")).content.decode()
    assert 'value="3000000"' in page


def test_split_when_closed_says_so_and_saves_nothing():
    ob = open_budget(is_open=False)
    client = as_participant(ob)
    response = client.post(url(ob, "split/"), split_data(ob, "3000000", "0", "0"))
    assert "Deciding on the money is not open now" in response.content.decode()
    assert not BudgetBallot.objects.exists()


def test_easy_read_split_uses_blocks_moved_by_buttons_without_javascript():
    ob = open_budget()
    client = as_participant(ob)
    client.cookies[COOKIE_NAME] = "easy-read"
    page = client.get(url(ob, "split/")).content.decode()
    assert "You have 10 blocks left to place." in page
    assert "Each block is £300,000." in page
    blocks = {f"blocks_{a.pk}": "0" for a in ob.areas}
    response = client.post(
        url(ob, "split/"),
        {"mode": "blocks", "move": f"plus-{ob.areas[0].pk}", **blocks},
    )
    page = response.content.decode()
    assert f'name="blocks_{ob.areas[0].pk}" value="1"' in page
    assert "You have 9 blocks left to place." in page
    assert not BudgetBallot.objects.exists()
    response = client.post(
        url(ob, "split/"), {"mode": "blocks", "action": "save", **blocks}
    )
    assert response.status_code == 400
    assert "Place all 10 blocks" in response.content.decode()
    blocks.update({f"blocks_{ob.areas[0].pk}": "7", f"blocks_{ob.areas[2].pk}": "3"})
    response = client.post(
        url(ob, "split/"), {"mode": "blocks", "action": "save", **blocks}
    )
    assert response.status_code == 302
    lines = BudgetBallot.objects.get().split_lines
    assert lines.get(area=ob.areas[0]).amount == Decimal(2_100_000)
    assert lines.get(area=ob.areas[2]).amount == Decimal(900_000)


def test_choose_over_the_pot_keeps_the_ticks_and_explains():
    ob = open_budget()
    client = as_participant(ob)
    chosen = [str(m.pk) for m in ob.models[:4]]
    response = client.post(url(ob, "choose/"), {"models": chosen, "action": "save"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "more than the £3 million there is" in page
    assert page.count(" checked") == 4
    assert not BudgetBallot.objects.exists()


def test_choose_with_an_unknown_model_id_is_a_plain_error():
    ob = open_budget()
    client = as_participant(ob)
    response = client.post(
        url(ob, "choose/"), {"models": ["999999", "x"], "action": "save"}
    )
    assert response.status_code == 400
    assert "Choose from the support models listed." in response.content.decode()


def test_choose_saves_within_the_pot():
    ob = open_budget()
    client = as_participant(ob)
    chosen = [str(ob.models[0].pk), str(ob.models[2].pk)]
    response = client.post(url(ob, "choose/"), {"models": chosen, "action": "save"})
    assert response.status_code == 302
    ballot = BudgetBallot.objects.get(kind="models")
    assert {v.support_model_id for v in ballot.model_votes.all()} == {
        ob.models[0].pk,
        ob.models[2].pk,
    }


def test_points_ballot_refuses_too_many_points():
    ob = open_budget(vote_type="cumulative")
    client = as_participant(ob)
    data = {f"model_{m.pk}": "3" for m in ob.models[:4]}
    response = client.post(url(ob, "choose/"), {**data, "action": "save"})
    assert response.status_code == 400
    assert (
        "You gave 12 points. You have 10 points to give." in response.content.decode()
    )


def test_pledge_is_saved_and_errors_are_kept():
    ob = open_budget()
    client = as_participant(ob)
    response = client.post(
        url(ob, "pledge/"),
        {"kind": "time", "hours_per_week": "many", "description": "Lifts"},
    )
    assert response.status_code == 400
    assert "Enter hours a week as a number" in response.content.decode()
    response = client.post(
        url(ob, "pledge/"),
        {
            "kind": "time",
            "hours_per_week": "2",
            "description": "Lifts",
            "area": ob.areas[0].pk,
        },
    )
    assert response.status_code == 302
    assert Pledge.objects.get().participant == ob.participant


def test_facilitators_enter_a_split_for_someone_by_code():
    from consult import services

    ob = open_budget()
    facilitator = UserFactory()
    InquiryRoleFactory(inquiry=ob.inquiry, user=facilitator)
    _, plain = services.create_code_batch(
        inquiry=ob.inquiry, label="Cards", size=1, created_by=facilitator
    )
    client = Client()
    client.force_login(facilitator)
    response = client.post(
        url(ob, "assisted/"), {"code": plain[0], "channel": "paper", "kind": "split"}
    )
    assert response["Location"] == url(ob, "split/")
    page = client.get(url(ob, "split/")).content.decode()
    assert "You are helping someone" in page
    response = client.post(
        url(ob, "split/"), split_data(ob, "1000000", "1000000", "1000000")
    )
    assert response.status_code == 302
    ballot = BudgetBallot.objects.get()
    assert ballot.channel == BudgetChannel.PAPER
    assert ballot.helped_by == facilitator
    assert ballot.participant != ob.participant


def test_assisted_entry_with_a_wrong_code_says_so():
    ob = open_budget()
    facilitator = UserFactory()
    InquiryRoleFactory(inquiry=ob.inquiry, user=facilitator)
    client = Client()
    client.force_login(facilitator)
    response = client.post(
        url(ob, "assisted/"),
        {"code": "NOPE-NOPE", "channel": "assisted", "kind": "split"},
    )
    assert response.status_code == 400
    assert 'value="NOPE-NOPE"' in response.content.decode()


def test_assisted_entry_is_for_facilitators_only():
    ob = open_budget()
    client = Client()
    client.force_login(UserFactory())
    assert client.get(url(ob, "assisted/")).status_code == 403


def _vote(ob, people: int = 5):
    """Ballots from ob.participant and people - 1 others: results show from 5."""
    from consult.budgeting import ballots
    from tests.factories import ParticipantFactory

    voters = [ob.participant] + [
        ParticipantFactory(inquiry=ob.inquiry) for _ in range(people - 1)
    ]
    for voter in voters:
        ballots.cast_split_ballot(
            budget=ob.budget,
            participant=voter,
            amounts={a.pk: Decimal(1_000_000) for a in ob.areas},
        )
        ballots.cast_model_ballot(
            budget=ob.budget, participant=voter, points={ob.models[0].pk: 1}
        )


def test_results_are_hidden_until_published_but_staff_see_them():
    ob = open_budget()
    _vote(ob)
    assert Client().get(url(ob, "results/")).status_code == 302
    someone = Client()
    someone.force_login(UserFactory())
    assert someone.get(url(ob, "results/")).status_code == 403
    facilitator = UserFactory()
    InquiryRoleFactory(inquiry=ob.inquiry, user=facilitator)
    staff = Client()
    staff.force_login(facilitator)
    page = staff.get(url(ob, "results/")).content.decode()
    assert "Not published yet" in page
    assert "Independent markets" in page
    assert "Method of Equal Shares" in page
    ob.budget.results_published = True
    ob.budget.save()
    assert Client().get(url(ob, "results/")).status_code == 200


def test_results_show_the_rules_side_by_side_and_follow_new_ballots():
    ob = open_budget()
    ob.budget.results_published = True
    ob.budget.save()
    _vote(ob, people=4)
    page = Client().get(url(ob, "results/")).content.decode()
    # Four ballots: no result, no count, nothing anyone could trace to a voter.
    assert "Fewer than 5 people have split the pot so far." in page
    assert "Fewer than 5 people have chosen support models so far." in page
    assert "4 people" not in page
    assert "£1,000,000" not in page
    # A fifth voter: the cache key changes, so results follow.
    from consult.budgeting import ballots
    from tests.factories import ParticipantFactory

    other = ParticipantFactory(inquiry=ob.inquiry)
    ballots.cast_split_ballot(
        budget=ob.budget,
        participant=other,
        amounts={
            ob.areas[0].pk: Decimal(3_000_000),
            ob.areas[1].pk: 0,
            ob.areas[2].pk: 0,
        },
    )
    ballots.cast_model_ballot(
        budget=ob.budget, participant=other, points={ob.models[0].pk: 1}
    )
    page = Client().get(url(ob, "results/")).content.decode()
    assert "5 people split" in page
    assert "£1,400,000" in page  # the mean for the first area: (4 x 1m + 3m) / 5
    assert ob.models[0].name in page
    assert "Fewer than 5" not in page


def test_easy_read_results_say_fewer_than_5_in_plain_words():
    ob = open_budget()
    ob.budget.results_published = True
    ob.budget.save()
    _vote(ob, people=2)
    client = Client()
    client.cookies[COOKIE_NAME] = "easy-read"
    page = client.get(url(ob, "results/")).content.decode()
    assert "Fewer than 5 people have shared out the money so far." in page
    assert "Fewer than 5 people have chosen ways of support so far." in page
    assert "2 people" not in page


def test_take_part_lists_the_budget_actions_while_open():
    from django.test import RequestFactory

    from consult.budgeting.take_part import budget_items

    ob = open_budget()
    request = RequestFactory().get("/")
    items = budget_items(request, ob.inquiry, ob.participant)
    assert [a.href for a in items.actions] == [
        url(ob, "split/"),
        url(ob, "choose/"),
        url(ob, "pledge/"),
    ]
    _vote(ob)
    items = budget_items(request, ob.inquiry, ob.participant)
    assert len(items.done) == 2
    closed = open_budget(is_open=False)
    assert budget_items(request, closed.inquiry, None).actions == []


def test_results_say_they_are_being_worked_out_while_the_task_runs(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    ob = open_budget()
    ob.budget.results_published = True
    ob.budget.save()
    _vote(ob)
    page = Client().get(url(ob, "results/")).content.decode()
    assert "We are still working out the results: 0 in 100 done." in page
    assert "Check again" in page


def test_site_editors_edit_budgets_areas_and_models_in_the_admin(admin_client):
    ob = open_budget()
    for path in (
        "/admin/snippets/consult/budget/",
        f"/admin/snippets/consult/budget/edit/{ob.budget.pk}/",
        "/admin/snippets/consult/budgetarea/",
        "/admin/snippets/consult/supportmodel/",
        f"/admin/snippets/consult/supportmodel/edit/{ob.models[0].pk}/",
    ):
        assert admin_client.get(path).status_code == 200, path


@pytest.mark.parametrize(
    "typed", ["NaN", "Infinity", "-Infinity", "1e400", "1.000.000", ""]
)
def test_split_with_odd_numbers_is_a_plain_error_never_a_crash(typed):
    ob = open_budget()
    client = as_participant(ob)
    for action in ("check", "save"):
        response = client.post(
            url(ob, "split/"), split_data(ob, typed, "0", "0", action=action)
        )
        assert response.status_code == 400, (typed, action)
        assert "Support at home" in response.content.decode()
    assert not BudgetBallot.objects.exists()


def test_ranked_budgets_say_choosing_is_on_paper_only():
    ob = open_budget(vote_type="ordinal")
    page = as_participant(ob).get(url(ob, "choose/")).content.decode()
    assert "Choosing models is on paper only" in page


def test_a_split_with_pence_shows_again_as_typed():
    ob = open_budget()
    client = as_participant(ob)
    response = client.post(
        url(ob, "split/"), split_data(ob, "1000000.50", "999999.50", "1000000")
    )
    assert response.status_code == 302
    page = client.get(url(ob, "split/")).content.decode()
    assert 'value="1000000.50"' in page
    assert 'value="1000000"' in page


def test_blocks_buttons_explain_when_nothing_can_move():
    ob = open_budget()
    client = as_participant(ob)
    full = {f"blocks_{a.pk}": "0" for a in ob.areas}
    full[f"blocks_{ob.areas[0].pk}"] = "10"
    page = client.post(
        url(ob, "split/"), {"mode": "blocks", "move": f"plus-{ob.areas[1].pk}", **full}
    ).content.decode()
    assert "You have placed all 10 blocks. Take 1 away from another area first." in page
    page = client.post(
        url(ob, "split/"), {"mode": "blocks", "move": f"minus-{ob.areas[1].pk}", **full}
    ).content.decode()
    assert "There are no blocks there to take away." in page
    assert f'name="blocks_{ob.areas[0].pk}" value="10"' in page


def test_the_inquiry_page_links_to_the_budget_pages(demo):
    page = Client().get("/anyshire/").content.decode()
    assert 'href="/inquiries/anyshire/budget/"' in page
    budget_page = Client().get("/inquiries/anyshire/budget/").content.decode()
    assert "Wellbeing Teams" in budget_page  # the demo's models


def test_the_team_page_offers_assisted_entry_and_results_to_facilitators():
    ob = open_budget()
    facilitator = UserFactory()
    InquiryRoleFactory(inquiry=ob.inquiry, user=facilitator)
    client = Client()
    client.force_login(facilitator)
    page = client.get(f"/inquiries/{ob.inquiry.slug}/team/").content.decode()
    assert f'href="{url(ob, "assisted/")}"' in page
    assert f'href="{url(ob, "results/")}"' in page
