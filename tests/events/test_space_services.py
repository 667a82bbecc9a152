"""Space bookings: request, approve with conditions, reject with a reason, cancel, purge."""

import datetime
import os

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from events import services
from events.models import Booking, Event

from .factories import at, booking_details, make_company, make_space

pytestmark = pytest.mark.django_db


@pytest.fixture
def space():
    return make_space()


@pytest.fixture
def company(company_manager):
    return make_company(manager=company_manager)


def _request(space, manager, company, day=7, start=10, end=12, **details):
    return services.request_booking(
        space,
        manager,
        company,
        starts_at=at(day, start),
        ends_at=at(day, end),
        **booking_details(**details),
    )


def test_request_approve_and_mails(
    space, company, company_manager, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = _request(space, company_manager, company)
    assert booking.status == Booking.Status.PENDING
    assert "대관 신청을 받았습니다" in mail.outbox[-1].subject
    assert mail.outbox[-1].to == ["contact@company.example"]
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_booking(booking, staff, conditions="음식물 반입 금지")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.APPROVED and booking.decided_by == staff
    approved = mail.outbox[-1]
    assert "확정" in approved.subject and "음식물 반입 금지" in approved.body
    assert "(English)" in approved.body and "approved" in approved.body.lower()


def test_reject_needs_a_reason_and_mails_it(
    space, company, company_manager, staff, django_capture_on_commit_callbacks
):
    booking = _request(space, company_manager, company)
    with pytest.raises(services.BookingError, match="반려 사유"):
        services.reject_booking(booking, staff, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_booking(booking, staff, reason="같은 날 구 행사 준비")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.REJECTED
    assert "같은 날 구 행사 준비" in mail.outbox[-1].body


def test_overlapping_requests_may_wait_but_only_one_is_approved(
    space, company, company_manager, staff
):
    first = _request(space, company_manager, company, start=10, end=12)
    second = _request(space, company_manager, company, start=11, end=13)
    # Ends at 12:00; setup until 12:30, so 12:00 is taken too.
    third = _request(space, company_manager, company, start=12, end=14)
    later = _request(space, company_manager, company, start=13, end=15)
    services.approve_booking(first, staff)
    for other in (second, third):
        with pytest.raises(services.BookingError, match="이미 예약된 시간과 겹칩니다"):
            services.approve_booking(other, staff)
    services.approve_booking(later, staff)
    assert set(Booking.objects.holding().values_list("pk", flat=True)) == {first.pk, later.pk}


def test_the_database_refuses_an_overlap_the_application_missed(space, company, company_manager):
    Booking.objects.create(
        space=space, status="approved", starts_at=at(7, 10), ends_at=at(7, 12), **booking_details()
    )
    with pytest.raises(IntegrityError, match="booking_no_overlap"), transaction.atomic():
        Booking.objects.create(
            space=space,
            status="approved",
            starts_at=at(7, 12),
            ends_at=at(7, 13),
            **booking_details(),
        )
    # Pending requests may overlap, and another space is another space.
    Booking.objects.create(
        space=space, status="pending", starts_at=at(7, 11), ends_at=at(7, 13), **booking_details()
    )
    other = make_space("room")
    Booking.objects.create(
        space=other, status="approved", starts_at=at(7, 10), ends_at=at(7, 12), **booking_details()
    )


def test_only_a_listed_companys_manager_may_ask(space, company_manager, resident):
    hidden = make_company(manager=company_manager, status="pending")
    with pytest.raises(services.BookingError, match="공개된 기업의 담당자"):
        _request(space, company_manager, hidden)
    someone_elses = make_company()
    with pytest.raises(services.BookingError, match="공개된 기업의 담당자"):
        _request(space, company_manager, someone_elses)
    with pytest.raises(services.BookingError):
        _request(space, resident, someone_elses)
    assert not Booking.objects.exists()


def test_cancel_before_the_deadline_only(
    space, company, company_manager, staff, django_capture_on_commit_callbacks
):
    booking = _request(space, company_manager, company, day=7)
    too_late = booking.cancel_deadline() + datetime.timedelta(minutes=1)
    with pytest.raises(services.BookingError, match="취소 마감"):
        services.cancel_booking(booking, company_manager, now=too_late)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_booking(booking, company_manager)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert "취소" in mail.outbox[-1].subject
    with pytest.raises(services.BookingError, match="이미 끝난 신청"):
        services.cancel_booking(booking, staff)


def test_staff_book_district_events_that_appear_in_the_calendar(space, staff, company_manager):
    booking = services.book_for_district(
        space,
        staff,
        starts_at=at(1, 14),
        ends_at=at(1, 16),
        publish_event=True,
        **booking_details(purpose="G밸리 네트워킹 데이"),
    )
    assert booking.status == Booking.Status.APPROVED
    event = booking.event
    assert event.status == Event.Status.PUBLISHED and event.starts_at == at(1, 14)
    assert Event.objects.published().filter(pk=event.pk).exists()
    with pytest.raises(services.BookingError, match="겹칩니다|예약할 수 없습니다"):
        services.book_for_district(
            space, staff, starts_at=at(1, 15), ends_at=at(1, 17), **booking_details()
        )
    with pytest.raises(services.BookingError, match="구청 담당자만"):
        services.book_for_district(
            space, company_manager, starts_at=at(2, 15), ends_at=at(2, 17), **booking_details()
        )


def test_contacts_and_files_are_purged_a_year_after(space, company, company_manager):
    booking = _request(space, company_manager, company)
    booking.screen_file.save("screen.png", ContentFile(b"fake"), save=True)
    path = booking.screen_file.path
    assert services.purge_booking_contacts() == 0
    later = booking.ends_at + datetime.timedelta(days=366)
    assert services.purge_booking_contacts(now=later) == 1
    booking.refresh_from_db()
    assert (
        booking.contact_email == "" and booking.contact_phone == "" and booking.contact_name == ""
    )
    assert not booking.screen_file and booking.contact_purged_at == later
    assert not os.path.exists(path)
    assert booking.purpose == "신제품 설명회"  # the record of the use stays
    assert services.purge_booking_contacts(now=later) == 0


def test_purge_is_a_daily_job():
    from gvalley.jobs import SCHEDULE

    assert "events.tasks.purge_booking_contacts" in [entry.task for entry in SCHEDULE]


def test_each_half_of_a_booking_mail_links_to_the_pages_in_its_language(
    settings, space, company, company_manager, staff, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://portal.example/"
    booking = _request(space, company_manager, company)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_booking(booking, staff)
    korean, english = mail.outbox[-1].body.split("(English)")
    path = f"/events/spaces/bookings/{booking.pk}/"
    assert f"https://portal.example{path}" in korean
    assert f"https://portal.example/en{path}" in english
