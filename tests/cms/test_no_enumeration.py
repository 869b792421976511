"""Nobody can find out whether an email address has an account, or whether a
participation code exists in another inquiry, from what the site answers.
And no participation code is kept in plain anywhere in the database."""

import re

import pytest
from django.apps import apps
from django.core import mail
from django.db import models
from django.test import Client

from consult import codes, services
from consult.roles import Role
from tests.factories import InquiryFactory

UNKNOWN = "nobody-here@example.org"


def page(response, email: str) -> str:
    """The page's words, without the email address typed or the form token."""
    body = response.content.decode().replace(email, "EMAIL")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)


def same_answer(url: str, known: str, data: dict[str, str] | None = None) -> None:
    data = data or {}
    first = Client().post(url, {**data, "email": known})
    second = Client().post(url, {**data, "email": UNKNOWN})
    assert first.status_code == second.status_code
    assert first.get("Location", "") == second.get("Location", "")
    assert page(first, known) == page(second, UNKNOWN)


@pytest.mark.django_db
def test_signing_up_with_a_taken_email_looks_like_any_sign_up(demo_users):
    taken = demo_users[Role.PARTICIPANT].email
    same_answer("/accounts/signup/", taken, {"password1": ""})
    # The owner of the address is told by email; the person at the screen is not.
    assert {m.to[0] for m in mail.outbox} == {taken, UNKNOWN}


@pytest.mark.django_db
def test_resetting_a_password_looks_the_same_for_any_email(demo_users):
    same_answer("/accounts/password/reset/", demo_users[Role.PARTICIPANT].email)


@pytest.mark.django_db
def test_asking_for_a_sign_in_code_looks_the_same_for_any_email(demo_users):
    known = demo_users[Role.FACILITATOR].email
    first = Client().post("/accounts/login/code/", {"email": known}, follow=True)
    second = Client().post("/accounts/login/code/", {"email": UNKNOWN}, follow=True)
    assert first.redirect_chain == second.redirect_chain
    assert first.status_code == second.status_code == 200
    assert "Type your sign-in code" in second.content.decode()


@pytest.mark.django_db
def test_signing_in_with_a_wrong_password_says_the_same_for_any_email(demo_users):
    known = demo_users[Role.FACILITATOR].email
    url = "/accounts/login/"
    first = Client().post(url, {"login": known, "password": "wrong-Pass-1"})
    second = Client().post(url, {"login": UNKNOWN, "password": "wrong-Pass-1"})
    assert first.status_code == second.status_code
    errors = [r.context["form"].non_field_errors() for r in (first, second)]
    assert errors[0] == errors[1]


@pytest.mark.django_db
def test_a_code_from_another_inquiry_is_as_unknown_as_a_made_up_one(demo):
    other = InquiryFactory()
    _, plain = services.create_code_batch(
        inquiry=other, label="Other", size=1, created_by=None
    )
    url = "/inquiries/anyshire/code/"
    theirs = Client().post(url, {"code": plain[0]})
    made_up = Client().post(url, {"code": "ACEF-3479"})
    assert theirs.status_code == made_up.status_code == 200
    assert theirs.context["form"].errors == made_up.context["form"].errors


@pytest.mark.django_db
def test_no_participation_code_is_stored_in_plain_anywhere():
    inquiry = InquiryFactory()
    _, plain = services.create_code_batch(
        inquiry=inquiry, label="Hall", size=5, created_by=None
    )
    # Every text-like value of every row in every table of ours and Django's.
    looked_at = 0
    for model in apps.get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not fields or model._meta.proxy:
            continue
        for row in model.objects.values_list(*fields):
            text = " ".join(str(value) for value in row).upper()
            looked_at += 1
            for code in plain:
                assert code not in text, model.__name__
                assert codes.display(code) not in text, model.__name__
    assert looked_at > 5
