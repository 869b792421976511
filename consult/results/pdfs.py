"""The published results as tagged PDFs, standard and easy read: laid out in
the background from the results document, stored under a name that holds the
data version, and served only while the results are published and the file
was built from the data as it is now.

A build never leaves a half-written file where a reader could fetch it: the
new file is saved under its own name first, the row is pointed at it, and only
then is the old file deleted. A build that finishes after the data moved on
throws its file away, so an older build never replaces a newer one."""

from __future__ import annotations

import logging
import os
import tempfile
import time
from base64 import b64encode
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from themes.pdf import render_document, write_pdf
from themes.pictograms import ATTRIBUTION, PICTOGRAMS, get_pictogram

from ..budgeting.results import TOO_FEW_MODEL_VOTERS, TOO_FEW_SPLITS, project_id
from ..charts import priority_chart
from ..commitments.selectors import facts
from ..commitments.status import summarise
from ..models import (
    Inquiry,
    InquiryPage,
    PdfStatus,
    PdfVariant,
    ResultsPdf,
    VotingMethod,
)
from ..models.inquiries import today
from ..money import plain_pounds
from ..opendata.datasets import LICENCE
from ..priorities.results import group_tables, main_table
from ..publication import is_published
from .document import ResultsDocument, build_document, data_version
from .words import in_ten

logger = logging.getLogger("coproduce.results.pdfs")


@dataclass(frozen=True)
class Variant:
    key: str
    template: str
    url_name: str
    file_stem: str  # the download's name after the inquiry's slug
    label: str  # the link's words
    name: str  # what it is, in a sentence


VARIANTS: dict[str, Variant] = {
    PdfVariant.STANDARD: Variant(
        key=PdfVariant.STANDARD,
        template="consult/pdf/results_standard.html",
        url_name="consult:results_pdf",
        file_stem="results",
        label="Download the results",
        name="The results",
    ),
    PdfVariant.EASY_READ: Variant(
        key=PdfVariant.EASY_READ,
        template="consult/pdf/results_easy_read.html",
        url_name="consult:results_pdf_easy_read",
        file_stem="results-easy-read",
        label="Download the results in easy read",
        name="The results in easy read",
    ),
}

# What a build did, as the task returns it and the command prints it.
BUILT = "built"
UP_TO_DATE = "up to date"
STALE = "stale: the data changed while it was built"
NOT_PUBLISHED = "not published"
FAILED = "failed"


# --- what goes on the pages -------------------------------------------------


@dataclass(frozen=True)
class EasyPoint:
    """One easy-read row: a picture on the left, a few short sentences."""

    picture: str  # static path
    alt: str
    lines: tuple[str, ...]
    heading: str = ""  # bold words first, for example a change's title


def point(name: str, *lines: str, heading: str = "", alt: str = "") -> EasyPoint:
    picture = get_pictogram(name) or PICTOGRAMS["think"]
    return EasyPoint(
        picture=picture.static_path,
        alt=alt or picture.alt,
        lines=tuple(line for line in lines if line),
        heading=heading,
    )


def people(count: int) -> str:
    return f"{count} {'person' if count == 1 else 'people'}"


def hours(amount: Decimal) -> str:
    """Hours as digits, without a trailing ".0": "9 hours", "1.5 hours"."""
    shown = f"{amount.normalize():f}"
    return f"{shown} hour{'' if amount == 1 else 's'}"


def _rated_important(row: Any) -> tuple[int, int] | None:
    """(people who rated a change 4 or 5, people who rated it) from a rating
    row's cells, for "7 in 10 people said it is important to them"."""
    cells = {key: value for key, _, value in row.cells}
    try:
        rated = int(cells["ratings"])
        important = int(cells["rated_4"]) + int(cells["rated_5"])
    except (KeyError, ValueError):
        return None
    return (important, rated) if rated else None


def priority_points(document: ResultsDocument) -> list[EasyPoint]:
    results = document.priorities
    if results is None or not results.enough:
        return []
    pictures = {c.change.number: c.change.pictogram for c in document.changes}
    found = []
    for row in results.rows:
        lines = [row.easy_read]
        if results.method == VotingMethod.RATE:
            share = _rated_important(row)
            if share is not None:
                lines.append(f"{in_ten(*share).capitalize()} people said it matters.")
        elif results.method == VotingMethod.APPROVE and results.ballots:
            votes = int(row.figure)
            lines = [
                row.easy_read.split(". ")[0] + ".",
                f"{in_ten(votes, results.ballots).capitalize()} people chose it.",
            ]
        found.append(
            point(
                pictures.get(row.change.number, "think"),
                *lines,
                heading=row.change.easy_read_title,
            )
        )
    return found


