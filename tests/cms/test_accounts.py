"""Signing in by a code sent by email (django-allauth login by code)."""

import re

import pytest
from django.core import mail
from django.test import Client

from consult.roles import Role

CODE = re.compile(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", re.MULTILINE)


def request_code(client, email: str):
    return client.post("/accounts/login/code/", {"email": email}, follow=True)


def sent_code() -> str:
    assert mail.outbox, "no email was sent"
    match = CODE.search(mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


@pytest.mark.django_db
def test_sign_in_by_code(demo_users, client):
    email = demo_users[Role.FACILITATOR].email
    response = request_code(client, email)
    assert "Type your sign-in code" in response.content.decode()
    assert mail.outbox[-1].to == [email]
    response = client.post(
        "/accounts/login/code/confirm/", {"code": sent_code()}, follow=True
    )
    assert response.status_code == 200
    assert response.context["user"].email == email
    assert f"Signed in as {email}" in response.content.decode()


@pytest.mark.django_db
def test_code_is_not_case_or_space_sensitive(demo_users, client):
    request_code(client, demo_users[Role.PARTICIPANT].email)
    typed = " " + sent_code().lower() + " "
    response = client.post(
        "/accounts/login/code/confirm/", {"code": typed}, follow=True
    )
    assert response.context["user"].is_authenticated


@pytest.mark.django_db
def test_wrong_code_gets_a_plain_message_next_to_the_field(demo_users, client):
    request_code(client, demo_users[Role.PARTICIPANT].email)
    response = client.post("/accounts/login/code/confirm/", {"code": "WRONG1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert 'id="id_code-error"' in html
    assert 'value="WRONG1"' in html
    assert not response.context["user"].is_authenticated


@pytest.mark.django_db
def test_too_many_wrong_codes_stop_the_code_working(demo_users, client):
    request_code(client, demo_users[Role.PARTICIPANT].email)
    code = sent_code()
    for _ in range(3):
        response = client.post("/accounts/login/code/confirm/", {"code": "WRONG1"})
    response = client.post("/accounts/login/code/confirm/", {"code": code}, follow=True)
    assert not response.context["user"].is_authenticated
    assert response.status_code in {200, 429}


@pytest.mark.django_db
def test_unknown_email_does_not_reveal_whether_an_account_exists(demo, client):
    response = request_code(client, "nobody@example.org")
    assert response.status_code == 200
    assert "Type your sign-in code" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("email", ["", "not-an-email", "a@" + "b" * 300 + ".org"])
def test_bad_email_gets_a_message_and_keeps_what_was_typed(demo, client, email):
    response = client.post("/accounts/login/code/", {"email": email})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert 'id="id_email-error"' in html
    if email:
        assert f'value="{email}"' in html


@pytest.mark.django_db
def test_asking_for_codes_for_one_email_too_often_gets_a_plain_message(demo):
    email = "someone@example.org"
    responses = [
        Client().post("/accounts/login/code/", {"email": email}) for _ in range(6)
    ]
    assert [r.status_code for r in responses[:5]] == [302] * 5
    html = responses[5].content.decode()
    assert responses[5].status_code == 200
    assert "You have tried too many times" in html
    assert f'value="{email}"' in html


@pytest.mark.django_db
def test_many_code_requests_from_one_place_are_limited(demo):
    responses = [
        Client().post("/accounts/login/code/", {"email": f"p{i}@example.org"})
        for i in range(21)
    ]
    assert {r.status_code for r in responses[:20]} == {302}
    assert "You have tried too many times" in responses[20].content.decode()


@pytest.mark.django_db
def test_too_many_sign_in_attempts_get_a_friendly_429_page(demo):
    data = {"login": "a@example.org", "password": "wrong"}
    statuses = [Client().post("/accounts/login/", data).status_code for _ in range(31)]
    assert statuses[-1] == 429
    response = Client().post("/accounts/login/", data)
    assert response.status_code == 429
    assert "Too many tries" in response.content.decode()


@pytest.mark.django_db
def test_sign_out_is_a_post_form(demo_users, client):
    client.force_login(demo_users[Role.PARTICIPANT])
    html = client.get("/").content.decode()
    assert 'action="/accounts/logout/"' in html
    client.post("/accounts/logout/")
    assert not client.get("/").context["user"].is_authenticated


@pytest.mark.django_db
def test_editors_sign_in_to_the_admin_through_the_same_page(demo, client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
