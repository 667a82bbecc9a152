"""The open-data API's documentation page in Chromium: Swagger UI runs from the site's own files
under the site's CSP (no console error, no inline script or style refused), and "Try it out"
reads the API from the page."""

import pytest

from tests.browser.conftest import screenshot
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_docs_page_runs_under_the_csp_and_calls_the_api(page, live_server):
    EventFactory(title="문서에서 읽는 행사")
    outside = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith(live_server.url)
            and not request.url.startswith(("data:", "blob:"))
            else None
        ),
    )
    response = page.goto("/api/v1/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    operations = page.locator(".opblock")
    operations.first.wait_for()
    assert operations.count() == 10
    events = page.locator(".opblock-summary-path", has_text="/api/v1/events/").first
    events.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    answer = page.locator(".live-responses-table .response")
    answer.first.wait_for()
    assert answer.first.locator(".response-col_status").inner_text().strip() == "200"
    assert "문서에서 읽는 행사" in answer.first.locator(".highlight-code").inner_text()
    screenshot(page, "api-docs-1280")
    assert page.console_errors == []
    assert outside == []
