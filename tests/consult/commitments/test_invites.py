"""Organisation editors invited by email: the link works once, before it
expires, for the invited address, and makes them an editor of that one
organisation."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from consult import permissions, services
from consult.commitments import invites
from consult.models import OrganisationEditor, OrganisationInvite
from consult.roles import GROUP_FOR_ROLE, Role
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

INVITED = "new.editor@testshire.example"


@pytest.fixture(autouse=True)
def emails_sent_on_commit(monkeypatch):
    """The invitation email goes once the invitation is saved (on commit);
    tests run inside a transaction that never commits, so send it at once."""
    monkeypatch.setattr(
        invites.transaction, "on_commit", lambda callback, **kwargs: callback()
    )


@pytest.fixture
def council():
    return OrganisationFactory(name="Testshire Council", slug="testshire")


@pytest.fixture
def trust():
    return OrganisationFactory(name="Testshire NHS Trust", slug="testshire-nhs")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _site_editor():
    return UserFactory(groups=[GROUP_FOR_ROLE[Role.SITE_EDITOR]])


def _link() -> str:
    [email] = mail.outbox[-1:]
    match = re.search(r"https?://\S+/editor-invitations/(\S+)/", email.body)
    assert match, email.body
    return match.group(0)[match.group(0).index("/editor-invitations/") :]


def test_a_site_editor_invites_someone_by_email(council) -> None:
    client = _client(_site_editor())
    response = client.post("/organisations/testshire/editors/", {"email": INVITED})
    assert response.status_code == 302
    [email] = mail.outbox
    assert email.to == [INVITED]
    assert email.subject == "You are invited to edit for Testshire Council"
    assert "works once, for 14 days" in email.body
    token = _link().split("/")[2]
    invite = OrganisationInvite.objects.get()
    assert invite.token_hash == invites.token_hash(token)
    assert token not in invite.token_hash  # only the hash is kept
    page = client.get("/organisations/testshire/editors/").content.decode()
    assert INVITED in page


def test_an_organisation_editor_invites_for_their_own_organisation_only(
    council, trust
) -> None:
    editor = UserFactory()
    services.add_organisation_editor(organisation=council, user=editor)
    client = _client(editor)
    assert client.get("/organisations/testshire/editors/").status_code == 200
    assert client.get("/organisations/testshire-nhs/editors/").status_code == 403
    response = client.post("/organisations/testshire-nhs/editors/", {"email": INVITED})
    assert response.status_code == 403
    assert mail.outbox == []


def test_a_visitor_is_sent_to_sign_in(council) -> None:
    response = Client().get("/organisations/testshire/editors/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("email", ["", "not-an-address"])
def test_a_bad_address_is_an_error_next_to_the_field(council, email) -> None:
    response = _client(_site_editor()).post(
        "/organisations/testshire/editors/", {"email": email}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_email-error"' in page
    assert mail.outbox == []


def test_the_invitee_accepts_and_edits_that_organisation_only(council, trust) -> None:
    invites.invite_editor(organisation=council, email=INVITED, by=_site_editor())
    link = _link()
    # Opening the link signed out: sign in (or make an account) and come back.
    page = Client().get(link).content.decode()
    assert "Sign in" in page and f"?next={link}" in page
    assert Client().post(link).status_code == 302  # to the sign-in page
    invitee = UserFactory(email=INVITED)
    client = _client(invitee)
    assert "Accept the invitation" in client.get(link).content.decode()
    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == "/organisations/testshire/commitments/"
    assert list(OrganisationEditor.objects.filter(user=invitee)) == [
        OrganisationEditor.objects.get(user=invitee, organisation=council)
    ]
    assert permissions.can_edit_commitments(invitee, council)
    assert not permissions.can_edit_commitments(invitee, trust)
    assert client.get("/organisations/testshire/commitments/").status_code == 200
    assert client.get("/organisations/testshire-nhs/commitments/").status_code == 403
    assert client.get("/organisations/testshire-nhs/commitments/new/").status_code == (
        403
    )


def test_the_link_works_once(council) -> None:
    invites.invite_editor(organisation=council, email=INVITED, by=None)
    link = _link()
    client = _client(UserFactory(email=INVITED))
    assert client.post(link).status_code == 302
    response = client.post(link)
    assert response.status_code == 410
    assert "already been used" in response.content.decode()
    assert OrganisationEditor.objects.count() == 1


def test_an_expired_link_says_so(council) -> None:
    invites.invite_editor(
        organisation=council,
        email=INVITED,
        by=None,
        now=timezone.now() - dt.timedelta(days=15),
    )
    response = _client(UserFactory(email=INVITED)).post(_link())
    assert response.status_code == 410
    assert "This invitation ended on" in response.content.decode()
    assert not OrganisationEditor.objects.exists()


def test_an_unknown_link_is_not_found(council) -> None:
    response = Client().get("/editor-invitations/not-a-real-token/")
    assert response.status_code == 404
    assert "This invitation link does not work" in response.content.decode()


def test_someone_signed_in_with_another_address_cannot_accept(council) -> None:
    invites.invite_editor(organisation=council, email=INVITED, by=None)
    link = _link()
    response = _client(UserFactory(email="someone.else@example.org")).post(link)
    assert response.status_code == 400
    assert f"This invitation is for {INVITED}" in response.content.decode()
    assert not OrganisationEditor.objects.exists()
    # The right person can still use it.
    assert _client(UserFactory(email=INVITED.upper())).post(link).status_code == 302


def test_a_new_invitation_replaces_the_earlier_one(council) -> None:
    invites.invite_editor(organisation=council, email=INVITED, by=None)
    first = _link()
    invites.invite_editor(organisation=council, email=INVITED, by=None)
    second = _link()
    client = _client(UserFactory(email=INVITED))
    response = client.post(first)
    assert response.status_code == 410
    assert "replaced by a newer one" in response.content.decode()
    assert client.post(second).status_code == 302


def test_signing_in_by_code_comes_back_to_the_invitation(council) -> None:
    """The allauth flow the email describes: sign in with an emailed code,
    land back on the invitation, accept."""
    invites.invite_editor(organisation=council, email=INVITED, by=None)
    link = _link()
    UserFactory(email=INVITED)
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(
        user_id=UserFactory._meta.model.objects.get(email=INVITED).pk,
        email=INVITED,
        verified=True,
        primary=True,
    )
    client = Client()
    response = client.post(f"/accounts/login/code/?next={link}", {"email": INVITED})
    assert response.status_code == 302
    code = re.search(r"\b([A-Z0-9]{4}-?[A-Z0-9]{4})\b", mail.outbox[-1].body).group(1)
    response = client.post(response["Location"], {"code": code})
    assert response.status_code == 302
    assert response["Location"] == link
    assert client.post(link).status_code == 302
    assert OrganisationEditor.objects.filter(organisation=council).count() == 1
