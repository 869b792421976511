"""A photo or recording on a story, as people meet it: sent with the story,
seen by the person and the team, public only once published with consent,
and never shown from a safeguarding concern except to the lead."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from consult import listening, services
from consult.models import Finding, FindingAttachment
from consult.roles import Role

from .test_media import photo_bytes

pytestmark = pytest.mark.django_db
STORY = "/inquiries/anyshire/story/"


@pytest.fixture
def code_client(demo) -> Client:
    _, plain = services.create_code_batch(
        inquiry=demo, label="Media", size=1, created_by=None
    )
    client = Client()
    client.post("/inquiries/anyshire/code/", {"code": plain[0]})
    return client


def send(client, upload, **extra):
    data = {"text": "My kitchen.", "consent": "anonymous", "media": upload, **extra}
    return client.post(STORY, data)


def media_url(finding):
    return f"/inquiries/anyshire/findings/{finding.pk}/media/"


def test_a_photo_is_sent_with_a_story_and_described(code_client):
    upload = SimpleUploadedFile("IMG_home_of_Jo.jpg", photo_bytes(gps=True))
    response = send(code_client, upload, media_description="My kitchen table")
    assert response.status_code == 302
    attachment = FindingAttachment.objects.get()
    assert attachment.kind == "photo"
    assert "Jo" not in attachment.file.name
    mine = code_client.get("/inquiries/anyshire/my-stories/").content.decode()
    assert 'alt="My kitchen table"' in mine
    served = code_client.get(media_url(attachment.finding))
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Cache-Control"] == "private, no-store"


def test_a_wrong_file_is_explained_and_the_words_are_kept(code_client):
    upload = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 this is a program")
    response = send(code_client, upload, text="Words I typed")
    assert response.status_code == 400
    page = response.content.decode()
    assert "not a photo or a recording we can use" in page
    assert 'id="id_media-error"' in page
    assert "Words I typed" in page
    assert "choose your photo or recording again" in page
    assert not Finding.objects.filter(text="Words I typed").exists()


def test_a_recording_is_accepted(code_client):
    upload = SimpleUploadedFile("voice.mp3", b"ID3\x04\x00" + b"\x00" * 500)
    assert send(code_client, upload).status_code == 302
    attachment = FindingAttachment.objects.get()
    assert (attachment.kind, attachment.content_type) == ("audio", "audio/mpeg")
    page = code_client.get("/inquiries/anyshire/my-stories/").content.decode()
    assert "<audio controls" in page


def test_others_cannot_see_it_until_it_is_published(code_client, demo, demo_users):
    send(code_client, SimpleUploadedFile("a.png", photo_bytes("PNG")))
    finding = Finding.objects.get(attachment__isnull=False)
    assert Client().get(media_url(finding)).status_code == 404
    moderator = Client()
    moderator.force_login(demo_users[Role.MODERATOR])
    assert moderator.get(media_url(finding)).status_code == 200
    listening.moderate_finding(
        finding=finding, action="publish", actor=demo_users[Role.MODERATOR]
    )
    assert Client().get(media_url(finding)).status_code == 200
    public = Client().get("/anyshire/findings/").content.decode()
    assert media_url(finding) in public


def test_count_only_media_is_never_public(code_client, demo_users):
    send(
        code_client,
        SimpleUploadedFile("a.png", photo_bytes("PNG")),
        consent="count_only",
    )
    finding = Finding.objects.get(attachment__isnull=False)
    listening.moderate_finding(
        finding=finding, action="publish", actor=demo_users[Role.MODERATOR]
    )
    assert Client().get(media_url(finding)).status_code == 404


def test_a_concern_media_is_for_the_safeguarding_lead_only(code_client, demo_users):
    send(code_client, SimpleUploadedFile("a.png", photo_bytes("PNG")))
    finding = Finding.objects.get(attachment__isnull=False)
    listening.raise_safeguarding_concern(finding=finding, raised_by=None)
    for role in (Role.MODERATOR, Role.FACILITATOR, Role.ADMIN):
        other = Client()
        other.force_login(demo_users[role])
        assert other.get(media_url(finding)).status_code == 404, role
    assert code_client.get(media_url(finding)).status_code == 404
    lead = Client()
    lead.force_login(demo_users[Role.SAFEGUARDING_LEAD])
    assert lead.get(media_url(finding)).status_code == 200
    assert (
        media_url(finding)
        in lead.get("/inquiries/anyshire/safeguarding/").content.decode()
    )


def test_changing_a_story_can_take_the_photo_away(code_client):
    send(code_client, SimpleUploadedFile("a.png", photo_bytes("PNG")))
    finding = Finding.objects.get(attachment__isnull=False)
    change = f"/inquiries/anyshire/story/{finding.pk}/change/"
    assert (
        "Take away the photo or recording I sent"
        in code_client.get(change).content.decode()
    )
    code_client.post(
        change, {"text": "My kitchen.", "consent": "anonymous", "remove_media": "on"}
    )
    assert not FindingAttachment.objects.exists()
    assert code_client.get(media_url(finding)).status_code == 404


def test_withdrawn_story_media_is_gone_for_everyone(code_client, demo_users):
    send(code_client, SimpleUploadedFile("a.png", photo_bytes("PNG")))
    finding = Finding.objects.get(attachment__isnull=False)
    listening.moderate_finding(
        finding=finding, action="publish", actor=demo_users[Role.MODERATOR]
    )
    code_client.post(f"/inquiries/anyshire/story/{finding.pk}/withdraw/")
    assert Client().get(media_url(finding)).status_code == 404
    assert code_client.get(media_url(finding)).status_code == 404
