"""Page-level StreamField blocks for the site's own pages."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError

from themes.blocks import EasyReadBlock, StandardBlock


class PairedSectionBlock(blocks.StructBlock):
    """A section written twice: the standard text and its easy-read version.
    Visitors in easy-read mode see the easy-read version where there is one."""

    heading = blocks.CharBlock(max_length=120)
    easy_read_heading = blocks.CharBlock(
        max_length=80, required=False, help_text="The heading in easy read."
    )
    standard = StandardBlock()
    easy_read = EasyReadBlock(required=False)

    class Meta:
        icon = "doc-full"
        label = "Section (standard and easy read)"
        template = "cms/blocks/paired_section.html"


class LinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=60)
    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False, help_text="Used when no page is chosen.")

    class Meta:
        icon = "link"

    def clean(self, value):  # type: ignore[no-untyped-def]
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise StructBlockValidationError(
                block_errors={"page": ValidationError("Choose a page or give a URL.")}
            )
        return value


class ContentStreamBlock(blocks.StreamBlock):
    section = PairedSectionBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "link", "ol", "ul", "document-link"], icon="pilcrow"
    )
