"""The API's commitments endpoints (h-commitio): per inquiry and per
organisation, with progress updates, a status filter, pages, and nothing
private."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from consult.commitments import services
from consult.models import Commitment, Organisation
from tests.consult.commitments.factories import (
    CommitmentFactory,
    ProgressUpdateFactory,
)

pytestmark = pytest.mark.django_db


def test_an_inquirys_commitments_with_their_updates(demo):
    response = Client().get("/api/v1/inquiries/anyshire/commitments/?page_size=100")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == Commitment.objects.filter(inquiry=demo).count() > 0
    with_updates = [c for c in data["results"] if c["updates"]]
    assert with_updates
    first = with_updates[0]
    saved = Commitment.objects.get(pk=first["id"])
    assert first["title"] == saved.title
    assert first["changes"] == sorted(c.number for c in saved.changes.all())
    assert [u["id"] for u in first["updates"]] == list(
        saved.updates.order_by("dated", "pk").values_list("pk", flat=True)
    )
    assert first["links"]["page"].endswith(
        f"/organisations/{saved.organisation.slug}/commitments/{saved.pk}/"
    )
    assert "owner_email" not in first
    for email in Commitment.objects.exclude(owner_email="").values_list(
        "owner_email", flat=True
    ):
        assert email not in response.content.decode()


def test_an_organisations_commitments_filtered_by_status(demo):
    council = Organisation.objects.get(slug="anyshire-council")
    url = "/api/v1/organisations/anyshire-council/commitments/"
    everything = Client().get(url, {"page_size": 100}).json()
    assert everything["count"] == council.commitments.count()
    done = Client().get(url, {"status": "done", "page_size": 100}).json()
    assert done["count"] == council.commitments.filter(status="done").count()
    assert {c["status"] for c in done["results"]} <= {"done"}


def test_bad_status_unknown_slugs_and_writes(demo):
    url = "/api/v1/inquiries/anyshire/commitments/"
    bad = Client().get(url, {"status": "amber"})
    assert bad.status_code == 400
    assert bad.json()["parameter"] == "status"
    assert Client().get("/api/v1/inquiries/nope/commitments/").status_code == 404
    assert Client().get("/api/v1/organisations/nope/commitments/").status_code == 404
    assert Client().post(url).status_code == 405


def test_the_query_count_does_not_grow_with_commitments(demo):
    organisation = Organisation.objects.get(slug="anyshire-health")
    url = "/api/v1/organisations/anyshire-health/commitments/?page_size=100"

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(url).status_code == 200
        return len(queries)

    before = count()
    for _ in range(5):
        commitment = CommitmentFactory(
            organisation=organisation, inquiry=demo, changes=[demo.changes.first()]
        )
        ProgressUpdateFactory(commitment=commitment)
        services.refresh_progress(commitment)
    assert count() == before
