"""Playwright fixtures: Debian's Chromium against the live test server.

Browser tests run wherever a Chromium is found (CHROMIUM_PATH, or Debian's /usr/bin/chromium).
Where none is, they are skipped with one line saying how to enable them; with
GVALLEY_REQUIRE_BROWSER=1 (set by .ci/run) a missing Chromium fails instead.
"""

import json
import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make from it
# are ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent.parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
AXE_JS = ROOT / "static" / "vendor" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WIDTHS = {"phone": 390, "desktop": 1280}


def chromium_path():
    candidates = [os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium")]
    return next((c for c in candidates if c and Path(c).exists()), None)


def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if "tests/browser/" in str(item.fspath)]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    if browser_items and not chromium_path():
        if os.environ.get("GVALLEY_REQUIRE_BROWSER") == "1":
            raise pytest.UsageError("No Chromium found, and GVALLEY_REQUIRE_BROWSER=1.")
        skip = pytest.mark.skip(
            reason="No Chromium: apt-get install chromium (or set CHROMIUM_PATH) to run browser tests."
        )
        for item in browser_items:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


def desktop_context(browser, live_server):
    """Return a new browser context at desktop width, in Korean and Seoul's time."""
    return browser.new_context(
        viewport={"width": WIDTHS["desktop"], "height": 900},
        locale="ko-KR",
        timezone_id="Asia/Seoul",
        base_url=live_server.url,
    )


def phone_context(browser, live_server):
    """Return a new browser context of a phone (390 px, touch), in Korean and Seoul's time."""
    return browser.new_context(
        viewport={"width": WIDTHS["phone"], "height": 844},
        locale="ko-KR",
        timezone_id="Asia/Seoul",
        base_url=live_server.url,
        is_mobile=True,
        has_touch=True,
    )


@pytest.fixture
def page(browser, live_server):
    context = desktop_context(browser, live_server)
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.console_errors = errors
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context = phone_context(browser, live_server)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def screenshot(page, name):
    """Save a full-page screenshot as a test artifact (tests/artifacts/NAME.png)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page, impacts=("serious", "critical")):
    """Run axe-core in the page (vendored copy) and return serious and critical violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text() + "\n;undefined")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    found = [v for v in result["violations"] if v["impact"] in impacts]
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in found
    ]


def assert_accessible(page, label):
    violations = axe_violations(page)
    assert not violations, f"{label}: " + json.dumps(violations, ensure_ascii=False, indent=1)


IMAGE_LOADED = """img => img.complete ? img.naturalWidth > 0 : new Promise(done => {
    img.addEventListener('load', () => done(img.naturalWidth > 0), {once: true});
    img.addEventListener('error', () => done(false), {once: true});
})"""


def image_loaded(image):
    """Scroll an image into view, wait until the browser has fetched it, and say whether it decoded.

    A lazily loaded image starts its request only when it nears the viewport, so reading `complete`
    right after scrolling races the request; a broken image ends in `error` and reports False.
    """
    image.scroll_into_view_if_needed()
    return image.evaluate(IMAGE_LOADED)


def sign_in(page, email, password):
    page.goto("/accounts/login/")
    page.get_by_role("textbox", name="이메일", exact=True).fill(email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="로그인").click()
