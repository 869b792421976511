"""Site-wide pages (home, content) and the editors' navigation and footer."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from consult.selectors import live_inquiry_pages
from themes.blocks import easy_read_field

from .blocks import ContentStreamBlock, LinkBlock


class HomePage(Page):
    """The front door: what Coproduce is for, and the inquiries open now."""

    intro = RichTextField(features=["bold", "link"], blank=True)
    easy_read_intro = easy_read_field()

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("easy_read_intro"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    subpage_types = ["cms.ContentPage", "consult.InquiryPage"]
    max_count = 1
    template = "cms/home_page.html"

    def get_context(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        context = super().get_context(request, *args, **kwargs)
        context["inquiry_pages"] = live_inquiry_pages().descendant_of(self)
        return context


class ContentPage(Page):
    """An ordinary page (about, accessibility, privacy...) whose sections each
    carry a standard and an easy-read version."""

    summary = models.CharField(max_length=300, blank=True)
    body = StreamField(ContentStreamBlock(), blank=True, use_json_field=True)

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    subpage_types = ["cms.ContentPage", "consult.InquiryPage"]
    template = "cms/content_page.html"


@register_setting(icon="list-ul")
class NavigationSettings(BaseSiteSetting):
    links = StreamField(
        [("link", LinkBlock())],
        blank=True,
        use_json_field=True,
        help_text="The links in the menu at the top of every page.",
    )

    panels = [FieldPanel("links")]

    class Meta:
        verbose_name = "navigation"


@register_setting(icon="form")
class FooterSettings(BaseSiteSetting):
    about = models.TextField(
        blank=True, help_text="One or two sentences about who runs this site."
    )
    contact = models.TextField(
        blank=True, help_text="How to reach a person: phone, text, email or post."
    )
    links = StreamField(
        [("link", LinkBlock())],
        blank=True,
        use_json_field=True,
        help_text="Links such as accessibility, privacy and credits.",
    )

    panels = [FieldPanel("about"), FieldPanel("contact"), FieldPanel("links")]

    class Meta:
        verbose_name = "footer"
