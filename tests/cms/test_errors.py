"""Friendly error pages in plain words, in both modes, and never a 500."""

import pytest
from django.test import Client, RequestFactory

from cms.views import server_error
from themes.display import COOKIE_NAME


@pytest.mark.django_db
def test_unknown_url_gets_a_friendly_404(demo, client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "check it is correct" in html
    assert 'href="/"' in html


@pytest.mark.django_db
def test_404_in_easy_read(demo, client_in_mode):
    response = client_in_mode("easy-read").get("/no-such-page/")
    assert response.status_code == 404
    assert "We cannot find this page" in response.content.decode()
    assert 'class="picto-row"' in response.content.decode()


@pytest.mark.django_db
def test_wrong_method_gets_a_friendly_405(demo, client):
    response = client.post("/search/", {"q": "x"})
    assert response.status_code == 405
    assert "This page cannot do that" in response.content.decode()
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_form_without_csrf_token_gets_a_friendly_page(demo):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/code/", {"email": "a@example.org"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Your form was not sent" in html
    assert "copy it first" in html


@pytest.mark.django_db
def test_csrf_page_in_easy_read(demo):
    client = Client(enforce_csrf_checks=True)
    client.cookies[COOKIE_NAME] = "easy-read"
    response = client.post("/accounts/login/code/", {"email": "a@example.org"})
    assert "We did not get your form" in response.content.decode()


@pytest.mark.parametrize("mode", ["standard", "easy-read", "nonsense"])
def test_500_page_renders_without_the_database(mode):
    request = RequestFactory().get("/")
    request.COOKIES[COOKIE_NAME] = mode
    response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "not your fault" in html.replace("\n", " ")
    assert '<html lang="en-GB"' in html


def test_500_is_wired_as_the_handler():
    from cms import urls

    assert urls.handler500 == "cms.views.server_error"


@pytest.mark.django_db
def test_unknown_display_mode_cookie_is_ignored(demo):
    client = Client()
    client.cookies[COOKIE_NAME] = "\x00\x01bad"
    assert client.get("/anyshire/").status_code == 200
