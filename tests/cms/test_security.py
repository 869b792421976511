"""Security headers on every response (cms/security.py)."""

import pytest
from django.test import Client

from cms.security import permissions_policy_header


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.mark.django_db
def test_public_pages_get_the_strict_policy():
    response = Client().get("/accounts/login/")
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"][0] == "'self'"
    assert all(v.startswith("'sha256-") for v in policy["style-src"][1:])
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]
    assert not any("unsafe" in v for values in policy.values() for v in values)


@pytest.mark.django_db
def test_the_wagtail_admin_gets_its_looser_policy_and_only_there():
    policy = directives(Client().get("/admin/login/")["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["frame-ancestors"] == ["'self'"]
    # Still no plugins and no other site's scripts.
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    # An address that only starts like the admin's is not the admin.
    other = Client().get("/administration/")
    assert "unsafe-inline" not in other["Content-Security-Policy"]


@pytest.mark.django_db
def test_every_response_says_which_browser_features_are_off(demo):
    for url in ["/", "/anyshire/", "/no-such-page/", "/api/v1/inquiries/"]:
        response = Client().get(url)
        features = response["Permissions-Policy"]
        for feature in ["camera=()", "microphone=()", "geolocation=()", "usb=()"]:
            assert feature in features, url
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
        assert "Content-Security-Policy" in response, url


def test_permissions_policy_header_lists_each_feature():
    header = permissions_policy_header({"camera": [], "fullscreen": ["self"]})
    assert header == "camera=(), fullscreen=(self)"


def test_an_empty_permissions_policy_sends_nothing():
    assert permissions_policy_header({}) == ""


def test_the_allowed_style_hashes_are_the_ones_plotly_js_adds():
    """plotly.js writes two <style> elements; the policy allows exactly those.
    A new plotly.js that writes others needs its hashes here (and a look)."""
    import base64
    import hashlib
    import re
    from pathlib import Path

    import plotly
    from django.conf import settings

    bundle = (
        Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    ).read_text(encoding="utf-8")
    fixed = re.findall(r"e\.textContent='((?:[^'\\]|\\.)*)'", bundle)
    contents = ["", *fixed]  # the empty one is filled through the CSSOM
    hashes = [
        "'sha256-"
        + base64.b64encode(hashlib.sha256(c.encode()).digest()).decode()
        + "'"
        for c in contents
    ]
    assert bundle.count('createElement("style")') == len(contents)
    assert hashes == settings.PLOTLY_STYLE_HASHES


def test_production_sends_hsts_secure_cookies_and_the_same_policies():
    from tests.cms.test_settings import PRODUCTION_ENV, run_manage

    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
        " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_REFERRER_POLICY,"
        " 'cms.security.ContentSecurityPolicyMiddleware' in s.MIDDLEWARE,"
        " 'cms.security.PermissionsPolicyMiddleware' in s.MIDDLEWARE)"
    )
    result = run_manage("shell", "--no-imports", "-c", code, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "31536000",
        "True",
        "True",
        "True",
        "True",
        "strict-origin-when-cross-origin",
        "True",
        "True",
    ]
