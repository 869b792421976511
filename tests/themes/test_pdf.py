"""PDFs read only the project's static files, in development and in
production, where collectstatic gives each file a hashed name."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.test import override_settings

from themes.pdf import StaticOnlyFetcher, static_file

PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
    },
}


def test_a_static_file_is_read_from_the_app_directories() -> None:
    found = static_file("themes/css/site.css")
    assert found is not None and Path(found).is_file()
    assert static_file("themes/css/no-such-file.css") is None


def test_hashed_names_from_collectstatic_are_read(tmp_path: Path) -> None:
    with override_settings(STATIC_ROOT=str(tmp_path), STORAGES=PRODUCTION_STORAGES):
        call_command("collectstatic", "--noinput", verbosity=0)
        url = static("themes/css/site.css")
        assert url != "/static/themes/css/site.css"  # hashed, as in production
        response = StaticOnlyFetcher().fetch("file://" + url)
        assert response.headers["Content-Type"] == "text/css"


def test_anything_else_is_refused() -> None:
    with pytest.raises(ValueError, match="only the project's static files"):
        StaticOnlyFetcher().fetch("file:///etc/passwd")
    with pytest.raises(ValueError, match="only the project's static files"):
        StaticOnlyFetcher().fetch("https://example.org/x.css")
