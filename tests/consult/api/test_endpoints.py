"""The open data API's endpoints: what each shows, its filters and pages, and
that it never shows what is not public."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from consult import publication
from consult.models import Finding, Inquiry, InquiryPage, Organisation, PhaseKind
from consult.models.inquiries import today
from consult.roles import Role
from tests.factories import (
    ChangeFactory,
    InquiryFactory,
    OrganisationFactory,
    PhaseFactory,
)

pytestmark = pytest.mark.django_db


def get(url: str, client: Client | None = None, **params: str):
    response = (client or Client()).get(url, params)
    assert response["Content-Type"].startswith("application/json"), (
        url,
        response["Content-Type"],
    )
    return response


def with_public_page(inquiry: Inquiry, demo: Inquiry, *, live: bool = True):
    """Give a factory inquiry a page under the demo's home page."""
    home = demo.page.get_parent()
    page = InquiryPage(title=inquiry.title, slug=inquiry.slug, inquiry=inquiry)
    home.add_child(instance=page)
    if not live:
        page.unpublish()
    return inquiry


def publish(inquiry: Inquiry, demo_users) -> None:
    publication.publish_results(inquiry, by=demo_users[Role.SITE_EDITOR])
    inquiry.refresh_from_db()


# Inquiries


def test_inquiries_list_the_demo_with_its_phases_and_links(demo):
    response = get("/api/v1/inquiries/")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1 and data["next"] is None
    inquiry = data["results"][0]
    assert inquiry["slug"] == "anyshire"
    assert inquiry["title"] == demo.title
    assert inquiry["question"] == demo.question
    assert inquiry["easy_read_question"] == demo.easy_read_question
    assert inquiry["area"] == demo.area_name
    assert [p["kind"] for p in inquiry["phases"]] == [
        p.kind for p in demo.phases_in_order()
    ]
    listen = next(p for p in inquiry["phases"] if p["kind"] == PhaseKind.LISTEN)
    assert listen["status"] == "open"
    assert listen["name"] == "Listen"
    assert dt.date.fromisoformat(listen["opens_on"]) <= today()
    assert inquiry["results_published"] is False
    assert inquiry["results_published_at"] is None
    links = inquiry["links"]
    assert links["page"] == "http://testserver/anyshire/"
    assert links["changes_page"] == "http://testserver/anyshire/changes/"
    assert links["api"] == "http://testserver/api/v1/inquiries/anyshire/"
    assert links["changes"] == "http://testserver/api/v1/inquiries/anyshire/changes/"
    assert links["results"] is None


def test_an_inquiry_by_slug(demo):
    response = get("/api/v1/inquiries/anyshire/")
    assert response.status_code == 200
    assert response.json()["slug"] == "anyshire"


def test_an_inquiry_without_a_live_public_page_is_not_in_the_api(demo):
    hidden = with_public_page(InquiryFactory(slug="draft"), demo, live=False)
    InquiryFactory(slug="no-page")
    slugs = [i["slug"] for i in get("/api/v1/inquiries/").json()["results"]]
    assert slugs == ["anyshire"]
    for slug in (hidden.slug, "no-page", "nothing-here"):
        for suffix in ("", "changes/", "results/"):
            response = get(f"/api/v1/inquiries/{slug}/{suffix}")
            assert response.status_code == 404
            assert response.json() == {
                "detail": "There is no public inquiry with that slug."
            }


def test_filter_by_open_phase(demo):
    other = with_public_page(InquiryFactory(slug="other"), demo)
    PhaseFactory(inquiry=other, kind=PhaseKind.PRIORITISE)
    PhaseFactory(
        inquiry=other,
        kind=PhaseKind.LISTEN,
        opens_on=today() - dt.timedelta(days=30),
        closes_on=today() - dt.timedelta(days=2),
    )

    def slugs(**params: str) -> list[str]:
        response = get("/api/v1/inquiries/", **params)
        assert response.status_code == 200
        return sorted(i["slug"] for i in response.json()["results"])

    assert slugs() == ["anyshire", "other"]
    assert slugs(phase_open="listen") == ["anyshire"]
    assert "other" in slugs(phase_open="prioritise")
    assert slugs(phase_open="commit") == []


def test_filter_by_published(demo, demo_users):
    with_public_page(InquiryFactory(slug="other"), demo)
    publish(demo, demo_users)
    published = get("/api/v1/inquiries/", published="true").json()["results"]
    assert [i["slug"] for i in published] == ["anyshire"]
    assert published[0]["results_published"] is True
    assert published[0]["results_published_at"] is not None
    assert published[0]["links"]["results"].endswith(
        "/api/v1/inquiries/anyshire/results/"
    )
    waiting = get("/api/v1/inquiries/", published="FALSE").json()["results"]
    assert [i["slug"] for i in waiting] == ["other"]


