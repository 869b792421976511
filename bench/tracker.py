"""Tracker benchmark: what "You said, we did" costs to serve (issue 8).

1. Requests/s of the tracker (/anyshire/you-said-we-did/) and an
   organisation's page against the foundation's baseline page, under gunicorn
   with the production settings, on the seeded demo (bench/pages.py's
   machinery, as bench/results.py uses it).
2. Queries per tracker, organisation and commitment page as the inquiry's
   commitments grow 10, 100, 1,000 (made in bulk, each answering two
   changes). Goal: flat.

Run from the repository root::

    .venv/bin/python bench/tracker.py [--db SQLite|PostgreSQL|both]
        [--requests 500] [--rounds 3] [--skip-http]
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pages  # bench/pages.py
import results  # bench/results.py

SIZES = (10, 100, 1_000)

MEASURE_SHELL = """
import datetime as dt, json
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from consult.models import Change, Commitment, Inquiry, Organisation

inquiry = Inquiry.objects.get(slug="anyshire")
council = Organisation.objects.get(slug="anyshire-council")
changes = list(Change.objects.filter(inquiry=inquiry).order_by("number"))
Through = Commitment.changes.through
client = Client(HTTP_HOST="127.0.0.1")
figures = {"queries": []}
start = dt.date(2026, 1, 1)
for size in %(sizes)r:
    have = Commitment.objects.filter(inquiry=inquiry).count()
    made = Commitment.objects.bulk_create([
        Commitment(
            inquiry=inquiry, organisation=council, title=f"Bench commitment {n}",
            description="Words.", easy_read_title=f"Promise {n}",
            easy_read_text="We will do it.", pictogram="home",
            owner_role="Head of service", start_on=start,
            due_on=start + dt.timedelta(days=365),
            review_on=start + dt.timedelta(days=90), status="started",
        )
        for n in range(have, size)
    ])
    Through.objects.bulk_create([
        Through(commitment_id=c.pk, change_id=changes[(i + k) %% len(changes)].pk)
        for i, c in enumerate(made) for k in (0, 1)
    ])
    total = Commitment.objects.filter(inquiry=inquiry).count()
    one = Commitment.objects.filter(organisation=council).order_by("pk").first()
    row = {"commitments": total}
    for name, path in (
        ("tracker", "/anyshire/you-said-we-did/"),
        ("organisation", "/organisations/anyshire-council/"),
        ("commitment", f"/organisations/anyshire-council/commitments/{one.pk}/"),
    ):
        cache.clear()
        with CaptureQueriesContext(connection) as cold:
            status = client.get(path).status_code
        assert status == 200, (path, status)
        with CaptureQueriesContext(connection) as warm:
            client.get(path)
        row[name] = {"cold": len(cold), "warm": len(warm)}
    figures["queries"].append(row)
print("FIGURES " + json.dumps(figures))
"""


def main(argv: list[str] | None = None) -> int:
    args = results.parse_bench_args(__doc__ or "", argv)
    os.chdir(pages.REPO)
    summary: dict[str, object] = {}
    if not args.skip_http:
        summary["http"] = results.http_figures(
            args,
            [
                ("tracker", "/anyshire/you-said-we-did/"),
                ("organisation", "/organisations/anyshire-council/"),
            ],
        )
    figures = results.run_in_demo_site(MEASURE_SHELL % {"sizes": SIZES})
    print("\nQueries per page as commitments grow (cold = empty cache)")
    figures["flat"] = results.print_query_table(
        figures["queries"], "commitments", ["tracker", "organisation", "commitment"]
    )
    summary.update(figures)
    if args.json:
        print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
