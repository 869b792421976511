"""Request ids on responses and log lines; JSON log lines with no personal data."""

import json
import logging

import pytest
from django.test import Client, RequestFactory

from cms.logs import (
    HEADER,
    JsonFormatter,
    RequestIdFilter,
    make_request_id,
    request_id_var,
)
from tests.cms.test_settings import PRODUCTION_ENV, run_manage


@pytest.mark.django_db
def test_a_request_gets_a_new_id_in_its_response(client: Client) -> None:
    first = client.get("/search/")[HEADER]
    second = client.get("/search/")[HEADER]
    assert len(first) == 32
    assert first != second


@pytest.mark.django_db
def test_a_sane_offered_id_is_echoed(client: Client) -> None:
    response = client.get("/search/", HTTP_X_REQUEST_ID="lb-1f2e3d4c-0001")
    assert response[HEADER] == "lb-1f2e3d4c-0001"


@pytest.mark.parametrize(
    "offered",
    ["", "short", "a" * 65, "has space in it", "<script>alert(1)</script>", "é" * 10],
)
def test_an_odd_offered_id_is_replaced(offered: str) -> None:
    made = make_request_id(offered)
    assert made != offered
    assert len(made) == 32


@pytest.mark.django_db
def test_log_lines_during_a_request_carry_its_id(client: Client, caplog) -> None:
    caplog.handler.addFilter(RequestIdFilter())
    # A 404 is logged by Django as a warning during the request.
    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="trace-abcdef123")
    assert response.status_code == 404
    records = [r for r in caplog.records if r.name == "django.request"]
    assert records
    assert all(r.request_id == "trace-abcdef123" for r in records)


def test_outside_a_request_the_id_is_a_dash() -> None:
    record = logging.LogRecord("coproduce", logging.INFO, "", 0, "hi", (), None)
    RequestIdFilter().filter(record)
    assert record.request_id == "-"


def _format(record: logging.LogRecord) -> dict:
    RequestIdFilter().filter(record)
    line = JsonFormatter().format(record)
    assert "\n" not in line
    return json.loads(line)


def test_json_lines_hold_time_level_logger_message_and_request_id() -> None:
    token = request_id_var.set("req-12345678")
    try:
        record = logging.LogRecord(
            "coproduce.x", logging.WARNING, "f.py", 1, "built %s PDFs", (3,), None
        )
        entry = _format(record)
    finally:
        request_id_var.reset(token)
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "coproduce.x"
    assert entry["message"] == "built 3 PDFs"
    assert entry["request_id"] == "req-12345678"
    assert entry["time"].endswith("+00:00")


def test_json_lines_keep_plain_extra_fields_and_exceptions() -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record = logging.LogRecord(
            "coproduce", logging.ERROR, "", 0, "failed", (), sys.exc_info()
        )
    record.inquiry = "anyshire"
    record.attempt = 2
    record.obj = object()  # not a plain value: left out
    entry = _format(record)
    assert entry["inquiry"] == "anyshire"
    assert entry["attempt"] == 2
    assert "obj" not in entry
    assert "ValueError: boom" in entry["exception"]


def test_json_lines_name_only_method_and_path_of_a_request() -> None:
    request = RequestFactory().post(
        "/take-part/?email=pat@example.org",
        {"story": "my private story"},
        HTTP_COOKIE="sessionid=secret",
        REMOTE_ADDR="203.0.113.9",
    )
    record = logging.LogRecord("django.request", logging.ERROR, "", 0, "x", (), None)
    record.request = request
    record.status_code = 500
    entry = _format(record)
    assert entry["method"] == "POST"
    assert entry["path"] == "/take-part/"
    assert entry["status_code"] == 500
    text = json.dumps(entry)
    for private in ("pat@example.org", "my private story", "secret", "203.0.113.9"):
        assert private not in text


def _log_in_production(log_format: str | None) -> str:
    env = dict(PRODUCTION_ENV)
    if log_format:
        env["LOG_FORMAT"] = log_format
    code = "import logging; logging.getLogger('coproduce.x').warning('hello %s', 7)"
    result = run_manage("shell", "--no-imports", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    return result.stderr.strip().splitlines()[-1]


def test_production_logs_json_lines_with_log_format_json() -> None:
    entry = json.loads(_log_in_production("json"))
    assert entry["message"] == "hello 7"
    assert entry["logger"] == "coproduce.x"
    assert entry["request_id"] == "-"


def test_production_logs_plain_text_by_default() -> None:
    line = _log_in_production(None)
    assert line.endswith("WARNING coproduce.x [-] hello 7")
