"""Printing participation codes, entering them, and stopping lost ones."""

import re
import zlib

import pytest
from django.test import Client

from consult import services
from consult.models import Participant, ParticipationCode
from consult.participation import SESSION_KEY
from consult.roles import Role


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF's objects with compressed streams inflated, to look inside."""
    parts = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"\n".join(parts)


@pytest.fixture
def facilitator_client(demo_users) -> Client:
    client = Client()
    client.force_login(demo_users[Role.FACILITATOR])
    return client


@pytest.fixture
def batch(demo, demo_users):
    return services.create_code_batch(
        inquiry=demo,
        label="Library session",
        size=3,
        created_by=demo_users[Role.FACILITATOR],
    )


@pytest.mark.django_db
def test_facilitator_downloads_a_tagged_pdf_of_cards(demo, facilitator_client):
    response = facilitator_client.post(
        "/inquiries/anyshire/codes/",
        {"action": "create", "batch-label": "Tuesday session", "batch-size": "20"},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    assert response.content.startswith(b"%PDF")
    pdf = pdf_objects(response.content)
    assert b"/StructTreeRoot" in pdf  # tagged for screen readers (PDF/UA-1)
    assert b"pdfuaid:part" in pdf
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 3  # 8 cards a page
    assert (
        ParticipationCode.objects.filter(batch__label="Tuesday session").count() == 20
    )


@pytest.mark.django_db
def test_codes_are_stored_only_as_hashes(batch):
    made, plain = batch
    assert made.codes.count() == 3
    stored = list(ParticipationCode.objects.values_list("code_hash", flat=True))
    for code in plain:
        assert all(code not in h for h in stored)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"batch-label": "", "batch-size": "5"}, "Say what the codes are for."),
        ({"batch-label": "x", "batch-size": "0"}, "Ask for at least 1 code."),
        ({"batch-label": "x", "batch-size": "501"}, "Ask for 500 codes or fewer"),
        ({"batch-label": "x", "batch-size": "lots"}, "Type a whole number"),
    ],
)
def test_bad_batch_requests_get_a_message_and_keep_the_input(
    demo, facilitator_client, data, message
):
    response = facilitator_client.post(
        "/inquiries/anyshire/codes/", {"action": "create", **data}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "There is a problem" in html
    if data["batch-label"]:
        assert f'value="{data["batch-label"]}"' in html


@pytest.mark.django_db
def test_a_code_lets_a_person_take_part_without_an_account(demo, batch, client):
    _, plain = batch
    response = client.post(
        "/inquiries/anyshire/code/", {"code": plain[0].lower()}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/anyshire/take-part/"
    assert "Your code worked" in response.content.decode()
    participant = Participant.objects.get(code__batch=batch[0])
    assert participant.user is None
    assert client.session[SESSION_KEY] == {str(demo.pk): participant.pk}


@pytest.mark.django_db
def test_the_same_code_on_another_device_is_the_same_participant(demo, batch):
    _, plain = batch
    for _ in range(2):
        Client().post("/inquiries/anyshire/code/", {"code": plain[1]})
    assert Participant.objects.filter(code__batch=batch[0]).count() == 1


@pytest.mark.django_db
def test_the_qr_link_fills_in_the_code(demo, client):
    html = client.get("/inquiries/anyshire/code/?code=ACEF-3479").content.decode()
    assert 'value="ACEF-3479"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Type the code from your card."),
        ("ACEF-3479", "We do not know this code."),
        ("hello", "We do not know this code."),
        ("<script>alert(1)</script>", "We do not know this code."),
    ],
)
def test_a_wrong_code_gets_a_plain_message_and_keeps_what_was_typed(
    demo, client, typed, message
):
    response = client.post("/inquiries/anyshire/code/", {"code": typed})
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'id="id_code-error"' in html
    assert "<script>alert(1)</script>" not in html
    if typed:
        escaped = typed.replace("<", "&lt;").replace(">", "&gt;")
        assert f'value="{escaped}"' in html