def voices_points(document: ResultsDocument) -> list[EasyPoint]:
    voices = document.voices
    if voices.took_part is None:
        return [point("group", "Fewer than 5 people took part so far.")]
    found = [point("group", f"{voices.took_part} people told us what they think.")]
    under = [row.label for _, row in voices.under_heard]
    if under:
        found.append(
            point(
                "hear",
                "We did not hear from enough people in some groups.",
                "We want to hear more from: " + ", ".join(under).lower() + ".",
            )
        )
    else:
        found.append(
            point(
                "hear",
                "We looked at who told us.",
                "We did not find a group we heard too little from.",
            )
        )
    found.append(
        point(
            "key",
            "We keep small numbers secret.",
            "Then nobody can find out who said what.",
        )
    )
    return found


def theme_points(document: ResultsDocument) -> list[EasyPoint]:
    found = []
    for theme in document.themes:
        lines = [f"We heard {theme.findings_display} things about this."]
        if theme.quotes:
            lines.append(f"Someone said: “{theme.quotes[0].text}”")
        found.append(point("talk", *lines, heading=theme.easy_read_name))
    return found


def change_points(document: ResultsDocument) -> list[EasyPoint]:
    return [
        point(
            view.change.pictogram,
            view.change.easy_read_text,
            heading=f"{view.change.number}. {view.change.easy_read_title}",
        )
        for view in document.changes
    ]


def money_points(document: ResultsDocument) -> dict[str, list[EasyPoint]]:
    """The budget in easy read: what a budget is, how people shared the money
    out, which ways of support the fair way chose and why, and the offers."""
    section = document.budget
    if section is None:
        return {}
    budget = section.budget
    pot = plain_pounds(budget.pot)
    found: dict[str, list[EasyPoint]] = {
        "money_points": [
            point(
                "money",
                f"There is {pot} to spend.",
                "We call this the budget.",
                heading="The budget",
            )
        ]
    }
    if not section.ready:
        found["money_points"].append(
            point("clock", "We were still counting when we made this booklet.")
        )
        found["model_points"] = []
    else:
        tables = section.tables
        if tables["split_enough"]:
            found["money_points"] += [
                point(
                    "group", f"{people(tables['split_ballots'])} shared out the money."
                ),
                point(
                    "think",
                    "We put their answers together in 3 ways.",
                    "You can see all 3 in the table.",
                ),
                *[
                    point("equal", words, heading=f"Way {n}")
                    for n, words in enumerate(section.split_rules_easy.values(), 1)
                ],
            ]
        else:
            found["money_points"].append(point("clock", *TOO_FEW_SPLITS))
        models = {project_id(m): m for m in budget.support_models.order_by("pk")}
        if not tables["models_enough"]:
            model_points = [point("clock", *TOO_FEW_MODEL_VOTERS)]
        else:
            model_points = [
                point(
                    "vote",
                    f"{people(tables['model_voters'])} chose ways of support.",
                    "We used a fair way to count, called Equal Shares.",
                )
            ]
        for row in tables["model_rows"]:
            model = models.get(row["id"])
            name = (model.easy_read_name if model else "") or row["name"]
            model_points.append(
                point(
                    model.pictogram if model else "money",
                    row["mes_why_easy"],
                    heading=f"{name}: {'chosen' if row['mes'] else 'not chosen'}",
                )
            )
        found["model_points"] = model_points
    pledges = [
        point(
            "share",
            f"{len(row['pledges'])} offer{'' if len(row['pledges']) == 1 else 's'}.",
            f"{hours(row['hours'])} of time each week." if row["hours"] else "",
            heading=row["area"].easy_read_name if row["area"] else "Any area",
        )
        for row in section.pledges
    ]
    found["pledge_points"] = pledges or [point("share", "Nobody offered help yet.")]
    return found


