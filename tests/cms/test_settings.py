"""Production settings read the environment and pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "SECRET_KEY": "a-long-random-test-secret-key-with-enough-characters-1234567890",
    "ALLOWED_HOSTS": "coproduce.example",
    "DATABASE_URL": "sqlite:///:memory:",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # The browser tests' async override and the test database must not leak in.
    dropped = {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_prints_no_warnings():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable." in result.stderr


def test_production_uses_the_database_and_cache_it_is_given():
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE']);"
        "print(s.CACHES['default']['BACKEND']);"
        "print(s.ALLOWED_HOSTS);print(s.DEBUG)"
    )
    env = {**PRODUCTION_ENV, "DATABASE_URL": "postgres://u:p@db.example:5432/cp"}
    result = run_manage("shell", "--no-imports", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split()
    assert lines[0] == "django.db.backends.postgresql"
    assert lines[1] == "django.core.cache.backends.redis.RedisCache"
    assert "coproduce.example" in result.stdout
    assert lines[-1] == "False"


def test_production_queues_background_work_for_a_worker():
    code = (
        "from django.conf import settings as s;"
        'from django_tasks import task_backends as t;b = t["default"];'
        "print(type(b).__name__);print('django_tasks_db' in s.INSTALLED_APPS)"
    )
    queued = run_manage("shell", "--no-imports", "-c", code, env=PRODUCTION_ENV)
    assert queued.returncode == 0, queued.stderr
    assert queued.stdout.split() == ["DatabaseBackend", "True"]
    env = {**PRODUCTION_ENV, "TASKS_BACKEND": "immediate"}
    inline = run_manage("shell", "--no-imports", "-c", code, env=env)
    assert inline.stdout.split() == ["ImmediateBackend", "False"]
    worker = run_manage("db_worker", "--help", env=PRODUCTION_ENV)
    assert worker.returncode == 0, worker.stderr
