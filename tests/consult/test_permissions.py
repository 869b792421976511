"""Who may see what: every role against every view, as a matrix."""

import pytest
from django.test import Client

from consult import permissions
from consult.roles import Role
from tests.factories import OrganisationFactory, UserFactory

ALL = "all"
# View -> roles that get the page (200). Everyone else is sent to sign in (302)
# when signed out, or told plainly they cannot see it (403 or a redirect away).
MATRIX = {
    "/": ALL,
    "/anyshire/": ALL,
    "/search/?q=care": ALL,
    "/about/": ALL,
    "/inquiries/anyshire/team/": {
        Role.FACILITATOR,
        Role.MODERATOR,
        Role.SAFEGUARDING_LEAD,
        Role.SITE_EDITOR,
        Role.ADMIN,
    },
    "/inquiries/anyshire/sessions/": ALL,
    "/inquiries/anyshire/sessions/plan/": {Role.FACILITATOR, Role.ADMIN},
    "/inquiries/anyshire/console/": {Role.FACILITATOR, Role.ADMIN},
    "/inquiries/anyshire/console/phone/": {Role.FACILITATOR, Role.ADMIN},
    "/inquiries/anyshire/console/import/": {Role.FACILITATOR, Role.ADMIN},
    "/inquiries/anyshire/about-you/": ALL,
    "/inquiries/anyshire/about-you/delete/": ALL,
    "/inquiries/anyshire/voices/": {Role.FACILITATOR, Role.MODERATOR, Role.ADMIN},
    "/inquiries/anyshire/voices.csv": {Role.FACILITATOR, Role.MODERATOR, Role.ADMIN},
    "/admin/": {Role.SITE_EDITOR, Role.ADMIN},
    "/admin/snippets/consult/inquiry/": {Role.SITE_EDITOR, Role.ADMIN},
    "/admin/pages/": {Role.SITE_EDITOR, Role.ADMIN},
    # Make sense (theme detail pages: tests/consult/sensemaking/test_views.py)
    "/inquiries/anyshire/themes/": {Role.FACILITATOR, Role.ADMIN},
    "/inquiries/anyshire/themes/?theme=none": {Role.FACILITATOR, Role.ADMIN},
    "/inquiries/anyshire/themes/suggestions/": {Role.FACILITATOR, Role.ADMIN},
    "/inquiries/anyshire/changes/2/": {Role.FACILITATOR, Role.ADMIN},
    "/anyshire/changes/": ALL,
    # Budget (budgetapp): ballots show "who are you" or "closed" pages to all.
    "/inquiries/anyshire/budget/": ALL,
    "/inquiries/anyshire/budget/split/": ALL,
    "/inquiries/anyshire/budget/choose/": ALL,
    "/inquiries/anyshire/budget/pledge/": ALL,
    "/inquiries/anyshire/budget/assisted/": {Role.FACILITATOR, Role.ADMIN},
    "/inquiries/anyshire/budget/results/": {Role.FACILITATOR, Role.ADMIN},
    # Priority voting (h-ballots)
    "/inquiries/anyshire/priorities/": ALL,
    "/inquiries/anyshire/priorities/1/": ALL,
    "/inquiries/anyshire/priorities/setup/": {Role.FACILITATOR, Role.ADMIN},
    "/inquiries/anyshire/priorities/assisted/": {Role.FACILITATOR, Role.ADMIN},
    # Priority results (h-results): unpublished in the demo, so the team only.
    "/inquiries/anyshire/priorities/results/": {Role.FACILITATOR, Role.ADMIN},
    "/inquiries/anyshire/priorities/results.json": {Role.FACILITATOR, Role.ADMIN},
    # Paper ballots (h-paperroom)
    "/inquiries/anyshire/priorities/paper/": {Role.FACILITATOR, Role.ADMIN},
    # Publish: the editors' switch
    "/inquiries/anyshire/publish/": {Role.SITE_EDITOR, Role.ADMIN},
    # Results pages (h-resultsweb): unpublished in the demo, a team preview.
    "/anyshire/results/": {Role.FACILITATOR, Role.SITE_EDITOR, Role.ADMIN},
    "/anyshire/results/easy-read/": {Role.FACILITATOR, Role.SITE_EDITOR, Role.ADMIN},
    # Open data and the feed (h-opendata): the demo is unpublished, so the
    # downloads are not found for anyone (tests/consult/test_opendata.py).
    "/anyshire/data/": set(),
    "/inquiries/anyshire/data/findings.csv": set(),
    "/inquiries/anyshire/data/datapackage.json": set(),
    "/anyshire/feed/": ALL,
    # Results PDFs (h-pdf): the demo is unpublished, so not found for anyone.
    "/inquiries/anyshire/results.pdf": set(),
    "/inquiries/anyshire/results-easy-read.pdf": set(),
    # Commit and account (h-commit); pages with ids: tests/consult/commitments/
    "/anyshire/you-said-we-did/": ALL,
    "/organisations/anyshire-council/": ALL,
    "/organisations/anyshire-health/": ALL,
    "/organisations/anyshire-council/commitments/": {
        Role.ORGANISATION_EDITOR,
        Role.SITE_EDITOR,
        Role.ADMIN,
    },
    "/organisations/anyshire-council/commitments/new/": {
        Role.ORGANISATION_EDITOR,
        Role.SITE_EDITOR,
        Role.ADMIN,
    },
    "/organisations/anyshire-health/commitments/": {Role.SITE_EDITOR, Role.ADMIN},
    "/organisations/anyshire-health/commitments/new/": {Role.SITE_EDITOR, Role.ADMIN},
    # Open data API (h-api): public to everyone, results only once published
    "/api/docs/": ALL,
    "/api/v1/inquiries/": ALL,
    # Ratings and editor invitations (h-ratings); rating pages have ids:
    # tests/consult/commitments/test_rating_views.py
    "/inquiries/anyshire/moderation/rating-comments/": {Role.MODERATOR, Role.ADMIN},
    "/organisations/anyshire-council/editors/": {
        Role.ORGANISATION_EDITOR,
        Role.SITE_EDITOR,
        Role.ADMIN,
    },
    "/organisations/anyshire-health/editors/": {Role.SITE_EDITOR, Role.ADMIN},
    # Follow, feeds, exports, API and spreadsheet import (h-commitio)
    "/organisations/anyshire-council/follow/": ALL,
    "/organisations/anyshire-council/feed/": ALL,
    "/inquiries/anyshire/you-said-we-did/2/follow/": ALL,
    "/inquiries/anyshire/you-said-we-did/2/feed/": ALL,
    "/organisations/anyshire-council/export/commitments.csv": ALL,
    "/organisations/anyshire-council/export/progress-updates.csv": ALL,
    "/organisations/anyshire-council/export/commitments.json": ALL,
    "/inquiries/anyshire/commitments/commitments.csv": ALL,
    "/inquiries/anyshire/commitments/commitments.json": ALL,
    "/api/v1/inquiries/anyshire/commitments/": ALL,
    "/api/v1/organisations/anyshire-council/commitments/": ALL,
    "/organisations/anyshire-council/commitments/import/": {
        Role.ORGANISATION_EDITOR,
        Role.SITE_EDITOR,
        Role.ADMIN,
    },
    "/organisations/anyshire-council/commitments/import/template.csv": {
        Role.ORGANISATION_EDITOR,
        Role.SITE_EDITOR,
        Role.ADMIN,
    },
    "/organisations/anyshire-health/commitments/import/": {
        Role.SITE_EDITOR,
        Role.ADMIN,
    },
}
# Pages that answer "not found" to everyone else, so nothing leaks that they
# exist (priority results before they are published).
NOT_FOUND_FOR_OTHERS = {
    "/inquiries/anyshire/priorities/results/",
    "/inquiries/anyshire/priorities/results.json",
    # Results pages (h-resultsweb)
    "/anyshire/results/",
    "/anyshire/results/easy-read/",
    # Open data (h-opendata)
    "/anyshire/data/",
    "/inquiries/anyshire/data/findings.csv",
    "/inquiries/anyshire/data/datapackage.json",
    # Results PDFs (h-pdf)
    "/inquiries/anyshire/results.pdf",
    "/inquiries/anyshire/results-easy-read.pdf",
}
ROLES = [*Role]


