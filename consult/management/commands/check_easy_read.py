"""Check the published easy-read content against the easy-read rules
(shared/EASY_READ.md, themes/easyread.py) and say what to fix."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from consult.easy_read import CheckedItem, check_published_easy_read
from consult.models import Inquiry
from themes.easyread import RULES


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def as_text(items: list[CheckedItem]) -> str:
    lines: list[str] = []
    for item in items:
        report = item.report
        if report.problems:
            status = ", ".join(
                part
                for part in (
                    _plural(len(report.errors), "error") if report.errors else "",
                    _plural(len(report.warnings), "warning") if report.warnings else "",
                )
                if part
            )
        else:
            status = "ok"
        lines.append(f"{item.where}: {status}")
        lines.append(f"  {item.text}")
        for p in report.problems:
            lines.append(
                f"  - {p.severity.upper()} {p.rule} ({RULES[p.rule]}): {p.message}"
            )
            if p.excerpt and p.excerpt not in p.message:
                lines.append(f"      in: {p.excerpt}")
            if p.suggestion:
                lines.append(f"      try: {p.suggestion}")
    lines += ["", summary(items)]
    return "\n".join(lines)


def summary(items: list[CheckedItem]) -> str:
    errors = sum(len(i.report.errors) for i in items)
    warnings = sum(len(i.report.warnings) for i in items)
    failing = sum(1 for i in items if not i.report.ok)
    return (
        f"Checked {_plural(len(items), 'item')}: {_plural(errors, 'error')} "
        f"in {_plural(failing, 'item')}, {_plural(warnings, 'warning')}."
    )


class Command(BaseCommand):
    help = (
        "Check the published easy-read content (inquiry questions, inquiry "
        "pages, changes, budget areas, support models, phase words and, without "
        "a slug, the site's other pages) against the easy-read rules. Prints "
        "each item's problems and a summary. Exits with status 1 when any "
        "error is found (warnings alone exit 0)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "slug",
            nargs="?",
            help="Only this inquiry (and the phase words), for example anyshire.",
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: object, **options: object) -> None:
        inquiry = None
        if options["slug"]:
            inquiry = Inquiry.objects.filter(slug=options["slug"]).first()
            if inquiry is None:
                raise CommandError(f"No inquiry with the slug {options['slug']!r}.")
        items = check_published_easy_read(inquiry)
        if options["format"] == "json":
            self.stdout.write(
                json.dumps(
                    {
                        "items": [i.as_dict() for i in items],
                        "summary": summary(items),
                        "ok": all(i.report.ok for i in items),
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
        else:
            self.stdout.write(as_text(items))
        if not all(i.report.ok for i in items):
            raise CommandError(summary(items), returncode=1)
