"""The events' iCalendar feeds (through gvalley.ical) and the 'add to Google Calendar' link."""

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from gvalley.ical import new_calendar, new_event, to_ical
from gvalley.siteurl import absolute_url

from .models import Event, SpaceLayout

PRODID = "-//G밸리 포털//events//KO"


def _text(value):
    return strip_tags(value or "").strip()


def build_calendar(events, name):
    """Return an iCalendar document of the events, times in Asia/Seoul with its VTIMEZONE."""
    calendar = new_calendar(name, PRODID)
    stamp = datetime.datetime.now(datetime.UTC)
    # get_FOO_display() is slow in a loop of hundreds (lazy labels); translate each label once.
    categories = {value: str(label) for value, label in Event.Category.choices}
    for event in events:
        item = new_event("event", event, event.starts_at, event.ends_at)
        item.add("dtstamp", stamp)
        item.add("summary", event.title)
        item.add("description", _text(event.summary or event.description))
        if event.venue:
            item.add("location", ", ".join(p for p in [event.venue.name, event.venue.address] if p))
        item.add("categories", [categories.get(event.category, event.category)])
        item.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
        item.add("last-modified", event.updated_at)
        calendar.add_component(item)
    return to_ical(calendar)


def google_calendar_url(event):
    """Return a link that opens Google Calendar with the event filled in."""

    def utc(value):
        return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")

    details = _text(event.summary or event.description)[:500]
    details += "\n" + absolute_url(event.get_absolute_url())
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


# --- A space's bookings, for the building's staff ----------------------------------------------

SPACE_FEED_SALT = "events.spaces.feed"


def space_feed_token(user, slug):
    """Return the secret of a staff member's feed of one space (changes with their password)."""
    return salted_hmac(SPACE_FEED_SALT, f"{user.pk}:{user.password}:{slug}").hexdigest()[:32]


def space_feed_path(user, space):
    return reverse(
        "events:space_feed",
        kwargs={
            "slug": space.slug,
            "user_id": user.pk,
            "token": space_feed_token(user, space.slug),
        },
    )


def build_space_calendar(space, bookings):
    """Return the approved bookings of a space as iCalendar: who, layout, attendees, contact.

    Staff only (the feed checks): the contact is what the building's staff need on the day.
    """
    calendar = new_calendar(f"{space.name} · G밸리", PRODID)
    stamp = datetime.datetime.now(datetime.UTC)
    layouts = {value: str(label) for value, label in SpaceLayout.Kind.choices}
    for booking in bookings:
        item = new_event("booking", booking, booking.starts_at, booking.ends_at)
        item.add("dtstamp", stamp)
        who = booking.company.name if booking.company else (booking.event and booking.event.title)
        item.add("summary", f"{booking.purpose} · {who or booking.get_kind_display()}")
        lines = [
            f"{layouts.get(booking.layout, booking.layout)} · {booking.attendees}",
            ", ".join(booking.equipment or []),
            " ".join(
                p for p in [booking.contact_name, booking.contact_phone, booking.contact_email] if p
            ),
            booking.conditions,
        ]
        item.add("description", "\n".join(line for line in lines if line))
        item.add("location", space.name)
        item.add("status", "CONFIRMED")
        calendar.add_component(item)
    return to_ical(calendar)


def timetable_calendar(consultation, meetings):
    """Return a 수출상담회 timetable as an iCalendar document, one VEVENT per meeting."""
    name = _("%(title)s 상담 일정") % {"title": consultation.event.title}
    calendar = new_calendar(name, PRODID)
    stamp = datetime.datetime.now(datetime.UTC)
    venue = consultation.event.venue
    for meeting in meetings:
        item = new_event("meeting", meeting, meeting.slot.starts_at, meeting.slot.ends_at)
        item.add("dtstamp", stamp)
        item.add(
            "summary",
            f"{meeting.buyer.company_name} ({meeting.buyer.country}) × {meeting.participant.company.name}",
        )
        where = _("테이블 %(table)d") % {"table": meeting.table}
        if venue:
            where = f"{venue.name}, {where}"
        item.add("location", where)
        if meeting.interpreter:
            item.add("description", _("통역: %(name)s") % {"name": meeting.interpreter.name})
        calendar.add_component(item)
    return to_ical(calendar)
