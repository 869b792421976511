"""Checking the photo or recording someone adds to their story. We trust the
file's bytes, never its name or the browser's word for its type. Photos are
re-saved, which drops hidden data such as the place a phone photo was taken."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_AUDIO_BYTES = 20 * 1024 * 1024
MAX_PHOTO_PIXELS = 40_000_000
PHOTO_LONG_SIDE = 2000


class MediaProblem(Exception):
    """The message says in plain words what is wrong with the file."""


@dataclass(frozen=True)
class CheckedFile:
    kind: str  # "photo" or "audio"
    content: bytes
    content_type: str
    extension: str

    @property
    def stored_name(self) -> str:
        """A random name: the person's own file name may say who they are."""
        return f"{uuid.uuid4().hex}.{self.extension}"


AUDIO_SIGNATURES: list[tuple[str, str, str]] = [
    # (how the file starts, MIME type, extension)
    ("ID3", "audio/mpeg", "mp3"),
    ("OggS", "audio/ogg", "ogg"),
    ("fLaC", "audio/flac", "flac"),
]


def audio_type(head: bytes) -> tuple[str, str] | None:
    """(MIME type, extension) for the audio formats phones and browsers make."""
    for start, mime, extension in AUDIO_SIGNATURES:
        if head.startswith(start.encode()):
            return mime, extension
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        return "audio/mpeg", "mp3"  # an MP3 frame without an ID3 tag
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio/wav", "wav"
    if head[4:8] == b"ftyp" and head[8:11] in {b"M4A", b"mp4", b"iso", b"3gp"}:
        return "audio/mp4", "m4a"
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return "audio/webm", "webm"
    return None


def check_upload(content: bytes) -> CheckedFile:
    """A photo (JPEG, PNG, WebP, GIF) or a recording (MP3, M4A, OGG, WAV,
    WebM, FLAC), within the size limits, or a MediaProblem saying why not."""
    if not content:
        raise MediaProblem("The file is empty. Choose another one.")
    audio = audio_type(content[:16])
    if audio is not None:
        if len(content) > MAX_AUDIO_BYTES:
            raise MediaProblem(
                "The recording is bigger than 20 MB. Send a shorter one, or "
                "tell us in words instead."
            )
        return CheckedFile("audio", content, audio[0], audio[1])
    if len(content) > MAX_PHOTO_BYTES:
        raise MediaProblem("The photo is bigger than 10 MB. Choose a smaller one.")
    return CheckedFile("photo", clean_photo(content), "image/jpeg", "jpg")


def clean_photo(content: bytes) -> bytes:
    """Open the picture as a picture, turn it the right way up, shrink it, and
    save it again as JPEG without its hidden data (location, camera)."""
    try:
        with Image.open(io.BytesIO(content)) as image:
            width, height = image.size  # read from the header, before decoding
            if image.format not in {"JPEG", "PNG", "WEBP", "GIF"}:
                raise MediaProblem(_NOT_A_PHOTO)
            if width * height > MAX_PHOTO_PIXELS:
                raise MediaProblem("The photo is too big to use. Choose a smaller one.")
            image.load()
            picture = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError) as error:
        raise MediaProblem(_NOT_A_PHOTO) from error
    picture.thumbnail((PHOTO_LONG_SIDE, PHOTO_LONG_SIDE))
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue()


_NOT_A_PHOTO = (
    "This file is not a photo or a recording we can use. Choose a photo "
    "(JPEG, PNG or WebP) or a recording (MP3, M4A, OGG or WAV)."
)
