"""Schema hooks: the schema describes the open data API only, not Wagtail's
admin API (which also uses REST framework) or anything else on the site."""

from __future__ import annotations

from typing import Any

API_PREFIX = "/api/v1/"


def only_open_data(endpoints: list[tuple[str, ...]], **kwargs: Any) -> list:
    return [e for e in endpoints if e[0].startswith(API_PREFIX)]
