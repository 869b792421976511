"""Control characters are taken out of form fields and query strings before a
form or a query sees them; a path holding one gets the friendly 400 page."""

import pytest
from django.http import HttpRequest, HttpResponse, QueryDict
from django.test import Client, RequestFactory

from cms.input import ControlCharacterMiddleware, cleaned, strip_control_characters


def test_strip_keeps_tabs_line_breaks_and_unicode() -> None:
    text = "Line one\r\nline two\tand émoji 🙂 \u200b"
    assert strip_control_characters(text) == text


def test_strip_removes_nul_and_other_control_characters() -> None:
    assert strip_control_characters("a\x00b\x07c\x0bd\x1be\x7f") == "abcde"


def test_clean_query_dict_is_returned_as_is() -> None:
    data = QueryDict("a=1&b=2")
    assert cleaned(data) is data


def test_keys_and_every_value_are_cleaned() -> None:
    data = QueryDict(mutable=True)
    data.setlist("na\x00me", ["A\x00da", "B\x01"])
    result = cleaned(data)
    assert result.getlist("name") == ["Ada", "B"]
    assert not result._mutable


def _seen_by_view(request: HttpRequest) -> HttpResponse:
    middleware = ControlCharacterMiddleware(
        lambda r: HttpResponse(f"{r.GET.get('q')}|{r.POST.get('story')}")
    )
    return middleware(request)


def test_form_posts_and_query_strings_reach_the_view_clean() -> None:
    request = RequestFactory().post("/x/?q=care%00home", {"story": "It\x00 helped"})
    assert _seen_by_view(request).content == b"carehome|It helped"


def test_multipart_posts_reach_the_view_clean() -> None:
    request = RequestFactory().post(
        "/x/", {"story": "It\x00 helped"}, format="multipart"
    )
    assert _seen_by_view(request).content == b"None|It helped"


@pytest.mark.django_db
def test_a_nul_in_a_search_is_harmless(client: Client) -> None:
    response = client.get("/search/", {"q": "care\x00 home"})
    assert response.status_code == 200
    assert "care home" in response.content.decode()


@pytest.mark.django_db
def test_a_control_character_in_the_path_gets_the_friendly_400(
    client: Client,
) -> None:
    response = client.get("/inquiries/%00/")
    assert response.status_code == 400
    assert "Something was wrong with the request" in response.content.decode()
