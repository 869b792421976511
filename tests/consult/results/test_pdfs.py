"""The results PDFs: built in the background when results are published,
tagged for screen readers, served only while published and current, taken
down with the results, and a failed build never breaks a page."""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
import tempfile
from collections import Counter
from itertools import pairwise
from pathlib import Path
from unittest import mock

import pikepdf
import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string
from django.test import Client
from PIL import Image

from consult import publication
from consult.models import PdfStatus, PdfVariant, ResultsPdf, Theme
from consult.results import pdfs
from consult.results.document import data_version
from consult.roles import Role
from tests.factories import (
    ChangeFactory,
    FindingFactory,
    InquiryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

STANDARD = PdfVariant.STANDARD
EASY_READ = PdfVariant.EASY_READ
URLS = {STANDARD: "results.pdf", EASY_READ: "results-easy-read.pdf"}


def publish(inquiry, capture) -> None:
    """Publish, running what happens after the commit (the PDF builds)."""
    with capture(execute=True):
        publication.publish_results(inquiry, by=UserFactory())
    inquiry.refresh_from_db()


def small_inquiry():
    inquiry = InquiryFactory()
    ChangeFactory(inquiry=inquiry, title="Live in the place we call home")
    FindingFactory(inquiry=inquiry, text="I want to stay in my own home.")
    return inquiry


def stored(row: ResultsPdf) -> bytes:
    with default_storage.open(row.file.name, "rb") as handle:
        return handle.read()


# --- tagging checks (pikepdf) -------------------------------------------------


def struct_elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """Every structure element, walking /K from the StructTreeRoot."""
    found: list[pikepdf.Dictionary] = []
    seen: set[tuple[int, int]] = set()

    def walk(node: object) -> None:
        if isinstance(node, pikepdf.Array):
            for child in node:
                walk(child)
            return
        if not isinstance(node, pikepdf.Dictionary):
            return
        if node.is_indirect:
            if node.objgen in seen:
                return
            seen.add(node.objgen)
        if "/S" in node:
            found.append(node)
        if "/K" in node:
            walk(node.K)

    walk(pdf.Root.StructTreeRoot)
    return found


def assert_tagged(content: bytes, title: str) -> pikepdf.Pdf:
    pdf = pikepdf.open(io.BytesIO(content))
    root = pdf.Root
    assert root.MarkInfo.Marked is True
    assert "/StructTreeRoot" in root
    assert str(root.Lang) == "en-GB"
    assert str(pdf.docinfo.Title) == title
    assert root.ViewerPreferences.DisplayDocTitle is True
    with pdf.open_metadata() as meta:
        assert meta["dc:title"] == title
        assert meta["pdfuaid:part"] == "1"
    elements = struct_elements(pdf)
    kinds = Counter(str(e.S) for e in elements)
    assert kinds["/H1"] == 1 and kinds["/H2"] >= 5  # headings, in order below
    figures = [e for e in elements if str(e.S) == "/Figure"]
    assert figures, "the pictograms are tagged as figures"
    for figure in figures:
        assert "/Alt" in figure and str(figure.Alt).strip(), figure
    # Text can be copied and read aloud: every font maps back to Unicode.
    for page in pdf.pages:
        for font in page.Resources.get("/Font", {}).values():
            assert "/ToUnicode" in font
    return pdf


def heading_levels(pdf: pikepdf.Pdf) -> list[int]:
    return [
        int(str(e.S)[2:])
        for e in struct_elements(pdf)
        if str(e.S) in {"/H1", "/H2", "/H3", "/H4"}
    ]


def pdf_text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "text.pdf"
    path.write_bytes(content)
    done = subprocess.run(
        [shutil.which("pdftotext") or "pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    )
    return " ".join(done.stdout.split())


def body_font_points(pdf: pikepdf.Pdf) -> float:
    """The most used font size in points, over the pages after the cover.
    WeasyPrint writes sizes in CSS pixels (0.75 pt each)."""
    sizes: Counter[float] = Counter()
    for page in list(pdf.pages)[1:]:
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) == "Tf":
                sizes[round(float(operands[1]) * 0.75, 1)] += 1
    return sizes.most_common(1)[0][0]


def look_at_page_one(content: bytes, name: str, tmp_path: Path) -> None:
    """Page 1 as a PNG, when Poppler's pdftoppm is installed (.ci/system-deps
    installs it): not blank, and a copy in /tmp for a person to look at."""
    renderer = shutil.which("pdftoppm")
    if renderer is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed: no PNG to look at")
    source = tmp_path / f"{name}.pdf"
    source.write_bytes(content)
    subprocess.run(
        [
            renderer,
            *("-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile"),
            str(source),
            str(tmp_path / name),
        ],
        check=True,
    )
    png = tmp_path / f"{name}.png"
    image = Image.open(png).convert("L")
    darkest, lightest = image.getextrema()
    assert lightest - darkest > 100, "page 1 is blank"
    shutil.copy(png, Path(tempfile.gettempdir()) / f"results-pdf-{name}.png")


# --- the demo -------------------------------------------------------------------


def test_publishing_the_demo_builds_both_tagged_pdfs(
    demo, django_capture_on_commit_callbacks, tmp_path
) -> None:
    assert not ResultsPdf.objects.filter(inquiry=demo).exists()
    publish(demo, django_capture_on_commit_callbacks)
    version = data_version(demo)
    rows = {row.variant: row for row in ResultsPdf.objects.filter(inquiry=demo)}
    assert set(rows) == {STANDARD, EASY_READ}
    first_change = demo.changes.order_by("number").first()
    for variant, row in rows.items():
        assert row.status == PdfStatus.READY, row.error
        assert row.data_version == version
        assert version in row.file.name
        assert row.pages > 3 and row.size_bytes > 10_000 and row.build_seconds > 0
        content = stored(row)
        assert len(content) == row.size_bytes
        print(  # the build times, for the report and the bench
            f"{variant}: {row.size_bytes} bytes, {row.pages} pages, "
            f"{row.build_seconds:.2f} s"
        )
        easy = variant == EASY_READ
        title = f"{'What people told us' if easy else 'Results'}: {demo.title}"
        pdf = assert_tagged(content, title)
        # The priority chart (themes/charts.py) is a figure described in words.
        alts = [str(e.Alt) for e in struct_elements(pdf) if str(e.S) == "/Figure"]
        assert any(alt.startswith("The bars show") for alt in alts)
        levels = heading_levels(pdf)
        assert levels[0] == 1
        assert all(b - a <= 1 for a, b in pairwise(levels))
        if easy:
            assert body_font_points(pdf) >= 16
            assert row.pages <= 20  # EASY_READ.md: under about 20 pages
        if shutil.which("pdftotext"):
            text = pdf_text(content, tmp_path)
            wanted = first_change.easy_read_title if easy else first_change.title
            assert wanted in text
            assert "Commitments" in text or "promise" in text
            assert "the figures in the chart" in text
            if not easy:
                assert "CC BY 4.0" in text and "Commitments made so far" in text
                # table cells come out of pdftotext in pieces: look for words
                assert "Anyshire Voices" in text and "Update overdue" in text
            else:
                assert "promises" in text
            assert "%" not in text if easy else True  # "3 in 10", not percentages
        look_at_page_one(content, variant.replace("_", "-"), tmp_path)


def test_easy_read_points_use_digits_and_in_ten_words(demo) -> None:
    document = pdfs.build_document(demo)
    points = pdfs.priority_points(document)
    assert len(points) == 5
    for found in points:
        assert found.alt and found.picture.endswith(".svg")
        assert any(" in 10 people said it matters." in line for line in found.lines)
    context = pdfs.easy_read_context(document)
    every = [
        p for key, value in context.items() if key.endswith("points") for p in value
    ]
    assert all(p.alt for p in every)
    # Our words, not people's quotes: numbers as digits, no percentages.
    ours = [line for p in every for line in p.lines if "said: “" not in line]
    for line in ours:
        assert "%" not in line
        for number in ("three", "four", "five", "six", "seven", "eight", "nine"):
            assert f" {number} " not in f" {line.lower()} ", line


# --- building: idempotent, never older over newer --------------------------------


def test_a_second_build_does_nothing(django_capture_on_commit_callbacks) -> None:
    inquiry = small_inquiry()
    publish(inquiry, django_capture_on_commit_callbacks)
    row = ResultsPdf.objects.get(inquiry=inquiry, variant=STANDARD)
    assert row.status == PdfStatus.READY
    outcome = pdfs.build_results_pdf.call(inquiry.pk, STANDARD)
    assert outcome == pdfs.UP_TO_DATE
    again = ResultsPdf.objects.get(pk=row.pk)
    assert (again.file.name, again.built_at) == (row.file.name, row.built_at)


def test_new_data_builds_a_new_file_and_deletes_the_old_one(
    django_capture_on_commit_callbacks,
) -> None:
    inquiry = small_inquiry()
    publish(inquiry, django_capture_on_commit_callbacks)
    old = ResultsPdf.objects.get(inquiry=inquiry, variant=STANDARD).file.name
    FindingFactory(inquiry=inquiry, text="A late letter about day centres.")
    with django_capture_on_commit_callbacks(execute=True):
        publication.results_data_changed(inquiry.pk)
    row = ResultsPdf.objects.get(inquiry=inquiry, variant=STANDARD)
    assert row.status == PdfStatus.READY
    assert row.data_version == data_version(inquiry)
    assert row.file.name != old
    assert default_storage.exists(row.file.name)
    assert not default_storage.exists(old)


def test_a_build_overtaken_by_new_data_keeps_nothing(
    django_capture_on_commit_callbacks, monkeypatch
) -> None:
    inquiry = small_inquiry()
    publish(inquiry, django_capture_on_commit_callbacks)
    before = ResultsPdf.objects.get(inquiry=inquiry, variant=STANDARD)
    FindingFactory(inquiry=inquiry)  # the data moves on: the file is stale
    saved: list[str] = []
    real_render, real_save = pdfs.render_results_pdf, default_storage.save

    def slow_render(inquiry_now, variant):
        built = real_render(inquiry_now, variant)
        FindingFactory(inquiry=inquiry)  # ...and again while this one builds
        return built

    def keep_name(name, content, **kwargs):
        saved.append(real_save(name, content, **kwargs))
        return saved[-1]

    monkeypatch.setattr(pdfs, "render_results_pdf", slow_render)
    monkeypatch.setattr(default_storage, "save", keep_name)
    assert pdfs.build_results_pdf.call(inquiry.pk, STANDARD) == pdfs.STALE
    after = ResultsPdf.objects.get(pk=before.pk)
    assert after.file.name == before.file.name  # not replaced by the stale one
    assert after.data_version == before.data_version
    assert saved and not default_storage.exists(saved[0])  # thrown away
    assert pdfs.current_pdf(inquiry, STANDARD) is None  # stale: not served
    monkeypatch.undo()
    assert pdfs.build_results_pdf.call(inquiry.pk, STANDARD) == pdfs.BUILT
    assert pdfs.current_pdf(inquiry, STANDARD) is not None


def test_an_unpublished_inquiry_builds_nothing() -> None:
    inquiry = small_inquiry()
    assert pdfs.build_results_pdf.call(inquiry.pk, STANDARD) == pdfs.NOT_PUBLISHED
    assert not ResultsPdf.objects.filter(inquiry=inquiry).exists()


# --- public downloads and links ---------------------------------------------------


def test_no_pdf_before_publishing(client: Client) -> None:
    inquiry = small_inquiry()
    for path in URLS.values():
        assert client.get(f"/inquiries/{inquiry.slug}/{path}").status_code == 404
    assert pdfs.pdf_links(inquiry) == []
    assert client.get("/inquiries/no-such-inquiry/results.pdf").status_code == 404


def test_published_pdfs_download_with_a_file_name(
    client: Client, django_capture_on_commit_callbacks
) -> None:
    inquiry = small_inquiry()
    publish(inquiry, django_capture_on_commit_callbacks)
    for variant, path in URLS.items():
        response = client.get(f"/inquiries/{inquiry.slug}/{path}")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        stem = pdfs.VARIANTS[variant].file_stem
        assert (
            f'filename="{inquiry.slug}-{stem}.pdf"' in response["Content-Disposition"]
        )
        body = b"".join(response.streaming_content)
        assert body.startswith(b"%PDF")
        assert body == stored(ResultsPdf.objects.get(inquiry=inquiry, variant=variant))
    assert client.head(f"/inquiries/{inquiry.slug}/results.pdf").status_code == 200
    assert client.post(f"/inquiries/{inquiry.slug}/results.pdf").status_code == 405


def test_links_show_size_and_pages_or_say_it_is_being_made(
    django_capture_on_commit_callbacks,
) -> None:
    inquiry = small_inquiry()
    publish(inquiry, django_capture_on_commit_callbacks)
    links = pdfs.pdf_links(inquiry)
    assert [link.variant for link in links] == [STANDARD, EASY_READ]
    assert all(link.ready for link in links)
    html = render_to_string("consult/results/_pdf_links.html", {"pdf_links": links})
    row = ResultsPdf.objects.get(inquiry=inquiry, variant=STANDARD)
    size = pdfs.file_size(row.size_bytes)
    assert f"(PDF, {size}, {row.pages} page" in html
    assert f'href="/inquiries/{inquiry.slug}/results.pdf"' in html
    assert "Download the results in easy read" in html

    ResultsPdf.objects.filter(pk=row.pk).update(status=PdfStatus.BUILDING)
    links = pdfs.pdf_links(inquiry)
    html = render_to_string("consult/results/_pdf_links.html", {"pdf_links": links})
    assert "The results: " in html
    assert "The PDF is being made. Check back in a few minutes." in html
    assert f'href="/inquiries/{inquiry.slug}/results.pdf"' not in html
    assert Client().get(f"/inquiries/{inquiry.slug}/results.pdf").status_code == 404


def test_file_sizes_read_as_people_write_them() -> None:
    assert pdfs.file_size(300) == "1 KB"
    assert pdfs.file_size(319_488) == "312 KB"
    assert pdfs.file_size(1_468_006) == "1.4 MB"
    link = pdfs.PdfLink("standard", "Download", "The results", "/x.pdf", True, 2048, 1)
    assert link.description == "PDF, 2 KB, 1 page"


def test_taking_results_down_removes_links_and_files(
    client: Client, django_capture_on_commit_callbacks
) -> None:
    inquiry = small_inquiry()
    publish(inquiry, django_capture_on_commit_callbacks)
    names = [row.file.name for row in ResultsPdf.objects.filter(inquiry=inquiry)]
    assert len(names) == 2 and all(default_storage.exists(n) for n in names)
    with django_capture_on_commit_callbacks(execute=True):
        publication.unpublish_results(inquiry, by=UserFactory())
    inquiry.refresh_from_db()
    assert not ResultsPdf.objects.filter(inquiry=inquiry).exists()
    assert not any(default_storage.exists(n) for n in names)
    assert pdfs.pdf_links(inquiry) == []
    for path in URLS.values():
        assert client.get(f"/inquiries/{inquiry.slug}/{path}").status_code == 404


# --- failure ----------------------------------------------------------------------


def test_a_failed_build_is_recorded_and_breaks_no_page(
    demo, demo_users, django_capture_on_commit_callbacks, monkeypatch, caplog
) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("the printer caught fire")

    monkeypatch.setattr(pdfs, "render_document", broken)
    editor = Client()
    editor.force_login(demo_users[Role.SITE_EDITOR])
    with (
        caplog.at_level(logging.ERROR, logger="coproduce.results.pdfs"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = editor.post(
            "/inquiries/anyshire/publish/", {"action": "publish"}, follow=True
        )
    assert response.status_code == 200
    assert "The results are published." in response.content.decode()
    rows = ResultsPdf.objects.filter(inquiry=demo)
    assert {row.status for row in rows} == {PdfStatus.FAILED}
    assert all("the printer caught fire" in row.error for row in rows)
    assert all(not row.file for row in rows)
    assert "Results PDF failed" in caplog.text
    demo.refresh_from_db()
    assert pdfs.pdf_links(demo) == []
    assert Client().get("/inquiries/anyshire/results.pdf").status_code == 404


# --- the command ------------------------------------------------------------------


def test_the_command_builds_and_prints_sizes_and_seconds(
    django_capture_on_commit_callbacks,
) -> None:
    inquiry = small_inquiry()
    with pytest.raises(CommandError, match="not published"):
        call_command("build_results_pdfs", inquiry.slug)
    publish(inquiry, django_capture_on_commit_callbacks)
    out = io.StringIO()
    call_command("build_results_pdfs", inquiry.slug, "--force", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("standard: built; ") and " KB, " in lines[0]
    assert lines[1].startswith("easy_read: built; ") and lines[1].endswith(" s")
    out = io.StringIO()
    call_command("build_results_pdfs", inquiry.slug, stdout=out)
    assert out.getvalue().count("up to date") == 2


def test_a_pdf_from_older_data_is_rebuilt_once_when_read(
    django_capture_on_commit_callbacks,
) -> None:
    """A change that sent no signal (a bulk edit, a lost message): the first
    reader's visit asks for one build; the page itself never waits."""
    inquiry = small_inquiry()
    publish(inquiry, django_capture_on_commit_callbacks)
    before = ResultsPdf.objects.get(inquiry=inquiry, variant=STANDARD).data_version
    Theme.objects.create(inquiry=inquiry, name="A theme made in bulk")
    queued: list[tuple] = []
    real = pdfs.build_results_pdf
    with mock.patch.object(pdfs, "build_results_pdf") as fake:
        fake.enqueue.side_effect = lambda *args: queued.append(args)
        links = pdfs.pdf_links(inquiry)
        assert not any(link.ready for link in links)
        pdfs.pdf_links(inquiry)  # a second reader does not queue it again
    assert sorted(queued) == sorted([(inquiry.pk, STANDARD), (inquiry.pk, EASY_READ)])
    for args in queued:
        real.call(*args)
    after = ResultsPdf.objects.get(inquiry=inquiry, variant=STANDARD).data_version
    assert after != before
    assert all(link.ready for link in pdfs.pdf_links(inquiry))


@pytest.mark.parametrize("voters", [4, 5])
def test_budget_results_in_the_pdfs_need_5_voters(voters) -> None:
    """Fewer than 5 splits or model votes: both PDFs say so instead of amounts
    that could be one person's own answer."""
    from consult.results.document import build_document
    from tests.consult.test_opendata import ballots_inquiry

    inquiry = ballots_inquiry(voters)
    document = build_document(inquiry)
    standard = render_to_string(
        pdfs.VARIANTS[STANDARD].template, pdfs.pdf_context(document, STANDARD)
    )
    easy = render_to_string(
        pdfs.VARIANTS[EASY_READ].template, pdfs.pdf_context(document, EASY_READ)
    )
    few = voters < 5
    assert ("Fewer than 5 people split the pot." in standard) is few
    assert ("Fewer than 5 people chose support models." in standard) is few
    assert ("Fewer than 5 people shared out the money." in easy) is few
    assert ("Fewer than 5 people chose ways of support." in easy) is few
    assert ("Model 0" in standard) is not few