@pytest.mark.parametrize(
    ("url", "parameter", "value"),
    [
        ("/api/v1/inquiries/", "phase_open", "lunch"),
        ("/api/v1/inquiries/", "phase_open", ""),
        ("/api/v1/inquiries/", "published", "maybe"),
        ("/api/v1/inquiries/", "published", "1"),
        ("/api/v1/organisations/", "kind", "shop"),
        ("/api/v1/inquiries/", "page_size", "lots"),
        ("/api/v1/inquiries/", "page_size", "0"),
        ("/api/v1/inquiries/", "page_size", "-5"),
        ("/api/v1/inquiries/", "page", "two"),
        ("/api/v1/inquiries/anyshire/changes/", "page", "-1"),
    ],
)
def test_a_bad_parameter_is_a_plain_400_naming_it(demo, url, parameter, value):
    response = get(url, **{parameter: value})
    assert response.status_code == 400
    data = response.json()
    assert data["parameter"] == parameter
    assert data["detail"].startswith(parameter)
    assert repr(value) in data["detail"]


# Changes


def test_changes_follow_the_public_changes_page(demo):
    response = get("/api/v1/inquiries/anyshire/changes/")
    assert response.status_code == 200
    data = response.json()
    changes = list(demo.changes.order_by("number"))
    assert data["count"] == len(changes) == 5
    first = data["results"][0]
    change = changes[0]
    assert first["number"] == change.number
    assert first["statement"] == change.title
    assert first["easy_read_statement"] == change.easy_read_title
    assert first["easy_read_text"] == change.easy_read_text
    assert first["pictogram"]["name"] == change.pictogram
    assert first["pictogram"]["alt"]
    assert first["pictogram"]["url"] == (
        f"http://testserver/static/themes/pictograms/{change.pictogram}.svg"
    )
    expected_themes = sorted(t.name for t in change.themes.all())
    assert [t["name"] for t in first["themes"]] == expected_themes
    assert all(t["easy_read_name"] for t in first["themes"])
    assert set(first) == {
        "number",
        "statement",
        "description",
        "easy_read_statement",
        "easy_read_text",
        "pictogram",
        "themes",
    }


def test_changes_of_an_inquiry_with_none_are_an_empty_page(demo):
    with_public_page(InquiryFactory(slug="empty"), demo)
    data = get("/api/v1/inquiries/empty/changes/").json()
    assert data == {"count": 0, "next": None, "previous": None, "results": []}


# Results and the publication rule


def test_results_are_not_found_until_published_and_say_no_number(demo):
    response = get("/api/v1/inquiries/anyshire/results/")
    assert response.status_code == 404
    assert response.json() == {
        "detail": "The results of this inquiry are not published yet. They "
        "appear here when an editor publishes them."
    }
    assert not any(ch.isdigit() for ch in response.content.decode())


def test_results_are_not_found_before_publishing_even_for_the_team(demo, demo_users):
    for role in (Role.ADMIN, Role.FACILITATOR, Role.SITE_EDITOR):
        client = Client()
        client.force_login(demo_users[role])
        response = get("/api/v1/inquiries/anyshire/results/", client)
        assert response.status_code == 404, role


def test_results_after_publishing_match_the_results_pages(demo, demo_users):
    from consult.budgeting.results import pledges_by_area, split_results
    from consult.priorities.results import as_dict, priority_results

    publish(demo, demo_users)
    response = get("/api/v1/inquiries/anyshire/results/")
    assert response.status_code == 200
    data = response.json()
    assert data["inquiry"] == "anyshire"
    assert data["published_at"]

    expected = as_dict(priority_results(demo))
    priorities = data["priorities"]
    assert set(priorities) == set(expected)  # nothing dropped, nothing added
    assert priorities["published"] is True
    assert priorities["ballots"] == expected["ballots"]
    assert priorities["changes"] == expected["changes"]
    assert priorities["groups"] == expected["groups"]

    budget = data["budget"]
    split = split_results(demo.budget)
    assert budget["split"]["ballots"] == split["ballots"] > 0
    assert len(budget["split"]["areas"]) == len(split["rows"])
    area = budget["split"]["areas"][0]
    assert {"number", "name", "easy_read_name", "mean", "median", "markets"} <= set(
        area
    )
    assert budget["models"]["ready"] is True
    assert budget["models"]["voters"] > 0
    assert len(budget["models"]["models"]) == demo.budget.support_models.count()
    pledges = pledges_by_area(demo.budget)
    assert [p["pledges"] for p in budget["pledges"]] == [
        len(p["pledges"]) for p in pledges
    ]
    assert sum(p["pledges"] for p in budget["pledges"]) == 13


