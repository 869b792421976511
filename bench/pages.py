"""Page-rendering benchmark: what do our public pages cost next to a bare
Wagtail page?

For each database (SQLite, then PostgreSQL when one answers on
127.0.0.1:5432) this script builds a fresh database, runs ``migrate``,
``seed_demo`` and ``collectstatic`` with ``cms.settings.production``, adds a
"baseline" page (a ``ContentPage`` holding exactly one paragraph block, i.e. the
cheapest thing Wagtail can serve through our templates), starts gunicorn with
two sync workers on a free port on 127.0.0.1, and drives three pages with a
small bounded load generator (threads + ``http.client``):

* ``/``                 the home page,
* ``/anyshire/``        the demo inquiry page,
* ``/bench-baseline/``  the baseline page.

For every page it reports requests/s, p50 and p99 latency and, the headline
figure, **worker CPU milliseconds per request**: the user+system CPU time the
gunicorn worker processes consumed (read from ``/proc/<pid>/stat``) divided by
the number of requests served. Requests/s and latency on a shared two-core
machine move with whatever else runs there (including this load generator,
which competes with the workers for the same cores); CPU time spent by the
workers per request is far less sensitive to that, so it is what the goal is
judged on: each page's CPU/request must be at most 1.4x the baseline's.

Pages run one at a time, and the measurement is repeated in interleaved rounds
(home, inquiry, baseline, home, inquiry, baseline, ...); the table shows the
median over rounds. Everything is bounded by timeouts, all traffic goes to
127.0.0.1, and the temporary directory, gunicorn and the PostgreSQL database
are removed at the end.

Run from the repository root::

    .venv/bin/python bench/pages.py [--requests 1000] [--rounds 3]
        [--db sqlite|postgres|both] [--time-limit 60] [--json]
    .venv/bin/python bench/pages.py --workers 1,2,4 --db postgres

With ``--workers`` the site is prepared once and the three pages are measured
with each number of gunicorn workers in turn, from the same number of client
threads (twice the largest worker count, at least 4); the median req/s per
page and worker count are printed with the scaling ratios (2w/1w, 4w/1w).
The default run (no ``--workers``) is the baseline comparison above.

With ``--page-cache`` (PostgreSQL and Redis on 127.0.0.1) the site is prepared
once and served twice, in interleaved rounds: without the full-page cache and
with it (``REDIS_URL`` set, ``PAGE_CACHE_SECONDS=300``, as production runs
it). Every page must answer ``X-Cache: hit`` before the cached rounds count.
It prints req/s and worker CPU per request for both, and the ratio.

    .venv/bin/python bench/pages.py --page-cache --requests 500 --rounds 3
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
HOST = "127.0.0.1"
PG_PORT = 5432
PG_DB = "coproduce_bench"
PG_URL = f"postgres://postgres@{HOST}:{PG_PORT}/{PG_DB}"

PAGES: list[tuple[str, str]] = [
    ("home", "/"),
    ("inquiry", "/anyshire/"),
    ("baseline", "/bench-baseline/"),
]
BASELINE = "baseline"
GOAL_RATIO = 1.4
CONCURRENCY = 4
WORKERS = 2
WARMUP_REQUESTS = 50
REQUEST_TIMEOUT = 30.0  # seconds, per HTTP request
CLK_TCK = os.sysconf("SC_CLK_TCK")

BASELINE_SHELL = """
from cms.models import ContentPage, HomePage
home = HomePage.objects.first()
page = ContentPage(
    title="Baseline",
    slug="bench-baseline",
    body=[("paragraph", "<p>One paragraph.</p>")],
)
home.add_child(instance=page)
page.save_revision().publish()
print("baseline page", page.pk, page.url_path)
"""


class BenchError(RuntimeError):
    """A step failed; the message says which and why."""


# --------------------------------------------------------------------------
# Results


@dataclass
class RoundResult:
    """One measurement of one page."""

    requests: int
    errors: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    cpu_ms_per_request: float


@dataclass
class PageResult:
    """All rounds of one page, plus their medians."""

    name: str
    path: str
    bytes: int = 0
    rounds: list[RoundResult] = field(default_factory=list)

    def median(self, attr: str) -> float:
        return statistics.median(getattr(r, attr) for r in self.rounds)


@dataclass
class DbResult:
    """Outcome for one database: measured pages, skipped, or failed."""

    database: str
    status: str  # "measured", "skipped" or "failed"
    reason: str = ""
    pages: list[PageResult] = field(default_factory=list)


# --------------------------------------------------------------------------
# Processes and environment


def port_open(host: str, port: int, timeout: float = 1.0) -> bool:
    """True when something accepts TCP connections on host:port."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody is listening on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def bench_env(database_url: str, tmp: Path) -> dict[str, str]:
    """The environment every manage.py command and gunicorn run under."""
    env = dict(os.environ)
    # Keep the run self-contained: no shared cache, no outside mail server.
    for name in ("REDIS_URL", "DJANGO_SETTINGS_MODULE", "DATABASE_URL"):
        env.pop(name, None)
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="bench-secret-key-not-for-production-" + "x" * 32,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
        # No worker process in a bench: background work runs in the request.
        TASKS_BACKEND="immediate",
    )
    return env


