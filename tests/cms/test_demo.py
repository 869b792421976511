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
    assert [p.kind for p in demo.open_phases()] == ["listen"]
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
