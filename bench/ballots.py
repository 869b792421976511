"""Casting real room ballots through gunicorn: the part that bench/room_burst.py
(many voters at once) and bench/faults.py (a worker killed mid-run) share.

* ``child_setup``: in a child process with the production settings, a bench
  inquiry (``/inquiries/bench-room/``, Prioritise open, 5 changes, "rate each
  change") and ``count`` participants, each with a real participation code
  (``create_code_batch`` then ``redeem_code``) and a browser session of their
  own holding them, as the code page leaves it. The sessions are written
  straight into the session store; the ballot POSTs are the real public ones.
  Run it as ``python bench/ballots.py --count N --out setup.json``.
* ``BallotGunicorn``: gunicorn serving ``ballots:bench_wsgi()``, the
  production WSGI app with a bench-only URLconf (the project's URLs plus
  ``/bench-bare-post/``, a view that reads the same form and redirects).
* ``Poster`` and ``post_ballot``: one POST of participant n's ballot with a
  valid CSRF cookie and token, ``Origin`` and ``X-Forwarded-Proto: https``;
  participant n's ratings are always the same (``marks_for``), so a retry
  sends exactly what the first try sent.
* ``stored`` and ``stored_detail``: what PostgreSQL holds for them.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
if str(BENCH_DIR) not in sys.path:
    sys.path.insert(0, str(BENCH_DIR))

from pages import (  # noqa: E402  (bench/ is not a package)
    HOST,
    PG_PORT,
    PYTHON,
    REPO,
    REQUEST_TIMEOUT,
    BenchError,
    Gunicorn,
    children_of,
    cpu_ticks,
    django_setup,
    fetch,
    use_urlconf_with_bare_post,
)

SLUG = "bench-room"
BALLOT_PATH = f"/inquiries/{SLUG}/priorities/"
VOTED_PATH = f"/inquiries/{SLUG}/priorities/voted/"
BENCH_URLCONF = "coproduce_room_bench_urls"
CHANGES = 5


# --------------------------------------------------------------------------
# Inside gunicorn and the set-up child: Django code, imported lazily


def install_bench_urls() -> None:
    """The project's URLs plus a bare POST view, as this process's root
    URLconf. Django must be set up already."""
    from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
    from django.views.decorators.http import require_POST

    @require_POST
    def bare_post(request: HttpRequest) -> HttpResponse:
        """Read the same form the ballot page gets, then redirect like it."""
        marks = {k: v for k, v in request.POST.items() if k.startswith("change_")}
        return HttpResponseRedirect(f"{request.path}?voted={len(marks)}")

    use_urlconf_with_bare_post(BENCH_URLCONF, bare_post)


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


def run_setup_child(count: int, out: Path, env: dict[str, str]) -> dict:
    """``child_setup`` in a child process under `env`; its JSON."""
    proc = subprocess.run(
        [
            PYTHON,
            str(Path(__file__).resolve()),
            "--count",
            str(count),
            "--out",
            str(out),
        ],
        cwd=REPO,
        env=env,
        timeout=1800,
        check=False,
    )
    if proc.returncode != 0 or not out.exists():
        raise BenchError(f"set-up child failed (exit {proc.returncode})")
    return json.loads(out.read_text())


# --------------------------------------------------------------------------
# The parent: gunicorn and the POSTs


class BallotGunicorn(Gunicorn):
    """pages.py's gunicorn, serving ``ballots:bench_wsgi()`` with
    ``workers`` sync workers."""

    app = "ballots:bench_wsgi()"
    extra_args = ("--pythonpath", f"{REPO},{BENCH_DIR}", "--backlog", "2048")

    def wait_ready(self, timeout: float = 300.0) -> None:
        """Every worker up and the home page answering. Generous: booting
        several workers on a busy shared machine has taken over 90 s."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(
                    f"gunicorn exited with {self.proc.returncode}:\n{self.log_tail()}"
                )
            if len(children_of(self.proc.pid)) == self.count:
                with contextlib.suppress(OSError, http.client.HTTPException):
                    status, _ = fetch(self.port, "/", timeout=30)
                    if status:
                        return
            time.sleep(0.25)
        raise BenchError(f"gunicorn not ready after {timeout:.0f}s:\n{self.log_tail()}")


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