def client_for(role: Role, demo_users) -> Client:
    client = Client()
    if role == Role.VISITOR:
        return client
    client.force_login(demo_users[role])
    return client


def wrong_answer(role: Role, url: str, response, allowed: bool) -> str | None:
    """What is wrong with the answer `role` got for `url`, or None."""
    status = response.status_code
    if allowed:
        return None if status == 200 else f"{role}: {status}, wanted 200"
    if url in NOT_FOUND_FOR_OTHERS:
        return None if status == 404 else f"{role}: {status}, wanted 404"
    if role == Role.VISITOR:
        if status == 302 and "/accounts/login/" in response["Location"]:
            return None
        return f"{role}: {status}, wanted a redirect to sign in"
    if status == 302 and response["Location"] != url:
        return None
    if status == 403 and b"You cannot see this page" in response.content:
        return None
    return f"{role}: {status}, wanted 403 with a plain explanation (or away)"


# One test per view, every role inside it: the demo loads once per view, not
# once per role and view (9 times faster; the message still names the role).
@pytest.mark.django_db
@pytest.mark.parametrize("url", list(MATRIX))
def test_role_by_view_matrix(demo_users, url):
    wrong = []
    for role in ROLES:
        response = client_for(role, demo_users).get(url)
        allowed = MATRIX[url] == ALL or role in MATRIX[url]
        wrong.append(wrong_answer(role, url, response, allowed))
    assert [w for w in wrong if w] == [], url


@pytest.mark.django_db
def test_team_page_says_which_roles_you_hold(demo_users):
    client = client_for(Role.FACILITATOR, demo_users)
    assert (
        b"You are here as: facilitator, visitor"
        in client.get("/inquiries/anyshire/team/").content
    )


@pytest.mark.django_db
def test_team_page_for_an_unknown_inquiry_is_404(demo_users):
    client = client_for(Role.ADMIN, demo_users)
    assert client.get("/inquiries/nope/team/").status_code == 404


