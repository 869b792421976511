"""Display modes: standard, easy read, large text and high contrast.

A visitor's choice lives in one cookie so it works without JavaScript and
without an account. Anything missing or unknown in the cookie means standard.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

COOKIE_NAME = "coproduce_display"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60


@dataclass(frozen=True)
class DisplayMode:
    key: str
    label: str
    hint: str
    pictogram: str

    @property
    def is_easy_read(self) -> bool:
        return self.key == EASY_READ

    @property
    def css_class(self) -> str:
        return f"mode-{self.key}"


STANDARD = "standard"
EASY_READ = "easy-read"
LARGE_TEXT = "large-text"
HIGH_CONTRAST = "high-contrast"

MODES: tuple[DisplayMode, ...] = (
    DisplayMode(STANDARD, "Standard", "The usual layout", "look"),
    DisplayMode(EASY_READ, "Easy read", "Short sentences with pictures", "read"),
    DisplayMode(LARGE_TEXT, "Large text", "Bigger words and buttons", "large"),
    DisplayMode(
        HIGH_CONTRAST, "High contrast", "Light words on a dark background", "eye"
    ),
)
MODES_BY_KEY: dict[str, DisplayMode] = {mode.key: mode for mode in MODES}
DEFAULT_MODE = MODES_BY_KEY[STANDARD]


def mode_for_key(key: str | None) -> DisplayMode:
    """The mode for a cookie or URL value; standard for anything unknown."""
    return MODES_BY_KEY.get((key or "").strip().lower(), DEFAULT_MODE)


def mode_for_request(request: HttpRequest) -> DisplayMode:
    return mode_for_key(request.COOKIES.get(COOKIE_NAME))
