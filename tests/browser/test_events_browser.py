"""Events in the browser: the selection flow end to end, and the main pages at both widths."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from events import services
from events.models import Registration
from gvalley.roles import sync_role_permissions
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.events.factories import EditionFactory, EventFactory, SelectionEventFactory, make_company
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _staff():
    from gvalley.roles import DISTRICT_STAFF

    sync_role_permissions()
    return UserFactory(email="staff-b@example.com", is_staff=True, roles=[DISTRICT_STAFF])


def _run_admin_action(page, registration, action):
    page.goto(f"/admin/events/registration/?event__id__exact={registration.event_id}")
    page.locator(f'input[name="_selected_action"][value="{registration.pk}"]').check()
    page.locator('select[name="action"]').select_option(action)
    page.locator('button[name="index"]').click()


def test_selection_flow_manager_applies_staff_selects_and_declines(page, browser, live_server):
    event = SelectionEventFactory(title="G밸리 수출상담회 2027", capacity=1)
    chosen_manager = UserFactory(email="chosen@example.com", name="선정 담당")
    make_company(name="지밸리보안", manager=chosen_manager)
    other_manager = UserFactory(email="other@example.com", name="다른 담당")
    other_company = make_company(name="가산소프트", manager=other_manager)
    services.apply(event, other_manager, other_company, [])

    # The company manager applies on the event page, answering the event's question.
    sign_in(page, chosen_manager.email, PASSWORD)
    page.goto(event.get_absolute_url())
    page.get_by_role("link", name="기업으로 신청하기").click()
    page.get_by_role("textbox", name="주력 제품·서비스").fill("중소기업용 보안 관제 솔루션")
    screenshot(page, "events-apply-1280")
    assert_accessible(page, "apply form")
    page.get_by_role("button", name="신청서 제출").click()
    page.get_by_text("신청을 접수했습니다").wait_for()
    assert page.locator("#my-events").is_visible()
    assert page.locator(".account-events").get_by_text("심사 중").is_visible()
    chosen = Registration.objects.get(company__name="지밸리보안")
    assert chosen.answers[0]["answer"] == "중소기업용 보안 관제 솔루션"

    # Staff select one and decline the other in the admin with bulk actions.
    staff_context = browser.new_context(base_url=live_server.url, locale="ko-KR")
    staff_page = staff_context.new_page()
    sign_in(staff_page, _staff().email, PASSWORD)
    _run_admin_action(staff_page, chosen, "select_applications")
    staff_page.get_by_text("1건을 선정했습니다.").wait_for()
    screenshot(staff_page, "events-admin-selected-1280")
    declined = Registration.objects.get(company=other_company)
    _run_admin_action(staff_page, declined, "decline_applications")
    staff_page.get_by_text("1건을 미선정 처리했습니다.").wait_for()
    staff_context.close()

    # The manager sees "선정" on their account page and got the email.
    page.goto("/accounts/profile/")
    section = page.locator(".account-events")
    assert section.locator(".status-selected").inner_text() == "선정"
    assert section.get_by_role("link", name="입장권 보기").is_visible()
    screenshot(page, "events-account-selected-1280")
    to_chosen = [m for m in mail.outbox if m.to == [chosen_manager.email]]
    assert ["신청을 접수했습니다" in m.subject for m in to_chosen] == [True, False]
    assert "선정 결과: 선정" in to_chosen[1].subject and "지밸리보안" in to_chosen[1].body

    # The declined company sees its result too.
    page.context.clear_cookies()
    sign_in(page, other_manager.email, PASSWORD)
    page.goto("/accounts/profile/")
    assert page.locator(".account-events .status-declined").inner_text() == "미선정"
    to_other = [m for m in mail.outbox if m.to == [other_manager.email]]
    assert len(to_other) == 2 and "미선정" in to_other[-1].body


def _calendar_data():
    edition = EditionFactory(number=9)
    for day, hour, title in [
        (2, 18, "직장인 문화행사"),
        (4, 10, "수출상담회"),
        (4, 19, "무비데이"),
    ]:
        EventFactory(
            title=title,
            edition=edition,
            starts_at=timezone.make_aware(datetime.datetime(2024, 9, day, hour, 30)),
            ends_at=timezone.make_aware(datetime.datetime(2024, 9, day, hour + 2)),
            registration_opens_at=None,
            registration_closes_at=None,
        )
    today = timezone.localdate()
    for offset, title in [
        (1, "AI 수출 실무 세미나"),
        (3, "스타트업 네트워킹 데이"),
        (8, "송년 마라톤"),
    ]:
        EventFactory(
            title=title,
            starts_at=timezone.make_aware(
                datetime.datetime.combine(
                    today + datetime.timedelta(days=offset), datetime.time(14)
                )
            ),
        )
    return EventFactory(title="겨울 합창 공연", capacity=30, needs_bib=True)


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_event_pages_accessible_at_both_widths(request, width, live_server):
    page = request.getfixturevalue("page" if width == "desktop" else "phone_page")
    event = _calendar_data()
    suffix = "1280" if width == "desktop" else "390"
    for name, path in [
        ("events-list", "/events/"),
        ("events-month", "/events/calendar/"),
        ("events-week", "/events/week/"),
        ("events-edition", "/events/gvalley-week/9/"),
        ("events-detail", event.get_absolute_url()),
    ]:
        page.goto(path)
        assert page.locator("h1").count() == 1
        assert_accessible(page, f"{name} {width}")
        screenshot(page, f"{name}-{suffix}")
    # Keyboard: the month calendar's next-month link is a real link reached with Tab.
    page.goto("/events/calendar/2024/9/")
    next_link = page.get_by_role("link", name="다음 달 (2024년 10월)")
    next_link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/events/calendar/2024/10/")
    assert "2024년 10월 행사 달력" in page.locator("h1").inner_text()


def test_ticket_and_phone_check_in(phone_page, live_server):
    page = phone_page
    event = EventFactory(title="송년 마라톤", needs_bib=True, capacity=100)
    runner = UserFactory(email="runner@example.com", name="달리는 사람")
    registration = services.register(event, runner)
    sign_in(page, runner.email, PASSWORD)
    page.goto(registration.get_absolute_url())
    assert page.locator(".bib").inner_text() == "1"
    assert page.get_by_role("img", name="입장권 QR 코드").is_visible()
    screenshot(page, "events-ticket-390")
    code = page.locator(".ticket-code").inner_text()

    page.context.clear_cookies()
    sign_in(page, _staff().email, PASSWORD)
    page.goto(f"/events/{event.slug}/check-in/")
    page.get_by_label("입장권 코드").fill(code)
    page.get_by_role("button", name="확인").click()
    page.get_by_text("✓ 입장 확인").wait_for()
    page.get_by_label("입장권 코드").fill(code)
    page.get_by_role("button", name="확인").click()
    page.get_by_text("이미 입장한 입장권입니다").wait_for()
    screenshot(page, "events-check-in-again-390")
    page.get_by_label("입장권 코드").fill(code[:-2] + "xx")
    page.get_by_role("button", name="확인").click()
    page.get_by_text("올바른 입장권 코드가 아닙니다").wait_for()
    assert_accessible(page, "check-in phone")
    screenshot(page, "events-check-in-forged-390")


def test_waiting_list_then_cancel_through_the_confirmation_page(page, live_server):
    """A seat holder cancels from the event page; the first on the waiting list moves up."""
    event = EventFactory(title="창업가 멘토링 데이", capacity=1)
    holder = UserFactory(email="holder@example.com", name="자리 주인")
    waiting = UserFactory(email="waiting@example.com", name="대기자")
    seat = services.register(event, holder)

    sign_in(page, waiting.email, PASSWORD)
    page.goto(event.get_absolute_url())
    page.get_by_role("button", name="대기자로 신청").click()
    success = page.locator(".message-success")
    success.wait_for()
    assert "대기 1번째" in success.inner_text()
    assert page.locator(".my-registration .status-waitlisted").inner_text() == "대기 1번째"

    page.context.clear_cookies()
    sign_in(page, holder.email, PASSWORD)
    page.goto(event.get_absolute_url())
    page.locator(".take-part").get_by_role("link", name="신청 취소").click()
    page.get_by_role("heading", name="창업가 멘토링 데이 신청 취소").wait_for()
    assert page.get_by_text("자리는 대기 순서가 가장 앞선 분에게 넘어가고").is_visible()
    assert_accessible(page, "cancel confirmation")
    screenshot(page, "events-cancel-1280")
    page.get_by_role("button", name="신청 취소하기").click()
    page.wait_for_url(f"**{event.get_absolute_url()}")
    assert "신청을 취소했습니다" in page.locator(".message-success").inner_text()
    # The seat went to the one waiting: the event is full again, and the holder could queue.
    assert page.get_by_role("button", name="대기자로 신청").is_visible()

    page.goto(seat.get_absolute_url())
    assert "취소되었습니다" in page.locator(".ticket-state").inner_text()
    assert Registration.objects.get(user=waiting).status == "confirmed"
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "취소되었습니다" in subjects[holder.email]
    assert "참가 확정" in subjects[waiting.email]
