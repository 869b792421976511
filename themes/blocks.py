"""StreamField blocks for the presentation layer, shared by every app's pages.

They live here, not in cms, because consult's pages use them too and
dependencies point one way (cms -> deliberation -> consult -> themes).
"""

from wagtail import blocks
from wagtail.fields import StreamField

from .pictograms import pictogram_choices


class PictogramChoiceBlock(blocks.ChoiceBlock):
    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("choices", pictogram_choices)
        kwargs.setdefault("help_text", "The picture shown beside this point.")
        super().__init__(**kwargs)


class EasyReadPointBlock(blocks.StructBlock):
    """One easy-read point: a picture on the left, up to 3 short sentences."""

    pictogram = PictogramChoiceBlock()
    alt_text = blocks.CharBlock(
        required=False,
        max_length=120,
        help_text="What the picture shows. Leave empty to use the picture's "
        "own description.",
    )
    text = blocks.TextBlock(
        max_length=400,
        help_text="Up to 3 short sentences. 15 words or fewer in each.",
    )

    class Meta:
        icon = "pick"
        label = "Easy read point"
        template = "blocks/easy_read_point.html"


class EasyReadBlock(blocks.StreamBlock):
    """An easy-read version: headings and points with pictures."""

    heading = blocks.CharBlock(
        max_length=80, template="blocks/heading.html", icon="title"
    )
    point = EasyReadPointBlock()

    class Meta:
        template = "blocks/easy_read.html"


class StandardBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        max_length=120, template="blocks/heading.html", icon="title"
    )
    paragraph = blocks.RichTextBlock(
        features=["bold", "link", "ol", "ul", "document-link"], icon="pilcrow"
    )


def easy_read_field(**kwargs: object) -> StreamField:
    """The easy-read twin of a page's text, for any page model."""
    kwargs.setdefault(
        "help_text", "The easy-read version: a picture beside every point."
    )
    return StreamField(EasyReadBlock(), blank=True, use_json_field=True, **kwargs)
