"""A space's availability and the rules a requested time must meet (issue 19, point 2)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from events import services, spaces
from events.models import Booking, SpaceClosure

from .factories import at, booking_details, make_company, make_space

pytestmark = pytest.mark.django_db


def _refusal(space, starts_at, ends_at, **kwargs):
    with pytest.raises(ValidationError) as caught:
        spaces.check_slot(space, starts_at, ends_at, **kwargs)
    return " ".join(caught.value.messages)


def test_rules_refuse_each_bad_time_with_a_korean_message():
    space = make_space()
    SpaceClosure.objects.create(space=space, date=at(10, 0).date(), reason="시설 점검")
    assert "늦어야" in _refusal(space, at(7, 12), at(7, 11))
    assert "운영 시간(09:00–21:00)" in _refusal(space, at(7, 7), at(7, 9))
    assert "운영 시간" in _refusal(space, at(7, 20), at(7, 22))
    assert "휴관일" in _refusal(space, at(10, 10), at(10, 12))
    assert "시설 점검" in _refusal(space, at(10, 10), at(10, 12))
    assert "최대 240분" in _refusal(space, at(7, 9), at(7, 14))
    assert "최소 60분" in _refusal(space, at(7, 9), at(7, 9, 30))
    assert "3일 전까지" in _refusal(space, at(1, 10), at(1, 12))
    assert "60일 전부터" in _refusal(space, at(61, 10), at(61, 12))
    spaces.check_slot(space, at(7, 10), at(7, 12))  # a good one passes


def test_staff_are_not_held_to_the_booking_window_but_to_the_hours():
    space = make_space()
    spaces.check_slot(space, at(1, 10), at(1, 12), staff=True)
    assert "운영 시간" in _refusal(space, at(1, 7), at(1, 9), staff=True)


def test_capacity_follows_the_layout():
    space = make_space()
    with pytest.raises(ValidationError, match="수용 인원은 100명"):
        spaces.check_capacity(space, "banquet", 101)
    with pytest.raises(ValidationError, match="없는 좌석 배치"):
        spaces.check_capacity(space, "classroom", 10)
    spaces.check_capacity(space, "theatre", 200)


def test_week_view_shows_free_requested_booked_and_closed(company_manager, staff):
    space = make_space()
    company = make_company(manager=company_manager)
    SpaceClosure.objects.create(space=space, date=at(9, 0).date(), reason="시설 점검")
    pending = services.request_booking(
        space, company_manager, company, starts_at=at(7, 10), ends_at=at(7, 12), **booking_details()
    )
    other = services.request_booking(
        space, company_manager, company, starts_at=at(8, 14), ends_at=at(8, 15), **booking_details()
    )
    services.approve_booking(other, staff)
    days = {d["date"]: d for d in spaces.days_view(space, at(7, 0).date(), 3, can_request=True)}
    day7 = {f"{s['start']:%H}": s for s in days[at(7, 0).date()]["slots"]}
    assert day7["10"]["state"] == "requested" and day7["11"]["state"] == "requested"
    assert day7["12"]["state"] == "requested"  # the setup time after it
    assert day7["13"]["state"] == "free" and day7["13"]["request"]["start"] == "13:00"
    assert day7["13"]["lounge"] is True
    day8 = {f"{s['start']:%H}": s for s in days[at(8, 0).date()]["slots"]}
    assert day8["14"]["state"] == "booked" and day8["14"]["lounge"] is False
    # The setup time after the booking holds the next hour's first half.
    assert day8["15"]["state"] == "booked"
    assert day8["16"]["state"] == "free"
    assert days[at(9, 0).date()]["closed"] and days[at(9, 0).date()]["reason"] == "시설 점검"
    assert pending.status == Booking.Status.PENDING


def test_lounge_is_open_unless_a_booking_runs_now(staff):
    space = make_space(book_min_days=0)
    now = at(0, 12)
    assert spaces.lounge_open_now(space, now) is True
    assert spaces.lounge_open_now(space, at(0, 22)) is False  # closed at night
    Booking.objects.create(
        space=space,
        status=Booking.Status.APPROVED,
        kind=Booking.Kind.DISTRICT,
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=1),
        **booking_details(),
    )
    assert spaces.lounge_open_now(space, now) is False
    assert spaces.lounge_open_now(space, now + datetime.timedelta(hours=2)) is True
    room = make_space("room", is_lounge=False)
    assert spaces.lounge_open_now(room, now) is False


def test_month_view_marks_each_day(company_manager, staff):
    space = make_space()
    company = make_company(manager=company_manager)
    booking = services.request_booking(
        space, company_manager, company, starts_at=at(7, 10), ends_at=at(7, 12), **booking_details()
    )
    day = at(7, 0).date()
    days = {d["date"]: d for d in spaces.month_days(space, day.year, day.month)}
    assert days[day]["state"] == "requested"
    services.approve_booking(booking, staff)
    days = {d["date"]: d for d in spaces.month_days(space, day.year, day.month)}
    assert days[day]["state"] == "booked"
    assert days[day]["bookings"][0]["title"] == ""  # a company's booking shows no name


def test_the_shared_week_is_dated_by_each_call_not_by_the_first():
    """The slots are kept for every visitor; whether one is past is worked out at each call."""
    space = make_space()
    day = at(7, 0).date()
    early = {
        f"{s['start']:%H}": s for s in spaces.days_view(space, day, 1, now=at(7, 8))[0]["slots"]
    }
    later = {
        f"{s['start']:%H}": s for s in spaces.days_view(space, day, 1, now=at(7, 15))[0]["slots"]
    }
    assert not early["10"]["past"] and early["10"]["show_lounge"]
    assert later["10"]["past"] and not later["10"]["show_lounge"]
    assert not later["15"]["past"]
