"""Playwright (Python) driving Debian's Chromium against pytest-django's live server.

Never downloads a browser: it launches /usr/bin/chromium. A failing test leaves a
full-page screenshot in tests/browser/artifacts/; CALIBRATE_SCREENSHOTS=1 keeps
one of every test, to look at what was built.

Every page a test opens runs under the site's Content-Security-Policy, and any
violation it reports (a ``securitypolicyviolation`` event, or Chromium's console
error for one) fails the test.
"""

import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import require

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent / "artifacts"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-gpu",
    "--disable-quic",
    "--disable-sync",
    "--no-first-run",
]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="package")
def chromium():
    """One browser for the browser tests; gone before any other package's tests run."""
    available = os.path.exists(CHROMIUM) or shutil.which("chromium") is not None
    require(available, f"needs Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the dev extra installs it
        require(False, "needs the playwright package (pip install -e '.[dev]')")
    # Playwright's sync API keeps an event loop in this thread while it runs; the ORM
    # calls the tests make around it are still synchronous and safe.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
        )
        yield browser
        browser.close()


# Installed before any page script runs; reports each violation to the test.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolation(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
      `at ${event.sourceFile || document.location.href}:${event.lineNumber}`
  );
});
"""


def is_csp_error(message) -> bool:
    return message.type == "error" and "Content Security Policy" in message.text


@pytest.fixture
def csp_violations():
    """What the pages of this test reported against the Content-Security-Policy."""
    return []


@pytest.fixture
def page(chromium, live_server, request, csp_violations):
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 860}
    )
    context.expose_function("__cspViolation", lambda text: csp_violations.append(text))
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    page.on(
        "console",
        lambda message: csp_violations.append(message.text) if is_csp_error(message) else None,
    )
    page.set_default_timeout(10_000)
    yield page
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    if failed or os.environ.get("CALIBRATE_SCREENSHOTS") == "1":
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"{request.node.name}.png", full_page=True)
    context.close()
    wait_for_requests_to_finish()
    assert csp_violations == [], "the pages broke their Content-Security-Policy"


def serving_threads() -> list[threading.Thread]:
    """The live server's request threads (socketserver names them after their target)."""
    return [t for t in threading.enumerate() if "process_request_thread" in t.name]


def wait_for_requests_to_finish(timeout: float = 15.0, quiet: float = 0.25) -> None:
    """Closing a page fires ``pagehide``, whose beacon autosave the live server may still be
    serving when the test's database is flushed: the flush's TRUNCATE and that request's
    writes then deadlock (seen in CI). Wait until no request thread has run for ``quiet``
    seconds (a beacon may still be on its way when the context is closed); a request still
    running after the timeout would fail the flush, which says so."""
    deadline = time.monotonic() + timeout
    quiet_since = time.monotonic()
    while time.monotonic() < deadline:
        if threads := serving_threads():
            threads[0].join(max(0.0, deadline - time.monotonic()))
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= quiet:
            return
        else:
            time.sleep(0.02)


def sign_in(page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
