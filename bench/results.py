"""Results benchmark: what the published results cost to serve and to build.

Three figures, as issue 7 asks:

1. Requests/s of the results page and the easy-read results page against the
   foundation's baseline page (a bare Wagtail page), under gunicorn with the
   production settings, on the seeded and published demo. Goal: >= 0.7x.
   The machinery (site preparation, gunicorn, load generator, CPU per request)
   is bench/pages.py's; this script only changes the pages and publishes.
2. Queries per results page as priority ballots grow 100, 1,000, 10,000 (an
   inquiry of five changes, rating ballots made in bulk), cold (cache empty)
   and warm. Goal: flat.
3. The build time of both demo PDFs (standard and easy read), in seconds.

Run from the repository root::

    .venv/bin/python bench/results.py [--db sqlite|postgres|both]
        [--requests 500] [--rounds 3] [--skip-http]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pages  # bench/pages.py

RPS_GOAL = 0.7
SIZES = (100, 1_000, 10_000)

PUBLISH_SHELL = """
from consult.models import Inquiry
from consult.publication import publish_results
publish_results(Inquiry.objects.get(slug="anyshire"), by=None)
print("published")
"""

# Run inside `manage.py shell`: queries per results page as ballots grow, and
# the demo PDFs' build time. Prints one JSON line.
MEASURE_SHELL = """
import json, random, time
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page
from cms.models import HomePage
from consult.models import (
    Change, Inquiry, InquiryPage, Participant, PriorityBallot, PriorityChoice,
)
from consult.publication import publish_results
from consult.models import ResultsPdf
from consult.results.pdfs import build_results_pdf

figures = {"queries": [], "pdf": {}}
inquiry = Inquiry.objects.create(
    title="Bench inquiry", slug="bench-results", question="Q?",
    easy_read_question="Q?",
)
changes = [
    Change.objects.create(
        inquiry=inquiry, number=n, title=f"Change {n}",
        easy_read_title=f"Change {n}", easy_read_text="Text.", pictogram="home",
    )
    for n in range(1, 6)
]
home = HomePage.objects.first()
page = InquiryPage(title="Bench inquiry", slug="bench-results", inquiry=inquiry)
home.add_child(instance=page)
page.save_revision().publish()
publish_results(inquiry, by=None)
rng = random.Random(7)
client = Client(HTTP_HOST="127.0.0.1")
made = 0
for size in %(sizes)r:
    people = Participant.objects.bulk_create(
        [Participant(inquiry=inquiry) for _ in range(size - made)]
    )
    ballots = PriorityBallot.objects.bulk_create(
        [PriorityBallot(inquiry=inquiry, participant=p, method="rate",
                        channel="online") for p in people]
    )
    PriorityChoice.objects.bulk_create(
        [PriorityChoice(ballot=b, change=c, value=rng.randint(1, 5))
         for b in ballots for c in changes], batch_size=5000,
    )
    made = size
    row = {"ballots": size}
    for name, path in (("standard", "/bench-results/results/"),
                       ("easy_read", "/bench-results/results/easy-read/")):
        cache.clear()
        with CaptureQueriesContext(connection) as cold:
            status = client.get(path).status_code
        assert status == 200, (path, status)
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as warm:
            client.get(path)
        row[name] = {"cold": len(cold), "warm": len(warm),
                     "warm_ms": round((time.perf_counter() - started) * 1000, 1)}
    figures["queries"].append(row)

demo = Inquiry.objects.get(slug="anyshire")
publish_results(demo, by=None)
for variant in ("standard", "easy_read"):
    started = time.perf_counter()
    build_results_pdf.call(demo.pk, variant, True)
    built = ResultsPdf.objects.get(inquiry=demo, variant=variant)
    figures["pdf"][variant] = {
        "seconds": round(time.perf_counter() - started, 2),
        "bytes": built.size_bytes, "pages": built.pages,
    }
