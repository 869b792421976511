"""The pictogram library: Mulberry Symbols (CC BY-SA 4.0) that we ship.

Each pictogram has a short name used in templates and content
(``{% pictogram "home" %}``) and a default alternative text that says what the
picture shows. The SVG files live in themes/static/themes/pictograms/ with the
set's licence beside them.
"""

from __future__ import annotations

from dataclasses import dataclass

STATIC_DIR = "themes/pictograms"
ATTRIBUTION = "Pictograms: Mulberry Symbols by Steve Lee, CC BY-SA 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"


@dataclass(frozen=True)
class Pictogram:
    name: str
    alt: str

    @property
    def static_path(self) -> str:
        return f"{STATIC_DIR}/{self.name}.svg"


_LIBRARY: dict[str, str] = {
    "home": "A house",
    "money": "Money",
    "vote": "Someone putting a vote in a box",
    "talk": "People talking",
    "meet": "People meeting",
    "think": "Someone thinking",
    "help": "Someone helping another person",
    "share": "People sharing",
    "equal": "Two people shaking hands",
    "community": "People holding hands",
    "group": "A group working together",
    "family": "A family",
    "care-worker": "A care worker",
    "nurse": "A nurse",
    "work": "Someone at work",
    "calendar": "A calendar",
    "clock": "A clock",
    "telephone": "A telephone",
    "computer": "A computer",
    "letter": "A letter",
    "read": "Someone reading",
    "write": "Someone writing",
    "find": "Someone looking for something",
    "look": "Someone looking",
    "good": "Thumbs up",
    "yes": "A tick",
    "no": "A cross",
    "happy": "A happy face",
    "sad": "A sad face",
    "key": "A key",
    "signpost": "A signpost",
    "start": "Start",
    "finish": "Finish",
    "door": "A front door",
    "wheelchair": "A wheelchair",
    "hear": "Someone listening",
    "large": "Big and small",
    "communicate": "People communicating",
    "eye": "An eye",
}

PICTOGRAMS: dict[str, Pictogram] = {
    name: Pictogram(name=name, alt=alt) for name, alt in _LIBRARY.items()
}


def get_pictogram(name: str) -> Pictogram | None:
    return PICTOGRAMS.get(name)


def pictogram_choices() -> list[tuple[str, str]]:
    """Choices for editors: (name, what it shows), sorted by what it shows."""
    return sorted(
        ((p.name, f"{p.alt} ({p.name})") for p in PICTOGRAMS.values()),
        key=lambda choice: choice[1].lower(),
    )
