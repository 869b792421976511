"""A static files finder for plotly.js: the file the installed plotly Python
package ships (plotly/package_data/plotly.min.js), served as
``themes/vendor/plotly.min.js``. It is a built asset of a pinned dependency,
so it is not committed; runserver, tests, WhiteNoise and collectstatic all
find it through this finder, and it never comes from a CDN."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import CheckMessage, Error
from django.core.files.storage import FileSystemStorage

PREFIX = "themes/vendor"
NAME = "plotly.min.js"
PATH = f"{PREFIX}/{NAME}"


def package_data() -> Path:
    return Path(plotly.__file__).resolve().parent / "package_data"


class PlotlyFinder(BaseFinder):
    """Finds exactly one file, ``themes/vendor/plotly.min.js``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.storage = FileSystemStorage(location=str(package_data()))
        self.storage.prefix = PREFIX  # type: ignore[attr-defined]

    def check(self, **kwargs: Any) -> list[CheckMessage]:
        if not (package_data() / NAME).is_file():
            return [
                Error(
                    f"plotly.min.js is missing from {package_data()}.",
                    hint="Install the pinned plotly package (requirements.txt).",
                    id="themes.E001",
                )
            ]
        return []

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> str | list:
        if kwargs:  # the old all= argument, until Django 6.1
            find_all = self._check_deprecated_find_param(find_all=find_all, **kwargs)
        found = str(package_data() / NAME)
        if path != PATH or not Path(found).is_file():
            return []  # as Django's own finders do: nothing to add
        return [found] if find_all else found

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        if (package_data() / NAME).is_file():
            yield NAME, self.storage
