"""Findings benchmark: does the public findings page stay cheap as findings
pile up, and what does a facilitator's console capture cost next to a bare
Django POST?

For each database (SQLite, then PostgreSQL when one answers on
127.0.0.1:5432) this script builds a fresh database with
``cms.settings.production`` (``migrate``, ``seed_demo``, ``collectstatic``) and
measures two things.

1. **Queries per public findings page** (``/anyshire/findings/``), in a child
   process through ``django.test.Client`` (no server needed to count SQL).
   Findings are added with ``bulk_create`` (not one service call each) until
   the inquiry holds N = 10, 100, 1,000 and 10,000 bench findings on top of
   the demo's own: all published, with a mix of consents (named, anonymous,
   count only), channels, participants, areas and changes, 1 in 20 withdrawn,
   and one safeguarding concern. On PostgreSQL ``ANALYZE`` follows each
   insert, as autovacuum would on a live site. For each N the cache is
   cleared, then page 1 is requested cold and warm, and a middle page once,
   with ``CaptureQueriesContext`` counting the SQL. The page's "N things
   people told us" total and the number of quotes shown are checked against
   what the bench inserted. Then ``--timing-reps`` warm requests of each page
   (interleaved) give the median wall time, CPU time (this process plus, on
   PostgreSQL, its backend, from ``/proc/<pid>/schedstat``) and time spent in
   SQL, as ratios to the smallest N. If a query count changes with N the
   script says so and prints the queries that appear only at the larger N;
   it always prints the slowest queries at the largest N.

2. **Console capture POST vs a bare POST**, under gunicorn (two sync
   workers, production settings, as ``bench/pages.py`` does) with a
   bench-only URLconf: the project's URLs plus ``/bench-bare-post/``, a
   Django view that reads a POST form and redirects, behind the same
   middleware (session, CSRF, auth, messages, ...). Both get the same cookies
   (a facilitator's session made with ``force_login``, a CSRF cookie) and a
   valid CSRF token; every console POST saves a new finding in a bench
   session, alternating with and without a participation code and cycling
   through the three consents. Interleaved rounds (bare, console, bare, ...);
   the table shows medians of requests/s, p50/p99 latency and worker CPU ms
   per request (``/proc/<pid>/stat``), and the console/bare ratios. On
   PostgreSQL the CPU of the database backends serving the workers is shown
   too, since the workers' own CPU leaves it out. SQLite takes one writer at
   a time, so there the console is first sent POSTs from 4 client threads and
   the failures are counted; if any fail, the rounds use 1 client thread.
   The SQL queries of one console POST (with a new card, a used card, no
   card) and of the bare POST are counted in process too.

Run from the repository root::

    .venv/bin/python bench/findings.py [--db sqlite|postgres|both]
        [--part queries|console|both] [--sizes 10,100,1000,10000]
        [--requests 200] [--rounds 3] [--time-limit 20] [--json]

The temporary directory, gunicorn and the PostgreSQL database
``coproduce_bench_findings`` are removed at the end. Exit status: 0 when every
query count is flat and every check passes, 1 when not, 2 when a database
failed to set up or serve.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import itertools
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import asdict, dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
if str(BENCH_DIR) not in sys.path:
    sys.path.insert(0, str(BENCH_DIR))

from pages import (  # noqa: E402  (bench/ is not a package)
    BARE_PATH,
    CLK_TCK,
    CONCURRENCY,
    HOST,
    PG_PORT,
    PYTHON,
    REPO,
    REQUEST_TIMEOUT,
    WORKERS,
    BenchError,
    Gunicorn,
    bench_env,
    cpu_ticks,
    django_setup,
    manage,
    percentile,
    port_open,
    postgres_database,
    use_urlconf_with_bare_post,
)

PG_DB = "coproduce_bench_findings"  # not pages.py's, so both can run at once
INQUIRY_SLUG = "anyshire"
FINDINGS_PATH = f"/{INQUIRY_SLUG}/findings/"
BENCH_URLCONF = "coproduce_bench_urls"
SIZES = [10, 100, 1_000, 10_000]
WARMUP_POSTS = 30
WARMUP_GETS = 20
# The bare view costs well under a millisecond of CPU; CPU time comes in
# 10 ms ticks per worker, so it gets more POSTs per round to be measured well.
BARE_FACTOR = 4
BENCH_CODES = 40
LOCKED = "database is locked"
MACHINE_NOTE = (
    "req/s and latency swing on this shared 2-core machine (the load generator"
    " and anything else running compete with the workers); the CPU ms/request"
    " ratio is the figure to trust."
)


# --------------------------------------------------------------------------
# Inside the children and gunicorn: Django code, imported lazily


def install_bench_urls() -> None:
    """Make the bench-only URLconf (the project's URLs plus a bare POST view)
    the root URLconf of this process. Django must be set up already."""
    from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
    from django.views.decorators.http import require_POST

    @require_POST
    def bare_post(request: HttpRequest) -> HttpResponse:
        """Read the same form the console gets, then redirect like it does."""
        form = {
            name: request.POST.get(name, "")
            for name in ("text", "consent", "code", "display_name")
        }
        areas = request.POST.getlist("areas")
        saved = len(form["text"]) + len(areas)
        return HttpResponseRedirect(f"{request.path}?saved={saved}")

    use_urlconf_with_bare_post(BENCH_URLCONF, bare_post)


def bench_wsgi():  # type: ignore[no-untyped-def]
    """gunicorn entry point (``findings:bench_wsgi()``): the production WSGI
    app, served with the bench-only URLconf. Nothing of this is in the
    project's own URLs."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()  # runs django.setup()
    install_bench_urls()
    return application


@dataclass
class Generated:
    """What the bench inserted, tallied in Python to check the page."""

    total: int = 0
    public: int = 0
    counted: int = 0


def add_findings(inquiry, start: int, count: int, tally: Generated) -> None:  # type: ignore[no-untyped-def]
    """Insert ``count`` published findings numbered from ``start`` with
    bulk_create, plus their areas and changes."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from consult.models import (
        BudgetArea,
        Change,
        Channel,
        Consent,
        Finding,
        ModerationState,
        Participant,
        SafeguardingConcern,
    )

    facilitator = get_user_model().objects.get(
        email=f"facilitator@{INQUIRY_SLUG}.example"
    )
    participants = list(Participant.objects.filter(inquiry=inquiry).order_by("pk"))
    if len(participants) < 50:
        Participant.objects.bulk_create(
            Participant(inquiry=inquiry) for _ in range(50 - len(participants))
        )
        participants = list(Participant.objects.filter(inquiry=inquiry).order_by("pk"))
    areas = list(BudgetArea.objects.filter(budget__inquiry=inquiry).order_by("pk"))
    changes = list(Change.objects.filter(inquiry=inquiry).order_by("pk"))
    channels = [Channel.SESSION, Channel.ONLINE, Channel.PHONE, Channel.POST]
    consents = [
        Consent.NAMED,
        Consent.ANONYMOUS,
        Consent.ANONYMOUS,
        Consent.COUNT_ONLY,
        Consent.NAMED,
        Consent.ANONYMOUS,
    ]
    sentence = (
        "The support worker changed every week and nobody knew how I like things. "
    )
    now = timezone.now()
    rows: list[Finding] = []
    for i in range(start, start + count):
        consent = consents[i % len(consents)]
        channel = channels[i % len(channels)]
        withdrawn = i % 20 == 7
        rows.append(
            Finding(
                inquiry=inquiry,
                participant=participants[i % len(participants)] if i % 3 else None,
                text=f"Bench finding {i}. " + sentence * (1 + i % 4),
                display_name=f"Person {i}" if consent == Consent.NAMED else "",
                channel=channel,
                consent=consent,
                state=ModerationState.PUBLISHED,
                recorded_by=None if channel == Channel.ONLINE else facilitator,
                withdrawn_at=now if withdrawn else None,
            )
        )
    created = Finding.objects.bulk_create(rows, batch_size=500)
    if any(f.pk is None for f in created):  # only very old SQLite
        raise BenchError("bulk_create did not return primary keys")
    area_links = []
    change_links = []
    for offset, finding in enumerate(created):
        i = start + offset
        if i % 3 == 0:
            area_links.append(
                Finding.areas.through(
                    finding_id=finding.pk, budgetarea_id=areas[i % len(areas)].pk
                )
            )
        if i % 4 == 1:
            change_links.append(
                Finding.changes.through(
                    finding_id=finding.pk, change_id=changes[i % len(changes)].pk
                )
            )
    Finding.areas.through.objects.bulk_create(area_links, batch_size=500)
    Finding.changes.through.objects.bulk_create(change_links, batch_size=500)
    concern = None
    if start == 0:
        # One safeguarding concern: published and quotable but for the concern.
        concern = next(
            f
            for f in created
            if f.consent != Consent.COUNT_ONLY and f.withdrawn_at is None
        )
        SafeguardingConcern.objects.create(finding=concern, raised_by=facilitator)
    for finding in created:
        tally.total += 1
        if finding.withdrawn_at is not None or finding is concern:
            continue
        tally.counted += 1
        if finding.consent != Consent.COUNT_ONLY:
            tally.public += 1


def schedstat_ns(pid: int | None) -> int:
    """CPU time of a process in nanoseconds (first field of
    /proc/<pid>/schedstat), 0 for None."""
    if pid is None:
        return 0
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
    except (OSError, ValueError, IndexError) as exc:
        raise BenchError(f"cannot read the CPU time of process {pid}: {exc}") from exc


@dataclass
class Timing:
    wall_ms: float
    cpu_ms: float
    queries: list[tuple[str, float]]

    @property
    def sql_ms(self) -> float:
        return sum(ms for _, ms in self.queries)


def slowest_queries(runs: list[Timing], top: int = 3) -> list[tuple[float, str]]:
    """The slowest query shapes over these requests: (median ms, SQL)."""
    times: dict[str, list[float]] = {}
    for run in runs:
        for sql, ms in run.queries:
            times.setdefault(normalise_sql(sql), []).append(ms)
    ranked = sorted(
        ((statistics.median(ms), sql) for sql, ms in times.items()), reverse=True
    )
    return [(round(ms, 2), sql) for ms, sql in ranked[:top]]


def normalise_sql(sql: str) -> str:
    """The query's shape: literals and numbers replaced, for comparing."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\s+OFFSET\s+\S+", "", sql)  # page 1 has none, page 2 on do
    sql = re.sub(r"\b\d+\b", "?", sql)
    return re.sub(r"\s+", " ", sql).strip()


def child_queries(sizes: list[int], reps: int, out: Path) -> None:
    """Part 1, in process: query counts and render times per N."""
    django_setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from consult.models import Finding, Inquiry
    from consult.selectors import PUBLIC_FINDINGS_PER_PAGE

    inquiry = Inquiry.objects.get(slug=INQUIRY_SLUG)
    path = inquiry.page.url + "findings/"
    if path != FINDINGS_PATH:
        print(f"    note: the findings page is at {path}", flush=True)
    demo_public = Finding.objects.filter(inquiry=inquiry).public().count()
    demo_counted = Finding.objects.filter(inquiry=inquiry).counted().count()
    client = Client(HTTP_HOST=HOST, HTTP_X_FORWARDED_PROTO="https")
    tally = Generated()

    def get(url: str) -> tuple[str, list[str]]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        if response.status_code != 200:
            raise BenchError(f"GET {url}: HTTP {response.status_code}")
        return response.content.decode(), [q["sql"] for q in ctx.captured_queries]

    def backend_pid() -> int | None:
        """This process's PostgreSQL backend, whose CPU is counted too."""
        if connection.vendor != "postgresql":
            return None  # SQLite works inside this process
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            return int(cursor.fetchone()[0])

    def timed(url: str) -> Timing:
        """One GET: wall ms, CPU ms of this process plus its database backend,
        and the time spent waiting for each SQL query."""
        queries: list[tuple[str, float]] = []

        def clock(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
            t0 = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                queries.append((sql, (time.perf_counter() - t0) * 1000))

        pid = backend_pid()
        db0 = schedstat_ns(pid)
        cpu0 = time.process_time()
        started = time.perf_counter()
        with connection.execute_wrapper(clock):
            response = client.get(url)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu0
        db1 = schedstat_ns(pid)
        if response.status_code != 200:
            raise BenchError(f"GET {url}: HTTP {response.status_code}")
        if pid is not None and backend_pid() != pid:
            raise BenchError("the database connection changed during a request")
        return Timing(elapsed * 1000, cpu * 1000 + (db1 - db0) / 1e6, queries)

    rows: list[dict[str, object]] = []
    # The first request in a fresh process fills in-process caches (content
    # types, templates, ...) that cache.clear() does not empty: make it here,
    # so "cold" below means "shared cache cleared", the same at every N.
    for _ in range(WARMUP_GETS):
        get(path)
    sql: dict[str, dict[int, list[str]]] = {"page1_cold": {}, "page1": {}, "middle": {}}
    slowest: dict[int, list[tuple[float, str]]] = {}
    for n in sizes:
        started = time.monotonic()
        if n > tally.total:
            add_findings(inquiry, tally.total, n - tally.total, tally)
            if connection.vendor == "postgresql":
                # Planner statistics, as autovacuum would gather them on a
                # live site; without them PostgreSQL guesses 1 row per table.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
        inserted = time.monotonic() - started
        public = demo_public + tally.public
        counted = demo_counted + tally.counted
        pages = max(1, math.ceil(public / PUBLIC_FINDINGS_PER_PAGE))
        middle = max(1, (pages + 1) // 2)
        middle_url = f"{path}?page={middle}"

        cache.clear()
        _, cold = get(path)
        html, warm = get(path)
        middle_html, mid = get(middle_url)
        problems = []
        shown = re.search(r"(\d+) things? people told us", html)
        if not shown or int(shown.group(1)) != counted:
            said = shown.group(1) if shown else "?"
            problems.append(f"page says {said} counted, expected {counted}")
        expect_p1 = min(PUBLIC_FINDINGS_PER_PAGE, public)
        expect_mid = min(
            PUBLIC_FINDINGS_PER_PAGE, public - (middle - 1) * PUBLIC_FINDINGS_PER_PAGE
        )
        for label, body, expected in (
            ("page 1", html, expect_p1),
            (f"page {middle}", middle_html, expect_mid),
        ):
            quotes = body.count('<figure class="finding">')
            if quotes != expected:
                problems.append(f"{label} shows {quotes} quotes, expected {expected}")
        if Finding.objects.filter(inquiry=inquiry).public().count() != public:
            problems.append("public() count differs from the bench's tally")

        for _ in range(3):  # warm-up, not measured
            timed(path)
            timed(middle_url)
        p1_runs: list[Timing] = []
        mid_runs: list[Timing] = []
        for _ in range(reps):  # interleaved, so a busy moment hits both
            p1_runs.append(timed(path))
            mid_runs.append(timed(middle_url))
        ms_p1 = statistics.median(t.wall_ms for t in p1_runs)
        ms_mid = statistics.median(t.wall_ms for t in mid_runs)
        cpu_p1 = statistics.median(t.cpu_ms for t in p1_runs)
        cpu_mid = statistics.median(t.cpu_ms for t in mid_runs)
        sql_p1 = statistics.median(t.sql_ms for t in p1_runs)
        sql_mid = statistics.median(t.sql_ms for t in mid_runs)
        slowest[n] = slowest_queries(p1_runs + mid_runs)
        sql["page1_cold"][n] = cold
        sql["page1"][n] = warm
        sql["middle"][n] = mid
        row = {
            "n": n,
            "public": public,
            "counted": counted,
            "pages": pages,
            "middle_page": middle,
            "queries_page1_cold": len(cold),
            "queries_page1": len(warm),
            "queries_middle": len(mid),
            "ms_page1": round(ms_p1, 2),
            "ms_middle": round(ms_mid, 2),
            "cpu_ms_page1": round(cpu_p1, 2),
            "cpu_ms_middle": round(cpu_mid, 2),
            "sql_ms_page1": round(sql_p1, 2),
            "sql_ms_middle": round(sql_mid, 2),
            "problems": problems,
        }
        rows.append(row)
        print(
            f"    N={n:>6} inserted in {inserted:5.1f}s: {public} public, {counted}"
            f" counted, {pages} pages; queries page 1 cold/warm"
            f" {len(cold)}/{len(warm)}, page {middle} {len(mid)};"
            f" wall {ms_p1:.1f} / {ms_mid:.1f} ms, CPU {cpu_p1:.1f} / {cpu_mid:.1f}"
            f" ms, SQL {sql_p1:.1f} / {sql_mid:.1f} ms",
            flush=True,
        )
        for problem in problems:
            print(f"    CHECK FAILED: {problem}", flush=True)

    # Queries that appear (or appear more often) at the largest N than at the
    # smallest: what makes a count grow, if one does.
    extra: dict[str, list[str]] = {}
    first, last = sizes[0], sizes[-1]
    for which, by_n in sql.items():
        grown = Counter(normalise_sql(q) for q in by_n[last])
        grown.subtract(Counter(normalise_sql(q) for q in by_n[first]))
        extra[which] = [
            f"{times}x {shape}" for shape, times in grown.most_common() if times > 0
        ]
    # How PostgreSQL reads the page's findings at the largest N (the slowest
    # query there): a sort of every finding, or an index read in order.
    plans: dict[str, list[str]] = {}
    if connection.vendor == "postgresql":
        for label, queries in (
            ("page 1", sql["page1"][last]),
            ("middle", sql["middle"][last]),
        ):
            page_query = next(
                (
                    q
                    for q in queries
                    if q.startswith('SELECT "consult_finding"."id"')
                    and "COUNT(" not in q
                    and "LIMIT" in q
                ),
                None,
            )
            if page_query is not None:
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + page_query)
                    plans[label] = [row[0] for row in cursor.fetchall()]
    result = {
        "vendor": connection.vendor,
        "plans": plans,
        "path": path,
        "demo_public": demo_public,
        "demo_counted": demo_counted,
        "per_page": PUBLIC_FINDINGS_PER_PAGE,
        "timing_reps": reps,
        "rows": rows,
        "extra_queries": extra,
        "queries_page1_smallest": sql["page1"][first],
        "slowest_queries": {str(n): rows for n, rows in slowest.items()},
    }
    out.write_text(json.dumps(result, indent=2))


def console_post_queries(facilitator, session, area_ids: list[int]) -> dict:  # type: ignore[no-untyped-def]
    """SQL queries of one console capture POST, in process, three ways: with a
    card used for the first time, with the same card again, without a card."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from consult import services

    _, (code,) = services.create_code_batch(
        inquiry=session.inquiry, label="Bench query count", size=1, created_by=None
    )
    client = Client(HTTP_HOST=HOST, HTTP_X_FORWARDED_PROTO="https")
    client.force_login(facilitator)
    path = f"/inquiries/{INQUIRY_SLUG}/console/{session.pk}/"
    counts: dict[str, int] = {}
    # Not counted: the first requests of a process fill in-process caches.
    for url in (BARE_PATH, path):
        client.post(url, {"text": "Warm-up.", "consent": "anonymous"})
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(BARE_PATH, {"text": "bare", "consent": "anonymous"})
    if response.status_code != 302:
        raise BenchError(f"bare POST: HTTP {response.status_code}")
    counts["bare POST"] = len(ctx.captured_queries)
    for label, typed in (
        ("code, first use", code),
        ("code, used before", code),
        ("no code", ""),
    ):
        data = {
            "text": f"Counting queries ({label}).",
            "consent": "anonymous",
            "display_name": "",
            "code": typed,
            "areas": [area_ids[0]],
        }
        with CaptureQueriesContext(connection) as ctx:
            response = client.post(path, data)
        if response.status_code != 302:
            raise BenchError(f"console POST ({label}): HTTP {response.status_code}")
        counts[label] = len(ctx.captured_queries)
    return counts


def child_console_setup(out: Path) -> None:
    """Part 2 set-up: a bench session, codes, a facilitator's session cookie."""
    django_setup()
    import datetime as dt

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.utils import timezone

    from consult import services
    from consult.models import BudgetArea, Inquiry
    from deliberation.models import Session, SessionFormat

    install_bench_urls()  # as under gunicorn
    inquiry = Inquiry.objects.get(slug=INQUIRY_SLUG)
    facilitator = get_user_model().objects.get(
        email=f"facilitator@{INQUIRY_SLUG}.example"
    )
    now = timezone.now()
    session = Session.objects.create(
        inquiry=inquiry,
        title="Bench session",
        format=SessionFormat.ROOM,
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=3),
        place="The bench room",
        capacity=40,
        created_by=facilitator,
    )
    session.facilitators.add(facilitator)
    _, codes = services.create_code_batch(
        inquiry=inquiry, label="Bench cards", size=BENCH_CODES, created_by=facilitator
    )
    area_ids = list(
        BudgetArea.objects.filter(
            budget__inquiry=inquiry, is_decision_area=True
        ).values_list("pk", flat=True)
    )
    client = Client()
    client.force_login(facilitator)
    out.write_text(
        json.dumps(
            {
                "post_queries": console_post_queries(facilitator, session, area_ids),
                "session_pk": session.pk,
                "codes": codes,
                "area_ids": area_ids,
                "cookie_name": settings.SESSION_COOKIE_NAME,
                "csrf_cookie_name": settings.CSRF_COOKIE_NAME,
                "session_key": client.cookies[settings.SESSION_COOKIE_NAME].value,
            }
        )
    )


# --------------------------------------------------------------------------
# The parent: databases, processes, load


def pg_backends() -> list[int]:
    """PIDs of the PostgreSQL backends connected to the bench database."""
    import psycopg

    with psycopg.connect(
        host=HOST, port=PG_PORT, user="postgres", dbname="postgres", connect_timeout=10
    ) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", (PG_DB,)
        ).fetchall()
    return sorted(int(pid) for (pid,) in rows)


