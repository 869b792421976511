"""No list page runs a query per row: each is rendered on the demo with N
more rows of everything it lists, then with 3N, and must run the same number
of queries both times."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest
from django.db import connection, models
from django.db.models import Max
from django.test import Client
from django.test.utils import CaptureQueriesContext

from consult import publication
from consult.models import (
    AboutYou,
    Change,
    CodeBatch,
    Commitment,
    Finding,
    FindingTheme,
    Inquiry,
    InquiryPage,
    InquiryRole,
    Milestone,
    ModerationState,
    Organisation,
    OrganisationEditor,
    PaperBatch,
    Participant,
    PriorityBallot,
    SafeguardingConcern,
    SupportModel,
    Theme,
    UpdateRating,
    User,
)
from consult.roles import Role
from deliberation.models import Session, SignUp

pytestmark = pytest.mark.django_db

N = 2
_serial = itertools.count(1)


def clone(row: models.Model, **changes: object) -> models.Model:
    """A copy of `row` saved as a new row, with its many-to-many links, and
    with its unique text and number fields made unique again."""
    model = type(row)
    links = {
        field.name: list(getattr(row, field.name).all())
        for field in model._meta.many_to_many
        if field.remote_field.through._meta.auto_created
    }
    unique = {
        name
        for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint)
        for name in constraint.fields
    } | {field.name for field in model._meta.concrete_fields if field.unique}
    row.pk = None
    row.id = None
    row._state.adding = True
    n = next(_serial)
    for name in unique - set(changes):
        field = model._meta.get_field(name)
        if isinstance(field, models.CharField) and not field.choices:
            setattr(row, name, f"{getattr(row, name)}-{n}"[-field.max_length :])
        elif isinstance(field, models.IntegerField) and not field.choices:
            top = model.objects.aggregate(top=Max(name))["top"] or 0
            setattr(row, name, top + 1)
    for name, value in changes.items():
        setattr(row, name, value)
    row.save()
    for name, targets in links.items():
        getattr(row, name).set(targets)
    return row


def _more(rows: models.QuerySet, **changes: object) -> None:
    """One more row like the latest of `rows`, when there is one."""
    latest = rows.order_by("-pk").first()
    if latest is not None:
        clone(latest, **changes)


def grow(inquiry: Inquiry, times: int) -> None:
    """`times` more of every kind of row the list pages show."""
    for _ in range(times):
        finding = Finding.objects.filter(
            inquiry=inquiry, state=ModerationState.PUBLISHED
        ).latest("pk")
        links = list(FindingTheme.objects.filter(finding=finding))
        new_finding = clone(finding)
        for link in links:
            clone(link, finding=new_finding)
        clone(finding, state=ModerationState.PENDING)
        link = FindingTheme.objects.filter(theme__inquiry=inquiry).latest("pk")
        clone(link, theme=clone(Theme.objects.get(pk=link.theme_id)))
        change = Change.objects.filter(inquiry=inquiry).latest("pk")
        clone(change, number=change.number + 100)
        ballot = PriorityBallot.objects.filter(inquiry=inquiry).latest("pk")
        choices = list(ballot.choices.all())
        participant = clone(Participant.objects.get(pk=ballot.participant_id))
        new_ballot = clone(ballot, participant=participant)
        for choice in choices:
            clone(choice, ballot=new_ballot)
        commitment = Commitment.objects.filter(
            inquiry=inquiry, organisation__slug=_org(inquiry)
        ).earliest("pk")
        updates = list(commitment.updates.all()[:1])
        milestones = list(Milestone.objects.filter(commitment=commitment)[:1])
        new_commitment = clone(commitment)
        for row in [*updates, *milestones]:
            clone(row, commitment=new_commitment)
        clone(commitment.updates.latest("pk"))
        clone(Organisation.objects.latest("pk"))
        editor = OrganisationEditor.objects.filter(
            organisation=commitment.organisation
        ).latest("pk")
        clone(editor, user=clone(User.objects.get(pk=editor.user_id)))
        _more(
            UpdateRating.objects.filter(update__commitment__inquiry=inquiry),
            participant=participant,
        )
        _more(
            AboutYou.objects.filter(participant__inquiry=inquiry),
            participant=participant,
        )
        _more(
            SafeguardingConcern.objects.filter(finding__inquiry=inquiry),
            finding=new_finding,
        )
        _more(PaperBatch.objects.filter(inquiry=inquiry))
        _more(CodeBatch.objects.filter(inquiry=inquiry))
        page = InquiryPage.objects.filter(inquiry=inquiry).first()
        other = clone(Inquiry.objects.get(pk=inquiry.pk))
        page.copy(update_attrs={"slug": other.slug, "inquiry": other}, keep_live=True)
        session = Session.objects.filter(inquiry=inquiry).latest("pk")
        signups = list(SignUp.objects.filter(session=session)[:1])
        new_session = clone(session)
        for signup in signups:
            clone(signup, session=new_session)
        support = SupportModel.objects.filter(area__budget__inquiry=inquiry).latest(
            "pk"
        )
        clone(support)
        role = InquiryRole.objects.filter(inquiry=inquiry).latest("pk")
        clone(role, user=clone(User.objects.get(pk=role.user_id)))


def count(client: Client, path: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response.status_code, len(queries)


@pytest.fixture
def published_demo(demo: Inquiry, demo_users: dict[Role, User]) -> Inquiry:
    publication.publish_results(demo, by=demo_users[Role.ADMIN])
    return demo


def _org(_: Inquiry) -> str:
    return Commitment.objects.select_related("organisation").first().organisation.slug


def _change(inquiry: Inquiry) -> int:
    return Commitment.objects.filter(inquiry=inquiry).first().changes.first().number


PUBLIC: list[tuple[str, Callable[[Inquiry], str]]] = [
    ("home", lambda i: "/"),
    ("inquiry page", lambda i: f"/{i.slug}/"),
    ("findings", lambda i: f"/{i.slug}/findings/"),
    ("changes", lambda i: f"/{i.slug}/changes/"),
    ("results", lambda i: f"/{i.slug}/results/"),
    ("results easy read", lambda i: f"/{i.slug}/results/easy-read/"),
    ("open data", lambda i: f"/{i.slug}/data/"),
    ("inquiry feed", lambda i: f"/{i.slug}/feed/"),
    ("you said we did", lambda i: f"/{i.slug}/you-said-we-did/"),
    ("priority results", lambda i: f"/inquiries/{i.slug}/priorities/results/"),
    ("priority results json", lambda i: f"/inquiries/{i.slug}/priorities/results.json"),
    ("budget", lambda i: f"/inquiries/{i.slug}/budget/"),
    ("budget results", lambda i: f"/inquiries/{i.slug}/budget/results/"),
    ("findings csv", lambda i: f"/inquiries/{i.slug}/data/findings.csv"),
    ("commitments csv", lambda i: f"/inquiries/{i.slug}/commitments/commitments.csv"),
    (
        "progress updates csv",
        lambda i: f"/inquiries/{i.slug}/commitments/progress-updates.csv",
    ),
    ("organisation", lambda i: f"/organisations/{_org(i)}/"),
    ("organisation feed", lambda i: f"/organisations/{_org(i)}/feed/"),
    (
        "organisation export",
        lambda i: f"/organisations/{_org(i)}/export/commitments.json",
    ),
    (
        "change feed",
        lambda i: f"/inquiries/{i.slug}/you-said-we-did/{_change(i)}/feed/",
    ),
    ("api inquiries", lambda i: "/api/v1/inquiries/"),
    ("api changes", lambda i: f"/api/v1/inquiries/{i.slug}/changes/"),
    ("api results", lambda i: f"/api/v1/inquiries/{i.slug}/results/"),
    ("api commitments", lambda i: f"/api/v1/inquiries/{i.slug}/commitments/"),
    ("api organisations", lambda i: "/api/v1/organisations/"),
    (
        "api organisation commitments",
        lambda i: f"/api/v1/organisations/{_org(i)}/commitments/",
    ),
    ("search", lambda i: "/search/?q=care"),
]

STAFF: list[tuple[str, Callable[[Inquiry], str]]] = [
    ("moderation queue", lambda i: f"/inquiries/{i.slug}/moderation/"),
    ("voices", lambda i: f"/inquiries/{i.slug}/voices/"),
    ("themes", lambda i: f"/inquiries/{i.slug}/themes/"),
    ("team", lambda i: f"/inquiries/{i.slug}/team/"),
    ("codes", lambda i: f"/inquiries/{i.slug}/codes/"),
    ("sessions", lambda i: f"/inquiries/{i.slug}/sessions/"),
    ("console", lambda i: f"/inquiries/{i.slug}/console/"),
    ("rating comments", lambda i: f"/inquiries/{i.slug}/moderation/rating-comments/"),
    ("paper ballots", lambda i: f"/inquiries/{i.slug}/priorities/paper/"),
    ("organisation editors", lambda i: f"/organisations/{_org(i)}/editors/"),
]
# Pages only one role may see: (name, role, address).
ROLE_PAGES: list[tuple[str, Role, Callable[[Inquiry], str]]] = [
    (
        "safeguarding",
        Role.SAFEGUARDING_LEAD,
        lambda i: f"/inquiries/{i.slug}/safeguarding/",
    ),
    (
        "organisation commitments",
        Role.ORGANISATION_EDITOR,
        lambda i: f"/organisations/{_org(i)}/commitments/",
    ),
]


def _assert_flat(client: Client, inquiry: Inquiry, path: str) -> None:
    client.get(path)  # once-a-process lookups (the site's root paths)
    grow(inquiry, N)
    status, few = count(client, path)
    assert status == 200, f"{path} answered {status}"
    grow(inquiry, 2 * N)
    status, many = count(client, path)
    assert status == 200, f"{path} answered {status}"
    assert many == few, f"{path}: {few} queries with N more rows, {many} with 3N"


@pytest.mark.parametrize(("name", "path"), PUBLIC, ids=[n for n, _ in PUBLIC])
def test_a_public_list_page_runs_the_same_queries_for_more_rows(
    published_demo: Inquiry, name: str, path: Callable[[Inquiry], str]
) -> None:
    _assert_flat(Client(), published_demo, path(published_demo))


@pytest.mark.parametrize(("name", "path"), STAFF, ids=[n for n, _ in STAFF])
def test_a_staff_list_page_runs_the_same_queries_for_more_rows(
    published_demo: Inquiry,
    demo_users: dict[Role, User],
    name: str,
    path: Callable[[Inquiry], str],
) -> None:
    client = Client()
    client.force_login(demo_users[Role.ADMIN])
    _assert_flat(client, published_demo, path(published_demo))


@pytest.mark.parametrize(
    ("name", "role", "path"), ROLE_PAGES, ids=[n for n, _, _ in ROLE_PAGES]
)
def test_a_role_list_page_runs_the_same_queries_for_more_rows(
    published_demo: Inquiry,
    demo_users: dict[Role, User],
    name: str,
    role: Role,
    path: Callable[[Inquiry], str],
) -> None:
    client = Client()
    client.force_login(demo_users[role])
    _assert_flat(client, published_demo, path(published_demo))