def test_results_are_gone_again_when_taken_down(demo, demo_users):
    publish(demo, demo_users)
    assert get("/api/v1/inquiries/anyshire/results/").status_code == 200
    publication.unpublish_results(demo, by=demo_users[Role.SITE_EDITOR])
    assert get("/api/v1/inquiries/anyshire/results/").status_code == 404


RULES = ("mean", "median", "markets")


@pytest.mark.parametrize("voters", [4, 5])
def test_budget_results_with_fewer_than_5_voters_show_no_amounts(
    demo, demo_users, voters
):
    from tests.consult.test_opendata import ballots_inquiry

    inquiry = with_public_page(ballots_inquiry(voters), demo)
    data = get(f"/api/v1/inquiries/{inquiry.slug}/results/").json()
    split, models = data["budget"]["split"], data["budget"]["models"]
    assert split["ballots"] == voters and models["voters"] == voters
    assert split["enough"] is models["enough"] is (voters >= 5)
    amounts = [area[rule] for area in split["areas"] for rule in RULES]
    if voters < 5:
        assert "greedy" not in models and "models" not in models
        assert amounts == [None] * len(amounts)
    else:
        assert None not in amounts
        assert models["greedy"]["spent"]
        assert models["models"]


def test_published_inquiry_without_budget_or_changes_has_null_sections(demo):
    inquiry = with_public_page(InquiryFactory(slug="small"), demo)
    inquiry.results_published_at = dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
    inquiry.save()
    data = get("/api/v1/inquiries/small/results/").json()
    assert data["priorities"] is None and data["budget"] is None

    ChangeFactory(inquiry=inquiry)
    data = get("/api/v1/inquiries/small/results/").json()
    assert data["priorities"]["ballots"] == "fewer than 5"
    assert data["priorities"]["changes"] == []


PUBLIC_URLS = [
    "/api/v1/inquiries/",
    "/api/v1/inquiries/anyshire/",
    "/api/v1/inquiries/anyshire/changes/",
    "/api/v1/inquiries/anyshire/results/",
    "/api/v1/organisations/",
    "/api/v1/organisations/anyshire-council/",
]


def test_nothing_people_said_is_in_any_response_even_once_published(demo, demo_users):
    publish(demo, demo_users)
    findings = list(Finding.objects.filter(inquiry=demo))
    assert len(findings) > 40
    texts = {f.text for f in findings}
    texts |= set(demo.budget.pledges.values_list("description", flat=True))
    names = {f.quoted_name for f in findings if f.quoted_name}
    assert names
    client = Client()
    for url in [*PUBLIC_URLS, "/api/schema/", "/api/docs/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for text in texts:
            assert text not in body, url
        if url in PUBLIC_URLS:
            found = re.findall(r'"[^"]*"', body)
            for name in names:
                assert not [s for s in found if re.search(rf"\b{name}\b", s)], (
                    url,
                    name,
                )


# Organisations


def test_organisations_list_and_detail(demo):
    OrganisationFactory(
        name="Anyshire NHS Trust",
        slug="anyshire-nhs",
        kind=Organisation.Kind.NHS,
        website="https://nhs.example",
    )
    data = get("/api/v1/organisations/").json()
    by_slug = {o["slug"]: o for o in data["results"]}
    assert by_slug["anyshire-nhs"] == {
        "slug": "anyshire-nhs",
        "name": "Anyshire NHS Trust",
        "kind": "nhs",
        "kind_name": "NHS body",
        "website": "https://nhs.example",
    }
    assert "anyshire-council" in by_slug
    nhs = get("/api/v1/organisations/", kind="nhs").json()["results"]
    expected = Organisation.objects.filter(kind=Organisation.Kind.NHS)
    assert sorted(o["slug"] for o in nhs) == sorted(o.slug for o in expected)
    assert "anyshire-nhs" in {o["slug"] for o in nhs}
    assert all(o["kind"] == "nhs" for o in nhs)
    detail = get("/api/v1/organisations/anyshire-council/")
    assert detail.status_code == 200 and detail.json()["kind"] == "council"
    missing = get("/api/v1/organisations/nobody/")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "There is no organisation with that slug."}


# Pages


def test_lists_come_in_pages_of_20(db):
    Organisation.objects.bulk_create(
        Organisation(name=f"Org {n:03}", slug=f"org-{n:03}", kind="charity")
        for n in range(25)
    )
    first = get("/api/v1/organisations/").json()
    assert first["count"] == 25 and len(first["results"]) == 20
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/organisations/?page=2"
    second = get("/api/v1/organisations/", page="2").json()
    assert [o["slug"] for o in second["results"]] == [
        f"org-{n:03}" for n in range(20, 25)
    ]
    assert second["next"] is None
    last = get("/api/v1/organisations/", page="last").json()
    assert last["results"] == second["results"]
    small = get("/api/v1/organisations/", page_size="7").json()
    assert len(small["results"]) == 7
    assert "page_size=7" in small["next"]


