"""Room burst benchmark: 1,000 people vote at once. Does every acknowledged
ballot get stored, how long do they wait, and what does a ballot POST cost
next to a bare Django POST in the same run?

On PostgreSQL only (a burst of concurrent writers is what it measures; SQLite
takes one writer at a time): a fresh database ``coproduce_bench_room``,
``migrate`` and ``collectstatic`` under ``cms.settings.production``, then, in
a child process, a bench inquiry with an open Prioritise phase, 5 changes,
"rate each change" voting, and ``--ballots`` + ``WARMUP`` participants, each
with a real participation code (``create_code_batch`` then ``redeem_code``)
and a browser session of their own that holds them, as the code page leaves
it (``participation.SESSION_KEY``). The sessions are written straight into
the session store to save 2,000 set-up requests; the ballot POSTs are the
real ones.

gunicorn (``--workers`` sync workers, production settings, a free port on
127.0.0.1) serves ``room_burst:bench_wsgi()``: the production WSGI app with a
bench-only URLconf, the project's URLs plus ``/bench-bare-post/``, a view
that reads the same form and redirects. Nothing is added to the project's
own URLs. Every request goes through the full middleware with a valid CSRF
cookie and token, ``Origin`` and ``X-Forwarded-Proto: https``.

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

Exit status: 0 when acknowledged == stored and nothing failed, 1 when not,
2 when set-up failed or PostgreSQL is not there.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import asdict, dataclass
from http.cookies import SimpleCookie
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
if str(BENCH_DIR) not in sys.path:
    sys.path.insert(0, str(BENCH_DIR))

from pages import (  # noqa: E402  (bench/ is not a package)
    CLK_TCK,
    GUNICORN,
    HOST,
    PG_PORT,
    PYTHON,
    REPO,
    REQUEST_TIMEOUT,
    BenchError,
    Gunicorn,
    bench_env,
    children_of,
    cpu_ticks,
    fetch,
    free_port,
    manage,
    percentile,
    port_open,
    postgres_database,
)

PG_DB = "coproduce_bench_room"
SLUG = "bench-room"
BALLOT_PATH = f"/inquiries/{SLUG}/priorities/"
VOTED_PATH = f"/inquiries/{SLUG}/priorities/voted/"
BARE_PATH = "/bench-bare-post/"
BENCH_URLCONF = "coproduce_room_bench_urls"
WARMUP = 20  # participants whose ballots warm the workers up; not in the burst
GOAL_SECONDS = 10.0


# --------------------------------------------------------------------------
# Inside gunicorn and the child: Django code, imported lazily


def django_setup() -> None:
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
    import django

    django.setup()


def install_bench_urls() -> None:
    """The project's URLs plus a bare POST view, as this process's root
    URLconf. Django must be set up already."""
    import types

    from django.conf import settings
    from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
    from django.urls import include, path
    from django.views.decorators.http import require_POST

    @require_POST
    def bare_post(request: HttpRequest) -> HttpResponse:
        """Read the same form the ballot page gets, then redirect like it."""
        marks = {k: v for k, v in request.POST.items() if k.startswith("change_")}
        return HttpResponseRedirect(f"{request.path}?voted={len(marks)}")

    urls = types.ModuleType(BENCH_URLCONF)
    urls.urlpatterns = [  # type: ignore[attr-defined]
        path(BARE_PATH.strip("/") + "/", bare_post, name="bench_bare_post"),
        path("", include("cms.urls")),
    ]
    urls.handler500 = "cms.views.server_error"  # type: ignore[attr-defined]
    sys.modules[BENCH_URLCONF] = urls
    settings.ROOT_URLCONF = BENCH_URLCONF


def bench_wsgi():  # type: ignore[no-untyped-def]
    """gunicorn entry point: the production WSGI app, bench-only URLconf."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    install_bench_urls()
    return application