def commitment_points(document: ResultsDocument) -> list[EasyPoint]:
    """What organisations promised, counted, in easy read."""
    rows = document.commitments
    if not rows:
        return [
            point(
                "calendar",
                "Nobody has made a promise about the changes yet.",
                "We will write here what they promise to do.",
            )
        ]
    found = summarise([facts(r.commitment) for r in rows], today())
    points = [
        point(
            "equal",
            f"The council and its partners made {len(rows)} promises.",
            "The promises are about the changes.",
        )
    ]
    if found.done:
        points.append(point("yes", f"{found.done} of them are done."))
    if found.started:
        points.append(point("start", f"{found.started} of them have started."))
    if found.planned:
        points.append(point("calendar", f"{found.planned} of them will start soon."))
    if found.not_doing:
        points.append(
            point(
                "no",
                f"They will not do {found.not_doing} of them.",
                "They told us why.",
            )
        )
    if found.overdue:
        points.append(
            point(
                "clock",
                f"{found.overdue} of them need news from the council.",
                "The council is late to tell us.",
            )
        )
    return points


def easy_read_context(document: ResultsDocument) -> dict[str, Any]:
    results = document.priorities
    if results is None:
        intro = [point("think", "There were no changes to vote on.")]
    elif not results.enough:
        intro = [
            point(
                "clock",
                "Fewer than 5 people voted.",
                "We show results when more people vote.",
            )
        ]
    else:
        how = {
            VotingMethod.RATE: point(
                "happy",
                "People gave each change a score from 1 to 5.",
                "5 means very important.",
            ),
            VotingMethod.APPROVE: point(
                "yes", "People chose the changes that matter most to them."
            ),
            VotingMethod.RANK: point(
                "think",
                "People put the changes in order.",
                "First means most important.",
            ),
        }
        intro = [
            point("vote", f"{results.ballots} people voted on the changes."),
            how[VotingMethod(results.method)],
        ]
    found = {
        "about": [
            point(
                "read",
                "This booklet tells you what people told us.",
                "It tells you what we found out.",
            ),
            point("calendar", "We wrote it after everyone had their say."),
            point("help", "You can ask someone to help you read it."),
        ],
        "voices_points": voices_points(document),
        "themes_intro": point(
            "hear",
            f"People told us {document.findings_display} things.",
            f"We put them into {len(document.themes)} groups.",
        ),
        "theme_points": theme_points(document),
        "no_changes": point("think", "There are no changes yet."),
        "priority_intro": intro,
        "priority_points": priority_points(document),
        "next_points": commitment_points(document),
        "made_points": [
            point("group", f"The team of {document.inquiry.title} made this booklet."),
            point(
                "look",
                "We keep small numbers secret.",
                "We only share words when people said yes.",
            ),
            point("key", ATTRIBUTION + "."),
        ],
    }
    found.update(money_points(document))
    return found


def _data_url(inquiry: Inquiry) -> str:
    """The full address of the inquiry's open data page, when it has a live
    page on a site."""
    page = InquiryPage.objects.filter(inquiry=inquiry, live=True).first()
    url = page.get_full_url() if page is not None else None
    return f"{url}data/" if url else ""


def pdf_context(document: ResultsDocument, variant: str) -> dict[str, Any]:
    """Everything either template reads, from one results document."""
    inquiry = document.inquiry
    published = inquiry.results_published_at
    context: dict[str, Any] = {
        "inquiry": inquiry,
        "document": document,
        "published_on": timezone.localtime(published) if published else None,
        "built_on": timezone.localtime(),
        "version": document.version[:12],
        "attribution": ATTRIBUTION,
        "budget": document.budget,
        "priorities": document.priorities,
        "data_url": _data_url(inquiry),
        "data_licence": LICENCE,
        "change_rows": list(
            zip(document.changes, change_points(document), strict=True)
        ),
    }
    if document.priorities is not None:
        context["main_table"] = main_table(document.priorities)
        context["group_tables"] = group_tables(document.priorities)
        chart = priority_chart(
            document.priorities, easy_read=variant == PdfVariant.EASY_READ
        )
        if chart is not None:
            # An <img>, so the tagged PDF has a Figure with the chart's words
            # as its alternative text; the same figures follow as a table.
            context["chart"] = chart
            context["chart_svg"] = "data:image/svg+xml;base64," + b64encode(
                chart.svg().encode()
            ).decode("ascii")
            context["chart_table"] = chart.table()
    if variant == PdfVariant.EASY_READ:
        context.update(easy_read_context(document))
    return context


def render_results_pdf(inquiry: Inquiry, variant: str) -> tuple[bytes, int, str]:
    """Lay out one variant now: (the PDF, its pages, the data version)."""
    document = build_document(inquiry)
    chosen = VARIANTS[variant]
    title = (
        f"What people told us: {inquiry.title}"
        if variant == PdfVariant.EASY_READ
        else f"Results: {inquiry.title}"
    )
    laid_out = render_document(
        chosen.template, pdf_context(document, variant), title=title
    )
    return write_pdf(laid_out), len(laid_out.pages), document.version


