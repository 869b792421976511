"""Moderation, reports, the safeguarding page and the public findings page."""

import pytest
from django.test import Client

from consult.models import Finding, FindingReport, ModerationState
from consult.roles import Role
from tests.factories import FindingFactory

QUEUE = "/inquiries/anyshire/moderation/"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.MODERATOR, 200),
        (Role.ADMIN, 200),
        (Role.FACILITATOR, 200),
        (Role.SAFEGUARDING_LEAD, 403),
        (Role.SITE_EDITOR, 403),
        (Role.PARTICIPANT, 403),
        (Role.ORGANISATION_EDITOR, 403),
    ],
)
def test_who_sees_the_moderation_queue(demo_users, role, status):
    assert client_for(demo_users[role]).get(QUEUE).status_code == status


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.SAFEGUARDING_LEAD, 200),
        (Role.ADMIN, 403),
        (Role.MODERATOR, 403),
        (Role.FACILITATOR, 403),
    ],
)
def test_only_the_safeguarding_lead_sees_concerns(demo_users, role, status):
    url = "/inquiries/anyshire/safeguarding/"
    assert client_for(demo_users[role]).get(url).status_code == status


@pytest.mark.django_db
def test_publishing_puts_words_on_the_public_page(demo, demo_users, client):
    finding = FindingFactory(inquiry=demo, state="pending", text="Publish me please")
    assert "Publish me please" not in client.get("/anyshire/findings/").content.decode()
    moderator = client_for(demo_users[Role.MODERATOR])
    assert "Publish me please" in moderator.get(QUEUE).content.decode()
    moderator.post(QUEUE, {"finding": finding.pk, "action": "publish"})
    finding.refresh_from_db()
    assert finding.state == ModerationState.PUBLISHED
    html = client.get("/anyshire/findings/").content.decode()
    assert "Publish me please" in html
    counted = Finding.objects.filter(inquiry=demo).counted().count()
    assert f"{counted} things people told us" in html


@pytest.mark.django_db
def test_facilitators_can_flag_but_not_publish(demo, demo_users):
    finding = FindingFactory(inquiry=demo, state="pending")
    facilitator = client_for(demo_users[Role.FACILITATOR])
    response = facilitator.post(QUEUE, {"finding": finding.pk, "action": "publish"})
    assert response.status_code == 403
    facilitator.post(QUEUE, {"finding": finding.pk, "action": "safeguarding"})
    finding.refresh_from_db()
    assert finding.is_safeguarding_concern


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [{}, {"finding": "abc", "action": "publish"}, {"finding": "1", "action": "x"}],
)
def test_odd_moderation_posts_never_fail(demo, demo_users, data):
    response = client_for(demo_users[Role.MODERATOR]).post(QUEUE, data, follow=True)
    assert response.status_code in {200, 404}


@pytest.mark.django_db
def test_named_and_anonymous_quotes_on_the_public_page(demo, client):
    FindingFactory(inquiry=demo, consent="named", display_name="Ann", text="Named one")
    FindingFactory(inquiry=demo, consent="anonymous", display_name="", text="Anon one")
    FindingFactory(inquiry=demo, consent="count_only", text="Counted only one")
    html = client.get("/anyshire/findings/").content.decode()
    assert "Named one" in html and "Ann" in html
    assert "Anon one" in html
    assert "Counted only one" not in html
    counted = Finding.objects.filter(inquiry=demo).counted().count()
    assert f"{counted} things people told us" in html


@pytest.mark.django_db
def test_visitors_can_report_a_published_finding(demo, client):
    finding = FindingFactory(inquiry=demo)
    url = f"/anyshire/findings/{finding.pk}/report/"
    response = client.post(url, {})
    assert "Choose what is wrong." in response.content.decode()
    response = client.post(url, {"reason": "hurtful", "note": "Rude"}, follow=True)
    assert "A moderator will look at it" in response.content.decode()
    assert FindingReport.objects.get().finding == finding
    hidden = FindingFactory(inquiry=demo, state="pending")
    assert client.get(f"/anyshire/findings/{hidden.pk}/report/").status_code == 404


@pytest.mark.django_db
def test_public_findings_page_query_count_is_flat(
    demo, client, django_assert_max_num_queries
):
    for _ in range(3):
        FindingFactory(inquiry=demo)
    client.get("/anyshire/findings/")
    with django_assert_max_num_queries(30) as small:
        client.get("/anyshire/findings/")
    for _ in range(60):
        FindingFactory(inquiry=demo)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/anyshire/findings/?page=2")
    assert Finding.objects.filter(inquiry=demo).public().count() > 60
