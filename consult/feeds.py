"""An Atom feed per inquiry: phases as they open, and once the results are
published, that news and the changes people called for. Before publishing it
says nothing about results (consult/publication.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from .models import Change, Inquiry, PhaseKind
from .models.inquiries import today
from .publication import is_published


@dataclass(frozen=True)
class NewsItem:
    key: str  # unique within the inquiry, for the entry's id
    title: str
    description: str
    link: str
    when: dt.datetime


@dataclass(frozen=True)
class InquiryNews:
    inquiry: Inquiry
    page_url: str  # the inquiry page's path
    host: str
    items: tuple[NewsItem, ...]


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def inquiry_news(inquiry: Inquiry, page_url: str, host: str = "") -> InquiryNews:
    """The feed's entries, newest first."""
    on = today()
    published_at = inquiry.results_published_at
    published = is_published(inquiry) and published_at is not None
    items: list[NewsItem] = []
    if published:
        items.append(
            NewsItem(
                key="results",
                title="The results are published",
                description="What people told us, the changes they called for, "
                "how they voted and the open data are all public now.",
                link=page_url,
                when=published_at,
            )
        )
        items.extend(
            NewsItem(
                key=f"change/{change.number}",
                title=f"Change {change.number}: {change.title}",
                description=change.description or change.easy_read_text,
                link=f"{page_url}changes/#change-{change.number}",
                when=published_at,
            )
            for change in Change.objects.filter(inquiry=inquiry).order_by("number")
        )
    for phase in inquiry.phases_in_order():
        if phase.opens_on > on:
            continue
        summary = phase.words.summary
        if phase.kind == PhaseKind.PUBLISH and not published:
            summary = "The results will be published here when they are ready."
        items.append(
            NewsItem(
                key=f"phase/{phase.kind}",
                title=f"{phase.get_kind_display()}: this part of the inquiry is open",
                description=" ".join(filter(None, [summary, phase.note])),
                link=f"{page_url}#phases",
                when=_start_of(phase.opens_on),
            )
        )
    # Newest first; a stable sort keeps the results before the changes, and
    # the changes in their order, when they share a date.
    items.sort(key=lambda item: item.when, reverse=True)
    return InquiryNews(inquiry, page_url, host, tuple(items))


class InquiryFeed(Feed):
    """Django's syndication view as Atom. Called from the inquiry page's
    `feed/` route with that page."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, page) -> InquiryNews:  # type: ignore[no-untyped-def, override]
        inquiry = Inquiry.objects.prefetch_related("phases").get(pk=page.inquiry_id)
        return inquiry_news(inquiry, page.url, request.get_host().split(":")[0])

    def title(self, obj: InquiryNews) -> str:
        return f"{obj.inquiry.title}: news and results"

    def subtitle(self, obj: InquiryNews) -> str:
        return obj.inquiry.question

    def link(self, obj: InquiryNews) -> str:
        return obj.page_url

    def feed_guid(self, obj: InquiryNews) -> str:
        return self._tag(obj, "feed")

    def items(self, obj: InquiryNews) -> tuple[NewsItem, ...]:
        return obj.items

    def item_title(self, item: NewsItem) -> str:
        return item.title

    def item_description(self, item: NewsItem) -> str:
        # Atom summaries are HTML: our plain words, escaped.
        return escape(item.description)

    def item_link(self, item: NewsItem) -> str:
        return item.link

    def item_pubdate(self, item: NewsItem) -> dt.datetime:
        return item.when

    def item_updateddate(self, item: NewsItem) -> dt.datetime:
        return item.when

    def item_guid(self, item: NewsItem) -> str:
        return item.key

    item_guid_is_permalink = False

    def get_feed(self, obj: InquiryNews, request: HttpRequest):  # type: ignore[no-untyped-def]
        feed = super().get_feed(obj, request)
        # Entry ids are tag URIs (RFC 4151): stable, unique, never a link.
        for entry in feed.items:
            entry["unique_id"] = self._tag(obj, entry["unique_id"])
        return feed

    @staticmethod
    def _tag(obj: InquiryNews, key: str) -> str:
        created = timezone.localdate(obj.inquiry.created_at).isoformat()
        return f"tag:{obj.host or 'localhost'},{created}:{obj.inquiry.slug}/{key}"
