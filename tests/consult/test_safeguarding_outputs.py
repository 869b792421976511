"""A safeguarding concern never appears on any public page, search result,
export, API response, PDF, chart or count. This test walks every output the
project has; extend OUTPUTS whenever an output is added."""

import pytest
from django.test import Client

from consult import listening
from consult.roles import Role
from tests.factories import FindingFactory

SECRET = "DISCLOSURE-TEXT-THAT-MUST-NEVER-LEAK"

# Every page anyone can reach, in every display mode.
OUTPUTS = [
    "/",
    "/anyshire/",
    "/anyshire/findings/",
    "/anyshire/findings/?page=2",
    "/about/",
    "/accessibility/",
    "/search/?q=anyshire",
    "/inquiries/anyshire/my-stories/",
    "/inquiries/anyshire/sessions/",
    "/inquiries/anyshire/about-you/",
    "/anyshire/take-part/",
    # Make sense
    "/anyshire/changes/",
    # Budget (budgetapp); each model's page is checked in tests/consult/budgeting.
    "/inquiries/anyshire/budget/",
]
STAFF_OUTPUTS = [
    "/inquiries/anyshire/team/",
    "/inquiries/anyshire/moderation/",
    "/inquiries/anyshire/moderation/?state=private",
    "/inquiries/anyshire/moderation/?state=published",
    "/inquiries/anyshire/codes/",
    "/inquiries/anyshire/console/",
    "/inquiries/anyshire/console/phone/",
    "/inquiries/anyshire/voices/",
    "/inquiries/anyshire/voices.csv",
    "/admin/",
    # Make sense
    "/inquiries/anyshire/themes/",
    "/inquiries/anyshire/themes/?theme=none",
    "/inquiries/anyshire/themes/?q=DISCLOSURE",
    "/inquiries/anyshire/themes/suggestions/",
    "/inquiries/anyshire/changes/1/",
    # Results pages (h-resultsweb): a preview for the team until published;
    # tests/consult/results/test_views.py checks them published.
    "/anyshire/results/",
    "/anyshire/results/easy-read/",
]


@pytest.fixture
def concern(demo):
    finding = FindingFactory(
        inquiry=demo, text=SECRET, consent="named", display_name=SECRET
    )
    listening.raise_safeguarding_concern(finding=finding, raised_by=None)
    FindingFactory(inquiry=demo, text="An ordinary published finding")
    return finding


@pytest.mark.django_db
@pytest.mark.parametrize("mode", ["standard", "easy-read"])
def test_no_public_output_shows_or_counts_a_concern(concern, client_in_mode, mode):
    client = client_in_mode(mode)
    for url in OUTPUTS:
        response = client.get(url)
        assert response.status_code == 200, url
        assert SECRET not in response.content.decode(), url
    # Search echoes what was typed, so look at the results, not the echo.
    search = client.get("/search/", {"q": SECRET}).content.decode()
    assert "Nothing found for" in search
    findings = client.get("/anyshire/findings/").content.decode()
    assert "An ordinary published finding" in findings
    from consult.models import Finding

    counted = Finding.objects.filter(inquiry=concern.inquiry).counted()
    assert concern not in counted
    assert f"{counted.count()} things people told us" in findings


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role",
    [Role.ADMIN, Role.MODERATOR, Role.FACILITATOR, Role.SITE_EDITOR, Role.PARTICIPANT],
)
def test_no_staff_output_shows_a_concern_except_to_the_safeguarding_lead(
    concern, demo_users, role
):
    client = Client()
    client.force_login(demo_users[role])
    for url in OUTPUTS + STAFF_OUTPUTS:
        response = client.get(url)
        assert SECRET not in response.content.decode(), (role, url)


@pytest.mark.django_db
def test_the_safeguarding_lead_sees_it(concern, demo_users):
    client = Client()
    client.force_login(demo_users[Role.SAFEGUARDING_LEAD])
    assert SECRET in client.get("/inquiries/anyshire/safeguarding/").content.decode()


@pytest.mark.django_db
def test_the_person_who_said_it_sees_only_a_neutral_note(demo):
    from consult import services

    _, plain = services.create_code_batch(
        inquiry=demo, label="x", size=1, created_by=None
    )
    client = Client()
    client.post("/inquiries/anyshire/code/", {"code": plain[0]})
    client.post("/inquiries/anyshire/story/", {"text": SECRET, "consent": "anonymous"})
    from consult.models import Finding

    finding = Finding.objects.get(text=SECRET)
    listening.raise_safeguarding_concern(finding=finding, raised_by=None)
    html = client.get("/inquiries/anyshire/my-stories/").content.decode()
    assert "We are looking at this carefully" in html
    assert SECRET not in html  # someone else may hold the card
    change = f"/inquiries/anyshire/story/{finding.pk}/change/"
    assert client.get(change).status_code == 404
