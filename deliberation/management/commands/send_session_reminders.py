"""Email a reminder to everyone with a booked place whose session is soon.
Run it from cron every hour; it sends each reminder once."""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandParser

from deliberation.services import send_reminders


class Command(BaseCommand):
    help = "Email reminders for sessions starting within --hours (default 36)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--hours", type=int, default=36)
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: object, **options: object) -> None:
        sent = send_reminders(within=dt.timedelta(hours=int(options["hours"])))
        if options["format"] == "json":
            self.stdout.write(json.dumps({"reminders_sent": sent}))
        else:
            self.stdout.write(f"Sent {sent} reminder(s).")
