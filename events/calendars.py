"""iCalendar output (RFC 5545) and the 'add to Google Calendar' link, made with `icalendar`."""

import datetime
import zoneinfo
from urllib.parse import urlencode

from django.conf import settings
from django.utils.html import strip_tags
from icalendar import Calendar
from icalendar import Event as VEvent

from .models import Event

SEOUL = zoneinfo.ZoneInfo(settings.TIME_ZONE)
PRODID = "-//G밸리 포털//events//KO"


def _text(value):
    return strip_tags(value or "").strip()


def build_calendar(events, request, name):
    """Return an iCalendar document of the events, times in Asia/Seoul with its VTIMEZONE."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    # Subscribed calendars check back hourly.
    calendar.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    stamp = datetime.datetime.now(datetime.UTC)
    host = request.get_host().split(":")[0]
    base = request.build_absolute_uri("/").rstrip("/")
    # get_FOO_display() is slow in a loop of hundreds (lazy labels); translate each label once.
    categories = {value: str(label) for value, label in Event.Category.choices}
    for event in events:
        item = VEvent()
        item.add("uid", f"event-{event.pk}@{host}")
        item.add("dtstamp", stamp)
        item.add("dtstart", event.starts_at.astimezone(SEOUL))
        item.add("dtend", event.ends_at.astimezone(SEOUL))
        item.add("summary", event.title)
        item.add("description", _text(event.summary or event.description))
        if event.venue:
            item.add("location", ", ".join(p for p in [event.venue.name, event.venue.address] if p))
        item.add("url", base + event.get_absolute_url())
        item.add("categories", [categories.get(event.category, event.category)])
        item.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
        item.add("last-modified", event.updated_at)
        calendar.add_component(item)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def google_calendar_url(event, request):
    """Return a link that opens Google Calendar with the event filled in."""

    def utc(value):
        return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")

    details = _text(event.summary or event.description)[:500]
    details += "\n" + request.build_absolute_uri(event.get_absolute_url())
    params = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": f"{utc(event.starts_at)}/{utc(event.ends_at)}",
        "details": details,
        "ctz": settings.TIME_ZONE,
    }
    if event.venue:
        params["location"] = ", ".join(p for p in [event.venue.name, event.venue.address] if p)
    return "https://calendar.google.com/calendar/render?" + urlencode(params)
