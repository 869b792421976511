"""The easy-read checker (themes/easyread.py) run over an inquiry's public
easy-read content: the question, the inquiry page's easy-read fields, the
changes, the money picture's areas and support models, and the phase words.

Reads only. Used by `manage.py check_easy_read`; each item says where the
text lives, so an editor can find it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from wagtail.fields import StreamField
from wagtail.models import Page

from themes import easyread
from themes.blocks import check_easy_read_stream, easy_read_items
from themes.pictograms import get_pictogram

from .models import Inquiry, InquiryPage
from .models.inquiries import PHASE_ORDER, PHASE_WORDS


@dataclass(frozen=True)
class CheckedItem:
    where: str  # for people: "Change 2: easy-read title and text"
    text: str  # the text checked, short, for the listing
    report: easyread.Report

    def as_dict(self) -> dict[str, object]:
        return {"where": self.where, "text": self.text, **self.report.as_dict()}


def _with_picture(report: easyread.Report, pictogram: str, text: str) -> None:
    if get_pictogram(pictogram) is None:
        report.problems.append(easyread.missing_picture(text))


def _joined(*texts: str) -> str:
    return " / ".join(t for t in texts if t)


def check_page_fields(page: Page, label: str) -> Iterator[CheckedItem]:
    """Each StreamField of a page that holds easy-read content."""
    for model_field in page._meta.get_fields():
        if not isinstance(model_field, StreamField):
            continue
        value = getattr(page, model_field.name)
        items = easy_read_items(value)
        if not items:
            continue
        yield CheckedItem(
            f"{label}: {model_field.verbose_name}",
            _joined(*(item.text for item in items[:2]))
            + (" …" if len(items) > 2 else ""),
            check_easy_read_stream(value),
        )


def check_inquiry(inquiry: Inquiry) -> list[CheckedItem]:
    question = inquiry.easy_read_question
    items = [
        CheckedItem(
            f"Inquiry {inquiry.slug}: easy-read question",
            question,
            easyread.check(question),
        )
    ]
    page = InquiryPage.objects.filter(inquiry=inquiry, live=True).first()
    if page is not None:
        items += check_page_fields(page, f'Inquiry page "{page.title}"')
    for change in inquiry.changes.all():
        report = easyread.check_blocks([change.easy_read_title, change.easy_read_text])
        _with_picture(report, change.pictogram, change.easy_read_text)
        items.append(
            CheckedItem(
                f"Change {change.number}: easy-read title and text",
                _joined(change.easy_read_title, change.easy_read_text),
                report,
            )
        )
    budget = getattr(inquiry, "budget", None)
    if budget is not None:
        for area in budget.areas.all():
            report = easyread.check(area.easy_read_name)
            _with_picture(report, area.pictogram, area.easy_read_name)
            items.append(
                CheckedItem(
                    f"Budget area {area.number}: easy-read name",
                    area.easy_read_name,
                    report,
                )
            )
        for model in budget.support_models.select_related("area"):
            texts = [model.easy_read_name, model.easy_read_text]
            if not any(texts):
                continue  # the page shows the standard text; nothing to check
            report = easyread.check_blocks(texts)
            _with_picture(report, model.pictogram, model.easy_read_text)
            items.append(
                CheckedItem(
                    f'Support model "{model.name}": easy-read name and description',
                    _joined(*texts),
                    report,
                )
            )
    return items


def check_phase_words() -> list[CheckedItem]:
    items = []
    for kind in PHASE_ORDER:
        words = PHASE_WORDS[kind]
        report = easyread.check(words.easy_read)
        _with_picture(report, words.pictogram, words.easy_read)
        items.append(
            CheckedItem(
                f"Phase words ({kind}), consult/models/inquiries.py",
                words.easy_read,
                report,
            )
        )
    return items


def check_site_pages() -> list[CheckedItem]:
    """Live pages other than inquiry pages (home, about...) with easy read."""
    items: list[CheckedItem] = []
    pages = Page.objects.live().not_type(InquiryPage).specific().order_by("path")
    for page in pages:
        items += check_page_fields(page, f'Page "{page.title}" ({page.url_path})')
    return items


def check_published_easy_read(inquiry: Inquiry | None = None) -> list[CheckedItem]:
    """Everything public in easy read: one inquiry's content and the phase
    words, or (with no inquiry) every inquiry's and the site's pages too."""
    if inquiry is not None:
        return [*check_inquiry(inquiry), *check_phase_words()]
    items: list[CheckedItem] = []
    for each in Inquiry.objects.order_by("slug"):
        items += check_inquiry(each)
    return [*items, *check_phase_words(), *check_site_pages()]
