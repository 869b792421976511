"""Results PDF builds run again safely: twice, forced, or after a failure at
any point, there is exactly one current PDF and no partial or orphan file.

These tests store files on a real disk (a temporary folder), since what can be
left behind half-written is a file on disk."""

from __future__ import annotations

import os
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import override_settings

from consult.models import PdfStatus, PdfVariant, ResultsPdf
from consult.results import pdfs
from tests.consult.results.test_pdfs import publish, small_inquiry

pytestmark = pytest.mark.django_db

STANDARD = PdfVariant.STANDARD


@pytest.fixture
def disk(tmp_path: Path):
    storages = {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
        "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    with override_settings(STORAGES=storages):
        yield tmp_path


def files_on(disk: Path) -> list[str]:
    """Every file under the storage folder, hidden ones included."""
    return sorted(
        str(path.relative_to(disk)) for path in disk.rglob("*") if path.is_file()
    )


@pytest.fixture
def published(disk, django_capture_on_commit_callbacks):
    inquiry = small_inquiry()
    publish(inquiry, django_capture_on_commit_callbacks)
    return inquiry


@pytest.fixture
def build(django_capture_on_commit_callbacks):
    """Run the build task as the worker does: what waits for the commit (the
    old file's deletion) runs when it returns."""

    def run(inquiry, force: bool = False) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            return pdfs.build_results_pdf.call(inquiry.pk, STANDARD, force=force)

    return run


def only_current_file(inquiry, disk: Path) -> ResultsPdf:
    """The one standard row is ready and current, and the files on disk are
    exactly the rows' files: no partial, no orphan."""
    row = ResultsPdf.objects.get(inquiry=inquiry, variant=STANDARD)
    assert row.status == PdfStatus.READY
    assert pdfs.current_pdf(inquiry, STANDARD) == row
    names = [r.file.name for r in ResultsPdf.objects.filter(inquiry=inquiry)]
    assert files_on(disk) == sorted(names)
    assert (disk / row.file.name).read_bytes().startswith(b"%PDF-")
    return row


def test_publishing_builds_one_file_per_variant_on_disk(published, disk) -> None:
    only_current_file(published, disk)
    assert len(files_on(disk)) == 2


def test_building_twice_keeps_one_file(build, published, disk) -> None:
    assert build(published) == pdfs.UP_TO_DATE
    assert build(published) == pdfs.UP_TO_DATE
    only_current_file(published, disk)


def test_forced_builds_replace_the_file_and_delete_the_old(
    build, published, disk
) -> None:
    previous = only_current_file(published, disk).file.name
    for _ in range(3):
        assert build(published, force=True) == pdfs.BUILT
        now = only_current_file(published, disk).file.name
        assert now != previous  # a new file, never rewritten in place
        previous = now


def test_a_failed_forced_rebuild_keeps_the_current_file_serving(
    build, published, disk, monkeypatch
) -> None:
    before = only_current_file(published, disk)
    monkeypatch.setattr(
        pdfs, "render_results_pdf", mock.Mock(side_effect=RuntimeError("fonts"))
    )
    assert build(published, force=True) == (pdfs.FAILED)
    assert only_current_file(published, disk).file.name == before.file.name


def test_a_disk_that_fills_while_writing_leaves_no_partial_file(
    build, published, disk, monkeypatch
) -> None:
    ResultsPdf.objects.filter(inquiry=published).delete()
    for name in files_on(disk):
        os.unlink(disk / name)

    real_fsync = os.fsync

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pdfs.os, "fsync", full)
    assert build(published) == pdfs.FAILED
    row = ResultsPdf.objects.get(inquiry=published, variant=STANDARD)
    assert row.status == PdfStatus.FAILED
    assert "No space left" in row.error
    assert files_on(disk) == []  # not even the hidden temporary file

    monkeypatch.setattr(pdfs.os, "fsync", real_fsync)
    assert build(published) == pdfs.BUILT
    only_current_file(published, disk)


def test_a_database_failure_after_saving_leaves_no_orphan_file(
    build, published, disk, monkeypatch
) -> None:
    before = only_current_file(published, disk)
    with (
        mock.patch.object(
            ResultsPdf, "save", side_effect=OperationalError("connection lost")
        ),
        pytest.raises(OperationalError),
    ):
        build(published, force=True)
    # The new file went with the failed write; the old one still serves.
    assert only_current_file(published, disk).file.name == before.file.name
    assert build(published, force=True) == (pdfs.BUILT)
    only_current_file(published, disk)


def test_a_build_killed_mid_way_is_finished_by_the_retry(
    build, published, disk
) -> None:
    # A worker killed while laying out leaves the row "building" and its
    # hidden temporary file at most; the next run builds and tidies.
    ResultsPdf.objects.filter(inquiry=published, variant=STANDARD).update(
        status=PdfStatus.BUILDING
    )
    assert build(published) == pdfs.BUILT
    only_current_file(published, disk)


def test_two_files_wanting_the_same_name_both_survive_whole(disk) -> None:
    first = pdfs.save_whole("results/x.pdf", b"%PDF-1 first")
    second = pdfs.save_whole("results/x.pdf", b"%PDF-1 second")
    assert first != second
    assert (disk / first).read_bytes() == b"%PDF-1 first"
    assert (disk / second).read_bytes() == b"%PDF-1 second"
    assert len(files_on(disk)) == 2
