"""The Wagtail admin works under its own Content Security Policy (the looser
one in cms/settings/base.py): no violation on the dashboard, the page
explorer or the page editor with its preview."""

from wagtail.models import Page

from cms.demo import DEMO_DOMAIN

from .conftest import assert_no_csp_violations


def test_the_admin_works_under_its_policy(visitor):
    visitor.sign_in(f"editor@{DEMO_DOMAIN}")
    home = Page.objects.get(depth=2)
    for path in ["/admin/", "/admin/pages/", f"/admin/pages/{home.pk}/edit/"]:
        response = visitor.page.goto(visitor.base_url + path)
        assert response is not None and response.status == 200, path
        policy = response.headers["content-security-policy"]
        assert "'unsafe-inline'" in policy, path
        visitor.page.wait_for_load_state("networkidle")
        # Wagtail's own scripts ran under the policy.
        assert visitor.page.evaluate("() => typeof window.wagtail === 'object'")
        assert_no_csp_violations(visitor.page)


def test_public_pages_keep_the_strict_policy(visitor):
    response = visitor.page.goto(visitor.base_url + "/anyshire/")
    assert response is not None
    policy = response.headers["content-security-policy"]
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    visitor.check()
