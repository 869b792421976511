"""Every address the site answers, for six roles: what each one gets.

The addresses come from the URL resolver (cms.urls) and from the inquiry
page's own routes (RoutablePageMixin), so a new view with no entry below makes
`test_every_address_has_an_entry` fail: add a line to MATRIX saying what each
role should get. tests/consult/test_permissions.py says *why* for the main
pages (the plain 403 text, "not found so nothing leaks"); this file makes
sure nothing is left out.

An entry is the address with {placeholders} filled from the demo (see
`demo_ids`) and the status each role gets, in ROLES order:
anonymous, participant, facilitator, organisation staff, site editor,
superuser. 302 for someone signed out means "sent to sign in" (checked).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import get_page_models

from cms.demo import DEMO_USERS
from consult.models import Commitment, Finding, Organisation, User
from consult.roles import Role

# The six roles, in the order every entry lists their statuses.
ROLES: list[Role | None] = [
    None,  # signed out
    Role.PARTICIPANT,
    Role.FACILITATOR,
    Role.ORGANISATION_EDITOR,
    Role.SITE_EDITOR,
    Role.ADMIN,
]

# Addresses not walked here, and why.
SKIPPED_PREFIXES = {
    "admin/": "Wagtail's admin checks its own permissions; the editor and "
    "superuser entries of /admin/ are in tests/consult/test_permissions.py",
    "documents/": "Wagtail serves documents with its own privacy rules "
    "(collection view restrictions), tested by Wagtail",
    "static/": "public files by design (WhiteNoise), no view",
    "media/": "public media is served by the web server, never by Django in "
    "production; private files are under no public URL (STORAGES['private'])",
}


# A status, or LOGIN: a redirect to the sign-in page.
LOGIN = "login"
Status = int | str


@dataclass(frozen=True)
class Expect:
    url: str
    statuses: tuple[Status, ...]


def E(url: str, *statuses: Status) -> Expect:  # reads as a table row
    assert len(statuses) == len(ROLES), f"{url}: one status per role"
    return Expect(url, statuses)


# The rows most addresses share (in ROLES order).
EVERYONE = (200, 200, 200, 200, 200, 200)  # public pages
NOT_FOUND = (404, 404, 404, 404, 404, 404)  # unpublished or nothing there
FACILITATORS = (LOGIN, 403, 200, 403, 403, 200)  # inquiry running tools
ORGANISATION_STAFF = (LOGIN, 403, 403, 200, 200, 200)  # commitments editing


# Keyed by URL name ("namespace:name"; the route for an unnamed pattern;
# "page:<route name>" for the inquiry page's own routes).
# Statuses in order: anonymous, participant, facilitator, org staff, editor, superuser.
MATRIX: dict[str, Expect] = {
    # Open data API: public reads; results only once published (404 before).
    "api:root": E("/api/", 302, 302, 302, 302, 302, 302),
    "api:schema": E("/api/schema/", *EVERYONE),
    "api:docs": E("/api/docs/", *EVERYONE),
    "api:v1": E("/api/v1/", 302, 302, 302, 302, 302, 302),
    "api:inquiries": E("/api/v1/inquiries/", *EVERYONE),
    "api:inquiry": E("/api/v1/inquiries/{slug}/", *EVERYONE),
    "api:changes": E("/api/v1/inquiries/{slug}/changes/", *EVERYONE),
    "api:results": E("/api/v1/inquiries/{slug}/results/", *NOT_FOUND),
    "api:inquiry_commitments": E("/api/v1/inquiries/{slug}/commitments/", *EVERYONE),
    "api:organisation_commitments": E(
        "/api/v1/organisations/{org}/commitments/", *EVERYONE
    ),
    "api:organisations": E("/api/v1/organisations/", *EVERYONE),
    "api:organisation": E("/api/v1/organisations/{org}/", *EVERYONE),
    "api/^(?P<rest>.*/)$": E("/api/nothing-here/", *NOT_FOUND),
    # Accounts (allauth): pages for signed-out people send signed-in ones on.
    "account_login": E("/accounts/login/", 200, 302, 302, 302, 302, 302),
    "account_logout": E("/accounts/logout/", 302, 200, 200, 200, 200, 200),
    "account_inactive": E("/accounts/inactive/", *EVERYONE),
    "account_signup": E("/accounts/signup/", 200, 302, 302, 302, 302, 302),
    "account_reauthenticate": E(
        "/accounts/reauthenticate/", LOGIN, 403, 403, 403, 403, 403
    ),
    "account_email": E("/accounts/email/", LOGIN, 200, 200, 200, 200, 200),
    "account_email_verification_sent": E(
        "/accounts/confirm-email/", LOGIN, 302, 302, 302, 302, 302
    ),
    "account_change_password": E(
        "/accounts/password/change/", LOGIN, 302, 302, 302, 302, 302
    ),
    "account_set_password": E(
        "/accounts/password/set/", LOGIN, 200, 200, 200, 200, 200
    ),
    "account_reset_password": E("/accounts/password/reset/", *EVERYONE),
    "account_confirm_login_code": E(
        "/accounts/login/code/confirm/", LOGIN, 302, 302, 302, 302, 302
    ),
    "account_reset_password_from_key_done": E(
        "/accounts/password/reset/key/done/", *EVERYONE
    ),
    "account_reset_password_from_key": E(
        "/accounts/password/reset/key/1-not-a-key/", *EVERYONE
    ),
    "account_reset_password_done": E("/accounts/password/reset/done/", *EVERYONE),
    "account_request_login_code": E(
        "/accounts/login/code/", 200, 302, 302, 302, 302, 302
    ),
    # Search and display modes
    "search": E("/search/?q=care", *EVERYONE),
    "themes:display_mode": E("/display/large-text/", 302, 302, 302, 302, 302, 302),
    # Sessions and the facilitator's console: facilitators and superusers.
    "deliberation:session_list": E("/inquiries/{slug}/sessions/", *EVERYONE),
    "deliberation:plan_session": E("/inquiries/{slug}/sessions/plan/", *FACILITATORS),
    "deliberation:session": E("/inquiries/{slug}/sessions/{session}/", *EVERYONE),
    "deliberation:change_session": E(
        "/inquiries/{slug}/sessions/{session}/change/", *FACILITATORS
    ),
    "deliberation:session_people": E(
        "/inquiries/{slug}/sessions/{session}/people/", *FACILITATORS
    ),
    "deliberation:session_ics": E(
        "/inquiries/{slug}/sessions/{session}/calendar.ics", *EVERYONE
    ),
    "deliberation:sign_up_done": E(
        "/inquiries/{slug}/sessions/place/not-a-token/", *NOT_FOUND
    ),
    "deliberation:cancel_sign_up": E(
        "/inquiries/{slug}/sessions/place/not-a-token/cancel/", *NOT_FOUND
    ),
    "deliberation:console": E("/inquiries/{slug}/console/", *FACILITATORS),
    "deliberation:bulk_import": E("/inquiries/{slug}/console/import/", *FACILITATORS),
    "deliberation:capture": E("/inquiries/{slug}/console/phone/", *FACILITATORS),
    "deliberation:room": E("/inquiries/{slug}/sessions/{session}/room/", *FACILITATORS),
    "deliberation:room_counts": E(
        "/inquiries/{slug}/sessions/{session}/room/counts.json", *FACILITATORS
    ),
    "deliberation:console_vote": E(
        "/inquiries/{slug}/console/{session}/vote/", *FACILITATORS
    ),
    # Listen: stories, codes, moderation. Someone else's story is not found;
    # signed out, the story pages ask who you are (code or sign in).
    "consult:team_page": E("/inquiries/{slug}/team/", LOGIN, 403, 200, 403, 200, 200),
    "consult:code_entry": E("/inquiries/{slug}/code/", *EVERYONE),
    "consult:codes_page": E("/inquiries/{slug}/codes/", *FACILITATORS),
    "consult:story": E("/inquiries/{slug}/story/", *EVERYONE),
    "consult:finding_media": E(
        "/inquiries/{slug}/findings/{finding}/media/", *NOT_FOUND
    ),
    "consult:change_story": E(
        "/inquiries/{slug}/story/{finding}/change/", 200, 404, 404, 404, 404, 404
    ),
    "consult:withdraw_story": E(
        "/inquiries/{slug}/story/{finding}/withdraw/", 200, 404, 404, 404, 404, 404
    ),
    "consult:my_stories": E("/inquiries/{slug}/my-stories/", *EVERYONE),
    "consult:moderation": E("/inquiries/{slug}/moderation/", *FACILITATORS),
    "consult:safeguarding": E(
        "/inquiries/{slug}/safeguarding/", LOGIN, 403, 403, 403, 403, 403
    ),
    # About you and whose voices
    "consult:about_you": E("/inquiries/{slug}/about-you/", *EVERYONE),
    "consult:delete_about_you": E("/inquiries/{slug}/about-you/delete/", *EVERYONE),
    "consult:voices": E("/inquiries/{slug}/voices/", *FACILITATORS),
    "consult:voices_csv": E("/inquiries/{slug}/voices.csv", *FACILITATORS),
    # Make sense
    "consult:themes": E("/inquiries/{slug}/themes/", *FACILITATORS),
    "consult:theme_suggestions": E(
        "/inquiries/{slug}/themes/suggestions/", *FACILITATORS
    ),
    "consult:theme_detail": E("/inquiries/{slug}/themes/{theme}/", *FACILITATORS),
    "consult:change_edit": E("/inquiries/{slug}/changes/2/", *FACILITATORS),
    # Budget
    "consult:budget": E("/inquiries/{slug}/budget/", *EVERYONE),
    "consult:budget_model": E(
        "/inquiries/{slug}/budget/models/{support_model}/", *EVERYONE
    ),
    "consult:budget_split": E("/inquiries/{slug}/budget/split/", *EVERYONE),
    "consult:budget_choose": E("/inquiries/{slug}/budget/choose/", *EVERYONE),
    "consult:budget_pledge": E("/inquiries/{slug}/budget/pledge/", *EVERYONE),
    "consult:budget_assisted": E("/inquiries/{slug}/budget/assisted/", *FACILITATORS),
    "consult:budget_results": E("/inquiries/{slug}/budget/results/", *FACILITATORS),
    # Priorities; results are not found until published (demo: unpublished).
    "consult:priorities": E("/inquiries/{slug}/priorities/", *EVERYONE),
    "consult:priorities_step": E("/inquiries/{slug}/priorities/1/", *EVERYONE),
    "consult:priorities_check": E(
        "/inquiries/{slug}/priorities/check/", 200, 302, 302, 302, 302, 302
    ),
    "consult:priorities_voted": E(
        "/inquiries/{slug}/priorities/voted/", 302, 302, 302, 302, 302, 302
    ),
    "consult:priorities_setup": E("/inquiries/{slug}/priorities/setup/", *FACILITATORS),
    "consult:priorities_assisted": E(
        "/inquiries/{slug}/priorities/assisted/", *FACILITATORS
    ),
    "consult:priorities_assisted_vote": E(
        "/inquiries/{slug}/priorities/assisted/vote/", LOGIN, 403, 302, 403, 403, 302
    ),
    "consult:paper_home": E("/inquiries/{slug}/priorities/paper/", *FACILITATORS),
    "consult:paper_pdf": E(
        "/inquiries/{slug}/priorities/paper.pdf", LOGIN, 403, 302, 403, 403, 302
    ),
    "consult:paper_batch": E(
        "/inquiries/{slug}/priorities/paper/{batch}/", *FACILITATORS
    ),
    "consult:paper_check": E(
        "/inquiries/{slug}/priorities/paper/{batch}/check/", *FACILITATORS
    ),
    "consult:priority_results": E(
        "/inquiries/{slug}/priorities/results/", 404, 404, 200, 404, 404, 200
    ),
    "consult:priority_results_json": E(
        "/inquiries/{slug}/priorities/results.json", 404, 404, 200, 404, 404, 200
    ),
    # Publish and results downloads (not found until published)
    "consult:publish": E("/inquiries/{slug}/publish/", LOGIN, 403, 403, 403, 200, 200),
    "consult:opendata_file": E("/inquiries/{slug}/data/findings.csv", *NOT_FOUND),
    "consult:results_pdf": E("/inquiries/{slug}/results.pdf", *NOT_FOUND),
    "consult:results_pdf_easy_read": E(
        "/inquiries/{slug}/results-easy-read.pdf", *NOT_FOUND
    ),
    # Commitments: the organisation's staff, site editors and superusers.
    "consult:organisation": E("/organisations/{org}/", *EVERYONE),
    "consult:org_commitments": E(
        "/organisations/{org}/commitments/", *ORGANISATION_STAFF
    ),
    "consult:commitment_new": E(
        "/organisations/{org}/commitments/new/", *ORGANISATION_STAFF
    ),
    "consult:commitment": E(
        "/organisations/{org}/commitments/{commitment}/", *EVERYONE
    ),
    "consult:commitment_edit": E(
        "/organisations/{org}/commitments/{commitment}/edit/", *ORGANISATION_STAFF
    ),
    "consult:milestone_new": E(
        "/organisations/{org}/commitments/{commitment}/milestones/new/",
        *ORGANISATION_STAFF,
    ),
    "consult:milestone_edit": E(
        "/organisations/{org}/commitments/{commitment}/milestones/{milestone}/edit/",
        *ORGANISATION_STAFF,
    ),
    "consult:update_new": E(
        "/organisations/{org}/commitments/{commitment}/updates/new/",
        *ORGANISATION_STAFF,
    ),
    "consult:update_edit": E(
        "/organisations/{org}/commitments/{commitment}/updates/{update}/edit/",
        *ORGANISATION_STAFF,
    ),
    "consult:update_evidence": E(
        "/organisations/{org}/commitments/{commitment}/updates/{update}/evidence/",
        *NOT_FOUND,
    ),
    "consult:rate": E(
        "/organisations/{org}/commitments/{commitment}/updates/{update}/rate/",
        *EVERYONE,
    ),
    "consult:rating_comments": E(
        "/inquiries/{slug}/moderation/rating-comments/", LOGIN, 403, 403, 403, 403, 200
    ),
    "consult:org_editors": E("/organisations/{org}/editors/", *ORGANISATION_STAFF),
    "consult:accept_invite": E("/editor-invitations/not-a-token/", *NOT_FOUND),
    # Follow, feeds, exports; tokens that are not real are not found.
    "consult:follow_organisation": E("/organisations/{org}/follow/", *EVERYONE),
    "consult:organisation_feed": E("/organisations/{org}/feed/", *EVERYONE),
    "consult:follow_change": E(
        "/inquiries/{slug}/you-said-we-did/2/follow/", *EVERYONE
    ),
    "consult:change_feed": E("/inquiries/{slug}/you-said-we-did/2/feed/", *EVERYONE),
    "consult:confirm_follow": E("/follow/confirm/not-a-token/", *NOT_FOUND),
    "consult:unfollow": E("/follow/stop/not-a-token/", *NOT_FOUND),
    # People's rights (consult/privacy): the notice is for everyone; the
    # "your information" pages show someone with no identity how to get one.
    "consult:privacy_notice": E("/privacy/", *EVERYONE),
    "consult:privacy_notice_easy_read": E("/privacy/easy-read/", *EVERYONE),
    "consult:your_information": E("/your-information/", *EVERYONE),
    "consult:your_information_download": E("/your-information/download/", *EVERYONE),
    "consult:your_information_name": E("/your-information/name/", *EVERYONE),
    # Someone else's story: not found for anyone signed in.
    "consult:your_information_stop_quoting": E(
        "/your-information/stories/{finding}/stop-quoting/",
        200,
        404,
        404,
        404,
        404,
        404,
    ),
    "consult:your_information_erase": E("/your-information/erase/", *EVERYONE),
    "consult:your_information_erase_code": E(
        "/your-information/erase/{slug}/", *EVERYONE
    ),
    "consult:your_information_erased": E("/your-information/erased/", *EVERYONE),
    "consult:privacy_requests": E("/inquiries/{slug}/privacy-requests/", *FACILITATORS),
    "consult:organisation_export": E(
        "/organisations/{org}/export/commitments.csv", *EVERYONE
    ),
    "consult:inquiry_export": E(
        "/inquiries/{slug}/commitments/commitments.csv", *EVERYONE
    ),
    "consult:import_commitments": E(
        "/organisations/{org}/commitments/import/", *ORGANISATION_STAFF
    ),
    "consult:import_template": E(
        "/organisations/{org}/commitments/import/template.csv", *ORGANISATION_STAFF
    ),
    # Wagtail's page routes and the inquiry page's own routes
    "wagtailcore_authenticate_with_password": E(
        "/_util/authenticate_with_password/1/{home}/", *NOT_FOUND
    ),
    "wagtailcore_login": E("/_util/login/", *EVERYONE),
    "wagtail_serve": E("/", *EVERYONE),
    "page:findings_route": E("/{slug}/findings/", *EVERYONE),
    "page:take_part_route": E("/{slug}/take-part/", *EVERYONE),
    "page:report_route": E("/{slug}/findings/{finding}/report/", *EVERYONE),
    "page:changes_route": E("/{slug}/changes/", *EVERYONE),
    "page:results_route": E("/{slug}/results/", 404, 404, 200, 404, 200, 200),
    "page:results_easy_read_route": E(
        "/{slug}/results/easy-read/", 404, 404, 200, 404, 200, 200
    ),
    "page:data_route": E("/{slug}/data/", *NOT_FOUND),
    "page:feed_route": E("/{slug}/feed/", *EVERYONE),
    "page:tracker_route": E("/{slug}/you-said-we-did/", *EVERYONE),
    "page:index_route": E("/{slug}/", *EVERYONE),
}


def url_names(resolver: URLResolver | None = None) -> dict[str, str]:
    """{URL name: route} for every pattern outside SKIPPED_PREFIXES."""
    found: dict[str, str] = {}

    def walk(node: URLResolver, prefix: str, namespace: str | None) -> None:
        for item in node.url_patterns:
            route = prefix + str(item.pattern)
            if route.startswith(tuple(SKIPPED_PREFIXES)):
                continue
            if isinstance(item, URLResolver):
                inner = namespace
                if item.namespace:
                    inner = (
                        f"{namespace}:{item.namespace}"
                        if namespace
                        else (item.namespace)
                    )
                walk(item, route, inner)
            elif isinstance(item, URLPattern):
                name = item.name and (
                    f"{namespace}:{item.name}" if namespace else item.name
                )
                found[name or route] = route

    walk(resolver or get_resolver(), "", None)
    for model in get_page_models():
        if issubclass(model, RoutablePageMixin):
            for sub in model.get_subpage_urls():
                found[f"page:{sub.name}"] = f"<{model.__name__}>/{sub.pattern}"
    return found


def test_every_address_has_an_entry():
    names = url_names()
    missing = sorted(set(names) - set(MATRIX))
    assert not missing, (
        "These addresses have no entry in MATRIX (say what each role gets): "
        + ", ".join(f"{n} ({names[n]})" for n in missing)
    )


def test_no_entry_is_left_over_from_a_removed_address():
    assert sorted(set(MATRIX) - set(url_names())) == []


def test_the_walk_would_notice_a_new_view():
    from django.urls import path

    from cms.urls import urlpatterns

    resolver = URLResolver(
        get_resolver().pattern,
        [*urlpatterns, path("brand-new/", lambda r: None, name="brand_new")],
    )
    assert "brand_new" in url_names(resolver)
    assert "brand_new" not in MATRIX


def demo_ids(demo) -> dict[str, object]:
    """The demo objects the addresses in MATRIX point at."""
    from wagtail.models import Site

    org = Organisation.objects.get(slug="anyshire-council")
    commitment = Commitment.objects.filter(organisation=org).order_by("pk").first()
    return {
        "slug": demo.slug,
        "org": org.slug,
        "session": demo.sessions.order_by("starts_at").first().pk,
        "finding": Finding.objects.filter(inquiry=demo).public().order_by("pk")[0].pk,
        "theme": demo.themes.order_by("pk").first().pk,
        "support_model": demo.budget.support_models.order_by("pk").first().pk,
        "batch": demo.paper_batches.order_by("pk").first().pk,
        "commitment": commitment.pk,
        "milestone": commitment.milestones.order_by("pk").first().pk,
        "update": commitment.updates.order_by("pk").first().pk,
        "home": Site.objects.get(is_default_site=True).root_page_id,
    }


def clients(demo) -> list[Client]:
    """One client per role in ROLES, signed in as that role's demo account."""
    by_role = {u.role: User.objects.get(email=u.email) for u in DEMO_USERS}
    made = []
    for role in ROLES:
        client = Client()
        if role is not None:
            client.force_login(by_role[role])
        made.append(client)
    return made


def answer(response) -> Status:
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return LOGIN
    return response.status_code


# One test for the whole table: the demo loads once for the module, not once
# per address, and every wrong answer is listed together.
@pytest.mark.django_db
def test_every_role_gets_the_expected_answer_at_every_address(demo):
    ids = demo_ids(demo)
    role_clients = clients(demo)
    wrong = []
    for name, expect in MATRIX.items():
        url = expect.url.format(**ids)
        for role, client, wanted in zip(
            ROLES, role_clients, expect.statuses, strict=True
        ):
            got = answer(client.get(url))
            if got != wanted:
                wrong.append(
                    f"{name} {url} as {role or 'anonymous'}: {got}, wanted {wanted}"
                )
    assert wrong == [], "\n".join(wrong)
