"""National inquiry benchmark: what would 100,000 participants and 1,000,000
findings cost in database size and page time? Measured at smaller sizes on
PostgreSQL, then extrapolated in a straight line.

One command, from the repository root::

    .venv/bin/python bench/national.py [--sizes 2000:20000,8000:80000,20000:200000]
        [--reps 7] [--json]

Method:

1. a fresh PostgreSQL database ``bench_national`` (dropped at the end),
   ``migrate``, ``seed_demo`` and static files (``pages.collect_static``)
   under ``cms.settings.production``, background work queued in the database as in
   production (``TASKS_BACKEND=database``; no worker runs, so a page only
   pays for the queueing), the demo's results published;
2. in a child process, the demo inquiry (Anyshire) is grown to each size in
   turn with ``bulk_create``: participants (each with one priority ballot,
   "rate each change", a mark for every change: a national inquiry where
   everyone votes) and findings (bench/findings.py's ``add_findings``: all
   published, the consents, channels, areas and changes mixed as there,
   1 in 20 withdrawn), then 1 finding in 50 set back to "waiting to be
   checked" so the moderation queue grows too; then ``VACUUM ANALYZE``;
3. at each size: ``pg_database_size`` and ``pg_total_relation_size`` of the
   largest tables; and the wall time of five pages through
   ``django.test.Client`` with the production settings: the inquiry page,
   the public findings page, the results page, the team page and the
   moderation queue (the last two signed in as the demo moderator). Each
   page once before the first size (imports and templates, not measured),
   then at every size once cold (cache cleared first) and ``--reps`` times
   warm (median);
4. each figure is fitted with a least-squares line against the number of
   findings (participants grow in the same 1:10 ratio at every size, as in
   the target) and read off at 1,000,000 findings / 100,000 participants.
   The fit's largest miss at a measured size is printed next to it: a page
   whose time does not grow in a straight line shows there.

Page times are wall times on whatever machine runs this, including the wait
for PostgreSQL; the load average is printed with them.

Exit status: 0 measured, 2 set-up failed or PostgreSQL not there.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
if str(BENCH_DIR) not in sys.path:
    sys.path.insert(0, str(BENCH_DIR))

from pages import (  # noqa: E402  (bench/ is not a package)
    HOST,
    PG_PORT,
    PYTHON,
    REPO,
    BenchError,
    bench_env,
    collect_static,
    manage,
    port_open,
    postgres_database,
)

PG_DB = "bench_national"
SLUG = "anyshire"
TARGET = (100_000, 1_000_000)  # participants, findings
DEFAULT_SIZES = "2000:20000,8000:80000,20000:200000"
PAGES = [
    ("inquiry", f"/{SLUG}/", None),
    ("findings", f"/{SLUG}/findings/", None),
    ("results", f"/{SLUG}/results/", None),
    ("team", f"/inquiries/{SLUG}/team/", "moderator"),
    ("moderation", f"/inquiries/{SLUG}/moderation/", "moderator"),
]
PUBLISH_SHELL = """
from consult.models import Inquiry
from consult.publication import publish_results
publish_results(Inquiry.objects.get(slug="anyshire"), by=None)
print("published")
"""


# --------------------------------------------------------------------------
# The child: Django, grows the inquiry and measures


def grow_participants(inquiry, changes, target: int) -> None:  # type: ignore[no-untyped-def]
    """Participants up to `target`, each with one rating ballot."""
    from consult.models import Participant, PriorityBallot, PriorityChoice

    have = Participant.objects.filter(inquiry=inquiry).count()
    step = 5000
    for first in range(have, target, step):
        size = min(step, target - first)
        people = Participant.objects.bulk_create(
            [Participant(inquiry=inquiry) for _ in range(size)]
        )
        ballots = PriorityBallot.objects.bulk_create(
            [
                PriorityBallot(
                    inquiry=inquiry, participant=p, method="rate", channel="online"
                )
                for p in people
            ]
        )
        PriorityChoice.objects.bulk_create(
            [
                PriorityChoice(ballot=b, change=c, value=(b.pk + i) % 5 + 1)
                for b in ballots
                for i, c in enumerate(changes)
            ],
            batch_size=5000,
        )


def grow_findings(inquiry, target: int) -> None:  # type: ignore[no-untyped-def]
    """Findings up to `target` (bench/findings.py's mix), 1 in 50 waiting."""
    from django.db import connection
    from findings import Generated, add_findings

    from consult.models import Finding

    have = Finding.objects.filter(inquiry=inquiry).count()
    tally = Generated()
    step = 20_000
    for first in range(have, target, step):
        add_findings(inquiry, first, min(step, target - first), tally)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE consult_finding SET state = 'pending'"
            " WHERE inquiry_id = %s AND id %% 50 = 0 AND state = 'published'"
            " AND text LIKE 'Bench finding %%'",
            [inquiry.pk],
        )