print("FIGURES " + json.dumps(figures))
"""


def http_figures(
    args: argparse.Namespace,
    measured: list[tuple[str, str]] | None = None,
    goal: float = RPS_GOAL,
) -> list[dict[str, object]]:
    """Requests/s of `measured` pages against the baseline page, through
    bench/pages.py, on the seeded and published demo."""
    pages.PAGES = [
        *(
            measured
            or [
                ("results", "/anyshire/results/"),
                ("results-easy", "/anyshire/results/easy-read/"),
            ]
        ),
        ("baseline", "/bench-baseline/"),
    ]
    prepare = pages.prepare_site

    def prepare_and_publish(env: dict[str, str]) -> None:
        prepare(env)
        pages.manage(["shell", "-c", PUBLISH_SHELL], env, 120)

    pages.prepare_site = prepare_and_publish
    out = []
    names = ["SQLite", "PostgreSQL"] if args.db == "both" else [args.db]
    for name in names:
        if name == "PostgreSQL" and not pages.port_open(pages.HOST, pages.PG_PORT):
            print("PostgreSQL: skipped (no server on 127.0.0.1:5432)")
            continue
        result = pages.bench_one(name, args)
        if result.status != "measured":
            out.append({"database": name, "status": result.status})
            continue
        rows = pages.summarise(result)
        pages.print_table(name, rows)
        for row in rows:
            if row["page"] != pages.BASELINE:
                verdict = "PASS" if row["rps_ratio"] >= goal else "MISS"
                print(
                    f"  {row['page']}: {row['rps_ratio']:.2f}x the baseline's "
                    f"requests/s (goal >= {goal}x) {verdict}"
                )
        out.append({"database": name, "pages": rows})
    return out


def run_in_demo_site(shell: str) -> dict[str, object]:
    """Run `shell` (which prints one line "FIGURES {json}") in `manage.py
    shell` on a fresh SQLite database with the demo seeded and static files
    collected, under the production settings."""
    tmp = Path(tempfile.mkdtemp(prefix="coproduce-bench-"))
    try:
        env = pages.bench_env(f"sqlite:///{tmp / 'bench.sqlite3'}", tmp)
        for args, timeout in (
            (["migrate", "--noinput"], 900),
            (["seed_demo"], 600),
        ):
            pages.manage(args, env, timeout)
        pages.collect_static(env)
        out = pages.manage(["shell", "-c", shell], env, 1800)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    line = next(x for x in out.splitlines() if x.startswith("FIGURES "))
    return json.loads(line.removeprefix("FIGURES "))


def print_query_table(
    rows: list[dict[str, object]], key: str, views: list[str]
) -> bool:
    """Queries per page, cold and warm, as `key` grows; True when flat."""
    header = "".join(f"  {v + ' cold/warm':>22}" for v in views)
    print(f"{key:>12}{header}")
    for row in rows:
        cells = "".join(f"  {row[v]['cold']:>10}/{row[v]['warm']:<11}" for v in views)
        print(f"{row[key]:>12,}{cells}")
    first, last = rows[0], rows[-1]
    flat = all(first[v][k] == last[v][k] for v in views for k in ("cold", "warm"))
    print(f"  flat from {first[key]:,} to {last[key]:,}: {'yes' if flat else 'NO'}")
    return flat


def measured_figures() -> dict[str, object]:
    """Figures 2 and 3."""
    figures = run_in_demo_site(MEASURE_SHELL % {"sizes": SIZES})
    print("\nQueries per results page as ballots grow (cold = empty cache)")
    figures["flat"] = print_query_table(
        figures["queries"], "ballots", ["standard", "easy_read"]
    )
    print("\nDemo PDFs (built in the background in production)")
    for variant, figure in figures["pdf"].items():
        print(
            f"  {variant:<10} {figure['seconds']:>6.2f} s  "
            f"{figure['bytes'] / 1024:>7.0f} KB  {figure['pages']} pages"
        )
    return figures


DB_NAMES = {"sqlite": "SQLite", "postgres": "PostgreSQL", "postgresql": "PostgreSQL"}


def parse_bench_args(doc: str, argv: list[str] | None) -> argparse.Namespace:
    """The options bench/results.py and bench/tracker.py share."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument(
        "--db",
        type=lambda name: DB_NAMES.get(name.lower(), name),
        choices=["SQLite", "PostgreSQL", "both"],
        default="both",
        help="sqlite, postgres or both (as bench/pages.py)",
    )
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--json", action="store_true")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_bench_args(__doc__ or "", argv)
    os.chdir(pages.REPO)
    summary: dict[str, object] = {}
    if not args.skip_http:
        summary["http"] = http_figures(args)
    summary.update(measured_figures())
    if args.json:
        print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
