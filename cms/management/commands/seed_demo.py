"""manage.py seed_demo: load the Anyshire demo. Safe to run again."""

import json

from django.core.management.base import BaseCommand, CommandParser

from cms.demo import DEMO_USERS, seed_demo


class Command(BaseCommand):
    help = "Load the Anyshire demo inquiry, its pages and demo accounts (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: object, **options: object) -> None:
        report = seed_demo()
        if options["format"] == "json":
            self.stdout.write(json.dumps({"created": report.created}))
            return
        if report.created:
            self.stdout.write("Created: " + ", ".join(report.created))
        else:
            self.stdout.write("The demo is already loaded. Nothing changed.")
        self.stdout.write("Demo accounts (sign in with a code sent by email):")
        for user in DEMO_USERS:
            self.stdout.write(f"  {user.role.value:<20} {user.email}")
