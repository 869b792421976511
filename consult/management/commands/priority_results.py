"""Print an inquiry's priority results: the same numbers as the results page
(both come from consult/priorities/results.py). Shows them whether or not
they are published: this is the operator's tool."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from consult.models import Inquiry
from consult.priorities.results import (
    PriorityResults,
    as_dict,
    group_tables,
    main_table,
    priority_results,
)


def _table(caption: str, headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [
        max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))
    ]

    def line(cells: list[str]) -> str:
        return "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True))

    return [caption, line(headers), *[line(r) for r in rows], ""]


def as_text(results: PriorityResults) -> str:
    status = "published" if results.published else "NOT published"
    lines = [
        f"Priority results: {results.inquiry_title} ({results.inquiry_slug})",
        f"Method: {results.method_label}. Results are {status}.",
        f"Votes: {results.ballots_display}",
        "",
        results.summary,
        "",
    ]
    if not results.enough:
        return "\n".join(lines)
    table = main_table(results)
    lines += _table("Every change", table["headers"], table["rows"])
    if results.committee is not None:
        c = results.committee
        lines += [
            f"Take {c.size} forward, by most votes: "
            + ", ".join(str(x.number) for x in c.by_votes),
            f"Take {c.size} forward, proportional ({c.method}"
            + (", tied" if c.tied else "")
            + "): "
            + ", ".join(str(x.number) for x in c.by_pav),
            "",
        ]
    if results.method == "rank":
        lines += [
            "Schulze winners: "
            + ", ".join(str(x.number) for x in results.schulze_winners),
            "Condorcet winner: "
            + (
                str(results.condorcet_winner.number)
                if results.condorcet_winner
                else "none"
            ),
            "",
        ]
    for t in group_tables(results):
        lines.append(t["summary"])
        if t["rows"]:
            lines += _table(t["caption"], t["headers"], t["rows"])
        else:
            lines += [t["caption"] + ": nothing shown", ""]
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Print the priority results of an inquiry (text, or --format json)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="The inquiry's slug, for example anyshire.")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: object, **options: object) -> None:
        try:
            inquiry = Inquiry.objects.get(slug=options["slug"])
        except Inquiry.DoesNotExist as missing:
            raise CommandError(
                f"No inquiry with the slug {options['slug']!r}."
            ) from missing
        results = priority_results(inquiry)
        if options["format"] == "json":
            self.stdout.write(
                json.dumps(as_dict(results), ensure_ascii=False, indent=2)
            )
        else:
            self.stdout.write(as_text(results))
