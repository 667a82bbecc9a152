"""Never double-booked under real concurrent connections (issue 19, point 1)."""

import datetime

import pytest

from events import services
from events.models import Booking
from tests.concurrency import race
from tests.factories import CompanyManagerFactory, StaffFactory

from .factories import at, booking_details, make_company, make_space

pytestmark = pytest.mark.django_db(transaction=True)

# Ten two-hour slots on one day of a space open 08:00–22:00 would not fit with setup time:
# spread them over ten days instead, five overlapping requests for each slot.
SLOTS = 10
PER_SLOT = 5


def _requests(space):
    manager = CompanyManagerFactory()
    company = make_company(manager=manager)
    rows = []
    for slot in range(SLOTS):
        for offset in range(PER_SLOT):
            start = at(5 + slot, 10) + datetime.timedelta(minutes=20 * offset)
            rows.append(
                services.request_booking(
                    space,
                    manager,
                    company,
                    starts_at=start,
                    ends_at=start + datetime.timedelta(hours=2),
                    **booking_details(),
                )
            )
    return rows


def _approved_never_overlap(space):
    held = list(Booking.objects.holding().filter(space=space).order_by("starts_at"))
    for earlier, later in zip(held, held[1:], strict=False):
        assert later.starts_at >= earlier.blocked_until
    return held


def test_fifty_concurrent_approvals_of_overlapping_requests():
    space = make_space(hours=(8, 22))
    staff = StaffFactory()
    requests = _requests(space)
    assert len(requests) == 50

    results = race(lambda i: services.approve_booking(requests[i], staff), 50)

    crashes = [
        r for r in results if isinstance(r, Exception) and not isinstance(r, services.BookingError)
    ]
    assert not crashes, crashes[:3]
    refused = [r for r in results if isinstance(r, services.BookingError)]
    held = _approved_never_overlap(space)
    # Exactly one request of each slot wins: the non-overlapping ones.
    assert len(held) == SLOTS
    assert len(refused) == 50 - SLOTS
    assert {timezone_day(b) for b in held} == {timezone_day(r) for r in requests}
    assert all("겹칩니다" in r.message or "예약할 수 없습니다" in r.message for r in refused)
    assert Booking.objects.filter(space=space, status="pending").count() == 50 - SLOTS


def test_fifty_concurrent_staff_bookings_of_overlapping_slots():
    space = make_space(hours=(8, 22))
    staff = StaffFactory()
    # 50 direct bookings: 10 distinct two-hour slots on one day (each +0…+40 minutes), five each,
    # apart by three hours so that setup time never joins two slots.
    starts = [
        at(1, 8) + datetime.timedelta(days=slot, minutes=10 * offset)
        for slot in range(SLOTS)
        for offset in range(PER_SLOT)
    ]

    results = race(
        lambda i: services.book_for_district(
            space,
            staff,
            starts_at=starts[i],
            ends_at=starts[i] + datetime.timedelta(hours=2),
            **booking_details(),
        ),
        50,
    )

    crashes = [
        r for r in results if isinstance(r, Exception) and not isinstance(r, services.BookingError)
    ]
    assert not crashes, crashes[:3]
    made = [r for r in results if isinstance(r, Booking)]
    assert len(made) == SLOTS
    assert len(_approved_never_overlap(space)) == SLOTS
    assert Booking.objects.filter(space=space).count() == SLOTS  # nothing half-written


def timezone_day(booking):
    from django.utils import timezone

    return timezone.localtime(booking.starts_at).date()
