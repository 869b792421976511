"""Erase people's information in inquiries past their keeping time
(Inquiry.retention_months after the inquiry ends). Run it from cron once a
day; it is safe to run again, and prints what it removed."""

import json

from django.core.management.base import BaseCommand, CommandParser

from consult.privacy.retention import purge_personal_data, purge_personal_data_task


class Command(BaseCommand):
    help = "Erase personal data of inquiries past their keeping time; report counts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say what would be removed, and remove nothing.",
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Queue the work for the task worker instead of doing it now.",
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: object, **options: object) -> None:
        as_json = options["format"] == "json"
        if options["queue"] and not options["dry_run"]:
            result = purge_personal_data_task.enqueue()
            data = {"queued": str(result.id)}
            self.stdout.write(json.dumps(data) if as_json else "Queued the purge.")
            return
        report = purge_personal_data(dry_run=bool(options["dry_run"]))
        self.stdout.write(json.dumps(report.as_dict()) if as_json else report.as_text())
