"""iCalendar files and feeds, RSS/Atom, the Google Calendar link, the sitemap."""

import datetime
import xml.etree.ElementTree as ET
import zoneinfo
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse
from icalendar import Calendar

from events.models import Event

from .factories import EventFactory

pytestmark = pytest.mark.django_db

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")


def _movie_day():
    return EventFactory(
        title="G밸리 무비데이",
        starts_at=datetime.datetime(2024, 9, 4, 19, 30, tzinfo=SEOUL),
        ends_at=datetime.datetime(2024, 9, 4, 21, 30, tzinfo=SEOUL),
        registration_opens_at=None,
        registration_closes_at=None,
        category=Event.Category.CULTURE,
    )


def test_event_ics_parses_with_local_times_and_vtimezone(client):
    event = _movie_day()
    response = client.get(reverse("events:ics", args=[event.slug]))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    timezones = calendar.walk("VTIMEZONE")
    assert [str(tz["TZID"]) for tz in timezones] == ["Asia/Seoul"]
    (vevent,) = calendar.walk("VEVENT")
    start = vevent.decoded("DTSTART")
    assert vevent["DTSTART"].params["TZID"] == "Asia/Seoul"
    assert (start.year, start.month, start.day, start.hour, start.minute) == (2024, 9, 4, 19, 30)
    assert start.utcoffset() == datetime.timedelta(hours=9)
    assert start == datetime.datetime(2024, 9, 4, 10, 30, tzinfo=datetime.UTC)
    assert str(vevent["SUMMARY"]) == "G밸리 무비데이"
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert b"DTSTART;TZID=Asia/Seoul:20240904T193000" in response.content
    assert str(vevent["UID"]).startswith(f"event-{event.pk}@")


def test_calendar_feed_all_and_by_category(client):
    _movie_day()  # more than a year ago: subscribers get a year of history and what is to come
    EventFactory(title="문화 행사", category=Event.Category.CULTURE)
    EventFactory(title="체육 행사", category=Event.Category.SPORTS)
    EventFactory(title="초안", status=Event.Status.DRAFT)
    cancelled = EventFactory(title="취소 행사", status=Event.Status.CANCELLED)
    everything = Calendar.from_ical(client.get(reverse("events:feed_ics")).content)
    titles = {str(e["SUMMARY"]) for e in everything.walk("VEVENT")}
    assert titles == {"문화 행사", "체육 행사", "취소 행사"}
    statuses = {str(e["SUMMARY"]): str(e["STATUS"]) for e in everything.walk("VEVENT")}
    assert statuses[cancelled.title] == "CANCELLED"
    sports = Calendar.from_ical(
        client.get(reverse("events:feed_ics_category", args=["sports"])).content
    )
    assert [str(e["SUMMARY"]) for e in sports.walk("VEVENT")] == ["체육 행사"]
    assert client.get(reverse("events:feed_ics_category", args=["nope"])).status_code == 404


def test_rss_and_atom_feeds_list_new_events(client):
    EventFactory(title="새 세미나")
    EventFactory(title="초안 세미나", status=Event.Status.DRAFT)
    rss = ET.fromstring(client.get(reverse("events:feed_rss")).content)
    titles = [item.findtext("title") for item in rss.iter("item")]
    assert titles == ["새 세미나"]
    atom = client.get(reverse("events:feed_atom"))
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert "새 세미나" in atom.content.decode()


def test_google_calendar_link(client):
    event = _movie_day()
    html = client.get(event.get_absolute_url()).content.decode()
    start = html.index("https://calendar.google.com/calendar/render?")
    url = html[start : html.index('"', start)].replace("&amp;", "&")
    params = parse_qs(urlparse(url).query)
    assert params["text"] == ["G밸리 무비데이"]
    assert params["dates"] == ["20240904T103000Z/20240904T123000Z"]
    assert params["ctz"] == ["Asia/Seoul"]


def test_sitemap_lists_public_events_only(client):
    public = EventFactory()
    draft = EventFactory(status=Event.Status.DRAFT)
    xml = client.get("/sitemap.xml").content.decode()
    assert public.get_absolute_url() in xml
    assert draft.get_absolute_url() not in xml