def manage(args: list[str], env: dict[str, str], timeout: float) -> str:
    """Run ``manage.py <args>``; raise BenchError with its output on failure."""
    cmd = [PYTHON, "manage.py", *args]
    label = "manage.py " + " ".join(a for a in args if "\n" not in a)
    try:
        proc = subprocess.run(
            cmd,
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"{label} timed out after {timeout:.0f}s") from exc
    if proc.returncode != 0:
        raise BenchError(
            f"{label} failed (exit {proc.returncode}):\n"
            f"--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}"
        )
    return proc.stdout


def static_key() -> str:
    """A fingerprint of everything collectstatic reads: the files under the
    project's static folders (path, size, modification time) and the versions
    of the installed packages that bring static files."""
    import hashlib
    from importlib import metadata

    digest = hashlib.sha256()
    for folder in sorted(REPO.glob("*/static")):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                stat = path.stat()
                digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    for package in ("wagtail", "django", "plotly", "whitenoise", "django-allauth"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            digest.update(f"{package}={metadata.version(package)}".encode())
    return digest.hexdigest()[:16]


def collect_static(env: dict[str, str], timeout: float = 1500) -> None:
    """Point ``env`` at static files collected once per fingerprint and kept
    in /tmp for the next bench run (collecting and compressing plotly.js alone
    takes minutes on a busy machine). Collected into a fresh folder that is
    renamed into place, under a lock, so two benches never share a half-made
    one."""
    import fcntl

    root = Path(tempfile.gettempdir()) / f"coproduce-bench-static-{static_key()}"
    env["STATIC_ROOT"] = str(root)
    started = time.monotonic()
    with open(f"{root}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (root / "staticfiles.json").exists():
            print(f"  collectstatic reused {root}", flush=True)
            return
        building = Path(tempfile.mkdtemp(prefix=root.name + "-building-"))
        try:
            manage(
                ["collectstatic", "--noinput"],
                {**env, "STATIC_ROOT": str(building)},
                timeout,
            )
            shutil.rmtree(root, ignore_errors=True)
            building.rename(root)
        finally:
            shutil.rmtree(building, ignore_errors=True)
    print(
        f"  collectstatic ok ({time.monotonic() - started:.1f}s) into {root}",
        flush=True,
    )


def prepare_site(env: dict[str, str]) -> None:
    """Migrate, seed the demo, collect static files, add the baseline page."""
    steps: list[tuple[list[str], float]] = [
        (["migrate", "--noinput"], 900),
        (["seed_demo"], 600),
        (["shell", "-c", BASELINE_SHELL], 300),
    ]
    for args, timeout in steps:
        started = time.monotonic()
        manage(args, env, timeout)
        print(f"  {args[0]:<13} ok ({time.monotonic() - started:.1f}s)", flush=True)
        if args[0] == "seed_demo":
            collect_static(env)


@contextlib.contextmanager
def postgres_database(name: str = PG_DB) -> Iterator[str]:
    """Create a fresh bench database (``coproduce_bench`` unless named); drop
    it afterwards."""
    import psycopg

    def admin(sql: str) -> None:
        try:
            with psycopg.connect(
                host=HOST,
                port=PG_PORT,
                user="postgres",
                dbname="postgres",
                autocommit=True,
                connect_timeout=10,
            ) as conn:
                conn.execute(sql)
        except psycopg.Error as exc:
            raise BenchError(f"PostgreSQL: {sql!r} failed: {exc}") from exc

    admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin(f"CREATE DATABASE {name}")
    try:
        yield f"postgres://postgres@{HOST}:{PG_PORT}/{name}"
    finally:
        try:
            admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            print(f"  dropped database {name}", flush=True)
        except Exception as exc:  # cleanup must not hide the results
            print(f"  WARNING: could not drop {name}: {exc}", flush=True)


# --------------------------------------------------------------------------
# Shared by the benches whose gunicorn serves a bench-only URLconf


def django_setup() -> None:
    """Configure Django from the environment the parent prepared."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
    import django

    django.setup()


BARE_PATH = "/bench-bare-post/"


def use_urlconf_with_bare_post(module_name: str, bare_post: object) -> None:
    """Make the project's URLs plus ``bare_post`` at BARE_PATH this process's
    root URLconf (a module called ``module_name``). Django must be set up."""
    import types

    from django.conf import settings
    from django.urls import include, path

    urls = types.ModuleType(module_name)
    urls.urlpatterns = [  # type: ignore[attr-defined]
        path(BARE_PATH.strip("/") + "/", bare_post, name="bench_bare_post"),
        path("", include("cms.urls")),
    ]
    urls.handler500 = "cms.views.server_error"  # type: ignore[attr-defined]
    sys.modules[module_name] = urls
    settings.ROOT_URLCONF = module_name


class Gunicorn:
    """A gunicorn master with sync workers, in its own process group.

    Subclasses serve another WSGI callable (``app``) with extra command-line
    arguments (``extra_args``, e.g. ``--pythonpath`` so bench modules load)."""

    count: int = WORKERS  # sync workers
    app: str = "cms.wsgi:application"
    extra_args: tuple[str, ...] = ()

    def __init__(
        self, env: dict[str, str], log_path: Path, workers: int | None = None
    ) -> None:
        self.count = workers or WORKERS
        self.port = free_port()
        self.log_path = log_path
        self._log = log_path.open("w")
        self.proc = subprocess.Popen(
            [
                GUNICORN,
                self.app,
                *self.extra_args,
                "--workers",
                str(self.count),
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

    def log_tail(self, lines: int = 40) -> str:
        self._log.flush()
        text = self.log_path.read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])

    def wait_ready(self, timeout: float = 60.0) -> None:
        """Block until every worker is up and the home page answers."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(
                    f"gunicorn exited with {self.proc.returncode}:\n{self.log_tail()}"
                )
            if len(self.workers()) == self.count:
                with contextlib.suppress(OSError, http.client.HTTPException):
                    status, _ = fetch(self.port, "/", timeout=5)
                    if status:
                        return
            time.sleep(0.25)
        raise BenchError(f"gunicorn not ready after {timeout:.0f}s:\n{self.log_tail()}")

    def workers(self) -> list[int]:
        """PIDs of the master's child processes (the workers)."""
        return children_of(self.proc.pid)

    def stop(self) -> None:
        """SIGTERM (graceful), then SIGKILL the process group if it lingers."""
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self._log.close()


# --------------------------------------------------------------------------
# /proc


def _stat_fields(pid: int) -> list[str]:
    """Fields of /proc/<pid>/stat from field 3 (state) on."""
    raw = Path(f"/proc/{pid}/stat").read_text()
    return raw[raw.rindex(")") + 2 :].split()


def children_of(parent: int) -> list[int]:
    """PIDs whose parent is ``parent`` (scans /proc; works without
    CONFIG_PROC_CHILDREN)."""
    found: list[int] = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        with contextlib.suppress(OSError, ValueError, IndexError):
            if int(_stat_fields(int(entry))[1]) == parent:
                found.append(int(entry))
    return sorted(found)


def cpu_ticks(pids: list[int]) -> int:
    """utime + stime (clock ticks) summed over ``pids``."""
    total = 0
    for pid in pids:
        fields = _stat_fields(pid)
        total += int(fields[11]) + int(fields[12])  # fields 14 and 15
    return total


# --------------------------------------------------------------------------
# HTTP load


def _headers() -> dict[str, str]:
    return {
        "Host": HOST,
        "X-Forwarded-Proto": "https",
        "User-Agent": "coproduce-bench/1",
        "Accept": "text/html",
    }


def fetch(port: int, path: str, timeout: float = REQUEST_TIMEOUT) -> tuple[int, bytes]:
    """One GET on a fresh connection: (status, body)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path, headers=_headers())
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def load(
    port: int, path: str, total: int, time_limit: float, clients: int | None = None
) -> tuple[list[float], int, float]:
    """Send up to ``total`` GETs with CONCURRENCY threads, stopping early at
    ``time_limit`` seconds. Returns (latencies in s, error count, wall time).

    Each thread keeps one ``http.client`` connection and reuses it while the
    server allows (gunicorn's sync workers close after each response, and
    ``http.client`` then reconnects on the next request).
    """
    lock = threading.Lock()
    issued = 0
    latencies: list[float] = []
    errors = 0
    headers = _headers()
    started = time.perf_counter()
    deadline = started + time_limit

    def take() -> bool:
        nonlocal issued
        with lock:
            if issued >= total or time.perf_counter() >= deadline:
                return False
            issued += 1
            return True

    def worker() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
        mine: list[float] = []
        bad = 0
        try:
            while take():
                t0 = time.perf_counter()
                try:
                    conn.request("GET", path, headers=headers)
                    resp = conn.getresponse()
                    resp.read()
                    ok = resp.status == 200
                except (OSError, http.client.HTTPException):
                    conn.close()
                    ok = False
                elapsed = time.perf_counter() - t0
                if ok:
                    mine.append(elapsed)
                else:
                    bad += 1
        finally:
            conn.close()
            with lock:
                latencies.extend(mine)
                errors += bad

    threads = [
        threading.Thread(target=worker, daemon=True)
        for _ in range(clients or CONCURRENCY)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(time_limit + REQUEST_TIMEOUT + 5)
    wall = time.perf_counter() - started
    if any(thread.is_alive() for thread in threads):
        raise BenchError(f"load threads for {path} did not finish in time")
    return latencies, errors, wall


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile of ``values`` (0 < pct <= 100)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))  # ceil
    return ordered[int(rank) - 1]


def measure(
    server: Gunicorn,
    path: str,
    total: int,
    time_limit: float,
    clients: int | None = None,
) -> RoundResult:
    """One bounded load run against ``path`` with worker CPU accounting."""
    workers = server.workers()
    before = cpu_ticks(workers)
    latencies, errors, wall = load(server.port, path, total, time_limit, clients)
    after_workers = server.workers()
    if after_workers != workers:
        raise BenchError(
            f"gunicorn workers changed during {path} ({workers} -> {after_workers});"
            f" CPU figures would be wrong.\n{server.log_tail()}"
        )
    after = cpu_ticks(workers)
    if errors:
        raise BenchError(
            f"{errors} failed requests to {path} (non-200 or I/O error)\n"
            f"{server.log_tail()}"
        )
    if not latencies:
        raise BenchError(f"no request to {path} completed within {time_limit}s")
    served = len(latencies)
    cpu_ms = (after - before) * 1000.0 / CLK_TCK
    return RoundResult(
        requests=served,
        errors=errors,
        seconds=round(wall, 3),
        rps=served / wall,
        p50_ms=percentile(latencies, 50) * 1000,
        p99_ms=percentile(latencies, 99) * 1000,
        cpu_ms_per_request=cpu_ms / served,
    )


# --------------------------------------------------------------------------
# One database


def check_pages(server: Gunicorn) -> dict[str, int]:
    """Every page must answer 200 before anything is measured."""
    sizes: dict[str, int] = {}
    problems: list[str] = []
    for name, path in PAGES:
        status, body = fetch(server.port, path)
        if status != 200:
            snippet = body[:300].decode("utf-8", "replace")
            problems.append(f"{name} {path}: HTTP {status}\n{snippet}")
        sizes[name] = len(body)
    if problems:
        raise BenchError(
            "pages did not answer 200:\n"
            + "\n".join(problems)
            + f"\n--- gunicorn log ---\n{server.log_tail()}"
        )
    return sizes


def run_database(
    name: str, database_url: str, tmp: Path, args: argparse.Namespace
) -> DbResult:
    """Prepare the site on ``database_url``, serve it and measure every page."""
    env = bench_env(database_url, tmp)
    prepare_site(env)
    server = Gunicorn(env, tmp / "gunicorn.log")
    try:
        server.wait_ready()
        print(
            f"  gunicorn      up on {HOST}:{server.port}, workers {server.workers()}",
            flush=True,
        )
        sizes = check_pages(server)
        results = {
            page: PageResult(name=page, path=path, bytes=sizes[page])
            for page, path in PAGES
        }
        for _page, path in PAGES:
            _, warm_errors, _ = load(
                server.port, path, WARMUP_REQUESTS, args.time_limit
            )
            if warm_errors:
                raise BenchError(
                    f"{warm_errors} failed warm-up requests to {path}\n"
                    f"{server.log_tail()}"
                )
        for round_no in range(1, args.rounds + 1):
            for page, path in PAGES:
                result = measure(server, path, args.requests, args.time_limit)
                results[page].rounds.append(result)
                print(
                    f"  round {round_no}/{args.rounds} {page:<9}"
                    f"{result.requests:>6} req {result.rps:>8.1f} req/s"
                    f" p50 {result.p50_ms:>7.1f} ms p99 {result.p99_ms:>7.1f} ms"
                    f" cpu {result.cpu_ms_per_request:>6.2f} ms/req",
                    flush=True,
                )
                if result.requests < args.requests:
                    print(
                        f"    (time limit {args.time_limit:.0f}s reached after "
                        f"{result.requests} requests)",
                        flush=True,
                    )
    finally:
        server.stop()
    return DbResult(database=name, status="measured", pages=list(results.values()))


def summarise(result: DbResult) -> list[dict[str, object]]:
    """Median figures per page, with ratios to the baseline and the verdict."""
    base = next(p for p in result.pages if p.name == BASELINE)
    base_cpu = base.median("cpu_ms_per_request")
    base_rps = base.median("rps")
    rows: list[dict[str, object]] = []
    for page in result.pages:
        cpu = page.median("cpu_ms_per_request")
        rps = page.median("rps")
        cpu_ratio = cpu / base_cpu if base_cpu else float("inf")
        rows.append(
            {
                "page": page.name,
                "path": page.path,
                "bytes": page.bytes,
                "rounds": len(page.rounds),
                "requests_per_round": [r.requests for r in page.rounds],
                "rps": round(rps, 1),
                "p50_ms": round(page.median("p50_ms"), 2),
                "p99_ms": round(page.median("p99_ms"), 2),
                "cpu_ms_per_request": round(cpu, 3),
                "cpu_ratio": round(cpu_ratio, 2),
                "rps_ratio": round(rps / base_rps, 2) if base_rps else 0.0,
                "pass": cpu_ratio <= GOAL_RATIO,
            }
        )
    return rows


def print_table(database: str, rows: list[dict[str, object]]) -> None:
    """The per-database figures table."""
    header = (
        f"{'page':<27}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'CPU ms/req':>12}{'CPU x base':>12}{'req/s x base':>14}  goal<=1.4x"
    )
    print(
        f"\n{database}: median of rounds, {CONCURRENCY} client threads, "
        f"{WORKERS} gunicorn sync workers"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        label = f"{row['page']} {row['path']}"
        verdict = "PASS" if row["pass"] else "FAIL"
        print(
            f"{label:<27}{row['rps']:>9.1f}{row['p50_ms']:>9.1f}{row['p99_ms']:>9.1f}"
            f"{row['cpu_ms_per_request']:>12.2f}{row['cpu_ratio']:>11.2f}x"
            f"{row['rps_ratio']:>13.2f}x  {verdict}"
        )
    print(flush=True)


# --------------------------------------------------------------------------
# Scaling with the number of workers (--workers 1,2,4)


def scaling_clients(worker_counts: list[int]) -> int:
    """Client threads for a scaling run: the same for every worker count, and
    enough to keep the largest count busy."""
    return max(CONCURRENCY, 2 * max(worker_counts))


def run_scaling(
    name: str, database_url: str, tmp: Path, args: argparse.Namespace
) -> dict[str, object]:
    """Prepare the site once, then for each worker count: gunicorn, warm-up,
    ``--rounds`` interleaved rounds of every page. Median req/s and CPU per
    request per page and worker count."""
    env = bench_env(database_url, tmp)
    prepare_site(env)
    clients = scaling_clients(args.workers)
    figures: dict[str, object] = {"clients": clients, "by_workers": []}
    for count in args.workers:
        server = Gunicorn(env, tmp / f"gunicorn-{count}.log", workers=count)
        try:
            # Several workers booting on a busy shared machine take minutes.
            server.wait_ready(timeout=300)
            print(
                f"  gunicorn      up on {HOST}:{server.port},"
                f" {count} workers {server.workers()}",
                flush=True,
            )
            check_pages(server)
            for _page, path in PAGES:
                _, warm_errors, _ = load(
                    server.port, path, WARMUP_REQUESTS, args.time_limit, clients
                )
                if warm_errors:
                    raise BenchError(
                        f"{warm_errors} failed warm-up requests to {path}\n"
                        f"{server.log_tail()}"
                    )
            rounds: dict[str, list[RoundResult]] = {page: [] for page, _ in PAGES}
            for round_no in range(1, args.rounds + 1):
                for page, path in PAGES:
                    result = measure(
                        server, path, args.requests, args.time_limit, clients
                    )
                    rounds[page].append(result)
                    print(
                        f"  {count}w round {round_no}/{args.rounds} {page:<9}"
                        f"{result.requests:>6} req {result.rps:>8.1f} req/s"
                        f" p50 {result.p50_ms:>7.1f} ms"
                        f" cpu {result.cpu_ms_per_request:>6.2f} ms/req",
                        flush=True,
                    )
        finally:
            server.stop()
        figures["by_workers"].append(  # type: ignore[attr-defined]
            {
                "workers": count,
                "pages": {
                    page: {
                        "rps": round(statistics.median(r.rps for r in found), 1),
                        "p50_ms": round(statistics.median(r.p50_ms for r in found), 1),
                        "cpu_ms_per_request": round(
                            statistics.median(r.cpu_ms_per_request for r in found), 2
                        ),
                    }
                    for page, found in rounds.items()
                },
            }
        )
    return figures


def print_scaling(database: str, figures: dict) -> None:
    """req/s per page and worker count, and the ratios to the first count."""
    blocks = figures["by_workers"]
    first = blocks[0]
    cpus = os.cpu_count() or 1
    print(
        f"\n{database}: median req/s of rounds, {figures['clients']} client"
        f" threads for every worker count"
    )
    print(
        f"NOTE: this machine has {cpus} CPUs, shared by the workers, the load"
        f" generator, the database and other work: more than {cpus} workers"
        f" cannot scale past about {cpus}x."
    )
    header = f"{'page':<12}" + "".join(
        f"{str(b['workers']) + 'w req/s':>12}" for b in blocks
    )
    header += "".join(
        f"{str(b['workers']) + 'w/' + str(first['workers']) + 'w':>9}"
        for b in blocks[1:]
    )
    header += "".join(f"{str(b['workers']) + 'w CPU ms':>12}" for b in blocks)
    print(header)
    print("-" * len(header))
    for page, _ in PAGES:
        base = first["pages"][page]["rps"]
        line = f"{page:<12}" + "".join(
            f"{b['pages'][page]['rps']:>12.1f}" for b in blocks
        )
        line += "".join(
            f"{b['pages'][page]['rps'] / base:>8.2f}x" if base else f"{'-':>9}"
            for b in blocks[1:]
        )
        line += "".join(
            f"{b['pages'][page]['cpu_ms_per_request']:>12.2f}" for b in blocks
        )
        print(line)
    print(flush=True)


def scaling_main(args: argparse.Namespace) -> int:
    """``--workers 1,2,4``: the scaling run, for each database asked."""
    os.chdir(REPO)
    names = {"sqlite": ["SQLite"], "postgres": ["PostgreSQL"]}.get(
        args.db, ["SQLite", "PostgreSQL"]
    )
    out: dict[str, object] = {"cpu_count": os.cpu_count(), "databases": {}}
    failed = False
    for name in names:
        print(f"\n== {name}, workers {args.workers} ==", flush=True)
        tmp = Path(tempfile.mkdtemp(prefix="coproduce-bench-"))
        try:
            if name == "SQLite":
                figures = run_scaling(
                    name, f"sqlite:///{tmp / 'bench.sqlite3'}", tmp, args
                )
            elif not port_open(HOST, PG_PORT):
                print(f"PostgreSQL: skipped (no server on {HOST}:{PG_PORT})")
                continue
            else:
                with postgres_database() as url:
                    figures = run_scaling(name, url, tmp, args)
        except BenchError as exc:
            print(f"{name}: FAILED\n{exc}", file=sys.stderr, flush=True)
            failed = True
            continue
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        print_scaling(name, figures)
        out["databases"][name] = figures  # type: ignore[index]
    if args.json:
        print(json.dumps(out, indent=2))
    return 2 if failed else 0


# --------------------------------------------------------------------------
# Main


def workers_arg(text: str) -> list[int]:
    """ "1,2,4" -> [1, 2, 4]."""
    try:
        counts = [int(part) for part in text.split(",") if part.strip()]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {text}") from exc
    if not counts or any(count < 1 for count in counts):
        raise argparse.ArgumentTypeError("worker counts must be 1 or more")
    return counts


# --------------------------------------------------------------------------
# The full-page cache on and off (--page-cache)

REDIS_URL = "redis://127.0.0.1:6379/7"  # a database of its own, flushed


def x_cache(port: int, path: str) -> str:
    """The X-Cache header of one anonymous GET ("" when there is none)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    try:
        conn.request("GET", path, headers=_headers())
        resp = conn.getresponse()
        resp.read()
        return resp.getheader("X-Cache", "")
    finally:
        conn.close()


def run_page_cache(
    database_url: str, tmp: Path, args: argparse.Namespace
) -> dict[str, dict[str, dict[str, float]]]:
    """Median req/s and CPU ms/request per page, cache off and on."""
    import redis

    env = bench_env(database_url, tmp)
    prepare_site(env)
    redis.Redis.from_url(REDIS_URL).flushdb()
    modes = {
        "off": {**env, "PAGE_CACHE_SECONDS": "0"},
        "on": {**env, "REDIS_URL": REDIS_URL, "PAGE_CACHE_SECONDS": "300"},
    }
    servers = {
        mode: Gunicorn(mode_env, tmp / f"gunicorn-{mode}.log")
        for mode, mode_env in modes.items()
    }
    results: dict[str, dict[str, PageResult]] = {
        mode: {page: PageResult(name=page, path=path) for page, path in PAGES}
        for mode in modes
    }
    try:
        for server in servers.values():
            server.wait_ready()
            check_pages(server)
            for _page, path in PAGES:
                load(server.port, path, WARMUP_REQUESTS, args.time_limit)
        for _page, path in PAGES:
            seen = x_cache(servers["on"].port, path)
            if seen != "hit":
                raise BenchError(f"{path}: X-Cache {seen or 'missing'}, not a hit")
            if x_cache(servers["off"].port, path):
                raise BenchError(f"{path}: cached with PAGE_CACHE_SECONDS=0")
        for round_no in range(1, args.rounds + 1):
            for page, path in PAGES:
                for mode, server in servers.items():
                    result = measure(server, path, args.requests, args.time_limit)
                    results[mode][page].rounds.append(result)
                    print(
                        f"  round {round_no}/{args.rounds} {page:<9} cache {mode:<3}"
                        f"{result.requests:>6} req {result.rps:>8.1f} req/s"
                        f" cpu {result.cpu_ms_per_request:>6.2f} ms/req",
                        flush=True,
                    )
    finally:
        for server in servers.values():
            server.stop()
        with contextlib.suppress(Exception):
            redis.Redis.from_url(REDIS_URL).flushdb()
    return {
        mode: {
            page: {
                "rps": round(r.median("rps"), 1),
                "cpu_ms_per_request": round(r.median("cpu_ms_per_request"), 3),
            }
            for page, r in pages.items()
        }
        for mode, pages in results.items()
    }


def page_cache_main(args: argparse.Namespace) -> int:
    """--page-cache: PostgreSQL + Redis, cache off vs on, ratios printed."""
    os.chdir(REPO)
    if not port_open(HOST, PG_PORT) or not port_open(HOST, 6379):
        print("--page-cache needs PostgreSQL on 5432 and Redis on 6379", flush=True)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="coproduce-bench-"))
    try:
        with postgres_database() as url:
            figures = run_page_cache(url, tmp, args)
    except BenchError as exc:
        print(f"FAILED\n{exc}", file=sys.stderr, flush=True)
        return 2
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(
        f"\nPostgreSQL + Redis, {WORKERS} gunicorn workers, {CONCURRENCY} client"
        f" threads, median of {args.rounds} rounds"
    )
    print(
        f"{'page':<12}{'req/s off':>11}{'req/s on':>11}{'x':>7}"
        f"{'CPU ms off':>12}{'CPU ms on':>11}"
    )
    for page, _path in PAGES:
        off, on = figures["off"][page], figures["on"][page]
        ratio = on["rps"] / off["rps"] if off["rps"] else float("inf")
        print(
            f"{page:<12}{off['rps']:>11.1f}{on['rps']:>11.1f}{ratio:>6.1f}x"
            f"{off['cpu_ms_per_request']:>12.2f}{on['cpu_ms_per_request']:>11.2f}"
        )
    if args.json:
        print(json.dumps(figures, indent=2))
    return 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Worker CPU per request of the public pages vs a bare "
        "Wagtail page, under gunicorn + production settings."
    )
    parser.add_argument(
        "--requests", type=int, default=1000, help="requests per page per round"
    )
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--time-limit",
        type=float,
        default=60.0,
        help="seconds per page per round before the load stops early",
    )
    parser.add_argument(
        "--json", action="store_true", help="also print a JSON summary at the end"
    )
    parser.add_argument(
        "--workers",
        type=workers_arg,
        default=None,
        help="e.g. 1,2,4: measure req/s with each number of gunicorn workers"
        " and print the scaling ratios (instead of the baseline comparison)",
    )
    parser.add_argument(
        "--page-cache",
        action="store_true",
        help="PostgreSQL + Redis: req/s with the full-page cache off and on",
    )
    args = parser.parse_args(argv)
    if args.requests < 1 or args.rounds < 1 or args.time_limit <= 0:
        parser.error("--requests, --rounds and --time-limit must be positive")
    return args