# --- building in the background ---------------------------------------------


def _file_name(inquiry: Inquiry, variant: str, version: str) -> str:
    return f"results/{inquiry.slug}-{VARIANTS[variant].file_stem}-{version}.pdf"


def _is_current(row: ResultsPdf | None, version: str) -> bool:
    return bool(
        row is not None
        and row.status == PdfStatus.READY
        and row.data_version == version
        and row.file
    )


@task()
def build_results_pdf(inquiry_id: int, variant: str, force: bool = False) -> str:
    """Build one variant of an inquiry's results PDF, if it is published and
    the file is not already built from the data as it is now."""
    inquiry = Inquiry.objects.filter(pk=inquiry_id).first()
    if inquiry is None or not is_published(inquiry) or variant not in VARIANTS:
        return NOT_PUBLISHED
    version = data_version(inquiry)
    row, _ = ResultsPdf.objects.get_or_create(inquiry=inquiry, variant=variant)
    was_current = _is_current(row, version)
    if was_current and not force:
        return UP_TO_DATE
    if not was_current:
        ResultsPdf.objects.filter(pk=row.pk).update(status=PdfStatus.BUILDING, error="")
    started = time.monotonic()
    try:
        pdf, pages, built_version = render_results_pdf(inquiry, variant)
    except Exception as error:
        # Recorded for the team and logged with its trace; the public pages
        # simply show no link. Not re-raised: the task runner would only
        # record the same failure again.
        logger.exception(
            "Results PDF failed: inquiry %s (%s), %s", inquiry.pk, inquiry.slug, variant
        )
        # A forced rebuild that fails leaves the good current file serving.
        ResultsPdf.objects.filter(pk=row.pk).update(
            status=PdfStatus.READY if was_current else PdfStatus.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            build_seconds=round(time.monotonic() - started, 2),
        )
        return FAILED
    seconds = round(time.monotonic() - started, 2)
    try:
        name = save_whole(_file_name(inquiry, variant, built_version), pdf)
    except OSError as error:
        # A full disk or a storage that went away: nothing half-written is
        # left (save_whole), the old file still serves, the next run retries.
        logger.exception("Results PDF not saved: inquiry %s, %s", inquiry.pk, variant)
        ResultsPdf.objects.filter(pk=row.pk).update(
            status=PdfStatus.READY if was_current else PdfStatus.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
        )
        return FAILED
    try:
        old, stale = _point_row_at(
            row, inquiry, name, pdf, pages, built_version, seconds, force
        )
    except BaseException:
        # The row never pointed at the new file: it must not linger unseen.
        default_storage.delete(name)
        raise
    if stale:
        default_storage.delete(name)
        return STALE
    if old and old != name:
        transaction.on_commit(lambda: default_storage.delete(old))
    logger.info(
        "Results PDF built: %s %s, %d bytes, %d pages, %.2f s",
        inquiry.slug,
        variant,
        len(pdf),
        pages,
        seconds,
    )
    return BUILT


def save_whole(name: str, data: bytes) -> str:
    """Store `data` under `name` (or a free name like it) all at once, and
    return the name used. On a local disk the bytes go to a hidden temporary
    file that is linked into place only once complete, so a crash or a full
    disk never leaves a partial PDF under a real name. Object stores (S3 and
    the like) already write an object whole or not at all."""
    if not isinstance(default_storage, FileSystemStorage):
        return default_storage.save(name, ContentFile(data))
    wanted = default_storage.path(name)
    folder = os.path.dirname(wanted)
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".partial-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        while True:
            name = default_storage.get_available_name(name)
            try:
                os.link(temporary, default_storage.path(name))  # never overwrites
            except FileExistsError:
                continue  # another build took that name in between
            return name
    finally:
        os.unlink(temporary)


