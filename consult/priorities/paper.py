"""Paper ballots: what goes on each printed page, as plain data.

One page per person: the question, every change with its pictogram and the
marks for the inquiry's voting method (faces to circle, boxes to tick, or
boxes to number), and a participation code of its own, printed large and as
a QR code. The code makes the paper countable once and only once: when the
ballot is typed in, the code says whose it is."""

from __future__ import annotations

from base64 import b64encode
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import segno

from themes.pictograms import PICTOGRAMS, get_pictogram

from .. import codes
from .ballots import RATE_WORDS

if TYPE_CHECKING:
    from ..models import Change

# One request renders them all. WeasyPrint draws each pictogram's SVG again
# on every page (10 a page): about 0.4 s a page on a quiet core, up to 1.3 s
# on this busy shared machine, so 40 stay under gunicorn's 30 s timeout.
# Print more in several goes.
MAX_PAPER_BALLOTS = 40


@dataclass(frozen=True)
class Mark:
    """One mark the person can make beside a change."""

    value: int
    words: str
    picture: str = ""  # a data: URI, for faces
    alt: str = ""


@dataclass(frozen=True)
class PaperChange:
    number: int
    title: str
    text: str
    pictogram: str  # static path of the picture
    alt: str


@dataclass(frozen=True)
class PaperSheet:
    """One printed ballot: its code (as printed) and its QR code."""

    code: str
    qr: str
    link: str


def face_svg(value: int) -> str:
    """A simple line-drawn face for a rating: a frown at 1, a smile at 5."""
    bend = 70 + (value - 3) * 12
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
        '<circle cx="50" cy="50" r="45" fill="#fff" stroke="#000" stroke-width="5"/>'
        '<circle cx="35" cy="38" r="6"/><circle cx="65" cy="38" r="6"/>'
        f'<path d="M27 70 Q50 {bend} 73 70" fill="none" stroke="#000" '
        'stroke-width="6" stroke-linecap="round"/></svg>'
    )
    return "data:image/svg+xml;base64," + b64encode(svg.encode()).decode()


def paper_changes(changes: Iterable[Change]) -> list[PaperChange]:
    """The changes as printed: easy-read words and the picture beside each."""
    printed = []
    for change in changes:
        picture = get_pictogram(change.pictogram) or PICTOGRAMS["think"]
        printed.append(
            PaperChange(
                number=change.number,
                title=change.easy_read_title,
                text=change.easy_read_text,
                pictogram=picture.static_path,
                alt=picture.alt,
            )
        )
    return printed


def rate_marks() -> list[Mark]:
    return [
        Mark(value, words, face_svg(value), alt=f"A face for: {words.lower()}")
        for value, words in RATE_WORDS.items()
    ]


def sheet_for(code: str, entry_url: str) -> PaperSheet:
    """The printed face of one code: shown in two groups, with a QR code that
    opens the code page with the code filled in."""
    shown = codes.display(code)
    link = f"{entry_url}?{urlencode({'code': shown})}"
    qr = segno.make(link, error="m").svg_data_uri(scale=3, border=2)
    return PaperSheet(code=shown, qr=qr, link=link)


@dataclass(frozen=True)
class Step:
    picture: str  # static path
    alt: str
    words: str


def instructions(method: str, *, approvals: int, places: int) -> list[Step]:
    """The easy-read steps printed on every ballot, a picture beside each."""
    if method == "approve":
        how = [
            ("yes", f"Tick the box beside up to {approvals} changes."),
            ("good", "Tick the ones that matter most to you."),
        ]
    elif method == "rank":
        how = [
            ("write", "Write 1 in the box of the change that matters most."),
            ("write", f"Write 2 for the next one. Go on up to {places}."),
        ]
    else:
        how = [
            ("look", "Look at each change."),
            ("write", "Draw a circle round 1 face for each change."),
        ]
    steps = [
        ("read", "We want to know which changes matter most to you."),
        *how,
        ("help", "You can ask someone to help you."),
        ("letter", "Give this paper back to the people running the meeting."),
    ]
    return [_step(name, words) for name, words in steps]


def _step(name: str, words: str) -> Step:
    picture = PICTOGRAMS[name]
    return Step(picture=picture.static_path, alt=picture.alt, words=words)
