"""Opening hours, one-off closures and the open-now state in Asia/Seoul."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.urls import reverse

from gvalley.cache import forget_shared_data
from heritage import hours
from heritage.models import SpecialDay
from tests.addresses import english

from .factories import SpecialDayFactory, VisitInfoFactory

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")
TUESDAY = datetime.date(2026, 11, 24)
MONDAY = datetime.date(2026, 11, 23)


def at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SEOUL)


def test_open_during_opening_hours_and_closed_outside():
    VisitInfoFactory()
    assert hours.current_status(at(TUESDAY, 10))["open_now"] is True
    assert hours.current_status(at(TUESDAY, 17, 59))["open_now"] is True
    assert hours.current_status(at(TUESDAY, 18))["open_now"] is False
    assert hours.current_status(at(TUESDAY, 9, 59))["open_now"] is False


def test_weekly_closed_day_is_closed_all_day():
    VisitInfoFactory()
    status = hours.current_status(at(MONDAY, 12))
    assert status["open_now"] is False
    assert status["today"].is_closed


def test_open_now_uses_seoul_time_not_utc():
    VisitInfoFactory()
    # 02:30 UTC on Tuesday is 11:30 in Seoul: open.
    moment = datetime.datetime(2026, 11, 24, 2, 30, tzinfo=datetime.UTC)
    assert hours.current_status(moment)["open_now"] is True
    # 10:00 UTC on Tuesday is 19:00 in Seoul: closed.
    moment = datetime.datetime(2026, 11, 24, 10, 0, tzinfo=datetime.UTC)
    assert hours.current_status(moment)["open_now"] is False


def test_one_off_closure_wins_over_weekly_hours():
    info = VisitInfoFactory()
    SpecialDayFactory(visit_info=info, date=TUESDAY, reason="시설 점검")
    status = hours.current_status(at(TUESDAY, 12))
    assert status["open_now"] is False
    assert status["today"].reason == "시설 점검"


def test_holiday_hours_change_the_day():
    info = VisitInfoFactory()
    SpecialDay.objects.create(
        visit_info=info,
        date=TUESDAY,
        kind="hours",
        opens=datetime.time(13),
        closes=datetime.time(16),
        reason="단축 운영",
    )
    assert hours.current_status(at(TUESDAY, 12))["open_now"] is False
    assert hours.current_status(at(TUESDAY, 15))["open_now"] is True


def test_next_change_is_the_next_opening_closing_or_midnight():
    VisitInfoFactory()
    assert hours.current_status(at(TUESDAY, 8))["next_change"] == at(TUESDAY, 10)
    assert hours.current_status(at(TUESDAY, 12))["next_change"] == at(TUESDAY, 18)
    assert hours.current_status(at(TUESDAY, 19))["next_change"] == at(
        TUESDAY + datetime.timedelta(days=1), 0
    )


def test_no_visit_info_means_no_status():
    assert hours.current_status() is None


def test_index_shows_hours_state_and_directions(client, freezer_now):
    VisitInfoFactory(directions="가산디지털단지역 5번 출구")
    freezer_now(at(TUESDAY, 11))
    body = client.get(reverse("heritage:index")).content.decode()
    assert "지금 관람 가능" in body
    assert "10:00–18:00" in body
    assert "가산디지털단지역 5번 출구" in body
    assert "서울특별시 금천구 가산동" in body


def test_index_says_closed_on_a_closed_day(client, freezer_now):
    VisitInfoFactory()
    freezer_now(at(MONDAY, 11))
    body = client.get(reverse("heritage:index")).content.decode()
    assert "지금은 닫혀 있음" in body
    assert "지금 관람 가능" not in body


def test_one_off_closure_set_by_staff_shows_on_that_date(staff_client, client, freezer_now):
    info = VisitInfoFactory()
    freezer_now(at(TUESDAY - datetime.timedelta(days=3), 11))
    # Staff announce the closure ahead, in the admin.
    url = reverse("admin:heritage_specialday_add")
    response = staff_client.post(
        url,
        {
            "visit_info": info.pk,
            "date": TUESDAY.isoformat(),
            "kind": "closed",
            "reason_ko": "전시 교체",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    # Announced ahead on the page...
    body = client.get(reverse("heritage:index")).content.decode()
    assert "전시 교체" in body
    # ...and on that date the museum shows as closed, though Tuesday is an opening day. (The
    # cached page has expired by then: test_index_page_cache_lasts_only_until_… shows its life.)
    cache.clear()
    forget_shared_data()
    freezer_now(at(TUESDAY, 11))
    body = client.get(reverse("heritage:index")).content.decode()
    assert "지금은 닫혀 있음" in body
    assert re.search(r"임시 휴관 \((<span>)?전시 교체(</span>)?\)", body)


def test_index_page_cache_lasts_only_until_the_state_can_change(client, freezer_now):
    VisitInfoFactory()
    freezer_now(at(TUESDAY, 17, 58))
    response = client.get(reverse("heritage:index"))
    assert response.page_cache_seconds == 120


def test_confirmation_marker_shown_while_facts_unconfirmed(client):
    info = VisitInfoFactory(needs_confirmation=True)
    assert "확인 중" in client.get(reverse("heritage:index")).content.decode()
    info.needs_confirmation = False
    info.save()
    assert "확인 중" not in client.get(reverse("heritage:index")).content.decode()


def test_index_in_english(client, freezer_now):
    VisitInfoFactory()
    freezer_now(at(TUESDAY, 11))
    body = client.get(english(reverse("heritage:index"))).content.decode()
    assert "Open now" in body and "Visitor information" in body


def test_hours_changed_by_staff_show_on_the_very_next_request(client, freezer_now):
    # The weekly hours are kept as shared data; any save of them must show at once.
    info = VisitInfoFactory()
    freezer_now(at(TUESDAY, 11))
    assert "10:00–18:00" in client.get(reverse("heritage:index")).content.decode()
    tuesday = info.weekly_hours.get(weekday=TUESDAY.weekday())
    tuesday.opens, tuesday.closes = datetime.time(9), datetime.time(17)
    tuesday.save()
    body = client.get(reverse("heritage:index")).content.decode()
    assert "<time>09:00</time>–<time>17:00</time>" in body and "09:00–17:00" in body
    SpecialDayFactory(visit_info=info, date=TUESDAY, reason="긴급 점검")
    body = client.get(reverse("heritage:index")).content.decode()
    assert "지금은 닫혀 있음" in body and "긴급 점검" in body
