"""The easy-read panel's endpoint in the Wagtail admin, and the editor loading
the panel's script."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from consult.models import InquiryPage
from consult.roles import GROUP_FOR_ROLE, Role
from tests.factories import UserFactory
from themes.admin_views import MAX_CHARS

pytestmark = pytest.mark.django_db


@pytest.fixture
def url() -> str:
    return reverse("themes_easy_read_check")


@pytest.fixture
def editor() -> Client:
    client = Client()
    client.force_login(UserFactory(groups=[GROUP_FOR_ROLE[Role.SITE_EDITOR]]))
    return client


def post_json(client: Client, url: str, body: object) -> object:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_editor_gets_the_report_for_jargon(editor: Client, url: str) -> None:
    response = post_json(editor, url, {"text": "We facilitate reablement."})
    assert response.status_code == 200
    report = response.json()
    assert report["ok"] is False
    assert {p["excerpt"] for p in report["problems"] if p["rule"] == "ER4"} == {
        "facilitate",
        "reablement",
    }


def test_editor_can_send_a_form_field_too(editor: Client, url: str) -> None:
    response = editor.post(url, {"text": "Tell us what works for you."})
    assert response.status_code == 200
    assert response.json()["ok"] is True
    assert response.json()["problems"] == []


@pytest.mark.parametrize("body", [{"text": ""}, {}, {"text": "   "}])
def test_empty_text_is_a_plain_ok_report(editor: Client, url: str, body) -> None:
    response = post_json(editor, url, body)
    assert response.status_code == 200
    assert response.json() == {
        "ok": True,
        "errors": 0,
        "warnings": 0,
        "reading_ease": None,
        "grade": None,
        "sentences": 0,
        "words": 0,
        "problems": [],
    }


def test_huge_text_is_refused_plainly(editor: Client, url: str) -> None:
    response = post_json(editor, url, {"text": "Word. " * MAX_CHARS})
    assert response.status_code == 413
    assert "The checker takes up to 10,000" in response.json()["error"]


def test_text_that_is_not_a_string_is_refused(editor: Client, url: str) -> None:
    response = post_json(editor, url, {"text": ["a", "list"]})
    assert response.status_code == 400
    assert response.json()["error"] == "The text to check must be a string."


def test_broken_json_is_refused_plainly(editor: Client, url: str) -> None:
    response = editor.post(url, data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert "Send the text as JSON" in response.json()["error"]


def test_get_is_not_allowed(editor: Client, url: str) -> None:
    assert editor.get(url).status_code == 405


def test_anonymous_is_sent_to_sign_in(url: str) -> None:
    response = post_json(Client(), url, {"text": "We facilitate."})
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_person_without_admin_access_gets_no_report(url: str) -> None:
    client = Client()
    client.force_login(UserFactory())
    response = post_json(client, url, {"text": "We facilitate."})
    assert response.status_code in {302, 403}
    assert b"problems" not in response.content


def test_post_needs_the_csrf_token(url: str) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(groups=[GROUP_FOR_ROLE[Role.SITE_EDITOR]]))
    assert post_json(client, url, {"text": "Hello."}).status_code == 403


def test_page_editor_loads_the_panel_script(demo, editor: Client, url: str) -> None:
    page = InquiryPage.objects.get(inquiry=demo)
    response = editor.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "themes/js/easy-read-panel" in html
    assert f'data-endpoint="{url}"' in html
    assert "themes/css/easy-read-panel" in html


def test_snippet_editor_loads_the_panel_script(demo, editor: Client) -> None:
    response = editor.get(f"/admin/snippets/consult/inquiry/edit/{demo.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "themes/js/easy-read-panel" in html
    assert 'name="easy_read_question"' in html
