"""Photos and recordings: the bytes decide the type, photos lose their hidden
data, and sizes are limited."""

import io

import pytest
from PIL import Image

from consult import media


def photo_bytes(fmt="JPEG", size=(40, 30), gps=False):
    image = Image.new("RGB", size, (200, 100, 50))
    out = io.BytesIO()
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # camera make
        exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}  # GPS latitude
        image.save(out, format=fmt, exif=exif)
    else:
        image.save(out, format=fmt)
    return out.getvalue()


@pytest.mark.parametrize(
    ("head", "mime"),
    [
        (b"ID3\x04\x00" + b"\x00" * 11, "audio/mpeg"),
        (b"\xff\xfb\x90\x64" + b"\x00" * 12, "audio/mpeg"),
        (b"OggS\x00\x02" + b"\x00" * 10, "audio/ogg"),
        (b"RIFF\x24\x08\x00\x00WAVEfmt ", "audio/wav"),
        (b"\x00\x00\x00\x20ftypM4A \x00\x00", "audio/mp4"),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81" + b"\x00" * 8, "audio/webm"),
        (b"fLaC\x00\x00\x00\x22" + b"\x00" * 8, "audio/flac"),
    ],
)
def test_recordings_are_known_by_their_first_bytes(head, mime):
    checked = media.check_upload(head + b"\x00" * 100)
    assert (checked.kind, checked.content_type) == ("audio", mime)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF"])
def test_photos_are_saved_again_as_jpeg(fmt):
    checked = media.check_upload(photo_bytes(fmt))
    assert (checked.kind, checked.content_type, checked.extension) == (
        "photo",
        "image/jpeg",
        "jpg",
    )
    assert Image.open(io.BytesIO(checked.content)).format == "JPEG"


def test_a_photo_loses_its_location_and_camera():
    original = photo_bytes(gps=True)
    assert Image.open(io.BytesIO(original)).getexif()
    cleaned = media.check_upload(original).content
    assert not Image.open(io.BytesIO(cleaned)).getexif()


def test_big_photos_are_made_smaller():
    checked = media.check_upload(photo_bytes("PNG", size=(4000, 100)))
    assert Image.open(io.BytesIO(checked.content)).size[0] == media.PHOTO_LONG_SIDE


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty"),
        (b"%PDF-1.7 not a photo", "not a photo or a recording"),
        (b"<script>alert(1)</script>", "not a photo or a recording"),
        (b"\x89PNG\r\n\x1a\nbroken", "not a photo or a recording"),
    ],
)
def test_files_that_are_not_photos_or_recordings_are_refused(content, message):
    with pytest.raises(media.MediaProblem, match=message):
        media.check_upload(content)


def test_too_big_recordings_and_photos_are_refused(monkeypatch):
    monkeypatch.setattr(media, "MAX_AUDIO_BYTES", 50)
    with pytest.raises(media.MediaProblem, match="bigger than 20 MB"):
        media.check_upload(b"ID3" + b"\x00" * 60)
    monkeypatch.setattr(media, "MAX_PHOTO_BYTES", 50)
    with pytest.raises(media.MediaProblem, match="bigger than 10 MB"):
        media.check_upload(photo_bytes())


def test_a_photo_with_too_many_pixels_is_refused(monkeypatch):
    monkeypatch.setattr(media, "MAX_PHOTO_PIXELS", 100)
    with pytest.raises(media.MediaProblem, match="too big"):
        media.check_upload(photo_bytes(size=(20, 20)))


def test_stored_names_are_random():
    checked = media.check_upload(photo_bytes())
    assert checked.stored_name != checked.stored_name
    assert checked.stored_name.endswith(".jpg")
