"""The facilitator console and bulk import, as a facilitator meets them."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from consult import services as consult_services
from consult.models import Channel, Finding, ModerationState
from consult.roles import Role
from deliberation.models import SessionFinding

from .factories import SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def facilitator(demo_users):
    client = Client()
    client.force_login(demo_users[Role.FACILITATOR])
    return client


@pytest.fixture
def today_session(demo):
    return SessionFactory(
        inquiry=demo,
        title="Today at the library",
        starts_at=timezone.now() - dt.timedelta(minutes=30),
    )


@pytest.fixture
def codes(demo, demo_users):
    _, plain = consult_services.create_code_batch(
        inquiry=demo,
        label="Console test",
        size=3,
        created_by=demo_users[Role.FACILITATOR],
    )
    return plain


def capture_url(where):
    return f"/inquiries/anyshire/console/{where}/"


def test_the_console_offers_todays_session_the_phone_line_and_the_post(
    facilitator, today_session
):
    page = facilitator.get("/inquiries/anyshire/console/").content.decode()
    assert "Today at the library" in page
    assert "The phone line" in page
    assert "Letters and forms by post" in page


def test_capturing_a_finding_for_someone_in_the_room(
    facilitator, today_session, demo_users
):
    response = facilitator.post(
        capture_url(today_session.pk),
        {"text": "The bus to the day centre stopped.", "consent": "anonymous"},
    )
    assert response.status_code == 302
    assert "?saved=" in response["Location"]
    finding = Finding.objects.get(text="The bus to the day centre stopped.")
    assert finding.channel == Channel.SESSION
    assert finding.recorded_by == demo_users[Role.FACILITATOR]
    assert finding.participant is None
    assert finding.state == ModerationState.PENDING
    assert SessionFinding.objects.get(finding=finding).session == today_session
    page = facilitator.get(response["Location"]).content.decode()
    assert "Saved. Ready for the next one." in page
    assert "data-console-saved" in page
    assert "You wrote 1 here" in page


def test_a_participation_code_links_the_finding_to_the_person(
    facilitator, today_session, codes, demo
):
    facilitator.post(
        capture_url(today_session.pk),
        {
            "text": "I want to choose who helps me.",
            "consent": "named",
            "display_name": "Jo",
            "code": codes[0].lower(),
            "areas": [demo.budget.areas.first().pk],
        },
    )
    finding = Finding.objects.get(text="I want to choose who helps me.")
    same_person = consult_services.redeem_code(inquiry=demo, typed=codes[0])
    assert finding.participant == same_person
    assert finding.quoted_name == "Jo"
    assert list(finding.areas.all()) == [demo.budget.areas.first()]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"text": ""}, "text", "Type what the person said."),
        ({"consent": ""}, "consent", "Ask them, then choose"),
        ({"consent": "sell_it"}, "consent", "Select a valid choice"),
        ({"code": "ZZZZ-ZZZZ"}, "code", "We do not know this code"),
        ({"consent": "named"}, "display_name", "Type the name they want shown"),
        ({"text": "x" * 5001}, "text", "under 5,000 characters"),
        # An id past 64 bits was a 500 on SQLite (found by tests/test_fuzz_forms.py)
        ({"areas": "9" * 30}, "areas", "Choose from the list."),
    ],
)
def test_bad_capture_input_keeps_the_typing(
    facilitator, today_session, data, field, message
):
    data = {"text": "Kept words", "consent": "anonymous", **data}
    response = facilitator.post(capture_url(today_session.pk), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'id="id_{field}-error"' in page
    if data["text"] == "Kept words":
        assert "Kept words" in page
    assert not Finding.objects.filter(text="Kept words").exists()


def test_a_stopped_code_is_refused(facilitator, today_session, codes, demo, demo_users):
    consult_services.revoke_code(
        inquiry=demo, typed=codes[1], by=demo_users[Role.FACILITATOR]
    )
    response = facilitator.post(
        capture_url(today_session.pk),
        {"text": "Words", "consent": "anonymous", "code": codes[1]},
    )
    assert response.status_code == 400
    assert "This code has been stopped" in response.content.decode()


def test_script_in_a_finding_is_shown_as_text(facilitator, today_session):
    response = facilitator.post(
        capture_url(today_session.pk),
        {"text": "<script>alert('x')</script>", "consent": "anonymous"},
        follow=True,
    )
    page = response.content.decode()
    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(" in page


def test_a_concern_marked_in_the_console_goes_to_the_lead(facilitator, today_session):
    facilitator.post(
        capture_url(today_session.pk),
        {"text": "Someone hurts me at home.", "consent": "anonymous", "concern": "yes"},
    )
    finding = Finding.objects.get(text="Someone hurts me at home.")
    assert finding.is_safeguarding_concern
    page = facilitator.get(capture_url(today_session.pk)).content.decode()
    assert "Someone hurts me at home." not in page
    assert "Safeguarding concern: sent to the lead." in page


def test_the_phone_line_records_the_phone_channel(facilitator):
    facilitator.post(
        capture_url("phone"), {"text": "Rang in.", "consent": "count_only"}
    )
    assert Finding.objects.get(text="Rang in.").channel == Channel.PHONE


def test_unknown_places_are_not_found(facilitator, demo):
    assert facilitator.get(capture_url("fax")).status_code == 404
    assert facilitator.get(capture_url("999999")).status_code == 404
    other = SessionFactory()
    assert facilitator.get(capture_url(other.pk)).status_code == 404


def test_the_console_is_for_facilitators_only(client, demo_users, today_session):
    assert client.get("/inquiries/anyshire/console/").status_code == 302
    for role in (Role.PARTICIPANT, Role.MODERATOR, Role.ORGANISATION_EDITOR):
        other = Client()
        other.force_login(demo_users[role])
        assert other.get(capture_url(today_session.pk)).status_code == 403
        assert (
            other.post(capture_url(today_session.pk), {"text": "x"}).status_code == 403
        )
        assert other.post(IMPORT, {"channel": "phone"}).status_code == 403


IMPORT = "/inquiries/anyshire/console/import/"


def test_an_import_with_a_bad_row_is_previewed_and_nothing_is_saved(facilitator):
    before = Finding.objects.count()
    content = "text,consent,name\nFine words,anonymous,\nMore words,maybe,\n"
    response = facilitator.post(
        IMPORT, {"channel": "phone", "pasted": content, "action": "save"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Row 3: We do not understand the consent" in page
    assert "More words" in page
    assert "Save all" not in page
    assert Finding.objects.count() == before


def test_a_clean_import_is_previewed_then_saved(facilitator, demo, codes):
    by_post = Finding.objects.filter(channel="post")
    before = by_post.count()
    content = (
        "text,consent,name,code,areas\n"
        f"I want a say,named,Ann,{codes[2]},1\n"
        "Letters are too hard to read,count only,,,\n"
    )
    preview = facilitator.post(
        IMPORT, {"channel": "post", "pasted": content, "action": "preview"}
    )
    assert preview.status_code == 200
    assert "Save all 2 findings" in preview.content.decode()
    assert not Finding.objects.filter(text="I want a say").exists()
    saved = facilitator.post(
        IMPORT, {"channel": "post", "pasted": content, "action": "save"}
    )
    assert saved.status_code == 302
    ann = Finding.objects.get(text="I want a say")
    assert (ann.channel, ann.quoted_name, ann.participant is not None) == (
        "post",
        "Ann",
        True,
    )
    assert by_post.count() == before + 2


def test_an_uploaded_csv_is_read(facilitator):
    upload = SimpleUploadedFile(
        "phone.csv", "text,consent\nCalled about respite,anonymous\n".encode("cp1252")
    )
    response = facilitator.post(
        IMPORT, {"channel": "phone", "upload": upload, "action": "preview"}
    )
    assert response.status_code == 200
    assert "Called about respite" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"channel": "phone"}, "Paste some rows, or choose a CSV file."),
        (
            {"pasted": "text,consent\na,named,b\n"},
            "Choose where these findings came from.",
        ),
        ({"channel": "session", "pasted": "text,consent\n"}, "Select a valid choice"),
    ],
)
def test_bad_import_forms_are_explained(facilitator, data, message):
    response = facilitator.post(IMPORT, {"action": "preview", **data})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_file_that_is_not_csv_is_refused(facilitator):
    upload = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n")
    response = facilitator.post(
        IMPORT, {"channel": "phone", "upload": upload, "action": "preview"}
    )
    assert response.status_code == 400
    assert "This is not a CSV file" in response.content.decode()
