"""The spreadsheet import (upload, preview with row errors, confirm), the
CSV and JSON exports and the Atom feeds, over HTTP."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from consult.commitments import csv_import, services
from consult.models import Commitment, ProgressUpdate
from consult.models.inquiries import today
from tests.factories import (
    ChangeFactory,
    InquiryFactory,
    OrganisationEditorFactory,
    UserFactory,
)

from .factories import CommitmentFactory, ProgressUpdateFactory

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)
ATOM = "{http://www.w3.org/2005/Atom}"


def _d(offset: int) -> str:
    return (today() + offset * DAY).strftime("%d/%m/%Y")


def _row(reference: str, **overrides: str) -> dict[str, str]:
    return {
        "reference": reference,
        "changes": "1",
        "title": f"Commitment {reference}",
        "description": "What we will do.",
        "easy_read_title": "We will help",
        "easy_read_text": "We will help you.",
        "owner_role": "Head of Care",
        "start_date": _d(-10),
        "due_date": _d(200),
        "review_date": _d(30),
        "status": "started",
        **overrides,
    }


def _csv(*rows: dict[str, str]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(csv_import.COLUMN_NAMES))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def _upload(data: bytes, name: str = "plan.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


@pytest.fixture
def setup():
    editor = OrganisationEditorFactory()
    inquiry = InquiryFactory()
    for n in (1, 2, 3):
        ChangeFactory(inquiry=inquiry, number=n)
    client = Client()
    client.force_login(editor.user)
    url = f"/organisations/{editor.organisation.slug}/commitments/import/"
    return editor.organisation, inquiry, client, url


def test_the_import_page_explains_the_columns_and_offers_a_template(setup):
    _organisation, _, client, url = setup
    html = client.get(url).content.decode()
    for column in csv_import.COLUMN_NAMES:
        assert f"<code>{column}</code>" in html
    template = client.get(url + "template.csv")
    assert template.status_code == 200
    assert template["Content-Type"].startswith("text/csv")
    text = template.content.decode("utf-8-sig")
    assert text.splitlines()[0] == ",".join(csv_import.COLUMN_NAMES)


def test_a_bad_row_is_shown_and_nothing_is_saved(setup):
    _organisation, _inquiry, client, url = setup
    data = _csv(_row("A-1"), _row("A-2", changes="1; 7", due_date=_d(-20)))
    response = client.post(url, {"action": "preview", "upload": _upload(data)})
    html = response.content.decode()
    assert response.status_code == 400
    assert "2 problems. Nothing was saved" in html
    assert "Row 3 (A-2): There is no change 7 in this inquiry." in html
    assert 'id="row-3"' in html
    assert "is before the start date" in html
    assert "Import and publish" not in html
    assert not Commitment.objects.exists()
    assert not any(k.startswith("commitment_import") for k, _ in client.session.items())
    # Confirming without a checked file: nothing happens, plainly said.
    response = client.post(url, {"action": "confirm", "fingerprint": "x"})
    assert response.status_code == 400
    assert "We no longer have your file." in response.content.decode()
    assert not Commitment.objects.exists()


def test_preview_then_confirm_saves_every_row_with_its_update(setup):
    organisation, _inquiry, client, url = setup
    data = _csv(
        _row("A-1"),
        _row(
            "A-2",
            changes="2;3",
            update_date=_d(-1),
            update_text="Two groups meet now.",
            progress="40",
        ),
    )
    response = client.post(url, {"action": "preview", "upload": _upload(data)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "every row is right" in html
    assert "2 new commitments, 0 changed, 1 progress update" in html
    assert not Commitment.objects.exists()  # not until confirmed
    fingerprint = html.split('name="fingerprint" value="')[1].split('"')[0]
    response = client.post(url, {"action": "confirm", "fingerprint": fingerprint})
    assert response.status_code == 302
    assert response["Location"] == f"/organisations/{organisation.slug}/commitments/"
    saved = {
        c.reference: c for c in Commitment.objects.filter(organisation=organisation)
    }
    assert set(saved) == {"A-1", "A-2"}
    assert sorted(c.number for c in saved["A-2"].changes.all()) == [2, 3]
    update = ProgressUpdate.objects.get()
    assert (update.commitment, update.progress, update.text) == (
        saved["A-2"],
        40,
        "Two groups meet now.",
    )
    saved["A-2"].refresh_from_db()
    assert saved["A-2"].progress == 40
    listing = client.get(response["Location"]).content.decode()
    assert "Imported and public now: 2 new commitments, 1 progress update." in listing
    # The file is gone from the session: confirming again does nothing.
    again = client.post(url, {"action": "confirm", "fingerprint": fingerprint})
    assert again.status_code == 400
    assert Commitment.objects.count() == 2


def test_a_known_reference_changes_that_commitment(setup):
    organisation, inquiry, client, url = setup
    commitment = CommitmentFactory(
        organisation=organisation,
        inquiry=inquiry,
        reference="A-1",
        changes=[inquiry.changes.get(number=1)],
        title="Before",
    )
    data = _csv({"reference": "A-1", "title": "After", "status": "done"})
    html = client.post(url, {"action": "preview", "upload": _upload(data)})
    html = html.content.decode()
    assert "Changes the title and status" in html
    fingerprint = html.split('name="fingerprint" value="')[1].split('"')[0]
    client.post(url, {"action": "confirm", "fingerprint": fingerprint})
    commitment.refresh_from_db()
    assert (commitment.title, commitment.status) == ("After", "done")
    assert commitment.description == "What we will do, in our own words."


def test_a_change_between_preview_and_confirm_asks_to_check_again(setup):
    organisation, inquiry, client, url = setup
    response = client.post(
        url, {"action": "preview", "upload": _upload(_csv(_row("A-1")))}
    )
    fingerprint = response.content.decode().split('name="fingerprint" value="')[1]
    fingerprint = fingerprint.split('"')[0]
    CommitmentFactory(organisation=organisation, inquiry=inquiry, reference="A-1")
    response = client.post(url, {"action": "confirm", "fingerprint": fingerprint})
    assert response.status_code == 400
    assert "changed since you checked" in response.content.decode()
    assert Commitment.objects.count() == 1


def test_a_failure_while_saving_saves_nothing(setup, monkeypatch):
    organisation, inquiry, _, _ = setup
    real = services.post_progress_update

    def fails_on_second(**kwargs):
        if ProgressUpdate.objects.exists():
            raise RuntimeError("disk full")
        return real(**kwargs)

    rows = [
        _row(f"A-{n}", update_date=_d(-1), update_text="Begun.", progress="10")
        for n in (1, 2)
    ]
    plan = csv_import.plan_for(
        _csv(*rows), organisation=organisation, inquiry=inquiry, today=today()
    )
    monkeypatch.setattr(services, "post_progress_update", fails_on_second)
    with pytest.raises(RuntimeError):
        csv_import.apply(plan, organisation=organisation, inquiry=inquiry, by=None)
    assert not Commitment.objects.exists()
    assert not ProgressUpdate.objects.exists()


def test_spreadsheet_files_and_big_files_are_refused_next_to_the_field(setup):
    _, _, client, url = setup
    response = client.post(
        url, {"action": "preview", "upload": _upload(b"PK\x03\x04", "plan.xlsx")}
    )
    assert response.status_code == 400
    assert "This is a spreadsheet file, not a CSV." in response.content.decode()
    big = b"reference\n" + b"x" * csv_import.MAX_BYTES
    response = client.post(url, {"action": "preview", "upload": _upload(big)})
    assert "The file is bigger than 512 KB." in response.content.decode()
    response = client.post(url, {"action": "preview"})
    assert "Choose the CSV file to import." in response.content.decode()


def test_with_two_inquiries_the_editor_chooses_one(setup):
    _organisation, _inquiry, client, url = setup
    other = InquiryFactory(title="Another inquiry")
    ChangeFactory(inquiry=other, number=1)
    response = client.post(
        url, {"action": "preview", "upload": _upload(_csv(_row("A")))}
    )
    assert "Choose the inquiry." in response.content.decode()
    response = client.post(
        url,
        {
            "action": "preview",
            "inquiry": other.slug,
            "upload": _upload(_csv(_row("A"))),
        },
    )
    assert response.status_code == 200
    assert "every row is right" in response.content.decode()


def test_only_the_organisations_editors_may_import(setup):
    _organisation, _, _, url = setup
    outsider = Client()
    outsider.force_login(UserFactory())
    assert outsider.get(url).status_code == 403
    assert outsider.get(url + "template.csv").status_code == 403
    response = outsider.post(url, {"action": "preview", "upload": _upload(b"x")})
    assert response.status_code == 403
    assert Client().get(url).status_code == 302


# --- exports -----------------------------------------------------------------


@pytest.fixture
def published():
    inquiry = InquiryFactory(slug="anyshire-test")
    change = ChangeFactory(inquiry=inquiry, number=1)
    commitment = CommitmentFactory(
        inquiry=inquiry,
        changes=[change],
        reference="R-1",
        title='=HYPERLINK("http://evil")',
        owner_email="secret-team@example.org",
    )
    ProgressUpdateFactory(commitment=commitment, text="-2 homes so far", progress=20)
    services.refresh_progress(commitment)
    return inquiry, commitment


def _rows(response) -> list[dict[str, str]]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_the_commitments_csv_is_safe_in_a_spreadsheet_and_keeps_secrets(published):
    inquiry, commitment = published
    for url in (
        f"/inquiries/{inquiry.slug}/commitments/commitments.csv",
        f"/organisations/{commitment.organisation.slug}/export/commitments.csv",
    ):
        response = Client().get(url)
        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"]
        rows = _rows(response)
        assert len(rows) == 1
        assert rows[0]["title"] == '\'=HYPERLINK("http://evil")'
        assert rows[0]["reference"] == "R-1"
        assert rows[0]["current_progress"] == "20"
        assert rows[0]["url"] == (
            f"/organisations/{commitment.organisation.slug}/commitments/"
            f"{commitment.pk}/"
        )
        assert "secret-team" not in str(rows)
    updates = _rows(
        Client().get(f"/inquiries/{inquiry.slug}/commitments/progress-updates.csv")
    )
    assert updates[0]["text"] == "'-2 homes so far"
    assert updates[0]["commitment_reference"] == "R-1"


def test_the_json_export_nests_the_updates_and_keeps_text_as_it_is(published):
    _inquiry, commitment = published
    response = Client().get(
        f"/organisations/{commitment.organisation.slug}/export/commitments.json"
    )
    data = json.loads(response.content)
    assert data["licence"]["name"] == "CC-BY-4.0"
    (item,) = data["commitments"]
    assert item["title"] == '=HYPERLINK("http://evil")'
    assert item["changes"] == [1]
    assert item["updates"][0]["text"] == "-2 homes so far"
    assert item["updates"][0]["progress"] == 20
    assert "owner_email" not in item and "secret-team" not in response.content.decode()


def test_an_export_imports_back_as_no_change(published):
    inquiry, commitment = published
    response = Client().get(
        f"/organisations/{commitment.organisation.slug}/export/commitments.csv"
    )
    data = b"".join(response.streaming_content)
    plan = csv_import.plan_for(
        data, organisation=commitment.organisation, inquiry=inquiry, today=today()
    )
    assert plan.ok, (plan.problems, [r.errors for r in plan.rows])
    assert [r.what for r in plan.rows] == ["No change"]
    assert "current_progress" in plan.ignored_columns


def test_unknown_export_files_are_not_found(published):
    inquiry, _commitment = published
    assert (
        Client().get(f"/inquiries/{inquiry.slug}/commitments/x.csv").status_code == 404
    )
    assert (
        Client().get("/inquiries/nope/commitments/commitments.csv").status_code == 404
    )


# --- feeds -------------------------------------------------------------------


def test_the_organisation_and_change_feeds_list_commitments_and_updates(published):
    inquiry, commitment = published
    for url in (
        f"/organisations/{commitment.organisation.slug}/feed/",
        f"/inquiries/{inquiry.slug}/you-said-we-did/1/feed/",
    ):
        response = Client().get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/atom+xml")
        root = ET.fromstring(response.content)  # noqa: S314 (our own output)
        entries = root.findall(f"{ATOM}entry")
        titles = [e.findtext(f"{ATOM}title") for e in entries]
        assert titles[0].startswith("Progress on =HYPERLINK")  # newest first
        assert titles[1].startswith("New commitment from ")
        ids = [e.findtext(f"{ATOM}id") for e in entries]
        assert all(i.startswith("tag:") for i in ids)
        assert len(set(ids)) == 2
    assert (
        Client().get(f"/inquiries/{inquiry.slug}/you-said-we-did/5/feed/").status_code
        == 404
    )
    assert Client().get("/organisations/nope/feed/").status_code == 404
