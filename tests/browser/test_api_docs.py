"""The open data API's docs page: axe-clean in every display mode, and its
curl example gives the JSON it promises."""

import json

import pytest

from themes.display import MODES


def _operations() -> int:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return sum("get" in item for item in schema["paths"].values())


@pytest.mark.parametrize("mode", [m.key for m in MODES])
def test_api_docs_page_is_accessible_in_every_mode(visitor, mode):
    visitor.set_mode(mode)
    page = visitor.visit("/api/docs/")
    assert page.locator("h1").inner_text() == "Open data API"
    # One section per GET operation in the schema, whatever is added later.
    assert page.locator("main section.api-endpoint").count() == _operations()
    # Nothing scrolls sideways, so nothing needs a keyboard to scroll it.
    overflow = page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
    assert not overflow
    visitor.screenshot(f"api-docs-{mode}")


def test_the_example_address_answers_with_json(visitor):
    page = visitor.visit("/api/docs/")
    curl = page.locator("#get-api-v1-inquiries ~ pre code").first.inner_text()
    address = curl.split('"')[-2]
    response = page.request.get(address)
    assert response.status == 200
    assert json.loads(response.text())["results"][0]["slug"] == "anyshire"
