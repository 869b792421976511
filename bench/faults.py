"""Faults benchmark: a gunicorn worker is killed while people vote. Is every
acknowledged ballot stored, exactly once?

One command, from the repository root::

    .venv/bin/python bench/faults.py [--ballots 1000] [--clients 16]
        [--workers 4] [--kill-after 300] [--json]

What it does:

1. a fresh PostgreSQL database ``bench_faults`` (dropped at the end),
   ``migrate``, ``seed_demo`` and static files (``pages.collect_static``:
   collected once, kept in /tmp for later runs) under
   ``cms.settings.production``, with ``TASKS_BACKEND=immediate`` and
   ``REDIS_URL`` pointing at Redis database 5 (cache and sessions shared by
   the workers, as in production; only that database is flushed, before and
   after);
2. bench/ballots.py's bench inquiry and ``--ballots`` + 20 voters, each with a
   real participation code and a session of their own (the same set-up as
   bench/room_burst.py);
3. gunicorn with ``--workers`` sync workers; 20 warm-up ballots;
4. ``--clients`` threads cast ``--ballots`` ballots, one voter each. When
   ``--kill-after`` ballots have been acknowledged, one worker (a busy one
   when one is running on a CPU at that moment) gets SIGKILL; the master must
   start a new worker (a PID it did not have before) and the casting goes on.
   A client whose connection breaks (no HTTP answer: the request died with
   the worker) asks PostgreSQL whether that voter's ballot is already there,
   for the report only, then sends the same ballot again, up to 6 tries.
   That is safe because a ballot POST is idempotent per voter: one ballot per
   participant and inquiry (a unique constraint), and ``cast_ballot`` replaces
   it, or leaves it alone when the choices are the same;
5. then PostgreSQL is asked what it holds: every acknowledged voter must have
   exactly one ballot with exactly the 5 marks that were sent; nobody may
   have two ballots or a change marked twice.

Printed: acknowledged, stored, duplicates, lost, wrong marks, broken
connections and retries, the worker PIDs before and after the kill and how
long the master took to replace it, elapsed time, and whether the
PostgreSQL server saw errors: the database's own counters
(``pg_stat_database``: rolled-back transactions, deadlocks) and the ERROR /
FATAL / PANIC lines the server logged during the run (its log file, when this
user can read it; the log covers the whole server, so other people's
databases can show up there too).

Exit status: 0 when acknowledged == stored, nothing is duplicated, lost or
wrong and the worker was replaced; 1 when not; 2 when set-up failed or
PostgreSQL or Redis is not there.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
if str(BENCH_DIR) not in sys.path:
    sys.path.insert(0, str(BENCH_DIR))

from ballots import (  # noqa: E402  (bench/ is not a package)
    BALLOT_PATH,
    CHANGES,
    VOTED_PATH,
    BallotGunicorn,
    Poster,
    csrf_from_ballot_page,
    duplicate_ballots,
    marks_for,
    pg_connect,
    post_ballot,
    run_setup_child,
    stored_detail,
)
from pages import (  # noqa: E402
    HOST,
    PG_PORT,
    BenchError,
    bench_env,
    children_of,
    collect_static,
    manage,
    port_open,
    postgres_database,
)

PG_DB = "bench_faults"
REDIS_PORT = 6379
REDIS_DB = 5
REDIS_URL = f"redis://{HOST}:{REDIS_PORT}/{REDIS_DB}"
PG_LOG = Path("/var/log/postgresql/postgresql-15-main.log")
WARMUP = 20
MAX_TRIES = 6
RESTART_TIMEOUT = 60.0


def flush_redis() -> None:
    """Empty Redis database 5 only (never FLUSHALL: others use the server)."""
    import redis

    client = redis.Redis(host=HOST, port=REDIS_PORT, db=REDIS_DB)
    try:
        client.flushdb()
    finally:
        client.close()


def state_of(pid: int) -> str:
    """The process state letter from /proc/<pid>/stat (R = on a CPU)."""
    with contextlib.suppress(OSError, IndexError):
        raw = Path(f"/proc/{pid}/stat").read_text()
        return raw[raw.rindex(")") + 2 :].split()[0]
    return "?"


def db_counters() -> dict[str, int]:
    """pg_stat_database for the bench database: what went wrong inside it."""
    with pg_connect("postgres") as conn:
        row = conn.execute(
            "SELECT xact_commit, xact_rollback, deadlocks, conflicts"
            " FROM pg_stat_database WHERE datname = %s",
            (PG_DB,),
        ).fetchone()
    keys = ("xact_commit", "xact_rollback", "deadlocks", "conflicts")
    return dict(zip(keys, (int(v or 0) for v in row), strict=True))


def log_offset() -> int | None:
    try:
        return PG_LOG.stat().st_size
    except OSError:
        return None


def log_since(offset: int | None) -> list[str] | None:
    """Lines the server logged after `offset`; None when unreadable."""
    if offset is None:
        return None
    try:
        with PG_LOG.open("rb") as handle:
            handle.seek(offset)
            return handle.read().decode("utf-8", "replace").splitlines()
    except OSError:
        return None


def has_ballot(setup: dict, n: int) -> bool:
    with pg_connect(PG_DB) as conn:
        return bool(
            conn.execute(
                "SELECT count(*) FROM consult_priorityballot"
                " WHERE inquiry_id = %s AND participant_id = %s",
                (setup["inquiry_pk"], setup["participants"][n]),
            ).fetchone()[0]
        )


@dataclass
class Tally:
    acknowledged: list[int] = field(default_factory=list)
    failed: dict[int, str] = field(default_factory=dict)
    broken: int = 0  # connections that broke (no HTTP answer)
    broken_after_commit: int = 0  # ... when the ballot was already stored
    retries: int = 0
    retried_voters: list[int] = field(default_factory=list)


@dataclass
class Kill:
    victim: int = 0
    victim_state: str = ""
    at_acknowledged: int = 0
    before: list[int] = field(default_factory=list)
    after: list[int] = field(default_factory=list)
    replaced_in: float | None = None


def cast_all(
    server: BallotGunicorn,
    poster: Poster,
    setup: dict,
    people: list[int],
    clients: int,
    kill_after: int,
    workers: int,
) -> tuple[Tally, Kill, float]:
    """Cast every voter's ballot from `clients` threads, retrying broken
    connections; kill one worker after `kill_after` acknowledgements."""
    lock = threading.Lock()
    queue = list(reversed(people))
    tally = Tally()
    kill = Kill()
    reached = threading.Event()
    done = threading.Event()

    def client() -> None:
        while True:
            with lock:
                if not queue:
                    return
                n = queue.pop()
            for attempt in range(1, MAX_TRIES + 1):
                outcome = post_ballot(server.port, poster, BALLOT_PATH, VOTED_PATH, n)
                if outcome.acknowledged:
                    with lock:
                        tally.acknowledged.append(n)
                        if len(tally.acknowledged) >= kill_after:
                            reached.set()
                    break
                if not outcome.broken or attempt == MAX_TRIES:
                    with lock:
                        tally.failed[n] = outcome.detail
                    break
                already = has_ballot(setup, n)
                with lock:
                    tally.broken += 1
                    tally.broken_after_commit += int(already)
                    tally.retries += 1
                    tally.retried_voters.append(n)
                time.sleep(0.2 * attempt)

    def killer() -> None:
        while not reached.wait(0.05):
            if done.is_set():
                return
        before = children_of(server.proc.pid)
        running = [pid for pid in before if state_of(pid) == "R"]
        victim = (running or before)[0]
        kill.victim, kill.victim_state = victim, state_of(victim)
        kill.before = before
        with lock:
            kill.at_acknowledged = len(tally.acknowledged)
        os.kill(victim, signal.SIGKILL)
        killed_at = time.monotonic()
        while time.monotonic() - killed_at < RESTART_TIMEOUT:
            now = children_of(server.proc.pid)
            fresh = [pid for pid in now if pid not in before]
            if victim not in now and fresh and len(now) == workers:
                kill.after = now
                kill.replaced_in = time.monotonic() - killed_at
                return
            time.sleep(0.02)
        kill.after = children_of(server.proc.pid)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    killer_thread = threading.Thread(target=killer, daemon=True)
    started = time.perf_counter()
    killer_thread.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(600)
    elapsed = time.perf_counter() - started
    done.set()
    killer_thread.join(RESTART_TIMEOUT + 5)
    if any(t.is_alive() for t in threads):
        raise BenchError("client threads did not finish in 10 minutes")
    return tally, kill, elapsed


def run(args: argparse.Namespace) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="coproduce-faults-"))
    flush_redis()
    began = time.monotonic()
    try:
        with postgres_database(PG_DB) as url:
            env = bench_env(url, tmp)
            env["REDIS_URL"] = REDIS_URL
            for step, timeout in (
                (["migrate", "--noinput"], 900),
                (["seed_demo"], 600),
            ):
                started = time.monotonic()
                manage(step, env, timeout)
                print(
                    f"  {step[0]:<13} ok ({time.monotonic() - started:.1f}s)",
                    flush=True,
                )
            collect_static(env)
            started = time.monotonic()
            setup = run_setup_child(WARMUP + args.ballots, tmp / "setup.json", env)
            print(
                f"  setup         ok ({time.monotonic() - started:.1f}s):"
                f" {WARMUP + args.ballots} voters with codes and sessions",
                flush=True,
            )
            server = BallotGunicorn(env, tmp / "gunicorn.log", args.workers)
            try:
                server.wait_ready()
                csrf_cookie, token = csrf_from_ballot_page(server, setup)
                poster = Poster(setup, csrf_cookie, token)
                for n in range(WARMUP):
                    outcome = post_ballot(
                        server.port, poster, BALLOT_PATH, VOTED_PATH, n
                    )
                    if not outcome.acknowledged:
                        raise BenchError(
                            f"warm-up ballot failed: {outcome.detail}\n"
                            f"{server.log_tail()}"
                        )
                print(
                    f"  gunicorn      up on {HOST}:{server.port},"
                    f" {args.workers} sync workers {children_of(server.proc.pid)}",
                    flush=True,
                )
                counters_before = db_counters()
                offset = log_offset()
                people = list(range(WARMUP, WARMUP + args.ballots))
                tally, kill, elapsed = cast_all(
                    server,
                    poster,
                    setup,
                    people,
                    args.clients,
                    args.kill_after,
                    args.workers,
                )
                gunicorn_log = server.log_tail(200)
            finally:
                server.stop()
            counters_after = db_counters()
            log_lines = log_since(offset)
            held = stored_detail(setup, PG_DB)
            duplicates = duplicate_ballots(setup, PG_DB)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        with contextlib.suppress(Exception):
            flush_redis()

    pk_of = setup["participants"]
    acknowledged = set(tally.acknowledged)
    held_people = {n for n in people if pk_of[n] in held}
    wrong = [
        n
        for n in held_people
        if held[pk_of[n]]
        != {
            int(name.removeprefix("change_")): int(value)
            for name, value in marks_for(n, setup["change_pks"])
        }
    ]
    problems = [
        line
        for line in (log_lines or [])
        if any(level in line for level in ("ERROR:", "FATAL:", "PANIC:"))
    ]
    return {
        "ballots": args.ballots,
        "clients": args.clients,
        "workers": args.workers,
        "acknowledged": len(tally.acknowledged),
        "acknowledged_twice": len(tally.acknowledged) - len(acknowledged),
        "stored": len(held_people),
        "duplicates": duplicates,
        "lost": len(acknowledged - held_people),
        "stored_not_acknowledged": len(held_people - acknowledged),
        "wrong_marks": len(wrong),
        "failed": len(tally.failed),
        "failures": list(tally.failed.values())[:5],
        "broken_connections": tally.broken,
        "broken_after_commit": tally.broken_after_commit,
        "retries": tally.retries,
        "retried_voters_acknowledged": sum(
            1 for n in set(tally.retried_voters) if n in acknowledged
        ),
        "kill": {
            "victim": kill.victim,
            "victim_state": kill.victim_state,
            "at_acknowledged": kill.at_acknowledged,
            "workers_before": kill.before,
            "workers_after": kill.after,
            "replaced_in_seconds": kill.replaced_in,
        },
        "elapsed_seconds": round(elapsed, 2),
        "total_seconds": round(time.monotonic() - began, 1),
        "postgres": {
            "counters_before": counters_before,
            "counters_after": counters_after,
            "log_readable": log_lines is not None,
            "log_lines": len(log_lines or []),
            "log_problems": problems[:20],
            "log_problem_count": len(problems),
            "log_first_lines": (log_lines or [])[:10],
        },
        "gunicorn_log_kill_lines": [
            line for line in gunicorn_log.splitlines() if "SIGKILL" in line
        ][:5],
        "changes_per_ballot": CHANGES,
    }


def report(data: dict) -> bool:
    kill = data["kill"]
    pg = data["postgres"]
    before, after = pg["counters_before"], pg["counters_after"]
    print()
    print(
        f"{data['ballots']} ballots, one voter each, {data['clients']} client"
        f" threads, {data['workers']} gunicorn sync workers, PostgreSQL +"
        f" Redis db {REDIS_DB}"
    )
    print(f"  acknowledged        {data['acknowledged']}")
    print(f"  stored              {data['stored']}")
    print(f"  duplicates          {data['duplicates']}")
    print(f"  lost                {data['lost']} (acknowledged, not stored)")
    print(
        f"  wrong marks         {data['wrong_marks']}"
        f" (stored ballots whose {CHANGES} marks differ from what was sent)"
    )
    print(
        f"  stored, never acknowledged {data['stored_not_acknowledged']};"
        f" failed {data['failed']}"
    )
    for failure in data["failures"]:
        print(f"    failed: {failure}")
    print(
        f"  broken connections  {data['broken_connections']}"
        f" ({data['broken_after_commit']} after the ballot was committed);"
        f" retries {data['retries']},"
        f" retried voters acknowledged {data['retried_voters_acknowledged']}"
    )
    replaced = kill["replaced_in_seconds"]
    print(
        f"  killed worker       {kill['victim']} (state {kill['victim_state']})"
        f" with SIGKILL after {kill['at_acknowledged']} acknowledged"
    )
    print(f"  worker PIDs before  {kill['workers_before']}")
    print(f"  worker PIDs after   {kill['workers_after']}")
    print(
        "  replaced            "
        + (f"in {replaced:.2f} s" if replaced is not None else "NOT REPLACED")
    )
    for line in data["gunicorn_log_kill_lines"]:
        print(f"    gunicorn: {line.strip()}")
    print(
        f"  elapsed             {data['elapsed_seconds']:.1f} s casting"
        f" ({data['total_seconds']:.0f} s with set-up)"
    )
    rolled = after["xact_rollback"] - before["xact_rollback"]
    deadlocks = after["deadlocks"] - before["deadlocks"]
    print(
        f"  PostgreSQL          {after['xact_commit'] - before['xact_commit']}"
        f" commits, {rolled} rollbacks, {deadlocks} deadlocks in {PG_DB}"
        " during the casting"
    )
    if not pg["log_readable"]:
        print(f"  PostgreSQL log      not readable here ({PG_LOG})")
    else:
        print(
            f"  PostgreSQL log      {pg['log_lines']} lines during the casting,"
            f" {pg['log_problem_count']} ERROR/FATAL/PANIC (whole server)"
        )
        for line in pg["log_problems"]:
            print(f"    {line}")
        if pg["log_lines"] <= 10:
            # A handful of lines: show them (the killed worker's backend
            # usually logs its lost client at LOG level).
            for line in pg["log_first_lines"]:
                print(f"    log: {line}")
    ok = (
        data["acknowledged"] == data["stored"]
        and data["duplicates"] == 0
        and data["lost"] == 0
        and data["wrong_marks"] == 0
        and data["acknowledged_twice"] == 0
        and replaced is not None
    )
    print(
        "  CHECK "
        + (
            "PASS: every acknowledged ballot stored exactly once"
            if ok
            else "FAIL: see the figures above"
        )
    )
    return ok


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ballots", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--kill-after",
        type=int,
        default=300,
        help="acknowledged ballots before one worker is killed",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not 0 < args.kill_after < args.ballots or args.workers < 2:
        parser.error("need 0 < --kill-after < --ballots and 2 or more workers")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    for name, port in (("PostgreSQL", PG_PORT), ("Redis", REDIS_PORT)):
        if not port_open(HOST, port):
            print(f"{name} does not answer on {HOST}:{port}; nothing measured.")
            return 2
    print(
        f"Faults: {args.ballots} ballots, one worker killed after {args.kill_after}",
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