def ticks_of(pids: list[int]) -> dict[int, int]:
    """utime + stime per PID, skipping processes that are gone or unreadable."""
    found: dict[int, int] = {}
    for pid in pids:
        with contextlib.suppress(OSError, ValueError, IndexError):
            found[pid] = cpu_ticks([pid])
    return found


def run_child(mode: str, out: Path, env: dict[str, str], extra: list[str]) -> dict:
    """Run this script in ``--child`` mode under ``env``; return its JSON."""
    cmd = [PYTHON, str(Path(__file__).resolve()), "--child", mode, "--out", str(out)]
    try:
        proc = subprocess.run(
            [*cmd, *extra], cwd=REPO, env=env, timeout=900, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"{mode} timed out") from exc
    if proc.returncode != 0 or not out.exists():
        raise BenchError(f"{mode} failed (exit {proc.returncode}); see above")
    return json.loads(out.read_text())


class BenchGunicorn(Gunicorn):
    """pages.py's gunicorn, serving ``findings:bench_wsgi()`` instead."""

    app = "findings:bench_wsgi()"
    extra_args = ("--pythonpath", f"{REPO},{BENCH_DIR}")


@dataclass
class PostRound:
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    cpu_ms_per_request: float
    db_cpu_ms_per_request: float | None = None