def bench_one(name: str, args: argparse.Namespace) -> DbResult:
    """Run the whole cycle for one database, cleaning up whatever happens."""
    print(f"\n== {name} ==", flush=True)
    tmp = Path(tempfile.mkdtemp(prefix="coproduce-bench-"))
    try:
        if name == "SQLite":
            return run_database(name, f"sqlite:///{tmp / 'bench.sqlite3'}", tmp, args)
        with postgres_database() as url:
            return run_database(name, url, tmp, args)
    except BenchError as exc:
        print(f"{name}: FAILED\n{exc}", file=sys.stderr, flush=True)
        return DbResult(database=name, status="failed", reason=str(exc))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.workers:
        return scaling_main(args)
    if args.page_cache:
        return page_cache_main(args)
    os.chdir(REPO)
    results: list[DbResult] = []
    if args.db in ("sqlite", "both"):
        results.append(bench_one("SQLite", args))
    if args.db in ("postgres", "both"):
        if port_open(HOST, PG_PORT):
            results.append(bench_one("PostgreSQL", args))
        else:
            reason = f"no server on {HOST}:{PG_PORT}"
            print(f"\nPostgreSQL: skipped ({reason})", flush=True)
            results.append(DbResult("PostgreSQL", "skipped", reason))

    summary: dict[str, object] = {
        "goal": f"CPU ms/request <= {GOAL_RATIO}x baseline",
        "requests_per_round": args.requests,
        "rounds": args.rounds,
        "concurrency": CONCURRENCY,
        "workers": WORKERS,
        "cpu_count": os.cpu_count(),
        "databases": {},
    }
    all_pass = True
    failed = False
    print("\n==== Results ====")
    for result in results:
        entry: dict[str, object] = {"status": result.status}
        if result.status == "measured":
            rows = summarise(result)
            print_table(result.database, rows)
            entry["pages"] = rows
            entry["rounds_detail"] = {
                p.name: [asdict(r) for r in p.rounds] for p in result.pages
            }
            all_pass = all_pass and all(bool(row["pass"]) for row in rows)
        else:
            first = (result.reason.splitlines() or [""])[0]
            print(f"{result.database}: {result.status} ({first})")
            entry["reason"] = result.reason
            failed = failed or result.status == "failed"
        summary["databases"][result.database] = entry  # type: ignore[index]
    summary["all_pass"] = all_pass and not failed
    if args.json:
        print(json.dumps(summary, indent=2))
    return 2 if failed else (0 if all_pass else 1)


if __name__ == "__main__":
    sys.exit(main())
