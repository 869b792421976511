"""`make audit`: bandit over our code and pip-audit over requirements.txt.

    python deploy/security_audit.py            # both
    python deploy/security_audit.py bandit     # one of them
    python deploy/security_audit.py pip-audit

Bandit: every finding must be fixed or listed in deploy/bandit-accepted.txt
with the reason it is safe (SECURITY.md explains the list). An entry names
the test, the file and the line's code, so it stays put when lines move and
stops matching when the line changes.

pip-audit: fails on any known vulnerability in a pinned package, unless its
id is in deploy/pip-audit-accepted.txt with a reason. When the vulnerability
service cannot be reached (no internet, as on some build machines) it says
so plainly and skips, rather than failing or passing in silence.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
OUR_CODE = ["cms", "consult", "deliberation", "themes", "manage.py"]
BANDIT_ACCEPTED = ROOT / "deploy" / "bandit-accepted.txt"
PIP_AUDIT_ACCEPTED = ROOT / "deploy" / "pip-audit-accepted.txt"
UNREACHABLE_HINTS = (
    "ConnectionError",
    "NameResolutionError",
    "Max retries exceeded",
    "Failed to establish a new connection",
    "timed out",
)


@dataclass(frozen=True)
class Finding:
    test_id: str
    path: str
    code: str
    severity: str
    text: str
    line: int

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.test_id, self.path, self.code)


def read_list(path: Path) -> list[list[str]]:
    """Rows of a '|'-separated list; blank lines and # comments skipped."""
    rows = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.strip() and not raw.lstrip().startswith("#"):
            rows.append([part.strip() for part in raw.split(" | ")])
    return rows


def accepted_bandit(path: Path = BANDIT_ACCEPTED) -> set[tuple[str, str, str]]:
    accepted = set()
    for row in read_list(path):
        if len(row) != 4 or not row[3]:
            raise SystemExit(f"{path}: each entry needs test | file | code | reason")
        accepted.add((row[0], row[1], row[2]))
    return accepted


def bandit_findings(report: dict) -> list[Finding]:
    findings = []
    for result in report.get("results", []):
        path = Path(result["filename"])
        source = (ROOT / path).read_text(encoding="utf-8").splitlines()
        code = source[result["line_number"] - 1].strip()
        findings.append(
            Finding(
                test_id=result["test_id"],
                path=path.as_posix(),
                code=code,
                severity=result["issue_severity"],
                text=result["issue_text"],
                line=result["line_number"],
            )
        )
    return findings


def run_bandit() -> int:
    command = [
        str(BIN / "bandit"),
        "--quiet",
        "--recursive",
        "--format",
        "json",
        "--exclude",
        "*/migrations/*",
        *OUR_CODE,
    ]
    done = subprocess.run(  # noqa: S603 - our own tool, fixed arguments
        command, cwd=ROOT, capture_output=True, text=True, check=False
    )
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        print(done.stdout, done.stderr, sep="\n")
        print("bandit: could not read its report.")
        return 1
    accepted = accepted_bandit()
    findings = bandit_findings(report)
    new = [f for f in findings if f.key not in accepted]
    stale = accepted - {f.key for f in findings}
    for f in new:
        print(f"{f.path}:{f.line}: {f.test_id} ({f.severity}) {f.text}\n    {f.code}")
    for test_id, path, code in sorted(stale):
        print(f"No longer found, remove from {BANDIT_ACCEPTED.name}: {test_id} {path}")
        print(f"    {code}")
    if new:
        print(
            f"bandit: {len(new)} finding(s). Fix them, or add each to "
            f"deploy/{BANDIT_ACCEPTED.name} with the reason it is safe."
        )
        return 1
    print(f"bandit: no findings beyond the {len(accepted)} accepted ones.")
    return 0


def accepted_vulnerabilities(path: Path = PIP_AUDIT_ACCEPTED) -> list[str]:
    ids = []
    for row in read_list(path):
        if len(row) != 3 or not row[2]:
            raise SystemExit(f"{path}: each entry needs id | package | reason")
        ids.append(row[0])
    return ids


def judge_pip_audit(report: dict | None, stderr: str) -> tuple[int, str]:
    """(exit code, message) for one pip-audit run."""
    if report is None:
        if any(hint in stderr for hint in UNREACHABLE_HINTS):
            return 0, (
                "pip-audit: SKIPPED - the vulnerability service could not be "
                "reached from this machine (no internet). Nothing was checked; "
                "run `make audit` where the internet is reachable."
            )
        return 1, "pip-audit failed:\n" + stderr
    dependencies = report.get("dependencies", [])
    audited = [d for d in dependencies if "skip_reason" not in d]
    if dependencies and not audited:
        return 0, (
            "pip-audit: SKIPPED - the vulnerability service answered for none "
            f"of the {len(dependencies)} packages (it cannot be reached from "
            "here, or only through a mirror without it). Nothing was checked."
        )
    found = [
        f"{d['name']} {d['version']}: {v['id']} (fixed in "
        f"{', '.join(v.get('fix_versions') or ['no release yet'])})"
        for d in audited
        for v in d.get("vulns", [])
    ]
    skipped = [d["name"] for d in dependencies if "skip_reason" in d]
    note = f" ({len(skipped)} not checked: {', '.join(skipped)})" if skipped else ""
    if found:
        return 1, "pip-audit: known vulnerabilities:\n  " + "\n  ".join(found)
    return 0, f"pip-audit: no known vulnerabilities in {len(audited)} packages{note}."


def run_pip_audit() -> int:
    command = [
        str(BIN / "pip-audit"),
        "--requirement",
        "requirements.txt",
        # Every runtime package is pinned in requirements.txt; resolving the
        # rest would need a package index with its own network access.
        "--no-deps",
        "--disable-pip",
        "--progress-spinner",
        "off",
        "--timeout",
        "20",
        "--format",
        "json",
    ]
    for vuln_id in accepted_vulnerabilities():
        command += ["--ignore-vuln", vuln_id]
    done = subprocess.run(  # noqa: S603 - our own tool, fixed arguments
        command, cwd=ROOT, capture_output=True, text=True, check=False, timeout=600
    )
    try:
        report = json.loads(done.stdout) if done.stdout.strip() else None
    except json.JSONDecodeError:
        report = None
    code, message = judge_pip_audit(report, done.stderr)
    print(message)
    return code


def main(argv: list[str]) -> int:
    wanted = argv or ["bandit", "pip-audit"]
    runners = {"bandit": run_bandit, "pip-audit": run_pip_audit}
    unknown = [w for w in wanted if w not in runners]
    if unknown:
        print(f"Unknown check: {', '.join(unknown)}. Choose from bandit, pip-audit.")
        return 2
    return max(runners[w]() for w in wanted)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
