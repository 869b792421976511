"""Inquiry (the domain root), its dated phases, and its public Wagtail page."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from themes.blocks import StandardBlock, easy_read_field

SOCIAL_CARE_FUTURE_VISION = (
    "We all want to live in the place we call home with the people and things "
    "that we love, in communities where we look out for one another, doing the "
    "things that matter to us."
)


class PhaseKind(models.TextChoices):
    LISTEN = "listen", "Listen"
    MAKE_SENSE = "make_sense", "Make sense"
    PRIORITISE = "prioritise", "Prioritise"
    DECIDE_MONEY = "decide_money", "Decide money together"
    PUBLISH = "publish", "Publish results"
    COMMIT = "commit", "Commit and account"


@dataclass(frozen=True)
class PhaseWords:
    """How we describe a phase to people, in standard and in easy read."""

    summary: str
    easy_read: str
    pictogram: str


PHASE_WORDS: dict[str, PhaseWords] = {
    PhaseKind.LISTEN: PhaseWords(
        "People share what works and what doesn't, in a session, by phone or online.",
        "Tell us what works for you. Tell us what does not work.",
        "talk",
    ),
    PhaseKind.MAKE_SENSE: PhaseWords(
        "What people said is grouped into themes, and the themes into the "
        "changes people call for.",
        "We put together what people told us.",
        "think",
    ),
    PhaseKind.PRIORITISE: PhaseWords(
        "People vote on which changes matter most.",
        "Vote for the changes that matter most to you.",
        "vote",
    ),
    PhaseKind.DECIDE_MONEY: PhaseWords(
        "People decide together how a share of the money is spent across the "
        "five areas of support.",
        "Decide together how to spend some of the money.",
        "money",
    ),
    PhaseKind.PUBLISH: PhaseWords(
        "The results are published in standard and easy read, with open data.",
        "Read what people said and what they chose.",
        "read",
    ),
    PhaseKind.COMMIT: PhaseWords(
        "The council and its partners commit to the changes and report on "
        "progress in public.",
        "See what the council will do. See how they are doing.",
        "equal",
    ),
}

PHASE_ORDER = [kind.value for kind in PhaseKind]


class PhaseStatus(models.TextChoices):
    UPCOMING = "upcoming", "Coming up"
    OPEN = "open", "Open now"
    CLOSED = "closed", "Closed"


def today() -> dt.date:
    return timezone.localdate()


class Inquiry(index.Indexed, ClusterableModel):
    """One inquiry: the question people are asked, and everything that follows.

    Findings, ballots, budgets and commitments point here with PROTECT, so no
    page edit or deletion can lose what people said or voted."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    question = models.CharField(
        max_length=300,
        help_text='The question people are asked, for example "What would make '
        'social care work for you?"',
    )
    easy_read_question = models.CharField(
        max_length=200,
        help_text="The question in easy read: 15 words or fewer, everyday words.",
    )
    area_name = models.CharField(
        max_length=120,
        blank=True,
        help_text="The place the inquiry covers, for example Anyshire.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # How long people's information is kept after the inquiry ends (its last
    # closing date, Commit aside); then `purge_personal_data` erases it.
    retention_months = models.PositiveSmallIntegerField(
        "keep personal information for (months)",
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="After the inquiry's last phase closes (the Commit phase "
        "aside), how many months we keep names, contact details, stories and "
        "answers about people. Then they are erased; votes stay counted with "
        "no name.",
    )
    # Publish (consult/publication.py): until this is set, no count, chart,
    # quote or result of the inquiry appears in any public output.
    results_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    results_published_by = models.ForeignKey(
        "consult.User",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("question"),
        FieldPanel("easy_read_question"),
        FieldPanel("area_name"),
        FieldPanel("retention_months"),
        InlinePanel("phases", heading="Phases", label="Phase"),
        InlinePanel(
            "local_areas",
            heading="Areas people can choose in 'About you'",
            label="Area",
            help_text="The towns, districts or neighbourhoods the inquiry covers.",
        ),
        InlinePanel(
            "reference_shares",
            heading="Reference profile for 'Whose voices'",
            label="Expected share",
            help_text="Who you would expect to hear from, for example the share "
            "of people drawing on care in each age band in the area. Groups "
            "well below their share are flagged as under-heard.",
        ),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("question"),
        index.AutocompleteField("title"),
    ]

    class Meta:
        verbose_name_plural = "inquiries"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def results_are_published(self) -> bool:
        return self.results_published_at is not None

    def phases_in_order(self) -> list[Phase]:
        return sorted(self.phases.all(), key=lambda p: PHASE_ORDER.index(p.kind))

    def open_phases(self, on: dt.date | None = None) -> list[Phase]:
        on = on or today()
        return [p for p in self.phases_in_order() if p.status(on) == PhaseStatus.OPEN]

    def phase(self, kind: str) -> Phase | None:
        return next((p for p in self.phases.all() if p.kind == kind), None)

    def is_phase_open(self, kind: str, on: dt.date | None = None) -> bool:
        phase = self.phase(kind)
        return phase is not None and phase.status(on or today()) == PhaseStatus.OPEN


class Phase(models.Model):
    """A dated phase of an inquiry. An inquiry uses only the phases it needs."""

    inquiry = ParentalKey(Inquiry, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(max_length=20, choices=PhaseKind.choices)
    opens_on = models.DateField(help_text="The first day of this phase.")
    closes_on = models.DateField(
        null=True,
        blank=True,
        help_text="The last day of this phase. Leave empty if it has no end.",
    )
    note = models.CharField(
        max_length=200,
        blank=True,
        help_text="Anything people should know, for example how to take part.",
    )

    panels = [
        FieldPanel("kind"),
        FieldPanel("opens_on"),
        FieldPanel("closes_on"),
        FieldPanel("note"),
    ]

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["inquiry", "kind"], name="phase_once_per_inquiry"
            ),
            models.CheckConstraint(
                condition=Q(closes_on__isnull=True) | Q(closes_on__gte=F("opens_on")),
                name="phase_closes_after_it_opens",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.inquiry})"

    def clean(self) -> None:
        if self.closes_on and self.opens_on and self.closes_on < self.opens_on:
            raise ValidationError(
                {"closes_on": "The last day must be on or after the first day."}
            )

    def status(self, on: dt.date | None = None) -> PhaseStatus:
        on = on or today()
        if on < self.opens_on:
            return PhaseStatus.UPCOMING
        if self.closes_on is not None and on > self.closes_on:
            return PhaseStatus.CLOSED
        return PhaseStatus.OPEN

    @property
    def words(self) -> PhaseWords:
        return PHASE_WORDS[self.kind]