@pytest.mark.django_db
def test_a_signed_in_person_with_no_role_is_a_visitor(demo):
    user = UserFactory()
    assert permissions.roles_of(user, inquiry=demo) == {Role.VISITOR}
    assert not permissions.can_see_team_page(user, demo)
    assert not permissions.can_edit_site(user)


@pytest.mark.django_db
def test_facilitators_are_facilitators_of_one_inquiry_only(demo_users, demo):
    from tests.factories import InquiryFactory

    other = InquiryFactory()
    facilitator = demo_users[Role.FACILITATOR]
    assert permissions.can_facilitate(facilitator, demo)
    assert not permissions.can_facilitate(facilitator, other)


@pytest.mark.django_db
def test_organisation_editors_edit_their_own_organisation_only(demo_users):
    from consult.models import Organisation

    council = Organisation.objects.get(slug="anyshire-council")
    other = OrganisationFactory()
    editor = demo_users[Role.ORGANISATION_EDITOR]
    assert permissions.can_edit_commitments(editor, council)
    assert not permissions.can_edit_commitments(editor, other)
    assert permissions.can_edit_commitments(demo_users[Role.SITE_EDITOR], other)


@pytest.mark.django_db
def test_only_the_safeguarding_lead_handles_safeguarding(demo_users):
    holders = {
        r for r, u in demo_users.items() if permissions.can_handle_safeguarding(u)
    }
    assert holders == {Role.SAFEGUARDING_LEAD}


@pytest.mark.django_db
def test_whose_voices_is_for_facilitators_moderators_and_admins(demo_users, demo):
    from tests.factories import InquiryFactory

    holders = {
        r for r, u in demo_users.items() if permissions.can_see_whose_voices(u, demo)
    }
    assert holders == {Role.FACILITATOR, Role.MODERATOR, Role.ADMIN}
    other = InquiryFactory()
    assert not permissions.can_see_whose_voices(demo_users[Role.FACILITATOR], other)


@pytest.mark.django_db
def test_moderation_is_for_moderators_and_admins(demo_users, demo):
    holders = {r for r, u in demo_users.items() if permissions.can_moderate(u, demo)}
    assert holders == {Role.MODERATOR, Role.ADMIN}


@pytest.mark.django_db
def test_inactive_accounts_hold_no_role(demo_users, demo):
    admin = demo_users[Role.ADMIN]
    admin.is_active = False
    assert permissions.roles_of(admin, inquiry=demo) == {Role.VISITOR}


# Room mode pages of one demo session (h-paperroom): the URL holds the
# session's id, so they are checked here with the same rules as MATRIX.
SESSION_MATRIX = {
    "/inquiries/anyshire/sessions/{pk}/room/": {Role.FACILITATOR, Role.ADMIN},
    "/inquiries/anyshire/sessions/{pk}/room/counts.json": {
        Role.FACILITATOR,
        Role.ADMIN,
    },
    "/inquiries/anyshire/console/{pk}/vote/": {Role.FACILITATOR, Role.ADMIN},
}


@pytest.mark.django_db
@pytest.mark.parametrize("pattern", list(SESSION_MATRIX))
def test_role_by_session_view_matrix(demo_users, demo, pattern):
    session = demo.sessions.order_by("starts_at").first()
    url = pattern.format(pk=session.pk)
    wrong = []
    for role in ROLES:
        response = client_for(role, demo_users).get(url)
        if role not in SESSION_MATRIX[pattern] and role != Role.VISITOR:
            # Signed in without the role: a plain 403, never a redirect away.
            if response.status_code != 403:
                wrong.append(f"{role}: {response.status_code}, wanted 403")
            continue
        wrong.append(wrong_answer(role, url, response, role in SESSION_MATRIX[pattern]))
    assert [w for w in wrong if w] == [], url


@pytest.mark.django_db
def test_remembering_roles_asks_once_and_forgets_after_the_block(demo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from consult.models.roles import InquiryRole

    user = UserFactory()
    with (
        CaptureQueriesContext(connection) as queries,
        permissions.remembering_roles(user),
    ):
        for _ in range(5):
            assert not permissions.can_facilitate(user, demo)
            assert not permissions.can_moderate(user, demo)
    asked = [q for q in queries if "consult_inquiryrole" in q["sql"].lower()]
    assert len(asked) == 1

    # After the block every question asks again, so a change shows at once.
    InquiryRole.objects.create(inquiry=demo, user=user)
    assert permissions.can_facilitate(user, demo)
    assert not hasattr(user, "_coproduce_roles_remembered")


@pytest.mark.django_db
def test_the_team_page_asks_about_the_persons_roles_once(demo_users):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(Role.FACILITATOR, demo_users)
    client.get("/inquiries/anyshire/team/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/inquiries/anyshire/team/")
    assert response.status_code == 200
    team_checks = [
        q
        for q in queries
        if "consult_inquiryrole" in q["sql"].lower() and "LIMIT 1" in q["sql"]
    ]
    assert len(team_checks) == 1, [q["sql"] for q in team_checks]
