"""Room burst benchmark: 1,000 people vote at once. Does every acknowledged
ballot get stored, how long do they wait, and what does a ballot POST cost
next to a bare Django POST in the same run?

On PostgreSQL only (a burst of concurrent writers is what it measures; SQLite
takes one writer at a time): a fresh database ``coproduce_bench_room``,
``migrate`` and static files (``pages.collect_static``, collected once and
kept in /tmp for later runs) under ``cms.settings.production``, then the
bench inquiry and its voters, and gunicorn serving real ballot POSTs, through
bench/ballots.py (shared with bench/faults.py): a bench inquiry with an open
Prioritise phase, 5 changes, "rate each change", and participants each with a
real participation code and a browser session of their own.

The runs, each of ``--ballots`` POSTs from ``--clients`` threads, one fresh
connection per POST:

1. bare POST (baseline, before),
2. the burst: every POST is a different participant's ballot to the public
   ballot page ``/inquiries/bench-room/priorities/``; acknowledged = HTTP 302
   to ``.../priorities/voted/``,
3. bare POST again (after; the baseline is the mean of 1 and 3).

Then the database is asked how many ballots (and choices) were stored for
the burst's participants. Printed: acknowledged vs stored (must be equal),
p50/p99 latency, throughput, worker CPU per request, the ballot/bare
throughput ratio, and how long the burst took against the ~10 s goal.

Run from the repository root::

    .venv/bin/python bench/room_burst.py [--ballots 1000] [--clients 50]
        [--workers 4] [--json]
    .venv/bin/python bench/room_burst.py --workers 1,2,4 --db postgres

With a list of worker counts the whole cycle (gunicorn, warm-up, bare, burst,
bare) runs once per count, each with ``--ballots`` voters of its own, and the
ballot and bare POST req/s are printed per count with their ratios to the
first count.

Exit status: 0 when acknowledged == stored and nothing failed, 1 when not,
2 when set-up failed or PostgreSQL is not there.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
if str(BENCH_DIR) not in sys.path:
    sys.path.insert(0, str(BENCH_DIR))

from ballots import (  # noqa: E402  (bench/ is not a package)
    BALLOT_PATH,
    VOTED_PATH,
    BallotGunicorn,
    Poster,
    csrf_from_ballot_page,
    pg_backends,
    post_ballot,
    run_setup_child,
    stored,
    ticks_of,
)
from pages import (  # noqa: E402
    BARE_PATH,
    CLK_TCK,
    HOST,
    PG_PORT,
    REQUEST_TIMEOUT,
    BenchError,
    bench_env,
    children_of,
    collect_static,
    cpu_ticks,
    manage,
    percentile,
    port_open,
    postgres_database,
    workers_arg,
)

PG_DB = "coproduce_bench_room"
WARMUP = 20  # participants whose ballots warm the workers up; not in the burst
GOAL_SECONDS = 10.0
CPUS = os.cpu_count() or 1


@dataclass
class Burst:
    name: str
    sent: int
    acknowledged: int
    failed: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    cpu_ms_per_request: float
    db_cpu_ms_per_request: float
    db_backends: int
    problems: list[str]


def burst(
    server: BallotGunicorn,
    name: str,
    path: str,
    expect: str,
    poster: Poster,
    people: list[int],
    clients: int,
) -> Burst:
    """POST once for each participant index in `people`, from `clients`
    threads. A POST is acknowledged when it answers 302 to `expect`."""
    lock = threading.Lock()
    queue = list(reversed(people))
    latencies: list[float] = []
    problems: list[str] = []
    start_gate = threading.Event()

    def worker() -> None:
        mine: list[float] = []
        bad: list[str] = []
        start_gate.wait()
        while True:
            with lock:
                if not queue:
                    break
                n = queue.pop()
            outcome = post_ballot(server.port, poster, path, expect, n)
            if outcome.acknowledged:
                mine.append(outcome.seconds)
            else:
                bad.append(outcome.detail)
        with lock:
            latencies.extend(mine)
            problems.extend(bad)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    workers = children_of(server.proc.pid)
    backends = pg_backends(PG_DB)
    before = cpu_ticks(workers)
    db_before = ticks_of(backends)
    started = time.perf_counter()
    start_gate.set()
    for thread in threads:
        thread.join(REQUEST_TIMEOUT * 4 + len(people))
    wall = time.perf_counter() - started
    after = cpu_ticks(workers)
    # Backends that appeared during the run count from zero.
    backends = sorted(set(backends) | set(pg_backends(PG_DB)))
    db_after = ticks_of(backends)
    db_used = sum(db_after[p] - db_before.get(p, 0) for p in db_after)
    if any(thread.is_alive() for thread in threads):
        raise BenchError(f"{name}: client threads did not finish")
    done = len(latencies)
    return Burst(
        name=name,
        sent=len(people),
        acknowledged=done,
        failed=len(problems),
        seconds=round(wall, 3),
        rps=done / wall if wall else 0.0,
        p50_ms=percentile(latencies, 50) * 1000 if latencies else 0.0,
        p99_ms=percentile(latencies, 99) * 1000 if latencies else 0.0,
        cpu_ms_per_request=(after - before) * 1000.0 / CLK_TCK / max(done, 1),
        db_cpu_ms_per_request=db_used * 1000.0 / CLK_TCK / max(done, 1),
        db_backends=len(backends),
        problems=problems[:5],
    )


def run_workers(
    env: dict[str, str],
    tmp: Path,
    setup: dict,
    workers: int,
    people: list[int],
    clients: int,
) -> dict:
    """gunicorn with `workers` sync workers: warm up, then bare POST, the
    burst of `people`'s ballots, bare POST again; what PostgreSQL stored."""
    server = BallotGunicorn(env, tmp / f"gunicorn-{workers}.log", workers)
    try:
        server.wait_ready()
        print(
            f"  gunicorn      up on {HOST}:{server.port}, {workers} sync workers",
            flush=True,
        )
        csrf_cookie, token = csrf_from_ballot_page(server, setup)
        poster = Poster(setup, csrf_cookie, token)
        warm = list(range(WARMUP))
        for name, path, expect in (
            ("warm-up bare", BARE_PATH, BARE_PATH),
            ("warm-up ballots", BALLOT_PATH, VOTED_PATH),
        ):
            result = burst(
                server, name, path, expect, poster, warm, min(clients, WARMUP)
            )
            if result.failed:
                raise BenchError(
                    f"{name} failed: {result.problems}\n{server.log_tail()}"
                )
        runs = [
            burst(
                server,
                "bare POST (before)",
                BARE_PATH,
                BARE_PATH,
                poster,
                people,
                clients,
            ),
            burst(
                server,
                "ballot POST (burst)",
                BALLOT_PATH,
                VOTED_PATH,
                poster,
                people,
                clients,
            ),
            burst(
                server,
                "bare POST (after)",
                BARE_PATH,
                BARE_PATH,
                poster,
                people,
                clients,
            ),
        ]
    finally:
        server.stop()
    ballots, choices = stored(setup, people, PG_DB)
    return {
        "workers": workers,
        "runs": [asdict(r) for r in runs],
        "stored_ballots": ballots,
        "stored_choices": choices,
        "expected_choices": 5 * runs[1].acknowledged,
    }


