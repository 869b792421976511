"""StreamField blocks for the presentation layer, shared by every app's pages.

They live here, not in cms, because consult's pages use them too and
dependencies point one way (cms -> deliberation -> consult -> themes).
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from wagtail import blocks
from wagtail.blocks import StreamValue
from wagtail.fields import StreamField

from . import easyread
from .pictograms import get_pictogram, pictogram_choices


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


# --- Easy-read checker (h-easyread): the easy-read text inside any StreamField.


@dataclass(frozen=True)
class EasyReadItem:
    """One piece of easy-read text on a page: a point (with its picture) or a
    heading."""

    text: str
    is_point: bool = False
    pictogram: str = ""


def easy_read_items(value: StreamValue) -> list[EasyReadItem]:
    """Every easy-read heading and point in a StreamField value, at any depth
    (an easy-read field, or the easy-read half of a paired section)."""
    return list(_walk(value.stream_block, value, inside=False))


def _walk(block: blocks.Block, value: Any, inside: bool) -> Iterator[EasyReadItem]:
    if value is None:
        return
    if isinstance(block, EasyReadPointBlock):
        yield EasyReadItem(
            str(value.get("text") or ""),
            is_point=True,
            pictogram=str(value.get("pictogram") or ""),
        )
    elif isinstance(block, blocks.StreamBlock):
        inside = inside or isinstance(block, EasyReadBlock)
        for child in value:
            yield from _walk(child.block, child.value, inside)
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            yield from _walk(
                child_block, value.get(name), inside or name.startswith("easy_read")
            )
    elif isinstance(block, blocks.ListBlock):
        for item in value:
            yield from _walk(block.child_block, item, inside)
    elif (
        inside
        and isinstance(block, blocks.CharBlock | blocks.TextBlock)
        and str(value).strip()
    ):
        yield EasyReadItem(str(value))


def check_easy_read_stream(value: StreamValue) -> easyread.Report:
    """The easy-read checker on a StreamField: its text (themes/easyread.py),
    and a picture from our library beside every point (ER12)."""
    items = easy_read_items(value)
    report = easyread.check_blocks(item.text for item in items)
    for item in items:
        if item.is_point and get_pictogram(item.pictogram) is None:
            report.problems.append(easyread.missing_picture(item.text))
    return report