def _point_row_at(
    row: ResultsPdf,
    inquiry: Inquiry,
    name: str,
    pdf: bytes,
    pages: int,
    built_version: str,
    seconds: float,
    force: bool,
) -> tuple[str, bool]:
    """Point the row at the new file unless the data moved on or another
    build got there first. Returns (the file it replaced, whether stale)."""
    old = ""
    with transaction.atomic():
        row_now = ResultsPdf.objects.select_for_update().filter(pk=row.pk).first()
        inquiry_now = Inquiry.objects.get(pk=inquiry.pk)
        current = data_version(inquiry_now) if is_published(inquiry_now) else None
        stale = (
            row_now is None
            or current != built_version
            or (not force and _is_current(row_now, built_version))
        )
        if not stale:
            assert row_now is not None  # noqa: S101 - for the type checker
            old = row_now.file.name if row_now.file else ""
            row_now.file.name = name
            row_now.status = PdfStatus.READY
            row_now.size_bytes = len(pdf)
            row_now.pages = pages
            row_now.data_version = built_version
            row_now.built_at = timezone.now()
            row_now.build_seconds = seconds
            row_now.error = ""
            row_now.save()
    return old, stale


def take_down_pdfs(inquiry_id: int) -> int:
    """Unpublished: forget the rows (so no link shows) and delete the files.
    Returns how many files were deleted."""
    rows = list(ResultsPdf.objects.filter(inquiry_id=inquiry_id))
    names = [row.file.name for row in rows if row.file]
    ResultsPdf.objects.filter(pk__in=[row.pk for row in rows]).delete()
    for name in names:
        default_storage.delete(name)
    return len(names)


def on_results_changed(
    sender: Any, inquiry_id: int, published: bool, **kwargs: Any
) -> None:
    """results_changed receiver (sent after the commit): build both variants
    in the background, or take them down."""
    if published:
        for variant in VARIANTS:
            build_results_pdf.enqueue(inquiry_id, variant)
    else:
        take_down_pdfs(inquiry_id)


def connect_signals() -> None:
    from ..publication import results_changed

    results_changed.connect(
        on_results_changed, sender=Inquiry, dispatch_uid="coproduce-results-pdfs"
    )


# --- reading: links for the results pages -------------------------------------


def file_size(size_bytes: int) -> str:
    """A file size as GOV.UK writes it: "312 KB", "1.4 MB"."""
    if size_bytes >= 1024 * 1024:
        return f"{size_bytes / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size_bytes / 1024))} KB"


@dataclass(frozen=True)
class PdfLink:
    variant: str
    label: str
    name: str
    url: str
    ready: bool  # False while it is being made
    size_bytes: int = 0
    pages: int = 0

    @property
    def description(self) -> str:
        pages = f"{self.pages} page{'' if self.pages == 1 else 's'}"
        return f"PDF, {file_size(self.size_bytes)}, {pages}"


def current_pdf(inquiry: Inquiry, variant: str) -> ResultsPdf | None:
    """The variant's row if it may be served now: published, ready, and built
    from the data as it is now."""
    if not is_published(inquiry) or variant not in VARIANTS:
        return None
    row = ResultsPdf.objects.filter(inquiry=inquiry, variant=variant).first()
    return row if _is_current(row, data_version(inquiry)) else None


def pdf_links(inquiry: Inquiry, version: str | None = None) -> list[PdfLink]:
    """The results PDFs to list on the results page: a link for each one
    ready, a "being made" line for each one on its way. Reads only: the page
    never waits for a build. Empty until the results are published."""
    if not is_published(inquiry):
        return []
    version = version or data_version(inquiry)
    rows = {row.variant: row for row in ResultsPdf.objects.filter(inquiry=inquiry)}
    links = []
    for key, variant in VARIANTS.items():
        row = rows.get(key)
        if row is not None and row.status == PdfStatus.FAILED:
            continue  # the team sees why on the publish page; the public sees none
        url = reverse(variant.url_name, args=[inquiry.slug])
        if _is_current(row, version):
            assert row is not None  # noqa: S101 - for the type checker
            links.append(
                PdfLink(
                    key,
                    variant.label,
                    variant.name,
                    url,
                    True,
                    row.size_bytes,
                    row.pages,
                )
            )
        else:
            if row is not None and row.status == PdfStatus.READY:
                _rebuild_once(inquiry.pk, key, version)  # built from older data
            links.append(PdfLink(key, variant.label, variant.name, url, False))
    return links


REBUILD_LOCK_SECONDS = 10 * 60


def _rebuild_once(inquiry_id: int, variant: str, version: str) -> None:
    """A PDF built from older data: ask for one build for this version (the
    first reader asks; the others see "being made"). Heals a lost signal or
    a change made by a bulk edit that sent none."""
    if cache.add(
        f"coproduce:results-pdf-rebuild:{inquiry_id}:{variant}:{version}",
        1,
        REBUILD_LOCK_SECONDS,
    ):
        build_results_pdf.enqueue(inquiry_id, variant)
