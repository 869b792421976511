"""The tracker and the organisation page read in a fixed number of queries,
whether there are 10 commitments or 100."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from consult.models import Change, MakingItRealTheme, Organisation
from tests.factories import OrganisationFactory

from .factories import CommitmentFactory, MilestoneFactory, ProgressUpdateFactory

pytestmark = pytest.mark.django_db


def _add(inquiry, organisation, n: int) -> None:
    changes = list(Change.objects.filter(inquiry=inquiry).order_by("number"))
    themes = list(MakingItRealTheme.objects.all()[:2])
    for i in range(n):
        commitment = CommitmentFactory(
            inquiry=inquiry,
            organisation=organisation,
            changes=changes[i % 5 : i % 5 + 2],
        )
        commitment.making_it_real.set(themes)
        MilestoneFactory(commitment=commitment)
        ProgressUpdateFactory(commitment=commitment)


def _queries(url: str) -> int:
    client = Client()
    client.get(url)  # warm the caches a first visitor fills (site root, versions)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_tracker_and_organisation_page_queries_stay_flat_from_10_to_100(demo):
    organisation = OrganisationFactory(slug="many")
    _add(demo, organisation, 10)
    small = (
        _queries("/anyshire/you-said-we-did/"),
        _queries("/organisations/many/"),
    )
    _add(demo, organisation, 90)
    assert Organisation.objects.get(slug="many").commitments.count() == 100
    large = (
        _queries("/anyshire/you-said-we-did/"),
        _queries("/organisations/many/"),
    )
    assert large == small, (small, large)
