"""The deployment check that production shares one cache between processes."""

from django.test import override_settings

from cms.checks import NO_SHARED_CACHE, shared_cache
from tests.cms.test_settings import PRODUCTION_ENV, run_manage

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
    }
}


def test_a_cache_inside_each_process_is_warned_about():
    with override_settings(CACHES=LOCMEM):
        found = shared_cache()
    assert [w.id for w in found] == [NO_SHARED_CACHE]
    assert "REDIS_URL" in found[0].hint


def test_a_shared_redis_cache_passes():
    with override_settings(CACHES=REDIS):
        assert shared_cache() == []


def test_check_deploy_warns_when_production_has_no_redis_url():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={**PRODUCTION_ENV, "REDIS_URL": ""},
    )
    assert result.returncode != 0
    assert f"({NO_SHARED_CACHE})" in result.stderr + result.stdout
    assert "Set REDIS_URL" in result.stderr + result.stdout
