"""Renting the hall in a real browser at 390 px (issue 19, point 4): a manager finds a free slot
in the week view and requests it; staff approve in the admin; the public sees it booked, without
the company's contact, and no lounge for that time."""

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Booking
from gvalley.roles import DISTRICT_STAFF, sync_role_permissions
from tests.browser.conftest import (
    WIDTHS,
    assert_accessible,
    phone_context,
    screenshot,
    sign_in,
)
from tests.events.factories import make_company, make_space
from tests.factories import PASSWORD, CompanyManagerFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_manager_requests_staff_approve_public_sees_booked(browser, live_server):
    hall = make_space("changjo-hall", name="창조홀")
    manager = CompanyManagerFactory(email="hall-manager@example.com", name="홀 담당")
    make_company(name="가산로보틱스", manager=manager)
    sync_role_permissions()
    staff = UserFactory(email="hall-staff@example.com", is_staff=True, roles=[DISTRICT_STAFF])

    # The manager, on a phone, finds a free slot in the hall's week view.
    context = phone_context(browser, live_server)
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, manager.email, PASSWORD)
    page.goto(hall.get_absolute_url())
    free = page.locator(".slot-free a")
    if free.count() == 0:  # late in the week: the booking window opens next week
        page.get_by_role("link", name="다음 주").click()
    slot = page.locator(".slot-free:has(a)").first
    start = slot.get_attribute("data-start")
    assert "라운지 개방" in slot.inner_text()
    # A day list, not seven squeezed columns: the page is no wider than the phone.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTHS["phone"], width
    screenshot(page, "spaces-week-390")
    assert_accessible(page, "space week view at 390 px")
    slot.locator("a").click()

    page.get_by_label("사용 목적").fill("로봇 신제품 설명회")
    page.get_by_label("예상 인원").fill("80")
    page.get_by_label("담당자 전화").fill("010-5555-1234")
    screenshot(page, "spaces-request-390")
    assert_accessible(page, "space request form at 390 px")
    page.get_by_role("button", name="신청서 제출").click()
    page.get_by_text("대관 신청을 받았습니다").wait_for()
    booking = Booking.objects.get()
    assert booking.status == Booking.Status.PENDING
    assert timezone.localtime(booking.starts_at).isoformat() == start
    page.goto("/accounts/profile/")
    assert page.locator("#my-bookings").is_visible()
    assert page.locator(".account-bookings").get_by_text("승인 대기").is_visible()
    context.close()

    # Staff approve it in the admin, with a condition.
    staff_context = browser.new_context(base_url=live_server.url, locale="ko-KR")
    staff_page = staff_context.new_page()
    sign_in(staff_page, staff.email, PASSWORD)
    staff_page.goto("/admin/events/booking/")
    staff_page.get_by_role("link", name="승인·반려").click()
    staff_page.get_by_label("승인", exact=True).check()
    staff_page.get_by_label("승인 조건").fill("행사 후 30분 안에 정리")
    staff_page.get_by_role("button", name="결정 저장").click()
    staff_page.get_by_text("승인했습니다.").wait_for()
    staff_context.close()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.APPROVED

    # Anyone sees the slot booked, without the company or its contact, and no lounge then.
    public = phone_context(browser, live_server).new_page()
    iso = timezone.localtime(booking.starts_at).isocalendar()
    public.goto(
        reverse(
            "events:space_week",
            kwargs={"slug": hall.slug, "year": iso.year, "week": iso.week},
        )
    )
    booked = public.locator(f'.slot[data-start="{start}"]')
    assert "slot-booked" in booked.get_attribute("class")
    assert "예약됨" in booked.inner_text()
    assert "라운지 개방" not in booked.inner_text()
    content = public.content()
    for private in ("가산로보틱스", "010-5555-1234", manager.email, "홀 담당"):
        assert private not in content
    screenshot(public, "spaces-booked-390")
    public.context.close()