def sizes_now() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("SELECT pg_database_size(current_database())")
        database = cursor.fetchone()[0]
        cursor.execute(
            "SELECT c.relname, pg_total_relation_size(c.oid)"
            " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE c.relkind = 'r' AND n.nspname = 'public'"
            " ORDER BY 2 DESC LIMIT 10"
        )
        tables = {name: int(size) for name, size in cursor.fetchall()}
    return {"database": int(database), "tables": tables}


def time_pages(clients: dict, reps: int) -> dict:
    from django.core.cache import cache

    found = {}
    for name, path, who in PAGES:
        client = clients[who]
        cache.clear()
        started = time.perf_counter()
        status = client.get(path).status_code
        cold = time.perf_counter() - started
        if status != 200:
            raise BenchError(f"{path}: HTTP {status}")
        warm = []
        for _ in range(reps):
            started = time.perf_counter()
            client.get(path)
            warm.append(time.perf_counter() - started)
        found[name] = {
            "cold_ms": round(cold * 1000, 1),
            "warm_ms": round(statistics.median(warm) * 1000, 1),
        }
    return found


def child(sizes: list[tuple[int, int]], reps: int, out: Path) -> None:
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from consult.models import Change, Finding, Inquiry, Participant

    inquiry = Inquiry.objects.get(slug=SLUG)
    changes = list(Change.objects.filter(inquiry=inquiry).order_by("number"))
    anonymous = Client(HTTP_HOST=HOST, HTTP_X_FORWARDED_PROTO="https")
    moderator = Client(HTTP_HOST=HOST, HTTP_X_FORWARDED_PROTO="https")
    moderator.force_login(
        get_user_model().objects.get(email=f"moderator@{SLUG}.example")
    )
    clients = {None: anonymous, "moderator": moderator}
    # The first request of each page in a process imports and compiles
    # templates: not what a bigger inquiry costs, so it is not measured.
    for _, path, who in PAGES:
        clients[who].get(path)
    rows = []
    for participants, findings in sizes:
        started = time.monotonic()
        grow_participants(inquiry, changes, participants)
        grow_findings(inquiry, findings)
        grown = time.monotonic() - started
        row = {
            "participants": Participant.objects.filter(inquiry=inquiry).count(),
            "findings": Finding.objects.filter(inquiry=inquiry).count(),
            "insert_seconds": round(grown, 1),
            "size": sizes_now(),
            "pages": time_pages(clients, reps),
            "load_average": round(os.getloadavg()[0], 1),
        }
        print(
            f"  {row['participants']:>7,} participants {row['findings']:>9,}"
            f" findings: {row['size']['database'] / 2**20:8.1f} MiB,"
            f" inserted in {grown:.0f} s, "
            + ", ".join(
                f"{k} {v['cold_ms']:.0f}/{v['warm_ms']:.0f} ms"
                for k, v in row["pages"].items()
            ),
            flush=True,
        )
        rows.append(row)
    out.write_text(json.dumps(rows))


# --------------------------------------------------------------------------
# The parent: set-up, fit, report


def fit(xs: list[float], ys: list[float]) -> tuple[float, float]:
    """Least-squares line y = a + b x."""
    if len(xs) == 1:
        return 0.0, ys[0] / xs[0]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    slope /= spread
    return mean_y - slope * mean_x, slope


def extrapolate(rows: list[dict], value) -> dict:  # type: ignore[no-untyped-def]
    """The figure `value(row)` fitted against findings, at the target."""
    xs = [float(r["findings"]) for r in rows]
    ys = [float(value(r)) for r in rows]
    a, b = fit(xs, ys)
    pairs = zip(xs, ys, strict=True)
    worst = max(abs(a + b * x - y) / y if y else 0.0 for x, y in pairs)
    return {
        "measured": ys,
        "at_target": a + b * TARGET[1],
        "per_finding": b,
        "worst_miss": worst,
    }


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()} CPUs ({model or platform.machine()}), {memory:.0f} GiB,"
        f" PostgreSQL 15 on the same machine (shared_buffers as installed)"
    )


