"""`make audit` (deploy/security_audit.py): bandit with an accepted list, and
pip-audit that skips plainly when its service is out of reach."""

import importlib.util
import sys
from pathlib import Path

import pytest
from django.conf import settings

from themes.charts import BarChart, Series

ROOT = Path(settings.BASE_DIR)
_spec = importlib.util.spec_from_file_location(
    "security_audit", ROOT / "deploy" / "security_audit.py"
)
audit = importlib.util.module_from_spec(_spec)
sys.modules["security_audit"] = audit
_spec.loader.exec_module(audit)


def test_every_accepted_bandit_finding_gives_a_reason():
    rows = audit.read_list(audit.BANDIT_ACCEPTED)
    assert rows
    assert all(len(row) == 4 and len(row[3]) > 10 for row in rows)


def test_an_accepted_finding_is_matched_by_its_code_not_its_line(tmp_path):
    listed = tmp_path / "accepted.txt"
    listed.write_text("# comment\nB101 | x.py | assert y | type narrowing\n")
    assert audit.accepted_bandit(listed) == {("B101", "x.py", "assert y")}
    listed.write_text("B101 | x.py | assert y |\n")
    with pytest.raises(SystemExit):
        audit.accepted_bandit(listed)


def test_bandit_findings_read_the_line_they_point_at():
    report = {
        "results": [
            {
                "filename": "themes/charts.py",
                "line_number": 1,
                "test_id": "B000",
                "issue_severity": "HIGH",
                "issue_text": "made up",
            }
        ]
    }
    [finding] = audit.bandit_findings(report)
    first_line = (ROOT / "themes/charts.py").read_text().splitlines()[0].strip()
    assert finding.key == ("B000", "themes/charts.py", first_line)


def test_pip_audit_skips_plainly_when_the_service_cannot_be_reached():
    code, message = audit.judge_pip_audit(
        None, "requests.exceptions.ConnectionError: Max retries exceeded"
    )
    assert code == 0
    assert "SKIPPED" in message and "could not be reached" in message


def test_pip_audit_skips_when_no_package_could_be_checked():
    report = {"dependencies": [{"name": "django", "skip_reason": "not found"}]}
    code, message = audit.judge_pip_audit(report, "")
    assert code == 0
    assert "SKIPPED" in message


def test_pip_audit_fails_on_a_known_vulnerability():
    report = {
        "dependencies": [
            {
                "name": "django",
                "version": "5.2.0",
                "vulns": [{"id": "PYSEC-1", "fix_versions": ["5.2.1"]}],
            },
            {"name": "wagtail", "version": "8.0.1", "vulns": []},
        ]
    }
    code, message = audit.judge_pip_audit(report, "")
    assert code == 1
    assert "django 5.2.0: PYSEC-1 (fixed in 5.2.1)" in message


def test_pip_audit_passes_a_clean_report_and_names_what_it_could_not_check():
    report = {
        "dependencies": [
            {"name": "django", "version": "5.2.19", "vulns": []},
            {"name": "plotly", "skip_reason": "not found"},
        ]
    }
    code, message = audit.judge_pip_audit(report, "")
    assert code == 0
    assert "no known vulnerabilities in 1 packages (1 not checked: plotly)" in message


def test_pip_audit_reports_any_other_failure():
    code, message = audit.judge_pip_audit(None, "Traceback: something else")
    assert code == 1
    assert "Traceback: something else" in message


def test_the_chart_svg_accepted_above_escapes_its_text():
    """The reason given for mark_safe(chart.svg()) in bandit-accepted.txt."""
    chart = BarChart(
        title="<script>alert(1)</script>",
        summary="s",
        categories=("<img src=x onerror=alert(1)>",),
        series=(Series(name="<b>money</b>", values=(1.0,)),),
    )
    svg = chart.svg()
    assert "<script>" not in svg and "<img" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg
