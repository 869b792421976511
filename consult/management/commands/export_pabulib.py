"""Write an inquiry's budget, support models and model ballots as a pabulib file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from consult.budgeting.importing import export_election
from consult.budgeting.pabulib import write
from consult.models import Budget


class Command(BaseCommand):
    help = "Write an inquiry's budget as a pabulib .pb file (to stdout or --output)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="The inquiry's slug.")
        parser.add_argument("--output", "-o", help="Write to this file.")

    def handle(self, *args: Any, **options: Any) -> None:
        budget = Budget.objects.filter(inquiry__slug=options["slug"]).first()
        if budget is None:
            raise CommandError(f"No inquiry “{options['slug']}” with a budget.")
        try:
            text = write(export_election(budget))
        except ValueError as error:
            raise CommandError(f"Cannot write this budget: {error}") from None
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
