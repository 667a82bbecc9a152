"""iCalendar documents (RFC 5545) of the portal, made with `icalendar`, one way for every app.

Times are written in Asia/Seoul with TZID and the VTIMEZONE that describes it, so a calendar app
shows the hour the portal shows; UIDs are `<kind>-<pk>@<SITE_URL's host>`, the same whichever host
the feed was fetched from, so a subscriber never gets an event twice.
"""

import datetime
import zoneinfo

from django.conf import settings
from icalendar import Calendar
from icalendar import Event as VEvent

from .siteurl import absolute_url, ical_uid

SEOUL = zoneinfo.ZoneInfo(settings.TIME_ZONE)


def new_calendar(name, prodid):
    """Return an empty calendar named `name`, checked back hourly by subscribed apps."""
    calendar = Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    return calendar


def new_event(kind, obj, starts_at, ends_at):
    """Return a VEVENT for the object: its UID, times in Asia/Seoul and its page on SITE_URL."""
    item = VEvent()
    item.add("uid", ical_uid(kind, obj.pk))
    item.add("dtstart", starts_at.astimezone(SEOUL))
    item.add("dtend", ends_at.astimezone(SEOUL))
    item.add("url", absolute_url(obj.get_absolute_url()))
    return item


def to_ical(calendar):
    """Return the calendar as bytes, with a VTIMEZONE for every TZID its events use."""
    calendar.add_missing_timezones()
    return calendar.to_ical()