class InquiryPage(RoutablePageMixin, Page):
    """The public face of an inquiry: its question, vision and phases, in
    standard and easy read. Sub-routes (stories, priorities, budget, sessions,
    results, commitments) hang off this page as those parts are built."""

    inquiry = models.OneToOneField(
        Inquiry, on_delete=models.PROTECT, related_name="page"
    )
    vision = models.TextField(
        default=SOCIAL_CARE_FUTURE_VISION,
        help_text="The vision the inquiry works towards.",
    )
    vision_source = models.CharField(
        max_length=200, blank=True, default="Social Care Future"
    )
    intro = StreamField(StandardBlock(), blank=True, use_json_field=True)
    easy_read_intro = easy_read_field()
    # Publish: the editors' own words around the results, in both versions.
    results_intro = StreamField(
        StandardBlock(),
        blank=True,
        use_json_field=True,
        help_text="Your words above the results: what the inquiry found, what next.",
    )
    easy_read_results_intro = easy_read_field(
        help_text="Your words above the easy-read results: a picture beside "
        "every point."
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("inquiry"),
        MultiFieldPanel(
            [FieldPanel("vision"), FieldPanel("vision_source")], heading="Vision"
        ),
        FieldPanel("intro"),
        FieldPanel("easy_read_intro"),
        MultiFieldPanel(
            [FieldPanel("results_intro"), FieldPanel("easy_read_results_intro")],
            heading="Results",
            help_text="Shown only once the results are published.",
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("vision"),
        index.SearchField("intro"),
        index.SearchField("easy_read_intro"),
        index.RelatedFields(
            "inquiry", [index.SearchField("question"), index.SearchField("area_name")]
        ),
    ]
    parent_page_types = ["cms.HomePage", "cms.ContentPage"]
    subpage_types: list[str] = []
    template = "consult/inquiry_page.html"

    class Meta:
        verbose_name = "inquiry page"

    def get_context(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        from ..caching import inquiry_version
        from ..selectors import inquiry_overview

        context = super().get_context(request, *args, **kwargs)
        # Read only when the cached content is missing or out of date.
        context["overview"] = SimpleLazyObject(
            lambda: inquiry_overview(self.inquiry_id)
        )
        if getattr(request, "is_preview", False):
            # Editors previewing a draft must see the draft, never a cached copy.
            context["content_version"] = f"preview-{time.time_ns()}"
            context["content_cache_seconds"] = 1
        else:
            context["content_version"] = inquiry_version(self.inquiry_id)
            context["content_cache_seconds"] = 24 * 60 * 60
        context["today"] = today().isoformat()
        return context

    @path("findings/")
    def findings_route(self, request):  # type: ignore[no-untyped-def]
        """What people told us: published words, with the consent they gave."""
        from ..selectors import public_findings_page

        return self.render(
            request,
            template="consult/findings_page.html",
            context_overrides=public_findings_page(
                self.inquiry, request.GET.get("page")
            ),
        )

    @path("take-part/")
    def take_part_route(self, request):  # type: ignore[no-untyped-def]
        """What you can do now, and what you have already said and done."""
        from django.utils.cache import add_never_cache_headers

        from ..participation import participant_for
        from ..selectors import inquiry_overview
        from ..take_part import gather

        participant = participant_for(request, self.inquiry)
        response = self.render(
            request,
            template="consult/take_part.html",
            context_overrides={
                "overview": inquiry_overview(self.inquiry_id),
                "participant": participant,
                "items": gather(request, self.inquiry, participant),
            },
        )
        add_never_cache_headers(response)  # it is about one person
        return response

    @path("findings/<int:pk>/report/")
    def report_route(self, request, pk):  # type: ignore[no-untyped-def]
        """Anyone can tell the moderators that a published finding is wrong."""
        from django.contrib import messages
        from django.http import Http404
        from django.shortcuts import redirect

        from ..forms import ReportForm
        from ..listening import report_finding
        from .findings import Finding

        finding = Finding.objects.public().filter(pk=pk, inquiry=self.inquiry).first()
        if finding is None:
            raise Http404("No such finding")
        form = ReportForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            report_finding(finding=finding, **form.cleaned_data)
            messages.success(
                request, "Thank you for telling us. A moderator will look at it."
            )
            return redirect(self.url + "findings/")
        return self.render(
            request,
            template="consult/report_finding.html",
            context_overrides={"finding": finding, "form": form},
        )

    # Make sense: the changes with the themes and key quotes behind them.
    @path("changes/")
    def changes_route(self, request):  # type: ignore[no-untyped-def]
        """Each change, in standard and easy read, with the words behind it
        that people agreed we may share."""
        from ..sensemaking.selectors import public_changes

        return self.render(
            request,
            template="consult/changes_page.html",
            context_overrides={
                "inquiry": self.inquiry,
                "changes": public_changes(self.inquiry),
                # Key quotes and counts are results: shown once published.
                "published": self.inquiry.results_are_published,
            },
        )

    # Publish: the results pages (h-resultsweb), standard and easy read.
    @path("results/")
    def results_route(self, request):  # type: ignore[no-untyped-def]
        """What the inquiry found. Easy read when the visitor chose easy read;
        "not found" to the public until the results are published."""
        from ..results.pages import results_response

        return results_response(self, request)

    @path("results/easy-read/")
    def results_easy_read_route(self, request):  # type: ignore[no-untyped-def]
        """The results in easy read, whatever display mode is chosen, so the
        easy-read version has an address to share."""
        from ..results.pages import results_response

        return results_response(self, request, always_easy_read=True)

    # Open data and the Atom feed (h-opendata): consult/opendata/, consult/feeds.py
    @path("data/")
    def data_route(self, request):  # type: ignore[no-untyped-def]
        """The open data downloads with their data dictionary. Not found
        until the results are published."""
        from ..opendata.views import downloads_context

        return self.render(
            request,
            template="consult/opendata.html",
            context_overrides=downloads_context(self.inquiry),
        )

    @path("feed/")
    def feed_route(self, request):  # type: ignore[no-untyped-def]
        """News of the inquiry as an Atom feed."""
        from ..feeds import InquiryFeed

        return InquiryFeed()(request, page=self)

    # Commit and account (h-commit): "You said, we did".
    @path("you-said-we-did/")
    def tracker_route(self, request):  # type: ignore[no-untyped-def]
        """Per change: what people said, what organisations committed to,
        where each commitment stands; and an overview across the inquiry."""
        from ..commitments.rating_selectors import tracker_board
        from ..commitments.selectors import tracker

        found = tracker(self.inquiry, today())
        return self.render(
            request,
            template="consult/commitments/tracker.html",
            context_overrides={
                "inquiry": self.inquiry,
                "tracker": found,
                "ratings": tracker_board(found),  # h-ratings
            },
        )
