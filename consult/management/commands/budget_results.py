"""Print an inquiry's budget results under one rule (greedy, mes, mes-plain)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from consult.budgeting.results import election_for
from consult.budgeting.rules import RULE_NAMES, run_rule
from consult.models import Budget


class Command(BaseCommand):
    help = "Print budget results: which support models a rule funds, and why."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="The inquiry's slug.")
        parser.add_argument("--rule", choices=sorted(RULE_NAMES), default="mes")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        budget = Budget.objects.filter(inquiry__slug=options["slug"]).first()
        if budget is None:
            raise CommandError(f"No inquiry “{options['slug']}” with a budget.")
        outcome = run_rule(election_for(budget), options["rule"])
        if options["format"] == "json":
            self.stdout.write(
                json.dumps(outcome.to_json(), ensure_ascii=False, indent=2)
            )
            return
        self.stdout.write(
            f"{outcome.rule_name}: spends £{outcome.spent:,} of £{outcome.budget:,}."
        )
        for number, project_id in enumerate(outcome.selected, 1):
            project = outcome.project(project_id)
            self.stdout.write(
                f"{number:3d}. {project.name} (id {project.id}, £{project.cost:,}, "
                f"{project.votes} votes)"
            )
        left_out = [p for p in outcome.projects if not p.selected]
        if left_out:
            self.stdout.write("Not funded:")
            for project in left_out:
                self.stdout.write(f"   - {project.name}: {project.why}")
