"""The organisation editor's pages and the public pages: what people see,
and bad input answered in plain words next to the field, never a 500."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from consult.commitments import services
from consult.models import Commitment, ProgressUpdate
from consult.models.inquiries import today
from consult.publication import publish_results
from consult.roles import Role
from tests.factories import (
    ChangeFactory,
    FindingFactory,
    InquiryFactory,
    OrganisationEditorFactory,
)
from themes.display import COOKIE_NAME

from .factories import CommitmentFactory, MilestoneFactory

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


@pytest.fixture
def setup():
    """An organisation with one editor, and an inquiry with two changes."""
    editor = OrganisationEditorFactory()
    inquiry = InquiryFactory()
    changes = [ChangeFactory(inquiry=inquiry, number=n) for n in (1, 2)]
    client = Client()
    client.force_login(editor.user)
    return editor.organisation, inquiry, changes, client


def _fmt(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _form(chosen, **overrides) -> dict:
    data = {
        "title": "Shared Lives after hospital",
        "description": "We will offer a Shared Lives short stay.",
        "easy_read_title": "Stay with a family",
        "easy_read_text": "You can stay with a family.",
        "pictogram": "home",
        "changes": [str(c.pk) for c in chosen],
        "owner_role": "Director of Adult Social Care",
        "start_on": _fmt(today()),
        "due_on": _fmt(today() + 200 * DAY),
        "review_on": _fmt(today() + 30 * DAY),
        "status": "planned",
    }
    return {**data, **overrides}


def _error_next_to(html: str, field: str) -> str:
    match = re.search(rf'id="id_{field}[^"]*-error"[^>]*>(.*?)</p>', html, re.S)
    assert match, f"no error next to {field}"
    return re.sub(r"<[^>]+>", "", match.group(1)).replace("Error:", "").strip()


def test_an_editor_adds_a_commitment_and_it_is_public_at_once(setup):
    organisation, inquiry, changes, client = setup
    url = f"/organisations/{organisation.slug}/commitments/new/"
    assert client.get(url).status_code == 200  # one inquiry: no question first
    response = client.post(url, _form(changes[:1], findings=""))
    commitment = Commitment.objects.get(organisation=organisation)
    assert response.status_code == 302
    assert response["Location"] == (
        f"/organisations/{organisation.slug}/commitments/{commitment.pk}/"
    )
    assert commitment.inquiry == inquiry
    assert list(commitment.changes.all()) == [changes[0]]
    public = Client().get(response["Location"]).content.decode()
    assert "Shared Lives after hospital" in public
    assert "Director of Adult Social Care" in public


def test_with_several_inquiries_the_editor_is_asked_which_first(setup):
    organisation, inquiry, changes, client = setup
    ChangeFactory(inquiry=InquiryFactory(title="Another inquiry"))
    url = f"/organisations/{organisation.slug}/commitments/new/"
    html = client.get(url).content.decode()
    assert "Which inquiry does this commitment answer?" in html
    response = client.get(url, {"inquiry": "nope"})
    assert "Choose the inquiry." in response.content.decode()
    assert client.get(url, {"inquiry": inquiry.slug}).status_code == 200
    response = client.post(f"{url}?inquiry={inquiry.slug}", _form(changes))
    assert response.status_code == 302
    assert Commitment.objects.get().inquiry == inquiry


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"due_on": _fmt(today() - 10 * DAY)},
            "due_on",
            "The due date must be the same as or after the start date.",
        ),
        (
            {"status": "not_doing", "not_doing_reason": "   "},
            "not_doing_reason",
            "Say why you are not doing this. People need to know.",
        ),
        ({"start_on": "31/02/2027"}, "start_on", "Enter a real date, like 27/03/2027."),
        ({"changes": []}, "changes", "Choose at least one change this answers."),
        (
            {"findings": "12, 40x"},
            "findings",
            "Type the numbers of findings only, with commas between them, like 12, 40.",
        ),
        (
            {"findings": "999999"},
            "findings",
            "There is no finding #999999 in this inquiry. Check the numbers.",
        ),
        (
            # Past any id the database can hold: still a plain "no finding",
            # not a 500 (OverflowError on SQLite, out of range on PostgreSQL).
            {"findings": "99999999999999999999, " + "7" * 40},
            "findings",
            "There is no finding #777777777777…, #999999999999… in this "
            "inquiry. Check the numbers.",
        ),
        ({"budget_amount": "-5"}, "budget_amount", "The amount cannot be below 0."),
        ({"owner_role": ""}, "owner_role", "Say which role is responsible."),
    ],
)
def test_bad_commitment_input_is_said_next_to_the_field_and_kept(
    setup, overrides, field, message
):
    organisation, _inquiry, changes, client = setup
    data = _form(changes, **overrides)
    response = client.post(f"/organisations/{organisation.slug}/commitments/new/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert _error_next_to(html, field) == message
    assert 'class="error-summary"' in html
    assert 'value="Shared Lives after hospital"' in html  # nothing typed lost
    assert not Commitment.objects.exists()


def test_a_finding_from_another_inquiry_cannot_be_cited(setup):
    organisation, _inquiry, changes, client = setup
    other = FindingFactory()
    response = client.post(
        f"/organisations/{organisation.slug}/commitments/new/",
        _form(changes, findings=str(other.pk)),
    )
    assert response.status_code == 400
    assert "in this inquiry" in _error_next_to(response.content.decode(), "findings")


def test_editing_a_commitment_keeps_its_values_and_saves(setup):
    organisation, inquiry, changes, client = setup
    commitment = CommitmentFactory(
        organisation=organisation, inquiry=inquiry, changes=changes[:1]
    )
    url = f"/organisations/{organisation.slug}/commitments/{commitment.pk}/edit/"
    html = client.get(url).content.decode()
    assert f'value="{commitment.title}"' in html
    response = client.post(
        url,
        _form(
            changes, title="Changed title", status="not_doing", not_doing_reason="No"
        ),
    )
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.title == "Changed title"
    assert commitment.status == "not_doing" and commitment.not_doing_reason == "No"
    assert commitment.changes.count() == 2


def _update_form(**overrides) -> dict:
    data = {
        "dated": _fmt(today()),
        "text": "Two people came home through Shared Lives.",
        "status": "started",
        "progress": "40",
        "next_review_on": _fmt(today() + 60 * DAY),
        "evidence_links": "https://example.org/report\nhttps://example.org/minutes",
    }
    return {**data, **overrides}


def test_an_editor_posts_and_edits_a_progress_update_and_history_shows(setup):
    organisation, inquiry, _changes, client = setup
    commitment = CommitmentFactory(organisation=organisation, inquiry=inquiry)
    base = f"/organisations/{organisation.slug}/commitments/{commitment.pk}/"
    response = client.post(base + "updates/new/", _update_form())
    assert response.status_code == 302
    update = ProgressUpdate.objects.get(commitment=commitment)
    assert update.evidence_links == [
        "https://example.org/report",
        "https://example.org/minutes",
    ]
    commitment.refresh_from_db()
    assert (commitment.status, commitment.progress) == ("started", 40)
    response = client.post(
        base + f"updates/{update.pk}/edit/",
        _update_form(text="Three people came home.", progress="45"),
    )
    assert response.status_code == 302
    html = Client().get(base).content.decode()
    assert "Three people came home." in html
    assert f"Edited on {today().strftime('%-d %B %Y')}" in html
    assert "Two people came home through Shared Lives." in html  # earlier version
    assert "45% done" in html


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"progress": "150"},
            "progress",
            "Type a number from 0 to 100. It cannot be over 100.",
        ),
        (
            {"progress": "-1"},
            "progress",
            "Type a number from 0 to 100. It cannot be below 0.",
        ),
        ({"progress": "lots"}, "progress", "Type a number from 0 to 100, like 40."),
        (
            {"status": "not_doing", "status_reason": ""},
            "status_reason",
            "Say why you are not doing this. People need to know.",
        ),
        (
            {"dated": _fmt(today() + 5 * DAY)},
            "dated",
            "The date of the update cannot be in the future.",
        ),
        (
            {"next_review_on": _fmt(today())},
            "next_review_on",
            "The next progress update must be after the date of this one.",
        ),
        (
            {"evidence_links": "javascript:alert(1)"},
            "evidence_links",
            "“javascript:alert(1)” is not a web address. Give one address per "
            "line, starting with https://",
        ),
    ],
)
def test_bad_update_input_is_said_next_to_the_field_and_kept(
    setup, overrides, field, message
):
    organisation, inquiry, _changes, client = setup
    commitment = CommitmentFactory(organisation=organisation, inquiry=inquiry)
    response = client.post(
        f"/organisations/{organisation.slug}/commitments/{commitment.pk}/updates/new/",
        _update_form(**overrides),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert _error_next_to(html, field) == message
    assert "Two people came home through Shared Lives." in html
    assert not ProgressUpdate.objects.exists()


def test_a_file_that_is_not_a_photo_is_refused_in_plain_words(setup):
    organisation, inquiry, _changes, client = setup
    commitment = CommitmentFactory(organisation=organisation, inquiry=inquiry)
    data = _update_form()
    data["evidence_file"] = SimpleUploadedFile(
        "report.exe", b"MZ\x90\x00not a picture", content_type="image/jpeg"
    )
    response = client.post(
        f"/organisations/{organisation.slug}/commitments/{commitment.pk}/updates/new/",
        data,
    )
    assert response.status_code == 400
    message = _error_next_to(response.content.decode(), "evidence_file")
    assert "not a photo or a recording" in message
    assert "choose the file again" in message


def test_a_photo_is_kept_as_evidence_and_served_cleaned(setup):
    import io

    from PIL import Image

    organisation, inquiry, _changes, client = setup
    commitment = CommitmentFactory(organisation=organisation, inquiry=inquiry)
    picture = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(picture, format="PNG")
    data = _update_form(evidence_description="The new Shared Lives carers")
    data["evidence_file"] = SimpleUploadedFile("x.png", picture.getvalue())
    base = f"/organisations/{organisation.slug}/commitments/{commitment.pk}/"
    assert client.post(base + "updates/new/", data).status_code == 302
    update = ProgressUpdate.objects.get()
    assert update.evidence_kind == "photo"
    html = Client().get(base).content.decode()
    assert 'alt="The new Shared Lives carers"' in html
    response = Client().get(base + f"updates/{update.pk}/evidence/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")


def test_milestones_are_added_and_bad_progress_refused(setup):
    organisation, inquiry, _changes, client = setup
    commitment = CommitmentFactory(organisation=organisation, inquiry=inquiry)
    base = f"/organisations/{organisation.slug}/commitments/{commitment.pk}/"
    data = {"title": "Recruit carers", "due_on": _fmt(today()), "progress": "101"}
    response = client.post(base + "milestones/new/", data)
    assert response.status_code == 400
    assert _error_next_to(response.content.decode(), "progress") == (
        "Type a number from 0 to 100. It cannot be over 100."
    )
    assert 'value="Recruit carers"' in response.content.decode()
    response = client.post(base + "milestones/new/", {**data, "progress": "60"})
    assert response.status_code == 302
    milestone = commitment.milestones.get()
    response = client.post(
        base + f"milestones/{milestone.pk}/edit/", {**data, "progress": "100"}
    )
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.progress == 100
    assert "Recruit carers" in Client().get(base).content.decode()


def test_the_organisation_page_lists_its_commitments_in_both_versions(setup):
    organisation, inquiry, _changes, _client = setup
    CommitmentFactory(
        organisation=organisation,
        inquiry=inquiry,
        title="Homeshare everywhere",
        easy_read_title="Share your home",
        status="started",
        progress=40,
        review_on=today() - DAY,
    )
    url = f"/organisations/{organisation.slug}/"
    html = Client().get(url).content.decode()
    assert "Homeshare everywhere" in html
    assert "40% done" in html
    assert "Update overdue" in html
    easy = Client()
    easy.cookies[COOKIE_NAME] = "easy-read"
    html = easy.get(url).content.decode()
    assert "Share your home" in html
    assert "About 4 in 10 done" in html
    assert "%" not in re.sub(r"<[^>]+>", "", html.split("<main")[1])
    assert "They have not told us how it is going." in html


def test_pages_of_unknown_things_are_not_found(setup):
    organisation, inquiry, _changes, client = setup
    assert Client().get("/organisations/nope/").status_code == 404
    mine = CommitmentFactory(organisation=organisation, inquiry=inquiry)
    other = CommitmentFactory()
    assert (
        Client()
        .get(f"/organisations/{organisation.slug}/commitments/{other.pk}/")
        .status_code
        == 404
    )
    base = f"/organisations/{organisation.slug}/commitments/"
    # Another organisation's commitment through my own organisation: not found.
    assert client.get(base + f"{other.pk}/edit/").status_code == 404
    assert client.get(base + f"{mine.pk}/updates/999999/edit/").status_code == 404
    assert client.get(base + f"{mine.pk}/milestones/999999/edit/").status_code == 404
    assert Client().get(base + f"{mine.pk}/updates/999999/evidence/").status_code == 404


# --- on the Anyshire demo ----------------------------------------------------


def test_the_demo_has_commitments_in_every_status_with_two_overdue(demo):
    from consult.commitments.selectors import summary

    commitments = list(Commitment.objects.filter(inquiry=demo))
    figures = summary(commitments, today())
    assert figures.total == 10
    assert min(figures.planned, figures.started, figures.done, figures.not_doing) >= 1
    assert figures.overdue == 2
    assert {c.organisation.slug for c in commitments} == {
        "anyshire-council",
        "anyshire-health",
        "anyshire-voices",
    }
    covered = {ch.number for c in commitments for ch in c.changes.all()}
    assert covered == {1, 2, 3, 4, 5}
    assert ProgressUpdate.objects.filter(revisions__isnull=False).exists()


def test_the_tracker_shows_commitments_per_change_and_quotes_only_once_published(
    demo, demo_users
):
    url = "/anyshire/you-said-we-did/"
    html = Client().get(url).content.decode()
    assert "You said, we did" in html
    assert 'id="change-2"' in html
    assert "Shared Lives for people leaving hospital" in html
    assert "Anyshire Health NHS Foundation Trust" in html
    assert "Update overdue" in html
    assert "shows here once the inquiry's results are published" in html
    assert "I live with two friends" not in html  # a key quote, not yet published
    commitment = Commitment.objects.get(title="Homeshare across Anyshire")
    page = (
        Client()
        .get(f"/organisations/anyshire-council/commitments/{commitment.pk}/")
        .content.decode()
    )
    assert "Homeshare means" not in page  # its cited finding waits too
    publish_results(demo, by=demo_users[Role.ADMIN])
    assert "I live with two friends" in Client().get(url).content.decode()
    page = (
        Client()
        .get(f"/organisations/anyshire-council/commitments/{commitment.pk}/")
        .content.decode()
    )
    assert "Homeshare means" in page


def test_a_cited_finding_that_may_not_be_quoted_is_never_shown(demo, demo_users):
    commitment = Commitment.objects.filter(inquiry=demo).first()
    hidden = FindingFactory(inquiry=demo, consent="count_only", text="Never quote me")
    pending = FindingFactory(inquiry=demo, state="pending", text="Not checked yet")
    commitment.findings.add(hidden, pending)
    publish_results(demo, by=demo_users[Role.ADMIN])
    html = (
        Client()
        .get(
            f"/organisations/{commitment.organisation.slug}/commitments/{commitment.pk}/"
        )
        .content.decode()
    )
    assert "Never quote me" not in html and "Not checked yet" not in html


def test_the_tracker_in_easy_read_has_a_picture_beside_every_point(demo):
    easy = Client()
    easy.cookies[COOKIE_NAME] = "easy-read"
    html = easy.get("/anyshire/you-said-we-did/").content.decode()
    main = html.split("<main", 1)[1]
    assert "Share your home and get help" in main
    assert "We planned a big new care home" not in main  # on its own page
    assert "%" not in re.sub(r"<[^>]+>", "", main)
    rows = re.findall(r'<div class="picto-row">(.*?)</div>\s*</div>', main, re.S)
    assert rows
    assert all("<img" in row or "pictogram-missing" in row for row in rows)


def test_the_inquiry_page_links_the_tracker(demo):
    assert "/anyshire/you-said-we-did/" in Client().get("/anyshire/").content.decode()


def test_an_overdue_commitment_says_so_on_its_page(demo):
    overdue = Commitment.objects.get(
        title="A community micro-enterprise in every village"
    )
    html = (
        Client()
        .get(f"/organisations/anyshire-council/commitments/{overdue.pk}/")
        .content.decode()
    )
    assert "Update overdue" in html
    assert "has not posted one since" in html


def test_a_milestone_with_progress_shows_on_the_public_page():
    milestone = MilestoneFactory(title="Recruit 10 carers", progress=60)
    commitment = milestone.commitment
    services.refresh_progress(commitment)
    html = (
        Client()
        .get(
            f"/organisations/{commitment.organisation.slug}/commitments/{commitment.pk}/"
        )
        .content.decode()
    )
    assert "Recruit 10 carers" in html
    assert "60%" in html


def test_an_empty_form_says_what_is_missing(setup):
    organisation, inquiry, _changes, client = setup
    commitment = CommitmentFactory(organisation=organisation, inquiry=inquiry)
    base = f"/organisations/{organisation.slug}/commitments/"
    response = client.post(base + "new/", {})
    assert response.status_code == 400
    assert _error_next_to(response.content.decode(), "title") == (
        "Say in a few words what you will do."
    )
    response = client.post(base + f"{commitment.pk}/updates/new/", {})
    assert response.status_code == 400
    assert _error_next_to(response.content.decode(), "text") == "Say what has happened."
