"""/stats/ in the browser: accessible at both widths, charts drawn, and readable without JavaScript."""

import pytest

from companies.reference import load_reference_data
from gvalley.stats import CHARTS
from tests.browser.conftest import assert_accessible, image_loaded, screenshot
from tests.site.test_stats import seed

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def content():
    load_reference_data()
    seed()


def test_stats_is_accessible_at_both_widths_with_every_chart_drawn(page, phone_page, content):
    for tab in (page, phone_page):
        width = tab.viewport_size["width"]
        for path in ("/stats/", "/en/stats/"):
            tab.goto(path)
            assert_accessible(tab, f"{path} at {width}px")
            assert tab.evaluate("document.documentElement.scrollWidth") <= width, path
            charts = tab.locator("main img.chart")
            assert charts.count() == len(CHARTS)
            for i in range(charts.count()):
                assert image_loaded(charts.nth(i)), path
            language = "en" if path.startswith("/en/") else "ko"
            screenshot(tab, f"stats-{language}-{width}")
    assert page.console_errors == []


def test_stats_without_javascript(browser, live_server, content):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    tab = context.new_page()
    try:
        tab.goto("/stats/")
        table = tab.get_by_role("table", name="등록 기업이 많은 지식산업센터 (상위 10곳)")
        assert table.get_by_role("row", name="가산테스트타워 3").count() == 1
        assert image_loaded(tab.locator("main img.chart").first)
    finally:
        context.close()
