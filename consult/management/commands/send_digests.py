"""Email the digests of new commitments and progress updates to the people
following a change or an organisation. Run it from cron (every hour is
fine): each follow gets at most one email a day or a week, and an item is
never sent twice. --enqueue hands the work to the task worker instead."""

import json

from django.core.management.base import BaseCommand, CommandParser

from consult.commitments.follows import send_digests_task, send_due_digests


class Command(BaseCommand):
    help = "Send the due follow digests (daily and weekly). Safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the work as a background task instead of sending now.",
        )

    def handle(self, *args: object, **options: object) -> None:
        if options["enqueue"]:
            result = send_digests_task.enqueue()
            self.stdout.write(f"Queued the digests as task {result.id}.")
            return
        run = send_due_digests()
        if options["format"] == "json":
            self.stdout.write(
                json.dumps(
                    {
                        "emails": run.emails,
                        "items": run.items,
                        "removed_pending": run.removed_pending,
                    }
                )
            )
        else:
            self.stdout.write(
                f"Sent {run.emails} digest(s) with {run.items} item(s). "
                f"Removed {run.removed_pending} unconfirmed follow(s)."
            )
