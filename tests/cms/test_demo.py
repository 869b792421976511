"""seed_demo loads the Anyshire demo from shared/DOMAIN.md, idempotently."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from wagtail.models import Page, Revision, Site

from cms.demo import DEMO_USERS
from consult.models import Budget, Inquiry


def snapshot() -> dict[str, int]:
    """Row counts of every model, to compare two runs."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if not model._meta.proxy
    }


@pytest.mark.django_db
def test_seed_demo_twice_changes_nothing():
    call_command("seed_demo", stdout=StringIO())
    before = snapshot()
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert snapshot() == before
    assert "Nothing changed" in out.getvalue()


@pytest.mark.django_db
def test_seed_demo_json_output_lists_what_it_created():
    out = StringIO()
    call_command("seed_demo", "--format", "json", stdout=out)
    created = json.loads(out.getvalue())["created"]
    assert "home page" in created
    out = StringIO()
    call_command("seed_demo", "--format", "json", stdout=out)
    assert json.loads(out.getvalue()) == {"created": []}


@pytest.mark.django_db
def test_demo_inquiry_has_the_five_changes_in_order(demo):
    assert [c.title for c in demo.changes.order_by("number")] == [
        "Communities where everyone belongs",
        "Living in the place we call home",
        "Leading the lives we want to live",
        "More resources, better used",
        "Sharing power as equals",
    ]
    assert all(c.easy_read_text and c.pictogram for c in demo.changes.all())


@pytest.mark.django_db
def test_demo_money_picture_is_anyshire_and_labelled_illustrative(demo):
    budget = Budget.objects.get(inquiry=demo)
    spent = {
        area.name: area.figures.get().amount / Decimal(1_000_000)
        for area in budget.areas.all()
    }
    assert spent == {
        "Support in your own home": 78,
        "Support with accommodation": 150,
        "Day activities and employment-related support": 18,
        "Support with leaving hospital": 14,
        "Whole-community work": 6,
        "Staffing and commissioning": 34,
    }
    assert budget.is_illustrative
    assert all(
        f.evidence == "illustrative"
        for area in budget.areas.all()
        for f in area.figures.all()
    )
    assert budget.areas.filter(is_decision_area=True).count() == 5


@pytest.mark.django_db
def test_demo_has_an_open_phase_and_a_live_page(demo):
    # Listen, and (priority voting, h-ballots) Prioritise so voting shows.
    assert [p.kind for p in demo.open_phases()] == ["listen", "prioritise"]
    assert demo.page.live
    assert Site.objects.get(is_default_site=True).root_page.specific_class.__name__ == (
        "HomePage"
    )


@pytest.mark.django_db
def test_demo_has_an_account_for_every_role(demo_users):
    assert len(demo_users) == len(DEMO_USERS) == 7
    assert all(not u.has_usable_password() for u in demo_users.values())


@pytest.mark.django_db
def test_demo_replaces_wagtails_welcome_page(demo):
    assert not Page.objects.filter(
        title__startswith="Welcome to your new Wagtail"
    ).exists()
    assert Revision.objects.count() >= 4
    assert Inquiry.objects.count() == 1


# Priority voting (h-ballots)
@pytest.mark.django_db
def test_demo_priority_vote_has_ballots_from_every_channel(demo):
    from collections import Counter

    from consult.models import PaperBatch, PriorityBallot, PriorityChoice
    from consult.priorities.ballots import check_choices, settings_for

    ballots = PriorityBallot.objects.filter(inquiry=demo)
    assert 140 <= ballots.count() <= 160
    channels = Counter(ballots.values_list("channel", flat=True))
    assert set(channels) == {"online", "assisted", "paper", "room"}
    batches = PaperBatch.objects.filter(inquiry=demo)
    assert batches.count() == 2
    assert all(b.checked_by_id and b.checked_by_id != b.entered_by_id for b in batches)
    assert ballots.filter(channel="paper", batch__isnull=True).count() == 0
    assert ballots.filter(channel="assisted", helped_by__isnull=True).count() == 0
    with_about_you = ballots.filter(participant__about_you__isnull=False).count()
    assert with_about_you > ballots.count() * 0.7
    # Every demo ballot is a valid vote under the inquiry's own rules.
    changes = list(demo.changes.order_by("number"))
    rules = settings_for(demo)
    for ballot in ballots.prefetch_related("choices"):
        raw = {c.change_id: c.value for c in ballot.choices.all()}
        check_choices(rules, changes, raw)
    assert PriorityChoice.objects.filter(ballot__inquiry=demo).count() > 600
