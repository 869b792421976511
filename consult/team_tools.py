"""Links on an inquiry's team page that belong to the apps above consult
(sessions, the console, later voting and budgets). They register here from
their AppConfig, so consult never imports them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .models import Inquiry

TeamLinks = Callable[[Any, Inquiry], list[tuple[str, str]]]
_providers: list[TeamLinks] = []


def register(provider: TeamLinks) -> TeamLinks:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def links_for(user: Any, inquiry: Inquiry) -> list[tuple[str, str]]:
    """(href, words) for each tool this person may use."""
    return [link for provider in _providers for link in provider(user, inquiry)]