def child_setup(count: int, out: Path) -> None:
    """The bench inquiry, its changes and voting rules, and `count`
    participants, each with a redeemed code and a session of their own."""
    django_setup()
    import datetime as dt
    from importlib import import_module

    from django.conf import settings
    from django.utils import timezone

    from consult import services
    from consult.models import PhaseKind, PrioritySettings
    from consult.participation import SESSION_KEY

    today = timezone.localdate()
    inquiry = services.create_inquiry(
        title="Bench room inquiry",
        slug=SLUG,
        question="What would make social care work for you?",
        easy_read_question="What would make care good for you?",
        phases=[
            services.PhasePlan(
                kind=PhaseKind.PRIORITISE,
                opens_on=today - dt.timedelta(days=1),
                closes_on=today + dt.timedelta(days=7),
            )
        ],
    )
    changes = [
        services.add_change(
            inquiry=inquiry,
            title=title,
            easy_read_title=title,
            easy_read_text="Short words.",
            pictogram=picture,
        )
        for title, picture in [
            ("Communities where everyone belongs", "community"),
            ("Living in the place we call home", "home"),
            ("Leading the lives we want to live", "good"),
            ("More resources, better used", "money"),
            ("Sharing power as equals", "equal"),
        ]
    ]
    PrioritySettings.objects.create(inquiry=inquiry, method="rate")
    plain: list[str] = []
    while len(plain) < count:
        size = min(500, count - len(plain))
        _, made = services.create_code_batch(
            inquiry=inquiry, label=f"Bench {len(plain)}", size=size, created_by=None
        )
        plain.extend(made)
    engine = import_module(settings.SESSION_ENGINE)
    sessions = []
    participants = []
    for code in plain:
        participant = services.redeem_code(inquiry=inquiry, typed=code)
        store = engine.SessionStore()
        store[SESSION_KEY] = {str(inquiry.pk): participant.pk}
        store.create()
        sessions.append(store.session_key)
        participants.append(participant.pk)
    out.write_text(
        json.dumps(
            {
                "inquiry_pk": inquiry.pk,
                "change_pks": [c.pk for c in changes],
                "sessions": sessions,
                "participants": participants,
                "cookie_name": settings.SESSION_COOKIE_NAME,
                "csrf_cookie_name": settings.CSRF_COOKIE_NAME,
            }
        )
    )


# --------------------------------------------------------------------------
# The parent: processes and load


