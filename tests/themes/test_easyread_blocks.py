"""The easy-read checker on StreamField blocks: every easy-read heading and
point is checked, and every point needs a picture (ER12)."""

from __future__ import annotations

from wagtail import blocks

from themes.blocks import (
    EasyReadBlock,
    StandardBlock,
    check_easy_read_stream,
    easy_read_items,
)


class PairedBlock(blocks.StructBlock):
    heading = blocks.CharBlock()
    easy_read_heading = blocks.CharBlock(required=False)
    standard = StandardBlock()
    easy_read = EasyReadBlock(required=False)


class PageBody(blocks.StreamBlock):
    section = PairedBlock()


def point(text: str, pictogram: str = "talk") -> tuple[str, dict]:
    return ("point", {"pictogram": pictogram, "alt_text": "", "text": text})


def easy_read(*children: tuple[str, object]):
    block = EasyReadBlock()
    return block.to_python([{"type": t, "value": v} for t, v in children])


def test_items_are_the_headings_and_points_in_order() -> None:
    value = easy_read(("heading", "Your money"), point("We help you."))
    assert [(i.text, i.is_point) for i in easy_read_items(value)] == [
        ("Your money", False),
        ("We help you.", True),
    ]


def test_plain_points_with_pictures_pass() -> None:
    value = easy_read(point("We help you."), point("You decide.", "vote"))
    report = check_easy_read_stream(value)
    assert report.ok and report.problems == []
    assert report.sentences == 2


def test_point_without_a_known_picture_fails_er12() -> None:
    value = easy_read(point("We help you.", "no-such-picture"))
    (problem,) = check_easy_read_stream(value).problems
    assert (problem.rule, problem.severity) == ("ER12", "error")
    assert problem.excerpt == "We help you."


def test_jargon_in_a_point_is_found() -> None:
    report = check_easy_read_stream(easy_read(point("We offer respite.")))
    assert [p.excerpt for p in report.errors] == ["respite"]


def test_only_the_easy_read_half_of_a_paired_section_is_checked() -> None:
    body = PageBody().to_python(
        [
            {
                "type": "section",
                "value": {
                    "heading": "Commissioning of domiciliary care",
                    "easy_read_heading": "Support at home",
                    "standard": [{"type": "heading", "value": "Stakeholder outcomes"}],
                    "easy_read": [
                        {
                            "type": "point",
                            "value": {
                                "pictogram": "home",
                                "alt_text": "",
                                "text": "We facilitate support at home.",
                            },
                        }
                    ],
                },
            }
        ]
    )
    assert [i.text for i in easy_read_items(body)] == [
        "Support at home",
        "We facilitate support at home.",
    ]
    assert [p.excerpt for p in check_easy_read_stream(body).errors] == ["facilitate"]


def test_empty_stream_is_ok() -> None:
    report = check_easy_read_stream(easy_read())
    assert report.ok and report.sentences == 0
