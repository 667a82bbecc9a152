"""The staff's back office for spaces: queue with conflicts, decisions through the services,
district bookings, the day sheet and the statistics."""

import pytest
from django.urls import reverse

from events import services
from events.models import Booking, Event

from .factories import at, booking_details, make_company, make_space

pytestmark = pytest.mark.django_db


@pytest.fixture
def hall():
    return make_space()


@pytest.fixture
def requests(hall, company_manager):
    company = make_company("지밸리랩", manager=company_manager)
    first = services.request_booking(
        hall, company_manager, company, starts_at=at(7, 10), ends_at=at(7, 12), **booking_details()
    )
    second = services.request_booking(
        hall, company_manager, company, starts_at=at(7, 11), ends_at=at(7, 13), **booking_details()
    )
    alone = services.request_booking(
        hall, company_manager, company, starts_at=at(8, 10), ends_at=at(8, 12), **booking_details()
    )
    return first, second, alone


def test_queue_highlights_conflicts(staff_client, requests):
    page = staff_client.get(reverse("admin:events_booking_changelist")).content.decode()
    assert page.count("booking-conflict") == 2  # the two overlapping requests, not the third
    assert "1건 겹침" in page


def test_decide_approves_with_conditions_and_refuses_the_overlap(staff_client, requests):
    first, second, _alone = requests
    url = reverse("admin:events_booking_decide", args=[first.pk])
    response = staff_client.post(url, {"decision": "approve", "conditions": "정리 30분"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == "approved" and first.conditions == "정리 30분"
    url = reverse("admin:events_booking_decide", args=[second.pk])
    response = staff_client.post(url, {"decision": "approve"})
    assert "이미 예약된 시간과 겹칩니다" in response.content.decode()
    second.refresh_from_db()
    assert second.status == "pending"
    response = staff_client.post(url, {"decision": "reject", "reason": ""})
    assert "반려 사유를 적어 주세요" in response.content.decode()
    staff_client.post(url, {"decision": "reject", "reason": "먼저 온 신청이 승인됨"})
    second.refresh_from_db()
    assert second.status == "rejected" and second.reject_reason == "먼저 온 신청이 승인됨"


def test_bulk_approve_goes_through_the_service(staff_client, requests):
    first, second, alone = requests
    response = staff_client.post(
        reverse("admin:events_booking_changelist"),
        {"action": "approve_selected", "_selected_action": [first.pk, second.pk, alone.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "2건을 승인했습니다" in page and "겹칩니다" in page
    assert Booking.objects.holding().count() == 2


def test_staff_book_a_district_event_in_the_admin(staff_client, hall):
    day = at(1, 0).date().isoformat()
    data = {
        "space": hall.pk,
        "starts_at_0": day,
        "starts_at_1": "14:00",
        "ends_at_0": day,
        "ends_at_1": "16:00",
        "purpose": "금천구 창업 설명회",
        "attendees": "80",
        "layout": "theatre",
        "publish_event": "on",
    }
    response = staff_client.post(reverse("admin:events_booking_add"), data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    booking = Booking.objects.get()
    assert booking.kind == "district" and booking.status == "approved"
    assert Event.objects.published().get(pk=booking.event_id).title == "금천구 창업 설명회"
    # The same time again: the form says why, nothing is written.
    response = staff_client.post(reverse("admin:events_booking_add"), data)
    assert "이미 예약된 시간과 겹칩니다" in response.content.decode()
    assert Booking.objects.count() == 1


def test_day_sheet_and_statistics(staff_client, requests, staff):
    first, _second, _alone = requests
    services.approve_booking(first, staff, conditions="음식물 금지")
    day = at(7, 0).date().isoformat()
    sheet = staff_client.get(
        reverse("admin:events_booking_day_sheet") + f"?space={first.space_id}&date={day}"
    ).content.decode()
    assert "지밸리랩" in sheet and "contact@company.example" in sheet and "음식물 금지" in sheet
    assert "/staff/" in sheet and ".ics" in sheet  # the building staff's feed
    stats = staff_client.get(reverse("admin:events_booking_statistics")).content.decode()
    assert "이용률" in stats and "%" in stats
