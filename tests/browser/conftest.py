"""Browser tests: Playwright drives Debian's Chromium against a live server,
and axe-core checks every page a test visits (WCAG 2.2 AA and best practice)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

from cms.demo import seed_demo
from themes.display import COOKIE_NAME

# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# tests make around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": [
            "wcag2a",
            "wcag2aa",
            "wcag21a",
            "wcag21aa",
            "wcag22aa",
            "best-practice",
        ],
    },
    "rules": {"target-size": {"enabled": True}},
    "resultTypes": ["violations"],
}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"

_axe = Axe()

# Every page runs under the site's Content Security Policy: a script, style
# or image the policy blocks is a broken page, so the test fails on it.
CSP_LISTENER = """document.addEventListener('securitypolicyviolation', (e) => {
  console.error('CSP violation: ' + e.violatedDirective + ' blocked ' +
    (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber);
});"""


def is_csp_violation(text: str) -> bool:
    return "Content Security Policy" in text or text.startswith("CSP violation")


class CspWatch:
    """Collects the policy violations one browser tab reports."""

    def __init__(self, page: Page) -> None:
        self.violations: list[str] = []
        page.add_init_script(CSP_LISTENER)
        page.on("console", self._on_console)

    def _on_console(self, message) -> None:  # playwright ConsoleMessage
        if is_csp_violation(message.text):
            self.violations.append(f"{message.text} ({message.location})")

    def assert_none(self, where: str) -> None:
        found, self.violations = self.violations, []
        assert not found, f"Content Security Policy violations on {where}:\n" + (
            "\n".join(found)
        )


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = [", ".join(n["target"]) for n in v["nodes"][:5]]
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} -> {targets}")
    return "\n".join(lines)


def check_accessibility(page: Page) -> None:
    """Fail on any axe-core violation on the page as it is now."""
    results = _axe.run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    assert not violations, f"axe-core on {page.url}:\n{describe(violations)}"


class Visitor:
    """A person using the site: every page they reach is checked with axe."""

    def __init__(self, page: Page, base_url: str, axe_page: Page | None = None) -> None:
        self.page = page
        self.base_url = base_url
        # axe-core is JavaScript: a visitor browsing without it gets each page
        # checked in a second, scripted tab that holds the same cookies.
        self.axe_page = axe_page

    def visit(self, path: str) -> Page:
        response = self.page.goto(self.base_url + path)
        assert response is not None
        self.check()
        return self.page

    def check(self) -> None:
        self.page.wait_for_load_state("load")
        assert_no_csp_violations(self.page)
        if self.axe_page is None:
            check_accessibility(self.page)
            return
        self.axe_page.context.clear_cookies()
        self.axe_page.context.add_cookies(self.page.context.cookies())
        self.axe_page.goto(self.page.url)
        check_accessibility(self.axe_page)

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        # A long page in large text on a busy CI machine can take more than
        # Playwright's default 10 s to paint in full.
        self.page.screenshot(path=str(path), full_page=True, timeout=45_000)
        return path

    def set_mode(self, mode: str) -> None:
        self.page.context.add_cookies(
            [{"name": COOKIE_NAME, "value": mode, "url": self.base_url}]
        )

    def sign_in(self, email: str) -> None:
        """Signed in as the demo account with this email, as if through the
        sign-in page (which test_sign_in.py covers)."""
        from django.conf import settings
        from django.contrib.auth import get_user_model
        from django.test import Client

        client = Client()
        client.force_login(get_user_model().objects.get(email=email))
        name = settings.SESSION_COOKIE_NAME
        self.page.context.add_cookies(
            [{"name": name, "value": client.cookies[name].value, "url": self.base_url}]
        )

    def focused(self) -> dict:
        return self.page.evaluate(
            """() => { const e = document.activeElement;
            return {tag: e.tagName, id: e.id, text: (e.innerText || '').trim(),
                    href: e.getAttribute('href'), cls: e.className}; }"""
        )

    def tab_until(self, predicate, limit: int = 60) -> dict:
        """Press Tab until the focused element matches, as a keyboard user would."""
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            focused = self.focused()
            if predicate(focused):
                return focused
        raise AssertionError("Never reached the element by keyboard")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is not at {CHROMIUM}. Run `make system-deps` (Debian's "
            "chromium package) or set CHROMIUM_PATH."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def site(live_server) -> str:
    """The live server with the Anyshire demo loaded into the emptied database."""
    seed_demo()
    return live_server.url


def assert_no_csp_violations(page: Page) -> None:
    watch = getattr(page, "_csp_watch", None)
    if watch is not None:
        watch.assert_none(page.url)


def _new_page(browser: Browser, **options: object) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="en-GB", **options
    )
    page = context.new_page()
    page._csp_watch = CspWatch(page)  # type: ignore[attr-defined]
    page.set_default_timeout(10_000)
    yield page
    # Whatever the test did after its last visit (clicks, scripts) counts too.
    try:
        assert_no_csp_violations(page)
    finally:
        context.close()


@pytest.fixture
def visitor(browser: Browser, site: str) -> Iterator[Visitor]:
    yield from (Visitor(page, site) for page in _new_page(browser))


@pytest.fixture
def visitor_without_js(browser: Browser, site: str) -> Iterator[Visitor]:
    for axe_page in _new_page(browser):
        for page in _new_page(browser, java_script_enabled=False):
            yield Visitor(page, site, axe_page=axe_page)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            # The live server sees only committed data, so these tests commit
            # and the database is emptied after each; `site` loads the demo.
            item.add_marker(pytest.mark.django_db(transaction=True))
