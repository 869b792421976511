"""The full-page cache: what anonymous visitors get from it, what it never
keeps, and how new data and publishing make it fresh."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.views.decorators.cache import cache_control, never_cache

from cms.models import ContentPage, HomePage, NavigationSettings
from consult import participation, publication
from consult.caching import SITE, stamps
from consult.commitments.services import UpdateValues, post_progress_update
from consult.listening import moderate_finding
from consult.models import Commitment, Finding, Inquiry, ModerationState, User
from consult.page_cache import PageCacheMiddleware
from tests.factories import (
    FindingFactory,
    InquiryFactory,
    ParticipantFactory,
    PriorityBallotFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def page_cache_on():
    with override_settings(PAGE_CACHE_SECONDS=300):
        yield


def visit_twice(client: Client, path: str) -> tuple[str | None, str | None]:
    first, second = client.get(path), client.get(path)
    return first.get("X-Cache"), second.get("X-Cache")


# --------------------------------------------------------------------------
# Hit and miss


def test_the_page_cache_is_the_last_middleware() -> None:
    assert settings.MIDDLEWARE[-1] == "consult.page_cache.PageCacheMiddleware"


def test_a_second_anonymous_visit_is_served_from_the_cache(demo: Inquiry) -> None:
    client = Client()
    first = client.get("/anyshire/")
    second = client.get("/anyshire/")
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    # Headers from the middleware above the cache are still added on a hit.
    assert second["X-Frame-Options"] and "Cookie" in second["Vary"]


def test_a_hit_runs_no_query(demo: Inquiry, django_assert_num_queries) -> None:
    client = Client()
    client.get("/anyshire/findings/")
    with django_assert_num_queries(0):
        assert client.get("/anyshire/findings/")["X-Cache"] == "hit"


def test_a_head_request_is_answered_from_the_cache_without_a_body(
    demo: Inquiry,
) -> None:
    client = Client()
    page = client.get("/anyshire/")
    head = client.head("/anyshire/")
    assert head["X-Cache"] == "hit"
    assert head.content == b""
    assert head["Content-Length"] == str(len(page.content))


def test_no_page_is_kept_when_the_setting_is_zero(demo: Inquiry) -> None:
    with override_settings(PAGE_CACHE_SECONDS=0):
        assert visit_twice(Client(), "/anyshire/") == (None, None)


def test_the_query_string_is_part_of_the_address(demo: Inquiry) -> None:
    client = Client()
    client.get("/anyshire/findings/")
    assert client.get("/anyshire/findings/?page=2")["X-Cache"] == "miss"


# --------------------------------------------------------------------------
# Never cached


def test_signed_in_people_get_no_cached_page(demo: Inquiry) -> None:
    client = Client()
    client.get("/anyshire/")  # stored for anonymous visitors
    client.force_login(User.objects.filter(is_superuser=False).first())
    assert visit_twice(client, "/anyshire/") == (None, None)


def test_a_visitor_with_a_participant_in_their_session_gets_no_cached_page(
    demo: Inquiry,
) -> None:
    Client().get("/anyshire/")  # stored for visitors without state
    participant = ParticipantFactory(inquiry=demo)
    client = Client()
    session = client.session
    session[participation.SESSION_KEY] = {str(demo.pk): participant.pk}
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    assert visit_twice(client, "/anyshire/") == (None, None)


def test_a_page_with_a_form_that_posts_is_never_cached(demo: Inquiry) -> None:
    """The code page holds a CSRF token (and sets its cookie)."""
    assert visit_twice(Client(), "/inquiries/anyshire/code/") == (None, None)


def test_a_page_not_found_is_never_cached(demo: Inquiry) -> None:
    assert visit_twice(Client(), "/no-such-page/") == (None, None)


def test_api_answers_keep_their_own_caching(demo: Inquiry) -> None:
    assert visit_twice(Client(), "/api/v1/inquiries/") == (None, None)


def test_someone_elses_private_page_is_never_cached(demo: Inquiry) -> None:
    """Take part is about one person: it says no-store."""
    assert visit_twice(Client(), "/anyshire/take-part/") == (None, None)


def _request(path: str, method: str = "GET") -> HttpRequest:
    request = RequestFactory().generic(method, path)
    request.user = AnonymousUser()
    return request


def _through(view, path: str = "/somewhere/", method: str = "GET") -> list:
    """Two requests through the middleware around `view`: their X-Cache."""
    middleware = PageCacheMiddleware(view)
    return [middleware(_request(path, method)).get("X-Cache") for _ in range(2)]


def _plain(request: HttpRequest) -> HttpResponse:
    return HttpResponse("<p>Hello</p>")


def _sets_cookie(request: HttpRequest) -> HttpResponse:
    response = HttpResponse("<p>Hello</p>")
    response.set_cookie("chosen", "yes")
    return response


@never_cache
def _no_store(request: HttpRequest) -> HttpResponse:
    return HttpResponse("<p>Hello</p>")


@cache_control(private=True)
def _private(request: HttpRequest) -> HttpResponse:
    return HttpResponse("<p>Hello</p>")


@cache_control(max_age=0)
def _max_age_zero(request: HttpRequest) -> HttpResponse:
    return HttpResponse("<p>Hello</p>")


def _with_message(request: HttpRequest) -> HttpResponse:
    request._messages = CookieStorage(request)
    request._messages.add(constants.SUCCESS, "Thank you")
    return HttpResponse("<p>Thank you</p>")


def _post_form(request: HttpRequest) -> HttpResponse:
    return HttpResponse('<form method="post"><button>Send</button></form>')


def _server_error(request: HttpRequest) -> HttpResponse:
    return HttpResponse("<p>Sorry</p>", status=500)


def _varies_on_language(request: HttpRequest) -> HttpResponse:
    return HttpResponse("<p>Hello</p>", headers={"Vary": "Accept-Language"})


def test_a_plain_public_page_is_cached_through_the_middleware() -> None:
    assert _through(_plain) == ["miss", "hit"]


@pytest.mark.parametrize(
    "view",
    [
        _sets_cookie,
        _no_store,
        _private,
        _max_age_zero,
        _with_message,
        _post_form,
        _server_error,
        _varies_on_language,
    ],
    ids=lambda view: view.__name__.strip("_"),
)
def test_an_answer_of_this_kind_is_never_stored(view) -> None:
    assert _through(view) == [None, None]


@pytest.mark.parametrize(
    "path",
    ["/admin/", "/admin/pages/", "/api/v1/inquiries/", "/healthz", "/accounts/login/"],
)
def test_these_addresses_are_never_cached(path: str) -> None:
    assert _through(_plain, path) == [None, None]


def test_a_post_is_never_cached() -> None:
    assert _through(_plain, method="POST") == [None, None]


def test_a_visitor_with_messages_waiting_gets_no_cached_page() -> None:
    middleware = PageCacheMiddleware(_plain)
    middleware(_request("/somewhere/"))
    waiting = _request("/somewhere/")
    waiting.COOKIES["messages"] = "something"
    assert middleware(waiting).get("X-Cache") is None


# --------------------------------------------------------------------------
# Fresh again on new data and on publishing


def test_a_published_finding_shows_at_once(demo: Inquiry) -> None:
    client = Client()
    client.get("/anyshire/findings/")
    finding = FindingFactory(
        inquiry=demo, state=ModerationState.PENDING, text="The bus never comes"
    )
    client.get("/anyshire/findings/")
    waiting = client.get("/anyshire/findings/")
    assert waiting["X-Cache"] == "hit"
    assert b"The bus never comes" not in waiting.content  # not public yet
    moderate_finding(finding=finding, action="publish", actor=User.objects.first())
    page = client.get("/anyshire/findings/")
    assert page["X-Cache"] == "miss"
    assert b"The bus never comes" in page.content


def test_a_counted_ballot_makes_the_inquiry_page_fresh(demo: Inquiry) -> None:
    client = Client()
    client.get("/anyshire/")
    PriorityBallotFactory(participant=ParticipantFactory(inquiry=demo))
    assert client.get("/anyshire/")["X-Cache"] == "miss"


def test_published_results_show_at_once(demo: Inquiry) -> None:
    client = Client()
    client.get("/anyshire/")
    publication.publish_results(demo, by=User.objects.first())
    assert client.get("/anyshire/")["X-Cache"] == "miss"


def test_a_progress_update_makes_the_organisation_pages_fresh(demo: Inquiry) -> None:
    commitment = Commitment.objects.select_related("organisation").first()
    org_page = f"/organisations/{commitment.organisation.slug}/"
    client = Client()
    client.get(org_page)
    post_progress_update(
        commitment=commitment,
        by=User.objects.first(),
        values=UpdateValues(
            dated=dt.date(2026, 12, 1),
            text="Vans ordered",
            status="started",
            progress=40,
        ),
    )
    assert client.get(org_page)["X-Cache"] == "miss"


def test_another_inquirys_data_leaves_this_inquirys_pages_cached(
    demo: Inquiry,
) -> None:
    client = Client()
    client.get("/anyshire/")
    client.get("/")
    FindingFactory(inquiry=InquiryFactory())
    assert client.get("/anyshire/")["X-Cache"] == "hit"
    # The home page lists every inquiry: any data makes it fresh.
    assert client.get("/")["X-Cache"] == "miss"


def test_publishing_a_page_makes_every_page_fresh(demo: Inquiry) -> None:
    client = Client()
    client.get("/")
    client.get("/anyshire/")
    home = HomePage.objects.first()
    page = ContentPage(title="Getting here", slug="getting-here")
    home.add_child(instance=page)
    page.save_revision().publish()
    assert client.get("/")["X-Cache"] == "miss"
    assert client.get("/anyshire/")["X-Cache"] == "miss"
    assert client.get("/getting-here/")["X-Cache"] == "miss"
    page.unpublish()
    assert client.get("/getting-here/").status_code == 404


def test_changing_the_site_settings_makes_every_page_fresh(demo: Inquiry) -> None:
    client = Client()
    client.get("/anyshire/")
    before = stamps([SITE])[SITE]
    NavigationSettings.for_site(HomePage.objects.first().get_site()).save()
    assert stamps([SITE])[SITE] != before
    assert client.get("/anyshire/")["X-Cache"] == "miss"


def test_a_bulk_edit_that_moves_no_stamp_is_gone_within_the_lifetime(
    demo: Inquiry,
) -> None:
    """QuerySet.update sends no signal; PAGE_CACHE_SECONDS bounds the copy."""
    client = Client()
    with override_settings(PAGE_CACHE_SECONDS=1):
        client.get("/anyshire/findings/")
    Finding.objects.filter(inquiry=demo).update(text="Changed in bulk")
    from django.core.cache import cache

    cache.clear()  # what the lifetime does, without waiting for it
    assert client.get("/anyshire/findings/")["X-Cache"] == "miss"


# --------------------------------------------------------------------------
# Display modes


def test_each_display_mode_has_its_own_copy(demo: Inquiry, client_in_mode) -> None:
    standard, easy = client_in_mode("standard"), client_in_mode("easy-read")
    assert standard.get("/anyshire/")["X-Cache"] == "miss"
    easy_page = easy.get("/anyshire/")
    assert easy_page["X-Cache"] == "miss"
    assert b"mode-easy-read" in easy_page.content
    again = easy.get("/anyshire/")
    assert again["X-Cache"] == "hit" and b"mode-easy-read" in again.content
    assert b"mode-easy-read" not in standard.get("/anyshire/").content


def test_an_unknown_display_mode_shares_the_standard_copy(
    demo: Inquiry, client_in_mode
) -> None:
    client_in_mode("standard").get("/anyshire/")
    assert client_in_mode("nonsense").get("/anyshire/")["X-Cache"] == "hit"


# --------------------------------------------------------------------------
# Several processes


BUMP_IN_ANOTHER_PROCESS = """
import os, sys
from django.conf import settings
settings.CACHES = {"default": {
    "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
    "LOCATION": sys.argv[1],
}}
import django
django.setup()
from consult.caching import bump_site_version
bump_site_version()
"""


def test_two_processes_sharing_a_cache_see_the_same_stamp(
    demo: Inquiry, tmp_path: Path
) -> None:
    shared = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        }
    }
    with override_settings(CACHES=shared):
        client = Client()
        client.get("/anyshire/")
        assert client.get("/anyshire/")["X-Cache"] == "hit"
        before = stamps([SITE])[SITE]
        subprocess.run(
            [sys.executable, "-c", BUMP_IN_ANOTHER_PROCESS, str(tmp_path)],
            cwd=REPO,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"},
            check=True,
            timeout=120,
        )
        assert stamps([SITE])[SITE] != before
        assert client.get("/anyshire/")["X-Cache"] == "miss"
