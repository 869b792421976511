"""Template context every page needs: the display mode and how to switch it."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse

from .display import MODES, DisplayMode, mode_for_request


@dataclass(frozen=True)
class ModeChoice:
    mode: DisplayMode
    url: str
    is_current: bool


def display(request: HttpRequest) -> dict[str, object]:
    current = mode_for_request(request)
    query = urlencode({"next": request.get_full_path()})
    choices = [
        ModeChoice(
            mode=mode,
            url=f"{reverse('themes:display_mode', args=[mode.key])}?{query}",
            is_current=mode == current,
        )
        for mode in MODES
    ]
    return {
        "display_mode": current,
        "display_choices": choices,
        "easy_read": current.is_easy_read,
    }
