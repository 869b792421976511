"""Participatory budgeting benchmark: our parser and rules against pabutools.

Run: .venv/bin/python bench/budget.py [--cap SECONDS] [--voters N]
     [--only czestochowa|generated]

On poland_czestochowa_2020_.pb (pabulib; Stolicki, Szufa and Talmon,
arXiv:2012.06539) and on a generated approval file (100,000 voters, 100
options, seeded), prints import times and, per rule, our time from ballots to
results against pabutools' rule time on the same election in the same run
(parsing excluded), with the ratio and whether the winners are identical.
Each pabutools rule runs in a subprocess capped at --cap seconds ("> cap").
Goals: every rule at most 0.1x pabutools' time; completed MES at most 0.01x.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from consult.budgeting.election import Election, Project  # noqa: E402
from consult.budgeting.pabulib import parse, write  # noqa: E402
from consult.budgeting.rules import run_rule  # noqa: E402

SHARED = ROOT.parent / "shared" / "pabulib" / "poland_czestochowa_2020_.pb"
RULES = ("greedy", "mes-plain", "mes")
GOALS = {"greedy": 0.1, "mes-plain": 0.1, "mes": 0.01}

CHILD = """
import json, sys, time
sys.path.insert(0, {root!r})
from consult.budgeting.pabulib import parse
from tests.consult.budgeting.pabutools_oracle import pb_greedy, pb_mes, setup
election = parse(open({path!r}, encoding="utf-8").read())
rule = {rule!r}
start, cpu = time.perf_counter(), time.process_time()
if rule == "greedy":
    selected = pb_greedy(election)
else:
    selected = pb_mes(election, rule == "mes")
print(json.dumps({{"seconds": time.perf_counter() - start,
                  "cpu": time.process_time() - cpu, "selected": selected}}))
"""


def generated(voters: int, options: int = 100, seed: int = 2021) -> Election:
    """Approval ballots: option popularity skewed, 1-8 approvals per voter."""
    rng = np.random.default_rng(seed)
    costs = (rng.integers(10, 400, size=options) * 1000).tolist()
    projects = [
        Project(str(i + 1), f"Option {i + 1}", int(c)) for i, c in enumerate(costs)
    ]
    weights = rng.gamma(0.8, size=options)
    weights /= weights.sum()
    sizes = rng.integers(1, 9, size=voters)
    ballots = []
    for size in sizes:
        chosen = rng.choice(options, size=size, replace=False, p=weights)
        ballots.append({str(i + 1): 1 for i in sorted(chosen)})
    return Election.from_ballots(sum(costs) // 3, projects, "approval", ballots)


def pabutools_rule(path: Path, rule: str, cap: float) -> dict | None:
    code = CHILD.format(root=str(ROOT), path=str(path), rule=rule)
    try:
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            timeout=cap,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench_file(label: str, path: Path, cap: float) -> list[dict]:
    from pabutools.election.pabulib import parse_pabulib

    text = path.read_text(encoding="utf-8")
    start, cpu = time.perf_counter(), time.process_time()
    election = parse(text)
    ours_import = time.perf_counter() - start
    ours_import_cpu = time.process_time() - cpu
    start, cpu = time.perf_counter(), time.process_time()
    parse_pabulib(str(path))
    theirs_import = time.perf_counter() - start
    theirs_import_cpu = time.process_time() - cpu
    print(
        f"\n{label}: {election.num_voters:,} voters, {len(election.projects)} options, "
        f"{len(election.ballots):,} distinct ballots"
    )
    print(
        f"  import: ours {ours_import:.3f} s wall ({ours_import_cpu:.3f} s CPU), "
        f"pabutools {theirs_import:.3f} s wall ({theirs_import_cpu:.3f} s CPU)"
    )
    print(
        f"  {'rule':<10} {'ours s':>8} {'pabutools s':>12} {'ratio':>9} "
        f"{'CPU s':>8} {'pabutools CPU':>13} {'CPU ratio':>10} {'goal':>6}"
        "  same winners"
    )
    rows = []
    for rule in RULES:
        start, cpu = time.perf_counter(), time.process_time()
        outcome = run_rule(election, rule)
        ours = time.perf_counter() - start
        ours_cpu = time.process_time() - cpu
        theirs = pabutools_rule(path, rule, cap)
        if theirs is None:
            ratio = f"< {ours / cap:.4f}"
            cpu_ratio = "n/a"
            same = "n/a (pabutools over cap)"
            shown = f"> {cap:.0f}"
            shown_cpu = "n/a"
            passed = ours / cap <= GOALS[rule]
        else:
            r = ours / theirs["seconds"]
            r_cpu = ours_cpu / theirs["cpu"]
            ratio = f"{r:.4f}"
            cpu_ratio = f"{r_cpu:.4f}"
            exact_order = outcome.selected == theirs["selected"]
            same_set = sorted(outcome.selected) == sorted(theirs["selected"])
            same = "yes" if exact_order else ("yes (same set)" if same_set else "NO")
            shown = f"{theirs['seconds']:.2f}"
            shown_cpu = f"{theirs['cpu']:.2f}"
            passed = r_cpu <= GOALS[rule] and same_set
        print(
            f"  {rule:<10} {ours:>8.3f} {shown:>12} {ratio:>9} {ours_cpu:>8.3f} "
            f"{shown_cpu:>13} {cpu_ratio:>10} {GOALS[rule]:>6} "
            f" {same}  {'PASS' if passed else 'MISS'}"
        )
        rows.append(
            {
                "file": label,
                "rule": rule,
                "ours": ours,
                "pabutools": theirs and theirs["seconds"],
                "passed": passed,
            }
        )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--cap", type=float, default=300.0, help="pabutools time cap per rule (s)"
    )
    parser.add_argument("--voters", type=int, default=100_000)
    parser.add_argument(
        "--only",
        choices=("czestochowa", "generated"),
        help="bench one file only (default: both)",
    )
    args = parser.parse_args()
    rows = []
    if args.only == "generated":
        pass
    elif SHARED.exists():
        rows += bench_file("poland_czestochowa_2020_.pb", SHARED, args.cap)
    else:
        print(f"{SHARED} is missing: skipping czestochowa")
    if args.only == "czestochowa":
        return 0 if all(row["passed"] for row in rows) else 1
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "generated.pb"
        start = time.perf_counter()
        path.write_text(write(generated(args.voters)), encoding="utf-8")
        print(f"\n(generated file written in {time.perf_counter() - start:.1f} s)")
        rows += bench_file(
            f"generated ({args.voters:,} voters, 100 options)", path, args.cap
        )
    return 0 if all(row["passed"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