def run(args: argparse.Namespace) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="coproduce-national-"))
    try:
        with postgres_database(PG_DB) as url:
            env = bench_env(url, tmp)
            env["TASKS_BACKEND"] = "database"
            for step, timeout in (
                (["migrate", "--noinput"], 900),
                (["seed_demo"], 600),
                (["shell", "-c", PUBLISH_SHELL], 300),
            ):
                started = time.monotonic()
                manage(step, env, timeout)
                print(
                    f"  {step[0]:<13} ok ({time.monotonic() - started:.1f}s)",
                    flush=True,
                )
            collect_static(env)
            out = tmp / "national.json"
            proc = subprocess.run(
                [
                    PYTHON,
                    str(Path(__file__).resolve()),
                    "--child",
                    "--sizes",
                    ",".join(f"{p}:{f}" for p, f in args.sizes),
                    "--reps",
                    str(args.reps),
                    "--out",
                    str(out),
                ],
                cwd=REPO,
                env={**env, "PYTHONPATH": f"{REPO}:{BENCH_DIR}"},
                timeout=7200,
                check=False,
            )
            if proc.returncode != 0 or not out.exists():
                raise BenchError(f"the measuring child failed (exit {proc.returncode})")
            rows = json.loads(out.read_text())
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    tables = sorted(
        rows[-1]["size"]["tables"], key=lambda t: -rows[-1]["size"]["tables"][t]
    )
    return {
        "machine": machine(),
        "rows": rows,
        "target": {"participants": TARGET[0], "findings": TARGET[1]},
        "database": extrapolate(rows, lambda r: r["size"]["database"]),
        "tables": {
            name: extrapolate(rows, lambda r, n=name: r["size"]["tables"].get(n, 0))
            for name in tables[:6]
        },
        "pages": {
            name: {
                kind: extrapolate(rows, lambda r, n=name, k=kind: r["pages"][n][k])
                for kind in ("cold_ms", "warm_ms")
            }
            for name, _, _ in PAGES
        },
    }


def mib(value: float) -> str:
    return f"{value / 2**20:,.0f} MiB" if value < 2**30 else f"{value / 2**30:,.2f} GiB"


def report(data: dict) -> None:
    rows = data["rows"]
    print()
    print(f"Measured on {data['machine']}; shared with other work.")
    print(
        "Method: the demo inquiry grown with bulk_create to each size"
        " (participants with one 'rate' ballot each, findings 1 in 50 waiting),"
        " VACUUM ANALYZE, then sizes and page times; a least-squares line"
        " against findings, read at 1,000,000 findings / 100,000 participants."
    )
    sizes = "".join(f"{r['findings']:>13,}" for r in rows)
    print(f"\n{'findings':<28}{sizes}{'1,000,000 (fit)':>18}{'worst miss':>12}")
    people = "".join(f"{r['participants']:>13,}" for r in rows)
    print(f"{'participants':<28}{people}{'100,000':>18}")
    print(
        f"{'load average (1 min)':<28}"
        + "".join(f"{r['load_average']:>13.1f}" for r in rows)
    )

    def line(label: str, fitted: dict, unit: str) -> None:
        cells = "".join(
            f"{(mib(v) if unit == 'bytes' else f'{v:,.0f} ms'):>13}"
            for v in fitted["measured"]
        )
        target = fitted["at_target"]
        shown = mib(target) if unit == "bytes" else f"{target:,.0f} ms"
        print(f"{label:<28}{cells}{shown:>18}{fitted['worst_miss']:>11.0%}")

    line("database size", data["database"], "bytes")
    for name, fitted in data["tables"].items():
        line(f"  {name.removeprefix('consult_')}", fitted, "bytes")
    for name, kinds in data["pages"].items():
        line(f"{name} page cold", kinds["cold_ms"], "ms")
        line(f"{name} page warm", kinds["warm_ms"], "ms")
    print(
        "\nworst miss: the largest gap between the line and a measured size,"
        " as a share of that size's figure (big = not a straight line)."
    )


def sizes_arg(text: str) -> list[tuple[int, int]]:
    try:
        pairs = [tuple(int(v) for v in part.split(":")) for part in text.split(",")]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"want P:F,P:F..., got {text}") from exc
    if any(len(p) != 2 or min(p) < 1 for p in pairs):
        raise argparse.ArgumentTypeError(f"want P:F,P:F..., got {text}")
    return sorted(pairs)  # type: ignore[arg-type]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        type=sizes_arg,
        default=sizes_arg(DEFAULT_SIZES),
        help="participants:findings at each measured size",
    )
    parser.add_argument("--reps", type=int, default=7, help="warm requests per page")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        child(args.sizes, args.reps, args.out)
        return 0
    if not port_open(HOST, PG_PORT):
        print(f"PostgreSQL does not answer on {HOST}:{PG_PORT}; nothing measured.")
        return 2
    print(
        "National inquiry: sizes "
        + ", ".join(f"{p:,}/{f:,}" for p, f in args.sizes)
        + " (participants/findings) on PostgreSQL",
        flush=True,
    )
    try:
        data = run(args)
    except BenchError as exc:
        print(f"FAILED: {exc}")
        return 2
    if args.json:
        print(json.dumps(data, indent=2))
    report(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
