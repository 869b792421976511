"""The deployment examples in deploy/ stay in step with the production settings."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
READ = re.compile(
    r"""(?:env(?:_list|_bool)?\(|environ\.get\(|environ\[)\s*["']([A-Z_]+)["']"""
)


def variables_read_by_production() -> set[str]:
    return set(READ.findall((ROOT / "cms/settings/production.py").read_text()))


def test_the_example_environment_names_every_variable_production_reads():
    example = (ROOT / "deploy/env.example").read_text()
    named = set(re.findall(r"^#?\s*([A-Z_]+)=", example, flags=re.MULTILINE))
    read = variables_read_by_production()
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL"} <= read
    assert read - named == set()


def test_the_readme_table_names_every_variable_production_reads():
    readme = (ROOT / "README.md").read_text()
    guide = readme[readme.index("## Deploying: the production guide") :]
    missing = {
        name for name in variables_read_by_production() if f"`{name}`" not in guide
    }
    assert missing == set()


def test_the_procfile_runs_the_web_the_worker_and_migrations():
    procfile = (ROOT / "deploy/Procfile").read_text()
    kinds = dict(
        line.split(":", 1) for line in procfile.splitlines() if line and line[0] != "#"
    )
    assert "gunicorn cms.wsgi:application" in kinds["web"]
    assert "manage.py db_worker" in kinds["worker"]
    assert "migrate --noinput" in kinds["release"]