def run(args: argparse.Namespace) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="coproduce-room-burst-"))
    try:
        with postgres_database(PG_DB) as url:
            env = bench_env(url, tmp)
            for step, timeout in ((["migrate", "--noinput"], 900),):
                started = time.monotonic()
                manage(step, env, timeout)
                print(
                    f"  {step[0]:<13} ok ({time.monotonic() - started:.1f}s)",
                    flush=True,
                )
            collect_static(env)
            started = time.monotonic()
            # Every worker count gets voters of its own: a ballot cast again
            # is an update, a different (cheaper) thing to measure.
            total = WARMUP + args.ballots * len(args.workers)
            setup = run_setup_child(total, tmp / "setup.json", env)
            print(
                f"  setup         ok ({time.monotonic() - started:.1f}s):"
                f" {total} participants with codes and sessions",
                flush=True,
            )
            by_workers = []
            for index, workers in enumerate(args.workers):
                first = WARMUP + index * args.ballots
                people = list(range(first, first + args.ballots))
                by_workers.append(
                    run_workers(env, tmp, setup, workers, people, args.clients)
                )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {
        "ballots": args.ballots,
        "clients": args.clients,
        "cpus": CPUS,
        "by_workers": by_workers,
    }


def report_one(data: dict, block: dict) -> bool:
    before, ballot, after = block["runs"]
    print()
    print(
        f"{data['ballots']} POSTs per run, {data['clients']} client threads,"
        f" {block['workers']} gunicorn sync workers, PostgreSQL"
    )
    print(
        f"  {'run':<22}{'ack':>6}{'failed':>8}{'seconds':>9}{'req/s':>9}"
        f"{'p50 ms':>9}{'p99 ms':>9}{'CPU ms/req':>12}{'DB CPU':>8}"
    )
    for run in block["runs"]:
        print(
            f"  {run['name']:<22}{run['acknowledged']:>6}{run['failed']:>8}"
            f"{run['seconds']:>9.2f}{run['rps']:>9.1f}{run['p50_ms']:>9.1f}"
            f"{run['p99_ms']:>9.1f}{run['cpu_ms_per_request']:>12.2f}"
            f"{run['db_cpu_ms_per_request']:>8.2f}"
        )
    bare_rps = (before["rps"] + after["rps"]) / 2
    bare_cpu = (before["cpu_ms_per_request"] + after["cpu_ms_per_request"]) / 2
    cpu_ratio = ballot["cpu_ms_per_request"] / max(bare_cpu, 0.01)
    print(
        f"  ballots acknowledged {ballot['acknowledged']} vs stored"
        f" {block['stored_ballots']} (choices stored {block['stored_choices']},"
        f" expected {block['expected_choices']})"
    )
    print(
        f"  throughput ballot / bare POST: {ballot['rps']:.1f} / {bare_rps:.1f} req/s"
        f" = {ballot['rps'] / max(bare_rps, 0.01):.3f}x;"
        f" worker CPU per request {ballot['cpu_ms_per_request']:.2f} /"
        f" {bare_cpu:.2f} ms = {cpu_ratio:.1f}x"
    )
    print(
        f"  the burst took {ballot['seconds']:.1f} s"
        f" (goal: about {GOAL_SECONDS:.0f} s for 1,000)"
    )
    print(
        f"  PostgreSQL CPU measured over {ballot['db_backends']} backends"
        " (the workers' connections)"
    )
    for problem in ballot["problems"]:
        print(f"  failed ballot POST: {problem}")
    ok = (
        ballot["acknowledged"] == block["stored_ballots"]
        and ballot["failed"] == 0
        and block["stored_choices"] == block["expected_choices"]
    )
    print(
        "  CHECK "
        + ("PASS" if ok else "FAIL: acknowledged and stored differ, or POSTs failed")
    )
    return ok


