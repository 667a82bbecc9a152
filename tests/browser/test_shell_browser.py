"""The site shell in a real browser: home, language switch, accessibility at two widths."""

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import WIDTHS, assert_accessible, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_smoke_at_both_widths(page, phone_page):
    for label, tab in (("desktop", page), ("phone", phone_page)):
        tab.goto("/")
        assert tab.locator("h1").inner_text() == "G밸리, 서울 유일의 국가산업단지"
        assert tab.get_by_text("2024년 기준", exact=True).is_visible()
        assert tab.get_by_text("2018년 7월 기준", exact=True).is_visible()
        # Nothing overflows sideways on a 390 px phone.
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= WIDTHS[label], f"{label}: page is {width}px wide"
        screenshot(tab, f"home-{WIDTHS[label]}")
    assert page.console_errors == []


def test_skip_link_moves_focus_to_the_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "본문 바로가기"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_language_switch_in_the_browser(page):
    page.goto("/")
    page.get_by_role("link", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert urlsplit(page.url).path == "/en/"
    assert page.get_by_text("As of 2024").is_visible()
    screenshot(page, "home-en-1280")
    page.get_by_role("link", name="한국어").click()
    assert page.locator("html").get_attribute("lang") == "ko"
    assert urlsplit(page.url).path == "/"


def test_language_switch_keeps_the_page_and_its_query(page):
    page.goto("/events/?category=sports")
    page.get_by_role("link", name="English").click()
    address = urlsplit(page.url)
    assert (address.path, address.query) == ("/en/events/", "category=sports")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="한국어").click()
    address = urlsplit(page.url)
    assert (address.path, address.query) == ("/events/", "category=sports")


@pytest.mark.parametrize(
    "path", ["/", "/accounts/signup/", "/accounts/login/", "/accounts/password/reset/"]
)
def test_no_serious_accessibility_violations(page, phone_page, path):
    for tab in (page, phone_page):
        tab.goto(path)
        assert_accessible(tab, f"{path} at {tab.viewport_size['width']}px")
