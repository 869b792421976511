"""`manage.py check_easy_read`: the published easy-read content against the
easy-read rules, with a non-zero exit when anything is an error."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from consult.management.commands.check_easy_read import Command
from consult.models import InquiryPage
from tests.factories import ChangeFactory, InquiryFactory

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("check_easy_read", *args, stdout=out)
    return out.getvalue()


def run_failing(*args: str) -> tuple[str, CommandError]:
    out = StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("check_easy_read", *args, stdout=out)
    return out.getvalue(), failed.value


def test_demo_inquiry_passes(demo) -> None:
    output = run("anyshire")
    assert "Inquiry anyshire: easy-read question: ok" in output
    assert "Change 1: easy-read title and text" in output
    assert 'Support model "Homeshare"' in output
    assert "Phase words (listen)" in output
    assert "0 errors in 0 items" in output.splitlines()[-1]


def test_demo_site_passes_with_its_other_pages(demo) -> None:
    output = run()
    assert 'Page "About Coproduce" (/home/about/): body: ok' in output
    assert 'Inquiry page "Anyshire' in output


def test_demo_as_json(demo) -> None:
    data = json.loads(run("anyshire", "--format", "json"))
    assert data["ok"] is True
    question = data["items"][0]
    assert question["where"] == "Inquiry anyshire: easy-read question"
    assert question["text"] == "What would make care and support good for you?"
    assert question["ok"] is True and question["problems"] == []
    assert question["reading_ease"] is not None


def test_jargon_fails_with_status_1_and_says_what_to_fix() -> None:
    inquiry = InquiryFactory(
        slug="jargon", easy_read_question="How can we facilitate reablement?"
    )
    ChangeFactory(
        inquiry=inquiry,
        number=1,
        easy_read_title="Better respite",
        easy_read_text="Service users get 30% more respite.",
    )
    output, failed = run_failing("jargon")
    assert failed.returncode == 1
    assert "errors in 2 items" in str(failed)
    assert "Inquiry jargon: easy-read question: 2 errors" in output
    assert '- ERROR ER4 (Everyday words): "facilitate" is a hard word.' in output
    assert "try: support to do things for yourself again" in output
    assert 'Do not use percentages ("30%")' in output


def test_jargon_as_json_still_prints_the_report() -> None:
    InquiryFactory(slug="jargon", easy_read_question="We utilise it.")
    output, _ = run_failing("jargon", "--format", "json")
    data = json.loads(output)
    assert data["ok"] is False
    assert data["items"][0]["problems"][0]["suggestion"] == "use"


def test_change_without_a_known_picture_fails() -> None:
    inquiry = InquiryFactory(slug="nopic")
    ChangeFactory(inquiry=inquiry, number=1, pictogram="not-in-the-library")
    output, _ = run_failing("nopic")
    assert "ER12" in output


def test_only_published_page_content_is_checked(demo) -> None:
    page = InquiryPage.objects.get(inquiry=demo)
    page.easy_read_intro = [
        (
            "point",
            {"pictogram": "talk", "alt_text": "", "text": "We commission providers."},
        )
    ]
    page.save_revision()  # a draft: not public yet
    assert "0 errors" in run("anyshire")
    page.save_revision().publish()
    output, _ = run_failing("anyshire")
    assert '"providers" is a hard word' in output
    assert "easy read intro: 1 error" in output


def test_unknown_slug_is_a_plain_error() -> None:
    with pytest.raises(CommandError, match="No inquiry with the slug 'nope'"):
        call_command("check_easy_read", "nope", stdout=StringIO())


def test_help_says_errors_exit_non_zero() -> None:
    help_text = Command().create_parser("manage.py", "check_easy_read").format_help()
    assert "Exits with status 1 when any error is found" in " ".join(help_text.split())
