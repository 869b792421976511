"""Generated easy-read results must pass the easy-read checker
(themes/easyread.py): every point the easy-read PDF is made of, on the demo
and on an inquiry with almost nothing in it.

Two things are not ours to rewrite and are left out of the check: people's
own words, quoted “like this”, and the pictograms' licence credit, which
must be given as the licence asks."""

from __future__ import annotations

import re
from typing import Any

import pytest

from consult.results.document import build_document
from consult.results.pdfs import EasyPoint, easy_read_context
from tests.factories import InquiryFactory
from themes.easyread import check_blocks
from themes.pictograms import ATTRIBUTION

QUOTED = re.compile(r"Someone said: “[^”]*”")

pytestmark = pytest.mark.django_db


def _points(context: dict[str, Any]) -> list[EasyPoint]:
    found: list[EasyPoint] = []
    for value in context.values():
        if isinstance(value, EasyPoint):
            found.append(value)
        elif isinstance(value, list | tuple):
            found += [v for v in value if isinstance(v, EasyPoint)]
    return found


def _errors(points: list[EasyPoint]) -> list[str]:
    texts = [
        QUOTED.sub("Someone told us this.", " ".join(p.lines))
        for p in points
        if p.lines != (ATTRIBUTION + ".",)
    ]
    report = check_blocks(texts)
    return [
        f"{p.rule}: {p.message} [{p.excerpt}]"
        for p in report.problems
        if p.severity == "error"
    ]


def test_the_demo_easy_read_results_pass_the_checker(demo) -> None:
    points = _points(easy_read_context(build_document(demo)))
    assert len(points) > 20
    assert _errors(points) == []


def test_an_empty_inquiry_easy_read_results_pass_the_checker() -> None:
    points = _points(easy_read_context(build_document(InquiryFactory())))
    assert points
    assert _errors(points) == []