@dataclass
class PostTarget:
    name: str
    path: str
    factor: int = 1  # POSTs per round = --requests x factor
    rounds: list[PostRound] = field(default_factory=list)

    def median(self, attr: str) -> float | None:
        values = [getattr(r, attr) for r in self.rounds]
        if any(v is None for v in values):
            return None
        return statistics.median(values)


class Poster:
    """Builds the POSTs: cookies, CSRF token and a fresh finding each time."""

    def __init__(self, setup: dict, csrf_cookie: str, csrf_token: str) -> None:
        self.setup = setup
        self.token = csrf_token
        self.cookie = (
            f"{setup['cookie_name']}={setup['session_key']}; "
            f"{setup['csrf_cookie_name']}={csrf_cookie}"
        )
        self.sequence = itertools.count(1)
        self.run = int(time.time())

    def headers(self, path: str, length: int) -> dict[str, str]:
        return {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "Origin": f"https://{HOST}",
            "Referer": f"https://{HOST}{path}",
            "Cookie": self.cookie,
            "Content-Type": "application/x-www-form-urlencoded",
            "Content-Length": str(length),
            "User-Agent": "coproduce-bench/1",
        }

    def body(self, n: int) -> bytes:
        """Finding n: every other one with a participation code; consents in
        turn (named with a name); two in three with an area."""
        consent = ("anonymous", "named", "count_only")[n % 3]
        codes = self.setup["codes"]
        areas = self.setup["area_ids"]
        fields = [
            ("csrfmiddlewaretoken", self.token),
            (
                "text",
                f"Bench run {self.run} finding {n}: I had six different carers in "
                "one week and nobody knew how I take my tablets.",
            ),
            ("consent", consent),
            ("display_name", f"Person {n}" if consent == "named" else ""),
            ("code", codes[(n // 2) % len(codes)] if n % 2 == 0 else ""),
        ]
        if n % 3 != 2:
            fields.append(("areas", str(areas[n % len(areas)])))
        return urllib.parse.urlencode(fields).encode()


def post_once(port: int, path: str, poster: Poster, n: int) -> tuple[int, str, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    try:
        body = poster.body(n)
        conn.request("POST", path, body=body, headers=poster.headers(path, len(body)))
        resp = conn.getresponse()
        return resp.status, resp.getheader("Location", ""), resp.read()
    finally:
        conn.close()


def post_load(
    port: int,
    path: str,
    poster: Poster,
    total: int,
    time_limit: float,
    clients: int = CONCURRENCY,
) -> tuple[list[float], list[str], float]:
    """Up to ``total`` POSTs from ``clients`` threads, stopping at
    ``time_limit``. A good answer is a 302 to ``...?saved=``. Returns
    (latencies in s, problems, wall time)."""
    lock = threading.Lock()
    issued = 0
    latencies: list[float] = []
    problems: list[str] = []
    started = time.perf_counter()
    deadline = started + time_limit

    def take() -> int | None:
        nonlocal issued
        with lock:
            if issued >= total or time.perf_counter() >= deadline:
                return None
            issued += 1
            return next(poster.sequence)

    def worker() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
        mine: list[float] = []
        bad: list[str] = []
        try:
            while (n := take()) is not None:
                body = poster.body(n)
                headers = poster.headers(path, len(body))
                t0 = time.perf_counter()
                try:
                    conn.request("POST", path, body=body, headers=headers)
                    resp = conn.getresponse()
                    data = resp.read()
                    location = resp.getheader("Location", "")
                    ok = resp.status == 302 and "saved=" in location
                    if not ok:
                        snippet = data[:200].decode("utf-8", "replace")
                        bad.append(f"HTTP {resp.status} {location} {snippet}")
                except (OSError, http.client.HTTPException) as exc:
                    conn.close()
                    ok = False
                    bad.append(f"{type(exc).__name__}: {exc}")
                if ok:
                    mine.append(time.perf_counter() - t0)
        finally:
            conn.close()
            with lock:
                latencies.extend(mine)
                problems.extend(bad)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(time_limit + REQUEST_TIMEOUT + 5)
    wall = time.perf_counter() - started
    if any(thread.is_alive() for thread in threads):
        raise BenchError(f"load threads for {path} did not finish in time")
    return latencies, problems, wall


def measure_post(
    server: BenchGunicorn,
    target: PostTarget,
    poster: Poster,
    args: argparse.Namespace,
    postgres: bool,
    clients: int,
) -> PostRound:
    workers = server.workers()
    backends = pg_backends() if postgres else []
    before = cpu_ticks(workers)
    db_before = ticks_of(backends)
    latencies, problems, wall = post_load(
        server.port,
        target.path,
        poster,
        args.requests * target.factor,
        args.time_limit,
        clients,
    )
    after = cpu_ticks(workers)
    db_after = ticks_of(backends)
    if server.workers() != workers:
        raise BenchError(f"gunicorn workers changed during {target.path}")
    if problems:
        shown = "\n".join(problems[:5])
        raise BenchError(
            f"{len(problems)} failed POSTs to {target.path}, for example:\n{shown}\n"
            f"--- gunicorn log ---\n{server.log_tail()}"
        )
    if not latencies:
        raise BenchError(f"no POST to {target.path} completed in {args.time_limit}s")
    served = len(latencies)
    db_cpu = None
    if postgres:
        used = sum(db_after[p] - db_before[p] for p in db_after if p in db_before)
        db_cpu = used * 1000.0 / CLK_TCK / served
    return PostRound(
        requests=served,
        seconds=round(wall, 3),
        rps=served / wall,
        p50_ms=percentile(latencies, 50) * 1000,
        p99_ms=percentile(latencies, 99) * 1000,
        cpu_ms_per_request=(after - before) * 1000.0 / CLK_TCK / served,
        db_cpu_ms_per_request=db_cpu,
    )


def csrf_from_console(server: BenchGunicorn, path: str, setup: dict) -> tuple[str, str]:
    """GET the console page as the facilitator: (CSRF cookie, form token)."""
    conn = http.client.HTTPConnection(HOST, server.port, timeout=REQUEST_TIMEOUT)
    try:
        conn.request(
            "GET",
            path,
            headers={
                "Host": HOST,
                "X-Forwarded-Proto": "https",
                "Cookie": f"{setup['cookie_name']}={setup['session_key']}",
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
        raise BenchError(
            f"GET {path} as the facilitator: HTTP {resp.status} "
            f"{resp.getheader('Location', '')}\n{server.log_tail()}"
        )
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    name = setup["csrf_cookie_name"]
    if match is None or name not in cookies:
        raise BenchError(f"no CSRF cookie or token on {path}")
    return cookies[name].value, match.group(1)


def sqlite_write_probe(
    server: BenchGunicorn, path: str, poster: Poster, args: argparse.Namespace
) -> dict[str, object]:
    """SQLite lets one writer in at a time. Send console POSTs from
    CONCURRENCY threads, as in the PostgreSQL rounds, and count what fails."""
    log_before = server.log_path.read_text(errors="replace").count(LOCKED)
    latencies, problems, _ = post_load(
        server.port, path, poster, args.requests, args.time_limit, CONCURRENCY
    )
    server._log.flush()
    locked = server.log_path.read_text(errors="replace").count(LOCKED) - log_before
    kinds = Counter(p.split(" <", 1)[0].strip() for p in problems)
    probe = {
        "clients": CONCURRENCY,
        "posts": len(latencies) + len(problems),
        "failed": len(problems),
        "answers": dict(kinds),
        "locked_in_log": locked,
    }
    answers = ", ".join(f"{k} x{v}" for k, v in kinds.items()) or "none"
    print(
        f"  SQLite write probe: {probe['failed']} of {probe['posts']} console POSTs"
        f" from {CONCURRENCY} client threads failed ({answers});"
        f" {locked} '{LOCKED}' in gunicorn's log",
        flush=True,
    )
    return probe


def run_console(
    env: dict[str, str], tmp: Path, args: argparse.Namespace, postgres: bool
) -> dict[str, object]:
    """Part 2: gunicorn, then interleaved rounds of bare and console POSTs."""
    setup = run_child("console-setup", tmp / "setup.json", env, [])
    console_path = f"/inquiries/{INQUIRY_SLUG}/console/{setup['session_pk']}/"
    server = BenchGunicorn(env, tmp / "gunicorn.log")
    try:
        server.wait_ready()
        print(
            f"  gunicorn      up on {HOST}:{server.port}, workers {server.workers()}",
            flush=True,
        )
        csrf_cookie, token = csrf_from_console(server, console_path, setup)
        poster = Poster(setup, csrf_cookie, token)
        targets = [
            PostTarget("bare", BARE_PATH, BARE_FACTOR),
            PostTarget("console", console_path),
        ]
        for target in targets:
            status, location, body = post_once(
                server.port, target.path, poster, next(poster.sequence)
            )
            if status != 302 or "saved=" not in location:
                raise BenchError(
                    f"POST {target.path}: HTTP {status} {location}\n"
                    f"{body[:500].decode('utf-8', 'replace')}\n{server.log_tail()}"
                )
        clients = CONCURRENCY
        probe = None
        if not postgres:
            probe = sqlite_write_probe(server, console_path, poster, args)
            if probe["failed"]:
                clients = 1
        for target in targets:
            _, problems, _ = post_load(
                server.port, target.path, poster, WARMUP_POSTS, args.time_limit, clients
            )
            if problems:
                raise BenchError(
                    f"warm-up POSTs to {target.path} failed: {problems[0]}\n"
                    f"{server.log_tail()}"
                )
        for round_no in range(1, args.rounds + 1):
            for target in targets:
                result = measure_post(server, target, poster, args, postgres, clients)
                target.rounds.append(result)
                db = (
                    f" db {result.db_cpu_ms_per_request:>6.2f} ms/req"
                    if result.db_cpu_ms_per_request is not None
                    else ""
                )
                print(
                    f"  round {round_no}/{args.rounds} {target.name:<8}"
                    f"{result.requests:>5} POST {result.rps:>7.1f} req/s"
                    f" p50 {result.p50_ms:>6.1f} ms p99 {result.p99_ms:>6.1f} ms"
                    f" cpu {result.cpu_ms_per_request:>6.2f} ms/req{db}",
                    flush=True,
                )
                if result.requests < args.requests * target.factor:
                    print(
                        f"    (time limit {args.time_limit:.0f}s reached after "
                        f"{result.requests} POSTs)",
                        flush=True,
                    )
    finally:
        server.stop()
    return {
        "console_path": console_path,
        "post_queries": setup["post_queries"],
        "clients": clients,
        "sqlite_probe": probe,
        "targets": [
            {
                "name": t.name,
                "path": t.path,
                "rps": t.median("rps"),
                "p50_ms": t.median("p50_ms"),
                "p99_ms": t.median("p99_ms"),
                "cpu_ms_per_request": t.median("cpu_ms_per_request"),
                "db_cpu_ms_per_request": t.median("db_cpu_ms_per_request"),
                "rounds": [asdict(r) for r in t.rounds],
            }
            for t in targets
        ],
    }


@dataclass
class DbResult:
    database: str
    status: str  # "measured", "skipped" or "failed"
    reason: str = ""
    queries: dict | None = None
    console: dict | None = None


def run_database(
    name: str, database_url: str, tmp: Path, args: argparse.Namespace
) -> DbResult:
    env = bench_env(database_url, tmp)
    # Long-lived database connections, so the PostgreSQL backends serving the
    # workers live through every round and their CPU can be read.
    env["DB_CONN_MAX_AGE"] = "600"
    # Static files do not depend on the database: collect them once per run.
    env["STATIC_ROOT"] = str(args.static_root)
    for step, timeout in ((["migrate", "--noinput"], 600), (["seed_demo"], 300)):
        started = time.monotonic()
        manage(step, env, timeout)
        print(f"  {step[0]:<13} ok ({time.monotonic() - started:.1f}s)", flush=True)
    if (args.static_root / "staticfiles.json").exists():
        print("  collectstatic reused", flush=True)
    else:
        started = time.monotonic()
        manage(["collectstatic", "--noinput"], env, 300)
        print(f"  collectstatic ok ({time.monotonic() - started:.1f}s)", flush=True)
    result = DbResult(database=name, status="measured")
    if args.part in ("queries", "both"):
        print("  public findings page, in process (django.test.Client):", flush=True)
        result.queries = run_child(
            "queries",
            tmp / "queries.json",
            env,
            [
                "--sizes",
                ",".join(map(str, args.sizes)),
                "--timing-reps",
                str(args.timing_reps),
            ],
        )
    if args.part in ("console", "both"):
        print("  console capture vs bare POST, under gunicorn:", flush=True)
        result.console = run_console(env, tmp, args, postgres=name == "PostgreSQL")
    return result


def bench_one(name: str, args: argparse.Namespace) -> DbResult:
    print(f"\n== {name} ==", flush=True)
    tmp = Path(tempfile.mkdtemp(prefix="coproduce-bench-findings-"))
    try:
        if name == "SQLite":
            return run_database(name, f"sqlite:///{tmp / 'bench.sqlite3'}", tmp, args)
        with postgres_database(PG_DB) as url:
            return run_database(name, url, tmp, args)
    except BenchError as exc:
        print(f"{name}: FAILED\n{exc}", file=sys.stderr, flush=True)
        return DbResult(database=name, status="failed", reason=str(exc))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# --------------------------------------------------------------------------
# Reporting


def print_queries(database: str, data: dict) -> bool:
    """The query-count table; True when every count is the same at every N."""
    rows = data["rows"]
    base = rows[0]
    base_n = base["n"]
    print(
        f"\n{database}: GET {data['path']} ({data['per_page']} findings a page),"
        " in process through django.test.Client"
    )
    print(
        f"  N = bench findings added to the demo's ({data['demo_public']} public,"
        f" {data['demo_counted']} counted); cache cleared before each N."
        " Queries per request:"
    )
    header = (
        f"{'N':>7}{'public':>8}{'counted':>9}{'pages':>7}"
        f"{'page 1 cold':>13}{'page 1':>8}{'middle page':>13}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        middle = f"{row['queries_middle']} (p{row['middle_page']})"
        print(
            f"{row['n']:>7,}{row['public']:>8,}{row['counted']:>9,}{row['pages']:>7,}"
            f"{row['queries_page1_cold']:>13}{row['queries_page1']:>8}{middle:>13}"
        )
    print(
        f"  Render time per request, median of {data['timing_reps']} warm requests;"
        " CPU = this process"
        + (" + its PostgreSQL backend" if data["vendor"] == "postgresql" else "")
        + ", SQL = time waiting for queries:"
    )
    x = f"x N={base_n}"
    print(f"{'':7}{'page 1':^49}  {'middle page':^49}")
    columns = (
        f"{'wall ms':>8}{'CPU ms':>8}{'SQL ms':>8}{'CPU ' + x:>12}{'wall ' + x:>13}"
    )
    header = f"{'N':>7}{columns}  {columns}"
    print(header)
    print("-" * len(header))
    for row in rows:
        cells = []
        for page in ("page1", "middle"):
            wall, cpu = row[f"ms_{page}"], row[f"cpu_ms_{page}"]
            cells.append(
                f"{wall:>8.1f}{cpu:>8.1f}{row[f'sql_ms_{page}']:>8.1f}"
                f"{cpu / base[f'cpu_ms_{page}']:>11.2f}x"
                f"{wall / base[f'ms_{page}']:>12.2f}x"
            )
        print(f"{row['n']:>7,}" + "  ".join(cells))
    last = str(rows[-1]["n"])
    print(f"  slowest queries at N={rows[-1]['n']:,} (median ms, page 1 and middle):")
    for ms, sql in data["slowest_queries"][last]:
        print(f"    {ms:6.2f} ms  {sql[:200]}")
    for label, plan in data.get("plans", {}).items():
        print(
            f"  PostgreSQL's plan for the findings of the {label}"
            f" at N={rows[-1]['n']:,}:"
        )
        for line in plan:
            print(f"    {line}")
    flat = True
    for key, label in (
        ("queries_page1_cold", "page 1 (cold cache)"),
        ("queries_page1", "page 1"),
        ("queries_middle", "middle page"),
    ):
        counts = [row[key] for row in rows]
        if len(set(counts)) == 1:
            print(f"  {label}: {counts[0]} queries at every N (flat)")
        else:
            flat = False
            shown = ", ".join(
                f"{c} at N={r['n']:,}" for c, r in zip(counts, rows, strict=True)
            )
            print(f"  {label}: QUERY COUNT CHANGES WITH N: {shown}")
    for which, key, label in (
        ("page1_cold", "queries_page1_cold", "page 1 (cold cache)"),
        ("page1", "queries_page1", "page 1"),
        ("middle", "queries_middle", "middle page"),
    ):
        extra = data["extra_queries"][which]
        if extra and rows[-1][key] > rows[0][key]:
            print(f"  queries on {label} at the largest N but not the smallest:")
            for line in extra[:8]:
                print(f"    {line[:300]}")
    problems = [(row["n"], p) for row in rows for p in row["problems"]]
    for n, problem in problems:
        print(f"  CHECK FAILED at N={n:,}: {problem}")
    if not problems:
        print(
            "  checks: the page's total and the number of quotes shown match what"
            " the bench inserted, at every N"
        )
    return flat and not problems


def print_console(database: str, data: dict, args: argparse.Namespace) -> None:
    targets = {t["name"]: t for t in data["targets"]}
    bare, console = targets["bare"], targets["console"]
    queries = dict(data["post_queries"])
    bare_queries = queries.pop("bare POST")
    counts = ", ".join(f"{n} ({label})" for label, n in queries.items())
    with_db = console["db_cpu_ms_per_request"] is not None
    print(
        f"\n{database}: POST throughput, median of {args.rounds} rounds of up to"
        f" {args.requests} console and {args.requests * BARE_FACTOR} bare POSTs,"
        f" {data['clients']} client thread(s), {WORKERS} gunicorn sync workers"
    )
    probe = data.get("sqlite_probe")
    if probe and probe["failed"]:
        answers = ", ".join(f"{k} x{v}" for k, v in probe["answers"].items())
        print(
            f"  WARNING: with {probe['clients']} client threads, {probe['failed']} of"
            f" {probe['posts']} console POSTs failed ({answers}; gunicorn logged"
            f" '{LOCKED}' {probe['locked_in_log']} times): two workers writing to"
            " SQLite at once. So both views were measured with 1 client thread."
        )
    elif probe:
        print(
            f"  SQLite write probe: {probe['posts']} console POSTs from"
            f" {probe['clients']} client threads, none failed"
        )
    header = f"{'view':<50}{'req/s':>8}{'p50 ms':>8}{'p99 ms':>8}{'CPU ms/req':>12}" + (
        f"{'DB CPU ms/req':>15}" if with_db else ""
    )
    print(header)
    print("-" * len(header))
    for label, t in (
        (f"bare POST {bare['path']}", bare),
        (f"console capture {console['path']}", console),
    ):
        line = (
            f"{label:<50}{t['rps']:>8.1f}{t['p50_ms']:>8.1f}{t['p99_ms']:>8.1f}"
            f"{t['cpu_ms_per_request']:>12.2f}"
        )
        if with_db:
            line += f"{t['db_cpu_ms_per_request']:>15.2f}"
        print(line)
    print(
        f"  SQL queries per console POST (in process): {counts};"
        f" bare POST: {bare_queries}"
    )
    cpu_ratio = console["cpu_ms_per_request"] / bare["cpu_ms_per_request"]
    rps_ratio = console["rps"] / bare["rps"]
    print(
        f"  console / bare: worker CPU per request {cpu_ratio:.2f}x,"
        f" req/s {rps_ratio:.2f}x"
    )
    if with_db:
        total_console = console["cpu_ms_per_request"] + console["db_cpu_ms_per_request"]
        total_bare = bare["cpu_ms_per_request"] + bare["db_cpu_ms_per_request"]
        print(
            f"  console / bare, worker + PostgreSQL backend CPU: {total_console:.2f}"
            f" / {total_bare:.2f} ms = {total_console / total_bare:.2f}x"
        )
    data["cpu_ratio"] = round(cpu_ratio, 2)
    data["rps_ratio"] = round(rps_ratio, 2)


# --------------------------------------------------------------------------
# Main


def sizes_arg(text: str) -> list[int]:
    sizes = sorted({int(part.replace("_", "")) for part in text.split(",") if part})
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("sizes are positive integers, e.g. 10,100")
    return sizes


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Queries per public findings page as findings grow, and "
        "console capture POST cost vs a bare Django POST."
    )
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--part", choices=["queries", "console", "both"], default="both"
    )
    parser.add_argument(
        "--sizes", type=sizes_arg, default=SIZES, help="bench findings, e.g. 10,100"
    )
    parser.add_argument(
        "--timing-reps", type=int, default=15, help="timed GETs per page per N"
    )
    parser.add_argument(
        "--requests",
        type=int,
        default=200,
        help=f"console POSTs per round (bare POSTs: {BARE_FACTOR}x as many)",
    )
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds")
    parser.add_argument(
        "--time-limit",
        type=float,
        default=20.0,
        help="seconds per view per round before the load stops early",
    )
    parser.add_argument("--json", action="store_true", help="also print JSON")
    parser.add_argument(
        "--child", choices=["queries", "console-setup"], help=argparse.SUPPRESS
    )
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if min(args.requests, args.rounds, args.timing_reps) < 1 or args.time_limit <= 0:
        parser.error(
            "--requests, --rounds, --timing-reps, --time-limit must be positive"
        )
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child == "queries":
        child_queries(args.sizes, args.timing_reps, args.out)
        return 0
    if args.child == "console-setup":
        child_console_setup(args.out)
        return 0

    os.chdir(REPO)
    started = time.monotonic()
    results: list[DbResult] = []
    args.static_root = Path(tempfile.mkdtemp(prefix="coproduce-bench-static-"))
    try:
        if args.db in ("sqlite", "both"):
            results.append(bench_one("SQLite", args))
        if args.db in ("postgres", "both"):
            if port_open(HOST, PG_PORT):
                results.append(bench_one("PostgreSQL", args))
            else:
                reason = f"no server on {HOST}:{PG_PORT}"
                print(f"\nPostgreSQL: skipped ({reason})", flush=True)
                results.append(DbResult("PostgreSQL", "skipped", reason))
    finally:
        shutil.rmtree(args.static_root, ignore_errors=True)

    print("\n==== Results ====")
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    failed = False
    all_flat = True
    for result in results:
        if result.status != "measured":
            first = (result.reason.splitlines() or [""])[0]
            print(f"\n{result.database}: {result.status} ({first})")
            failed = failed or result.status == "failed"
            continue
        if result.queries:
            all_flat = print_queries(result.database, result.queries) and all_flat
        if result.console:
            print_console(result.database, result.console, args)
    if any(r.console for r in results):
        print(f"\nNote: {MACHINE_NOTE}")
        print(
            "Worker CPU leaves out PostgreSQL's own CPU (a separate server"
            " process), shown apart; with SQLite the database work is inside the"
            " workers."
        )
    if any(r.queries for r in results):
        verdict = "flat" if all_flat else "NOT flat (see above)"
        print(f"Queries per public findings page as findings grow: {verdict}.")
    print(f"Total time {time.monotonic() - started:.0f}s.")
    if args.json:
        print(json.dumps([asdict(r) for r in results], indent=2, default=str))
    return 2 if failed else (0 if all_flat else 1)


if __name__ == "__main__":
    sys.exit(main())