class BurstGunicorn(Gunicorn):
    """pages.py's gunicorn, serving ``room_burst:bench_wsgi()`` with
    ``workers`` sync workers."""

    def __init__(self, env: dict[str, str], log_path: Path, workers: int) -> None:
        self.port = free_port()
        self.log_path = log_path
        self.count = workers
        self._log = log_path.open("w")
        self.proc = subprocess.Popen(
            [
                GUNICORN,
                "room_burst:bench_wsgi()",
                "--pythonpath",
                f"{REPO},{BENCH_DIR}",
                "--workers",
                str(workers),
                "--backlog",
                "2048",
                "--bind",
                f"{HOST}:{self.port}",
                "--log-level",
                "warning",
                "--timeout",
                "60",
                "--graceful-timeout",
                "10",
            ],
            cwd=REPO,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(
                    f"gunicorn exited with {self.proc.returncode}:\n{self.log_tail()}"
                )
            if len(children_of(self.proc.pid)) == self.count:
                with contextlib.suppress(OSError, http.client.HTTPException):
                    status, _ = fetch(self.port, "/", timeout=5)
                    if status:
                        return
            time.sleep(0.25)
        raise BenchError(f"gunicorn not ready after {timeout:.0f}s:\n{self.log_tail()}")


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


def marks_for(n: int, change_pks: list[int]) -> list[tuple[str, str]]:
    """Participant n's ratings: 1 to 5, different from person to person."""
    return [
        (f"change_{pk}", str((n * 7 + i * 3) % 5 + 1))
        for i, pk in enumerate(change_pks)
    ]


class Poster:
    def __init__(self, setup: dict, csrf_cookie: str, token: str) -> None:
        self.setup = setup
        self.csrf_cookie = csrf_cookie
        self.token = token

    def request(self, path: str, n: int) -> tuple[bytes, dict[str, str]]:
        body = urllib.parse.urlencode(
            [
                ("csrfmiddlewaretoken", self.token),
                *marks_for(n, self.setup["change_pks"]),
            ]
        ).encode()
        cookie = (
            f"{self.setup['cookie_name']}={self.setup['sessions'][n]}; "
            f"{self.setup['csrf_cookie_name']}={self.csrf_cookie}"
        )
        return body, {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "Origin": f"https://{HOST}",
            "Referer": f"https://{HOST}{path}",
            "Cookie": cookie,
            "Content-Type": "application/x-www-form-urlencoded",
            "Content-Length": str(len(body)),
            "User-Agent": "coproduce-bench/1",
        }


def burst(
    server: BurstGunicorn,
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
            body, headers = poster.request(path, n)
            t0 = time.perf_counter()
            conn = http.client.HTTPConnection(
                HOST, server.port, timeout=REQUEST_TIMEOUT
            )
            try:
                conn.request("POST", path, body=body, headers=headers)
                resp = conn.getresponse()
                data = resp.read()
                location = resp.getheader("Location", "")
                if resp.status == 302 and location.split("?")[0].endswith(expect):
                    mine.append(time.perf_counter() - t0)
                else:
                    snippet = data[:160].decode("utf-8", "replace")
                    bad.append(f"HTTP {resp.status} {location} {snippet}")
            except (OSError, http.client.HTTPException) as exc:
                bad.append(f"{type(exc).__name__}: {exc}")
            finally:
                conn.close()
        with lock:
            latencies.extend(mine)
            problems.extend(bad)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    workers = children_of(server.proc.pid)
    backends = pg_backends()
    before = cpu_ticks(workers)
    db_before = ticks_of(backends)
    started = time.perf_counter()
    start_gate.set()
    for thread in threads:
        thread.join(REQUEST_TIMEOUT * 4 + len(people))
    wall = time.perf_counter() - started
    after = cpu_ticks(workers)
    # Backends that appeared during the run count from zero.
    backends = sorted(set(backends) | set(pg_backends()))
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


def pg_backends() -> list[int]:
    """PIDs of the PostgreSQL backends serving the bench database (the
    workers keep their connections, CONN_MAX_AGE), found by their process
    title: "postgres: <user> <database> <client> <state>"."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        with contextlib.suppress(OSError):
            title = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ")
            if title.startswith(b"postgres: ") and f" {PG_DB} ".encode() in title:
                found.append(int(entry))
    return sorted(found)


def ticks_of(pids: list[int]) -> dict[int, int]:
    found: dict[int, int] = {}
    for pid in pids:
        with contextlib.suppress(OSError, ValueError, IndexError):
            found[pid] = cpu_ticks([pid])
    return found


def csrf_from_ballot_page(server: BurstGunicorn, setup: dict) -> tuple[str, str]:
    """GET the ballot page as the first warm-up participant: (cookie, token)."""
    conn = http.client.HTTPConnection(HOST, server.port, timeout=REQUEST_TIMEOUT)
    try:
        conn.request(
            "GET",
            BALLOT_PATH,
            headers={
                "Host": HOST,
                "X-Forwarded-Proto": "https",
                "Cookie": f"{setup['cookie_name']}={setup['sessions'][0]}",
            },
        )
        resp = conn.getresponse()
        body = resp.read().decode("utf-8", "replace")
        cookies = SimpleCookie()
        for header in resp.headers.get_all("Set-Cookie") or []:
            cookies.load(header)
    finally:
        conn.close()
    if resp.status != 200:
        raise BenchError(f"GET {BALLOT_PATH}: HTTP {resp.status}\n{server.log_tail()}")
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    name = setup["csrf_cookie_name"]
    if match is None or name not in cookies:
        raise BenchError(f"no CSRF cookie or token on {BALLOT_PATH}")
    return cookies[name].value, match.group(1)


def stored(setup: dict, people: list[int]) -> tuple[int, int]:
    """(ballots, choices) stored for these participants, asked of PostgreSQL."""
    import psycopg

    pks = [setup["participants"][n] for n in people]
    with psycopg.connect(
        host=HOST, port=PG_PORT, user="postgres", dbname=PG_DB, connect_timeout=10
    ) as conn:
        ballots = conn.execute(
            "SELECT count(*) FROM consult_priorityballot"
            " WHERE inquiry_id = %s AND participant_id = ANY(%s)",
            (setup["inquiry_pk"], pks),
        ).fetchone()[0]
        choices = conn.execute(
            "SELECT count(*) FROM consult_prioritychoice c"
            " JOIN consult_priorityballot b ON b.id = c.ballot_id"
            " WHERE b.inquiry_id = %s AND b.participant_id = ANY(%s)",
            (setup["inquiry_pk"], pks),
        ).fetchone()[0]
    return int(ballots), int(choices)


def run(args: argparse.Namespace) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="coproduce-room-burst-"))
    try:
        with postgres_database(PG_DB) as url:
            env = bench_env(url, tmp)
            for step, timeout in (
                (["migrate", "--noinput"], 900),
                (["collectstatic", "--noinput"], 300),
            ):
                started = time.monotonic()
                manage(step, env, timeout)
                print(
                    f"  {step[0]:<13} ok ({time.monotonic() - started:.1f}s)",
                    flush=True,
                )
            started = time.monotonic()
            out = tmp / "setup.json"
            total = WARMUP + args.ballots
            proc = subprocess.run(
                [
                    PYTHON,
                    str(Path(__file__).resolve()),
                    "--child",
                    "--count",
                    str(total),
                    "--out",
                    str(out),
                ],
                cwd=REPO,
                env=env,
                timeout=900,
                check=False,
            )
            if proc.returncode != 0 or not out.exists():
                raise BenchError(f"set-up child failed (exit {proc.returncode})")
            setup = json.loads(out.read_text())
            print(
                f"  setup         ok ({time.monotonic() - started:.1f}s):"
                f" {total} participants with codes and sessions",
                flush=True,
            )
            server = BurstGunicorn(env, tmp / "gunicorn.log", args.workers)
            try:
                server.wait_ready()
                print(
                    f"  gunicorn      up on {HOST}:{server.port},"
                    f" {args.workers} sync workers",
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
                        server,
                        name,
                        path,
                        expect,
                        poster,
                        warm,
                        min(args.clients, WARMUP),
                    )
                    if result.failed:
                        raise BenchError(
                            f"{name} failed: {result.problems}\n{server.log_tail()}"
                        )
                people = list(range(WARMUP, total))
                runs = [
                    burst(
                        server,
                        "bare POST (before)",
                        BARE_PATH,
                        BARE_PATH,
                        poster,
                        people,
                        args.clients,
                    ),
                    burst(
                        server,
                        "ballot POST (burst)",
                        BALLOT_PATH,
                        VOTED_PATH,
                        poster,
                        people,
                        args.clients,
                    ),
                    burst(
                        server,
                        "bare POST (after)",
                        BARE_PATH,
                        BARE_PATH,
                        poster,
                        people,
                        args.clients,
                    ),
                ]
            finally:
                server.stop()
            ballots, choices = stored(setup, people)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {
        "ballots": args.ballots,
        "clients": args.clients,
        "workers": args.workers,
        "runs": [asdict(r) for r in runs],
        "stored_ballots": ballots,
        "stored_choices": choices,
        "expected_choices": 5 * runs[1].acknowledged,
    }


def report(data: dict) -> bool:
    before, ballot, after = data["runs"]
    print()
    print(
        f"{data['ballots']} POSTs per run, {data['clients']} client threads,"
        f" {data['workers']} gunicorn sync workers, PostgreSQL"
    )
    print(
        f"  {'run':<22}{'ack':>6}{'failed':>8}{'seconds':>9}{'req/s':>9}"
        f"{'p50 ms':>9}{'p99 ms':>9}{'CPU ms/req':>12}{'DB CPU':>8}"
    )
    for run in data["runs"]:
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
        f" {data['stored_ballots']} (choices stored {data['stored_choices']},"
        f" expected {data['expected_choices']})"
    )
    print(
        f"  throughput ballot / bare POST: {ballot['rps']:.1f} / {bare_rps:.1f} req/s"
        f" = {ballot['rps'] / bare_rps:.3f}x;"
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
        ballot["acknowledged"] == data["stored_ballots"]
        and ballot["failed"] == 0
        and data["stored_choices"] == data["expected_choices"]
    )
    print(
        "  CHECK "
        + ("PASS" if ok else "FAIL: acknowledged and stored differ, or POSTs failed")
    )
    return ok


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ballots", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        child_setup(args.count, args.out)
        return 0
    if not port_open(HOST, PG_PORT):
        print(f"PostgreSQL does not answer on {HOST}:{PG_PORT}; nothing measured.")
        return 2
    print(f"Room burst: {args.ballots} ballots on PostgreSQL", flush=True)
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