def report_scaling(data: dict) -> None:
    """Ballot and bare POST req/s per worker count, as ratios to the first."""
    blocks = data["by_workers"]
    print()
    print(
        f"Scaling with gunicorn workers ({data['clients']} client threads,"
        f" PostgreSQL). This machine has {data['cpus']} CPUs, shared with the"
        f" load generator, PostgreSQL and other work, so more than {data['cpus']}"
        f" workers cannot go past about {data['cpus']}x."
    )
    first = blocks[0]
    print(f"  {'workers':>7}{'ballot req/s':>14}{'x':>8}{'bare req/s':>12}{'x':>8}")
    for block in blocks:
        ballot = block["runs"][1]["rps"]
        bare = (block["runs"][0]["rps"] + block["runs"][2]["rps"]) / 2
        base_ballot = first["runs"][1]["rps"]
        base_bare = (first["runs"][0]["rps"] + first["runs"][2]["rps"]) / 2
        print(
            f"  {block['workers']:>7}{ballot:>14.1f}"
            f"{ballot / max(base_ballot, 0.01):>7.2f}x{bare:>12.1f}"
            f"{bare / max(base_bare, 0.01):>7.2f}x"
        )
    names = ", ".join(f"{b['workers']}w/{first['workers']}w" for b in blocks[1:])
    if names:
        print(f"  (x = {names} against {first['workers']} worker(s))")


def report(data: dict) -> bool:
    ok = True
    for block in data["by_workers"]:
        ok = report_one(data, block) and ok
    if len(data["by_workers"]) > 1:
        report_scaling(data)
    return ok


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ballots", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument(
        "--workers",
        type=workers_arg,
        default=[4],
        help="gunicorn sync workers, or a list (1,2,4) to measure scaling",
    )
    parser.add_argument(
        "--db",
        choices=["postgres"],
        default="postgres",
        help="PostgreSQL only: the burst is many writers at once",
    )
    parser.add_argument("--json", action="store_true")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not port_open(HOST, PG_PORT):
        print(f"PostgreSQL does not answer on {HOST}:{PG_PORT}; nothing measured.")
        return 2
    print(
        f"Room burst: {args.ballots} ballots per worker count"
        f" ({','.join(map(str, args.workers))}) on PostgreSQL",
        flush=True,
    )
    try:
        data = run(args)
    except BenchError as exc:
        print(f"FAILED: {exc}")
        return 2
    if args.json:
        print(json.dumps(data, indent=2))
    return 0 if report(data) else 1


if __name__ == "__main__":
    sys.exit(main())