@pytest.mark.django_db
def test_a_stopped_code_says_so(demo, batch, demo_users, facilitator_client, client):
    _, plain = batch
    response = facilitator_client.post(
        "/inquiries/anyshire/codes/",
        {"action": "revoke", "revoke-code": plain[2]},
        follow=True,
    )
    assert f"ending {plain[2][-2:]}" in response.content.decode()
    response = client.post("/inquiries/anyshire/code/", {"code": plain[2]})
    assert "This code has been stopped" in response.content.decode()


@pytest.mark.django_db
def test_stopping_a_whole_batch(demo, batch, facilitator_client):
    batch_obj, _ = batch
    facilitator_client.post(
        "/inquiries/anyshire/codes/",
        {"action": "revoke_batch", "batch": str(batch_obj.pk)},
    )
    assert batch_obj.codes.filter(revoked_at__isnull=True).count() == 0
    html = facilitator_client.get("/inquiries/anyshire/codes/").content.decode()
    assert "Library session" in html


@pytest.mark.django_db
def test_stopping_an_unknown_code_says_so(demo, facilitator_client):
    response = facilitator_client.post(
        "/inquiries/anyshire/codes/", {"action": "revoke", "revoke-code": "ACEF-3479"}
    )
    assert "We do not know this code." in response.content.decode()


@pytest.mark.django_db
def test_stopping_a_code_ends_its_use_in_browsers_already_signed_in(
    demo, batch, client
):
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from consult.participation import participant_for

    _, plain = batch
    client.post("/inquiries/anyshire/code/", {"code": plain[0]})
    request = RequestFactory().get("/")
    request.session = client.session
    request.user = AnonymousUser()
    assert participant_for(request, demo) is not None
    code = ParticipationCode.objects.get(participant__isnull=False, batch=batch[0])
    services.revoke_batch(batch=code.batch, by=None)
    assert participant_for(request, demo) is None


@pytest.mark.django_db
def test_repeated_wrong_codes_are_rate_limited(demo, batch, client, settings):
    settings.PARTICIPATION_CODE_TRIES = 3
    _, plain = batch
    for _ in range(3):
        client.post("/inquiries/anyshire/code/", {"code": "ACEF-3479"})
    response = client.post("/inquiries/anyshire/code/", {"code": plain[0]})
    assert response.status_code == 429
    assert "You have tried too many times" in response.content.decode()
    assert f'value="{plain[0]}"' in response.content.decode()
    assert not Participant.objects.filter(code__batch=batch[0]).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.FACILITATOR, 200),
        (Role.ADMIN, 200),
        (Role.SITE_EDITOR, 403),
        (Role.MODERATOR, 403),
        (Role.PARTICIPANT, 403),
        (Role.ORGANISATION_EDITOR, 403),
        (Role.SAFEGUARDING_LEAD, 403),
    ],
)
def test_only_facilitators_print_codes(demo_users, role, status):
    client = Client()
    client.force_login(demo_users[role])
    assert client.get("/inquiries/anyshire/codes/").status_code == status


@pytest.mark.django_db
def test_visitors_are_sent_to_sign_in_for_the_codes_page(demo, client):
    response = client.get("/inquiries/anyshire/codes/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["", "abc", "999999", "-1"])
def test_stopping_an_unknown_batch_says_so(demo, batch, facilitator_client, value):
    response = facilitator_client.post(
        "/inquiries/anyshire/codes/", {"action": "revoke_batch", "batch": value}
    )
    assert response.status_code == 400
    assert "Choose which codes to stop." in response.content.decode()
    assert not ParticipationCode.objects.filter(revoked_at__isnull=False).exists()


@pytest.mark.django_db
def test_a_batch_of_another_inquiry_cannot_be_stopped_from_here(
    demo, facilitator_client
):
    from tests.factories import InquiryFactory

    other, _ = services.create_code_batch(
        inquiry=InquiryFactory(), label="Elsewhere", size=2, created_by=None
    )
    facilitator_client.post(
        "/inquiries/anyshire/codes/", {"action": "revoke_batch", "batch": other.pk}
    )
    assert other.codes.filter(revoked_at__isnull=True).count() == 2
