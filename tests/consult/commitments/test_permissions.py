"""Only an organisation's editors (and site editors, admins) touch its
commitments: every editor page, for every role, on the Anyshire demo."""

import pytest
from django.test import Client

from consult.models import Commitment, ProgressUpdate
from consult.roles import Role

pytestmark = pytest.mark.django_db

EDITOR_PAGES = [
    "/organisations/{org}/commitments/",
    "/organisations/{org}/commitments/new/",
    "/organisations/{org}/commitments/{pk}/edit/",
    "/organisations/{org}/commitments/{pk}/milestones/new/",
    "/organisations/{org}/commitments/{pk}/updates/new/",
    "/organisations/{org}/commitments/{pk}/updates/{upk}/edit/",
]
PUBLIC_PAGES = [
    "/organisations/{org}/",
    "/organisations/{org}/commitments/{pk}/",
    "/anyshire/you-said-we-did/",
]
ROLES = [*Role]


def _client(role, demo_users) -> Client:
    client = Client()
    if role != Role.VISITOR:
        client.force_login(demo_users[role])
    return client


def _urls(pages, slug):
    commitment = Commitment.objects.filter(organisation__slug=slug).first()
    update = ProgressUpdate.objects.filter(commitment=commitment).first()
    if update is None:  # every demo organisation's first commitment has one
        update = ProgressUpdate.objects.filter(commitment__organisation__slug=slug)[0]
        commitment = update.commitment
    return [p.format(org=slug, pk=commitment.pk, upk=update.pk) for p in pages]


@pytest.mark.parametrize("role", ROLES, ids=[r.value for r in ROLES])
@pytest.mark.parametrize("slug", ["anyshire-council", "anyshire-health"])
def test_editor_pages_by_role_and_organisation(demo_users, role, slug):
    client = _client(role, demo_users)
    # The demo's organisation editor edits for Anyshire Council only.
    allowed = {Role.SITE_EDITOR, Role.ADMIN} | (
        {Role.ORGANISATION_EDITOR} if slug == "anyshire-council" else set()
    )
    for url in _urls(EDITOR_PAGES, slug):
        response = client.get(url)
        if role in allowed:
            assert response.status_code == 200, (role, url)
        elif role == Role.VISITOR:
            assert response.status_code == 302, (role, url)
            assert "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 403, (role, url, response.status_code)
            assert b"You cannot see this page" in response.content


@pytest.mark.parametrize(
    "role", [Role.VISITOR, Role.PARTICIPANT, Role.ORGANISATION_EDITOR]
)
def test_public_pages_are_open_to_everyone(demo_users, role):
    client = _client(role, demo_users)
    for slug in ("anyshire-council", "anyshire-health", "anyshire-voices"):
        for url in _urls(PUBLIC_PAGES, slug):
            assert client.get(url).status_code == 200, (role, url)


def test_an_org_editor_cannot_change_another_organisations_commitments(demo_users):
    client = _client(Role.ORGANISATION_EDITOR, demo_users)
    theirs = Commitment.objects.filter(organisation__slug="anyshire-health").first()
    before = (theirs.title, theirs.status, theirs.updates.count())
    base = f"/organisations/anyshire-health/commitments/{theirs.pk}/"
    posts = {
        base + "edit/": {"title": "Taken over", "status": "done"},
        base + "updates/new/": {
            "text": "Fake news",
            "status": "done",
            "progress": "100",
        },
        base + "milestones/new/": {"title": "X", "due_on": "1/1/2027", "progress": "1"},
        "/organisations/anyshire-health/commitments/new/": {"title": "Not ours"},
    }
    for url, data in posts.items():
        assert client.post(url, data).status_code == 403, url
    # Nor through their own organisation's address: it is not found there.
    own = f"/organisations/anyshire-council/commitments/{theirs.pk}/"
    assert client.post(own + "edit/", {"title": "Taken over"}).status_code == 404
    assert client.post(own + "updates/new/", {"text": "x"}).status_code == 404
    theirs.refresh_from_db()
    assert (theirs.title, theirs.status, theirs.updates.count()) == before
    assert not Commitment.objects.filter(title="Not ours").exists()


def test_the_public_page_offers_edit_links_only_to_editors(demo_users):
    commitment = Commitment.objects.filter(
        organisation__slug="anyshire-council"
    ).first()
    url = f"/organisations/anyshire-council/commitments/{commitment.pk}/"
    assert b"Add a progress update" not in Client().get(url).content
    editor = _client(Role.ORGANISATION_EDITOR, demo_users)
    assert b"Add a progress update" in editor.get(url).content
    other = Commitment.objects.filter(organisation__slug="anyshire-health").first()
    html = editor.get(f"/organisations/anyshire-health/commitments/{other.pk}/")
    assert b"Add a progress update" not in html.content
