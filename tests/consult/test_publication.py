"""Publishing an inquiry's results: the service, the editor's page, and the
switch that the priority and budget results follow."""

import pytest
from django.test import Client
from wagtail.models import ModelLogEntry

from consult import publication
from consult.models import Inquiry, PrioritySettings
from consult.roles import Role
from tests.factories import (
    BudgetFactory,
    ChangeFactory,
    FindingFactory,
    InquiryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_an_inquiry_with_nothing_to_show_is_not_published() -> None:
    inquiry = InquiryFactory()
    editor = UserFactory()
    FindingFactory(inquiry=inquiry, state="pending")  # not public: does not count
    with pytest.raises(publication.NothingToPublish, match="nothing to publish"):
        publication.publish_results(inquiry, by=editor)
    inquiry.refresh_from_db()
    assert not publication.is_published(inquiry)


def test_publishing_opens_every_part_and_taking_down_closes_them() -> None:
    inquiry = InquiryFactory()
    budget = BudgetFactory(inquiry=inquiry)
    ChangeFactory(inquiry=inquiry)
    FindingFactory(inquiry=inquiry)
    editor = UserFactory()
    sent: list[tuple[int, bool]] = []

    def listener(sender, inquiry_id, published, **kwargs):
        sent.append((inquiry_id, published))

    publication.results_changed.connect(listener)
    try:
        found = publication.publish_results(inquiry, by=editor)
        inquiry.refresh_from_db()
        budget.refresh_from_db()
        assert found.findings == 1 and found.changes == 1
        assert publication.is_published(inquiry)
        assert inquiry.results_published_by == editor
        assert budget.results_published
        assert PrioritySettings.objects.get(inquiry=inquiry).results_published

        publication.unpublish_results(inquiry, by=editor)
        inquiry.refresh_from_db()
        budget.refresh_from_db()
        assert not publication.is_published(inquiry)
        assert not budget.results_published
        assert not PrioritySettings.objects.get(inquiry=inquiry).results_published
    finally:
        publication.results_changed.disconnect(listener)
    actions = list(
        ModelLogEntry.objects.filter(object_id=str(inquiry.pk))
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )
    assert actions == [publication.PUBLISHED_ACTION, publication.UNPUBLISHED_ACTION]


def test_publishing_twice_keeps_the_first_date() -> None:
    inquiry = InquiryFactory()
    ChangeFactory(inquiry=inquiry)
    editor = UserFactory()
    publication.publish_results(inquiry, by=editor)
    first = Inquiry.objects.get(pk=inquiry.pk).results_published_at
    publication.publish_results(inquiry, by=editor)
    assert Inquiry.objects.get(pk=inquiry.pk).results_published_at == first


@pytest.mark.django_db(transaction=True)
def test_listeners_hear_after_the_commit() -> None:
    inquiry = InquiryFactory()
    ChangeFactory(inquiry=inquiry)
    editor = UserFactory()
    sent: list[tuple[int, bool]] = []

    def listener(sender, inquiry_id, published, **kwargs):
        sent.append((inquiry_id, published))

    publication.results_changed.connect(listener)
    try:
        publication.publish_results(inquiry, by=editor)
        publication.unpublish_results(inquiry, by=editor)
        publication.results_data_changed(inquiry.pk)  # not published: silent
    finally:
        publication.results_changed.disconnect(listener)
    assert sent == [(inquiry.pk, True), (inquiry.pk, False)]


def test_the_editor_publishes_from_the_page(demo, demo_users) -> None:
    client = Client()
    client.force_login(demo_users[Role.SITE_EDITOR])
    page = client.get("/inquiries/anyshire/publish/")
    assert page.status_code == 200
    assert "Nothing is public yet" in page.content.decode()
    done = client.post(
        "/inquiries/anyshire/publish/", {"action": "publish"}, follow=True
    )
    assert "The results are published." in done.content.decode()
    assert "Take the results down" in done.content.decode()
    demo.refresh_from_db()
    assert publication.is_published(demo)
    team = client.get("/inquiries/anyshire/team/").content.decode()
    assert "Publish results: they are public now" in team


def test_publishing_nothing_says_so_next_to_the_button() -> None:
    inquiry = InquiryFactory()
    client = Client()
    client.force_login(UserFactory(groups=["Site editors"]))
    response = client.post(f"/inquiries/{inquiry.slug}/publish/", {"action": "publish"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert "nothing to publish yet" in body
    assert 'href="#publish-button"' in body


def test_an_unknown_action_is_a_plain_message() -> None:
    inquiry = InquiryFactory()
    client = Client()
    client.force_login(UserFactory(groups=["Site editors"]))
    response = client.post(f"/inquiries/{inquiry.slug}/publish/", {"action": "boom"})
    assert response.status_code == 400
    assert "Choose publish or take down." in response.content.decode()


def test_the_publish_page_shows_the_pdfs_and_remakes_them(
    demo, demo_users, django_capture_on_commit_callbacks
) -> None:
    from consult.models import PdfStatus, ResultsPdf

    client = Client()
    client.force_login(demo_users[Role.SITE_EDITOR])
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/inquiries/anyshire/publish/", {"action": "publish"})
    html = client.get("/inquiries/anyshire/publish/").content.decode()
    assert "Results PDFs" in html
    assert html.count("Ready: ") == 2
    ResultsPdf.objects.filter(inquiry=demo, variant="standard").update(
        status=PdfStatus.FAILED, error="Out of disk space"
    )
    html = client.get("/inquiries/anyshire/publish/").content.decode()
    assert "It could not be made." in html and "Out of disk space" in html
    done = client.post(
        "/inquiries/anyshire/publish/", {"action": "rebuild_pdfs"}, follow=True
    )
    assert "The PDFs are being made again." in done.content.decode()
    row = ResultsPdf.objects.get(inquiry=demo, variant="standard")
    assert row.status == PdfStatus.READY and row.error == ""
