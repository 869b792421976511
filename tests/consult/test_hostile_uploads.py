"""Hostile uploads: files that pretend to be something else, or carry script,
never reach anyone as something a browser would run."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from consult import media, services
from consult.models import FindingAttachment

from .test_media import photo_bytes

STORY = "/inquiries/anyshire/story/"
SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
    b"<script>alert(document.cookie)</script></svg>"
)
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


@pytest.fixture
def code_client(demo) -> Client:
    _, plain = services.create_code_batch(
        inquiry=demo, label="Hostile", size=1, created_by=None
    )
    client = Client()
    client.post("/inquiries/anyshire/code/", {"code": plain[0]})
    return client


def send(client: Client, name: str, content: bytes, text: str = "My words"):
    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
    return client.post(STORY, {"text": text, "consent": "anonymous", "media": upload})


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("drawing.svg", SVG_WITH_SCRIPT),
        ("drawing.jpg", SVG_WITH_SCRIPT),
        ("page.jpg", HTML),
        ("page.html", HTML),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + HTML),  # a JPEG's first bytes only
    ],
)
@pytest.mark.django_db
def test_script_dressed_as_a_photo_is_refused_next_to_the_field(
    code_client, name, content
):
    response = send(code_client, name, content, text="Words I typed")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_media-error"' in page
    assert "Words I typed" in page
    assert not FindingAttachment.objects.exists()


@pytest.mark.django_db
def test_an_oversized_file_is_refused_before_it_is_read(code_client, monkeypatch):
    from consult import forms

    monkeypatch.setattr(forms, "MAX_AUDIO_BYTES", 1000)
    response = send(code_client, "big.jpg", photo_bytes() + b"\x00" * 2000)
    assert response.status_code == 400
    assert "bigger than 20 MB" in response.content.decode()
    assert not FindingAttachment.objects.exists()


def test_a_photo_with_script_hidden_after_it_is_saved_again_without_it():
    # A polyglot: a real JPEG that is also HTML if a browser sniffs it.
    polyglot = photo_bytes() + HTML
    checked = media.check_upload(polyglot)
    assert checked.kind == "photo"
    assert b"<script" not in checked.content
    assert checked.content_type == "image/jpeg"


@pytest.mark.django_db
def test_a_recording_that_is_also_html_is_served_so_no_browser_runs_it(
    code_client, demo_users
):
    # Recordings are kept as sent (there is no re-encoding), so the headers
    # are what keep an "audio" file with HTML inside from being run.
    response = send(code_client, "../../evil name.html", b"ID3\x04\x00" + HTML)
    assert response.status_code == 302
    attachment = FindingAttachment.objects.get()
    assert attachment.content_type == "audio/mpeg"
    assert "evil" not in attachment.file.name and ".." not in attachment.file.name
    assert attachment.file.name.endswith(".mp3")
    served = code_client.get(
        f"/inquiries/anyshire/findings/{attachment.finding.pk}/media/"
    )
    assert served.status_code == 200
    assert served["Content-Type"] == "audio/mpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert served["Content-Disposition"].startswith("inline; filename=")
    assert "evil" not in served["Content-Disposition"]


@pytest.mark.django_db
def test_story_files_are_kept_where_no_public_address_reaches(code_client):
    send(code_client, "me.jpg", photo_bytes())
    attachment = FindingAttachment.objects.get()
    # The private storage's addresses lead nowhere (no URL pattern serves them).
    assert not attachment.file.url.startswith(settings.MEDIA_URL)
    assert Client().get(attachment.file.url).status_code == 404
    # Nobody else gets it while the story waits for moderation.
    assert (
        Client()
        .get(f"/inquiries/anyshire/findings/{attachment.finding.pk}/media/")
        .status_code
        == 404
    )


def test_wagtail_takes_no_svg_and_serves_documents_as_downloads():
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS
    assert not {"html", "htm", "svg", "js", "xml"} & set(
        settings.WAGTAILDOCS_EXTENSIONS
    )
    assert settings.WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT is True
    assert settings.WAGTAILDOCS_INLINE_CONTENT_TYPES == []


@pytest.mark.django_db
def test_a_wagtail_document_downloads_with_nosniff_and_a_locked_down_policy(
    settings, tmp_path
):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    # Served from disk, as in production (the test storage is in memory).
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }

    document = Document(title="Minutes")
    document.file.save("minutes.txt", ContentFile(b"<script>alert(1)</script>"))
    document.save()
    response = Client().get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response["Content-Security-Policy"]
