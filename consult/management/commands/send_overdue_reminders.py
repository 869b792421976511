"""Email the owner of each commitment whose progress update is overdue.
Run it from cron once a day; it sends each reminder once per review date."""

import json

from django.core.management.base import BaseCommand, CommandParser

from consult.commitments.overdue import (
    send_overdue_reminders,
    send_overdue_reminders_task,
)


class Command(BaseCommand):
    help = "Email owners of commitments whose progress update is overdue (once each)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Queue the work for the task worker instead of doing it now.",
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: object, **options: object) -> None:
        if options["queue"]:
            result = send_overdue_reminders_task.enqueue()
            data, text = {"queued": str(result.id)}, "Queued the overdue reminders."
        else:
            sent = send_overdue_reminders()
            data, text = {"reminders_sent": sent}, f"Sent {sent} overdue reminder(s)."
        self.stdout.write(json.dumps(data) if options["format"] == "json" else text)