def test_a_huge_page_size_is_capped_at_100(db):
    Organisation.objects.bulk_create(
        Organisation(name=f"Org {n:03}", slug=f"org-{n:03}", kind="charity")
        for n in range(105)
    )
    for size in ("101", "1000", "99999999999999999999"):
        data = get("/api/v1/organisations/", page_size=size).json()
        assert data["count"] == 105
        assert len(data["results"]) == 100


def test_a_page_past_the_end_is_not_found(demo):
    for page in ("2", "0", "999"):
        response = get("/api/v1/inquiries/anyshire/changes/", page=page)
        assert response.status_code == 404
        assert response.json()["detail"].startswith(f"There is no page {page}")


# Reading only, JSON only, no CORS


WRITES = ["post", "put", "patch", "delete"]
API_URLS = [
    "/api/v1/inquiries/",
    "/api/v1/inquiries/anyshire/",
    "/api/v1/inquiries/anyshire/changes/",
    "/api/v1/inquiries/anyshire/results/",
    "/api/v1/organisations/",
    "/api/v1/organisations/anyshire-council/",
    "/api/schema/",
]


@pytest.mark.parametrize("method", WRITES)
@pytest.mark.parametrize("signed_in", [False, True])
def test_every_write_is_405(demo, demo_users, method, signed_in):
    client = Client(enforce_csrf_checks=True)
    if signed_in:
        client.force_login(demo_users[Role.ADMIN])
    for url in API_URLS:
        response = getattr(client, method)(
            url, data={"title": "x"}, content_type="application/json"
        )
        assert response.status_code == 405, (method, url, response.status_code)
        if url.startswith("/api/v1/"):
            assert response.json()["detail"] == (
                f'Method "{method.upper()}" not allowed.'
            )
        assert "POST" not in response["Allow"]
    assert Inquiry.objects.get(slug="anyshire").title != "x"


def test_head_and_options_are_answered(demo):
    client = Client()
    for url in API_URLS[:-1]:
        head = client.head(url)
        assert head.status_code == get(url).status_code
        options = client.options(url)
        assert options.status_code == 200
        assert set(options["Allow"].replace(" ", "").split(",")) == {
            "GET",
            "HEAD",
            "OPTIONS",
        }


def test_answers_are_json_even_when_html_is_asked_for(demo):
    response = Client().get("/api/v1/inquiries/", HTTP_ACCEPT="text/html")
    assert response.status_code in (200, 406)
    assert "<html" not in response.content.decode().lower()


def test_the_browsable_api_is_off_outside_development():
    from cms.settings import base, test

    for settings in (base, test):
        assert settings.REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"] == [
            "rest_framework.renderers.JSONRenderer"
        ]


def test_no_cors_headers_are_ever_sent(demo):
    client = Client()
    origin = {"HTTP_ORIGIN": "https://elsewhere.example"}
    for url in API_URLS:
        for response in (
            client.get(url, **origin),
            client.options(url, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET", **origin),
        ):
            assert not [
                h for h in response.headers if h.lower().startswith("access-control")
            ]


def test_any_other_api_address_is_a_json_404(db):
    for url in ("/api/v1/nothing/", "/api/v2/inquiries/", "/api/v1/inquiries/a/b/c/"):
        response = get(url)
        assert response.status_code == 404
        assert "detail" in response.json()


def test_api_root_leads_to_the_docs(db):
    for url in ("/api/", "/api/v1/"):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"] == "/api/docs/"


def test_the_inquiry_list_costs_the_same_queries_however_many(demo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        client = Client()
        client.get("/api/v1/inquiries/")  # warm the site's root paths
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/inquiries/").status_code == 200
        return len(captured)

    one = queries()
    for n in range(3):
        inquiry = with_public_page(InquiryFactory(slug=f"more-{n}"), demo)
        PhaseFactory(inquiry=inquiry)
    assert queries() == one


# Found by fuzzing (tests/consult/api/test_fuzz_api.py, h-fuzzapi)


def test_an_empty_page_is_refused_like_any_other_non_page(db):
    response = get("/api/v1/organisations/", page="")
    assert response.status_code == 400
    assert response.json()["parameter"] == "page"


def test_a_slug_with_a_control_character_is_a_json_404(db):
    for url in (
        "/api/v1/inquiries/any%06shire/",
        "/api/v1/organisations/%00/commitments/",
    ):
        response = get(url)
        assert response.status_code == 404
        assert "detail" in response.json()


def test_a_page_size_in_other_digits_is_refused_like_page(db):
    for value in ("\u0663", " 5", "+5"):
        response = get("/api/v1/organisations/", page_size=value)
        assert response.status_code == 400, value
        assert response.json()["parameter"] == "page_size"