@dataclass
class Outcome:
    """One POST: acknowledged (302 to `expect`), an HTTP answer that is not,
    or a broken connection (no answer at all: the one case worth a retry)."""

    acknowledged: bool
    broken: bool
    detail: str
    seconds: float


def post_ballot(port: int, poster: Poster, path: str, expect: str, n: int) -> Outcome:
    """POST participant n's form to `path` on a fresh connection."""
    body, headers = poster.request(path, n)
    t0 = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    try:
        conn.request("POST", path, body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        location = resp.getheader("Location", "")
        if resp.status == 302 and location.split("?")[0].endswith(expect):
            return Outcome(True, False, "", time.perf_counter() - t0)
        snippet = data[:160].decode("utf-8", "replace")
        return Outcome(False, False, f"HTTP {resp.status} {location} {snippet}", 0.0)
    except (OSError, http.client.HTTPException) as exc:
        return Outcome(False, True, f"{type(exc).__name__}: {exc}", 0.0)
    finally:
        conn.close()


def csrf_from_ballot_page(server: Gunicorn, setup: dict) -> tuple[str, str]:
    """GET the ballot page as participant 0: (CSRF cookie, form token)."""
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
        cookies: SimpleCookie = SimpleCookie()
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


# --------------------------------------------------------------------------
# PostgreSQL


def pg_connect(dbname: str):  # type: ignore[no-untyped-def]
    import psycopg

    return psycopg.connect(
        host=HOST, port=PG_PORT, user="postgres", dbname=dbname, connect_timeout=10
    )


def stored(setup: dict, people: list[int], dbname: str) -> tuple[int, int]:
    """(ballots, choices) stored for these participants."""
    pks = [setup["participants"][n] for n in people]
    with pg_connect(dbname) as conn:
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


def stored_detail(setup: dict, dbname: str) -> dict[int, dict[int, int]]:
    """Every stored ballot of the bench inquiry as {participant pk: {change
    pk: value}}; a participant with two ballots would raise (the database
    forbids it, and the caller counts duplicates apart)."""
    found: dict[int, dict[int, int]] = {}
    with pg_connect(dbname) as conn:
        for participant, change, value in conn.execute(
            "SELECT b.participant_id, c.change_id, c.value"
            " FROM consult_priorityballot b"
            " LEFT JOIN consult_prioritychoice c ON c.ballot_id = b.id"
            " WHERE b.inquiry_id = %s",
            (setup["inquiry_pk"],),
        ):
            marks = found.setdefault(int(participant), {})
            if change is not None:
                marks[int(change)] = int(value)
    return found


def duplicate_ballots(setup: dict, dbname: str) -> int:
    """Participants with more than one ballot, and ballots with a change
    marked more than once: 0 unless a constraint is missing."""
    with pg_connect(dbname) as conn:
        people = conn.execute(
            "SELECT count(*) FROM (SELECT participant_id FROM consult_priorityballot"
            " WHERE inquiry_id = %s GROUP BY participant_id HAVING count(*) > 1) d",
            (setup["inquiry_pk"],),
        ).fetchone()[0]
        marks = conn.execute(
            "SELECT count(*) FROM (SELECT c.ballot_id, c.change_id"
            " FROM consult_prioritychoice c"
            " JOIN consult_priorityballot b ON b.id = c.ballot_id"
            " WHERE b.inquiry_id = %s GROUP BY c.ballot_id, c.change_id"
            " HAVING count(*) > 1) d",
            (setup["inquiry_pk"],),
        ).fetchone()[0]
    return int(people) + int(marks)


def pg_backends(dbname: str) -> list[int]:
    """PIDs of the PostgreSQL backends serving `dbname` (the workers keep
    their connections, CONN_MAX_AGE), found by their process title:
    "postgres: <user> <database> <client> <state>"."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        with contextlib.suppress(OSError):
            title = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ")
            if title.startswith(b"postgres: ") and f" {dbname} ".encode() in title:
                found.append(int(entry))
    return sorted(found)


def ticks_of(pids: list[int]) -> dict[int, int]:
    found: dict[int, int] = {}
    for pid in pids:
        with contextlib.suppress(OSError, ValueError, IndexError):
            found[pid] = cpu_ticks([pid])
    return found


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Set-up child for the ballot benches")
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    arguments = parser.parse_args()
    child_setup(arguments.count, arguments.out)
