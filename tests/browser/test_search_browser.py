"""The site search in a real browser: the header box on a phone, grouped results, a result."""

import pytest
from playwright.sync_api import expect

from companies.reference import load_reference_data
from council.models import Meeting
from tests.browser.conftest import assert_accessible, screenshot
from tests.companies.factories import CompanyFactory
from tests.council.factories import AgendaItemFactory, MeetingFactory
from tests.events.factories import EventFactory
from tests.heritage.factories import StoryFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def content():
    load_reference_data()  # a transactional test's flush removed the industries
    CompanyFactory(name="한빛보안솔루션", keywords="보안, 클라우드")
    event = EventFactory(title="G밸리 정보보안 세미나", summary="중소기업 보안 실무")
    meeting = MeetingFactory(status=Meeting.Status.AGENDA_PUBLISHED)
    AgendaItemFactory(meeting=meeting, title="입주기업 보안 인증 지원")
    StoryFactory(title="공단의 야간 경비", body="<p>보안 요원의 밤</p>")
    return {"event": event}


def test_a_phone_visitor_searches_from_the_header_and_opens_a_result(phone_page, content):
    page = phone_page
    page.goto("/heritage/")
    box = page.get_by_role("searchbox", name="포털 전체 검색")
    expect(box).to_be_visible()
    # The box fits the phone's width: nothing runs off the side of the page.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    box.fill("보안")
    box.press("Enter")
    expect(page).to_have_url("/search/?q=%EB%B3%B4%EC%95%88")
    expect(page.get_by_role("heading", level=1)).to_have_text("‘보안’ 검색 결과")
    sections = page.locator(".search-section h2")
    expect(sections).to_have_count(4)
    assert [text.split()[0] for text in sections.all_inner_texts()] == [
        "기업",
        "행사",
        "회의·안건·회의록",
        "이야기",
    ]
    expect(page.locator(".search-hit mark").first).to_have_text("보안")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "search-phone")
    assert_accessible(page, "search results (phone)")
    page.locator("#results-events").get_by_role("link", name="G밸리 정보보안 세미나").click()
    expect(page).to_have_url(content["event"].get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("G밸리 정보보안 세미나")


def test_the_header_search_works_without_javascript(browser, live_server, content):
    context = browser.new_context(
        java_script_enabled=False, base_url=live_server.url, locale="ko-KR"
    )
    page = context.new_page()
    page.goto("/")
    page.get_by_role("searchbox", name="포털 전체 검색").fill("보안")
    page.get_by_role("button", name="찾기").click()
    expect(page.locator("#results-companies")).to_contain_text("한빛보안솔루션")
    context.close()
