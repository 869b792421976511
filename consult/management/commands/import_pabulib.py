"""Import a pabulib (.pb) file as an inquiry's budget: projects become support
models, votes anonymous paper ballots. All or nothing."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from consult.budgeting.importing import import_election
from consult.budgeting.pabulib import PabulibError, parse


class Command(BaseCommand):
    help = "Create or update an inquiry's budget from a pabulib .pb file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The .pb file.")
        parser.add_argument("--inquiry", required=True, help="The inquiry's slug.")
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not draw a progress bar."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        started = time.perf_counter()
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        try:
            election = parse(raw.decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise CommandError(f"{path}: the file is not UTF-8 text.") from None
        except PabulibError as error:
            raise CommandError(f"{path}: {error}") from None
        show = not options["no_progress"] and options["verbosity"] > 0
        report = import_election(
            election,
            slug=options["inquiry"],
            progress=self._bar if show else None,
        )
        if show:
            sys.stderr.write("\n")
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"{'Created' if report.created_budget else 'Updated'} the budget of "
            f"“{report.inquiry.slug}”: pot £{report.budget.pot:,.0f}, "
            f"{report.models_created} new and {report.models_updated} updated "
            f"support models, {report.ballots} ballots with {report.votes} votes "
            f"({election.vote_type}), in {seconds:.1f} s."
        )

    @staticmethod
    def _bar(done: int, total: int) -> None:
        width = 30
        filled = int(width * done / total) if total else width
        percent = int(100 * done / total) if total else 100
        sys.stderr.write(
            f"\rBallots [{'#' * filled}{'.' * (width - filled)}] {percent:3d}% "
            f"({done:,} of {total:,})"
        )
        sys.stderr.flush()
