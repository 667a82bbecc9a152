"""The council in a real browser: agenda published → member comments → minutes read by anyone."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from council.models import AgendaComment, Meeting, Membership, Minutes, Organisation
from gvalley import roles
from tests.browser.conftest import WIDTHS, assert_accessible, screenshot, sign_in
from tests.council.factories import (
    AgendaItemFactory,
    DocumentFactory,
    GrievanceFactory,
    MeetingFactory,
    MinutesFactory,
)
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def new_tab(browser, live_server, width=WIDTHS["desktop"]):
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        locale="ko-KR",
        timezone_id="Asia/Seoul",
        base_url=live_server.url,
    )
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    return tab


def run_admin_action(page, meeting, label):
    page.goto("/admin/council/meeting/")
    page.locator(f'input[name="_selected_action"][value="{meeting.pk}"]').check()
    page.locator('select[name="action"]').select_option(label=label)
    page.locator('button[name="index"]').click()


def test_agenda_to_comment_to_published_minutes_found_by_a_two_syllable_search(
    page, browser, live_server
):
    staff = UserFactory(is_staff=True, is_superuser=True, roles=[roles.DISTRICT_STAFF])
    member = UserFactory(name="금천구 위원")
    organisation = Organisation.objects.create(name="금천구", kind=Organisation.Kind.GOVERNMENT)
    Membership.objects.create(
        organisation=organisation,
        seat=Membership.Seat.WORKING,
        office_title="기획경제국장",
        start_date=datetime.date(2013, 4, 17),
        user=member,
    )
    meeting = MeetingFactory(starts_at=timezone.now() + datetime.timedelta(days=10))
    item = AgendaItemFactory(meeting=meeting, title="공영주차장 야간 개방", summary="방문객 주차난")
    DocumentFactory(meeting=meeting, agenda_item=item, title="주차 실태 조사")
    MinutesFactory(
        meeting=meeting, body="<p>공유주차 시범사업을 하기로 <strong>결정</strong>했습니다.</p>"
    )

    # Staff publish the agenda from the admin.
    sign_in(page, staff.email, PASSWORD)
    run_admin_action(page, meeting, "안건 공개 (위원에게 이메일 발송)")
    expect(page.get_by_text("안건을 공개했습니다")).to_be_visible()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.AGENDA_PUBLISHED

    # A council member sees it on the dashboard and comments.
    member_tab = new_tab(browser, live_server)
    sign_in(member_tab, member.email, PASSWORD)
    member_tab.goto("/council/dashboard/")
    expect(member_tab.get_by_role("link", name="공영주차장 야간 개방")).to_be_visible()
    expect(member_tab.get_by_role("link", name="주차 실태 조사")).to_be_visible()
    assert_accessible(member_tab, "dashboard")
    screenshot(member_tab, "council-dashboard-1280")
    member_tab.get_by_role("link", name="공영주차장 야간 개방").click()
    member_tab.get_by_label("이 안건에 대한 의견").fill("주말 개방도 함께 검토해 주세요.")
    member_tab.get_by_role("button", name="의견 남기기").click()
    expect(member_tab.get_by_text("주말 개방도 함께 검토해 주세요.")).to_be_visible()
    assert AgendaComment.objects.filter(author=member).count() == 1
    screenshot(member_tab, "council-meeting-member-1280")

    # Staff publish the minutes.
    run_admin_action(page, meeting, "회의록 공개")
    expect(page.get_by_text("회의록 1건을 공개했습니다.")).to_be_visible()
    assert Minutes.objects.get(meeting=meeting).status == Minutes.Status.PUBLISHED

    # An anonymous visitor finds the meeting by a two-syllable word and reads the minutes.
    visitor = new_tab(browser, live_server)
    visitor.goto("/council/meetings/")
    visitor.get_by_label("안건·회의록 검색").fill("시범")
    visitor.get_by_role("button", name="검색").click()
    visitor.wait_for_url(re.compile(r"q=%EC%8B%9C%EB%B2%94|q=시범"))
    visitor.get_by_role("link", name=str(meeting)).click()
    expect(visitor.get_by_text("공유주차 시범사업을 하기로")).to_be_visible()
    assert visitor.get_by_text("주말 개방도 함께 검토해 주세요.").count() == 0
    assert_accessible(visitor, "meeting page")
    screenshot(visitor, "council-meeting-public-1280")


def test_council_pages_at_phone_width_are_accessible_and_fit(phone_page, page):
    meeting = MeetingFactory(
        status=Meeting.Status.MINUTES_PUBLISHED,
        starts_at=timezone.now() - datetime.timedelta(days=5),
    )
    AgendaItemFactory(meeting=meeting, title="가산디지털단지역 출퇴근 혼잡 완화")
    MinutesFactory(meeting=meeting, status=Minutes.Status.PUBLISHED, published_at=timezone.now())
    grievance = GrievanceFactory()
    organisation = Organisation.objects.create(
        name="한국산업단지공단 서울지역본부", kind=Organisation.Kind.PUBLIC_ENTERPRISE
    )
    Membership.objects.create(
        organisation=organisation,
        seat=Membership.Seat.MEMBER,
        office_title="본부장",
        start_date=datetime.date(2013, 4, 17),
    )
    paths = {
        "council": "/council/",
        "council-archive": "/council/meetings/",
        "council-meeting": meeting.get_absolute_url(),
        "council-grievances": "/council/grievances/",
        "council-grievance": grievance.get_absolute_url(),
    }
    for name, path in paths.items():
        for tab in (phone_page, page):
            tab.goto(path)
            assert tab.locator("h1").count() == 1
            width = tab.viewport_size["width"]
            assert tab.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
            assert_accessible(tab, f"{name} at {width}px")
            if name in ("council", "council-meeting"):
                screenshot(tab, f"{name}-{width}")


def test_company_manager_submits_a_grievance_and_follows_it(page):
    from tests.council.factories import manage

    manager = UserFactory(roles=[roles.COMPANY_MANAGER])
    manage(manager)
    sign_in(page, manager.email, PASSWORD)
    page.goto("/council/grievances/new/")
    page.get_by_role("button", name="접수하기").click()
    expect(page.get_by_text("필수 항목입니다").first).to_be_visible()
    page.get_by_label("제목").fill("출근 시간 마을버스 증편")
    page.get_by_label("내용").fill("가산디지털단지역에서 회사까지 버스가 너무 드물게 옵니다.")
    page.get_by_label("처리 경과를 공개 게시판에 올리는 데 동의합니다").check()
    page.get_by_role("button", name="접수하기").click()
    expect(page.get_by_role("heading", name="출근 시간 마을버스 증편")).to_be_visible()
    expect(page.get_by_text("온라인으로 접수되었습니다.")).to_be_visible()
    screenshot(page, "council-grievance-own-1280")
    page.goto("/accounts/profile/")
    expect(page.get_by_role("link", name="출근 시간 마을버스 증편")).to_be_visible()
