"""Build an inquiry's results PDFs now, both variants, and print what each
build did with its size, pages and seconds. Only for published results (the
PDFs are public). --force builds again even when the files are up to date,
for timing."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from consult.models import Inquiry, ResultsPdf
from consult.publication import is_published
from consult.results.pdfs import VARIANTS, build_results_pdf, file_size


class Command(BaseCommand):
    help = "Build an inquiry's results PDFs (standard and easy read) now."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="The inquiry's slug, for example anyshire.")
        parser.add_argument(
            "--force", action="store_true", help="Build even when up to date."
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: object, **options: object) -> None:
        inquiry = Inquiry.objects.filter(slug=options["slug"]).first()
        if inquiry is None:
            raise CommandError(f"No inquiry with the slug {options['slug']!r}.")
        if not is_published(inquiry):
            raise CommandError(
                "These results are not published, so there are no PDFs to build. "
                "Publish them first (the inquiry's Publish page)."
            )
        found = []
        for variant in VARIANTS:
            outcome = build_results_pdf.call(
                inquiry.pk, variant, force=bool(options["force"])
            )
            row = ResultsPdf.objects.filter(inquiry=inquiry, variant=variant).first()
            found.append(
                {
                    "variant": variant,
                    "outcome": outcome,
                    "status": row.status if row else None,
                    "size_bytes": row.size_bytes if row else 0,
                    "pages": row.pages if row else 0,
                    "build_seconds": row.build_seconds if row else 0,
                    "error": row.error if row else "",
                }
            )
        if options["format"] == "json":
            self.stdout.write(json.dumps({"inquiry": inquiry.slug, "pdfs": found}))
            return
        for item in found:
            line = (
                f"{item['variant']}: {item['outcome']}; "
                f"{file_size(item['size_bytes'])}, {item['pages']} pages, "
                f"built in {item['build_seconds']:.2f} s"
            )
            if item["error"]:
                line += f"; error: {item['error']}"
            self.stdout.write(line)
