"""The Make sense tools on an inquiry's team page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from .. import permissions
from ..models import Inquiry


def team_links(user: Any, inquiry: Inquiry) -> list[tuple[str, str]]:
    if not permissions.can_facilitate(user, inquiry):
        return []
    return [
        (reverse("consult:themes", args=[inquiry.slug]), "Group findings into themes"),
        (
            reverse("consult:theme_suggestions", args=[inquiry.slug]),
            "Suggested groups for findings not yet in a theme",
        ),
    ]
