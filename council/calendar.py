"""iCalendar feed of council meetings, reached by a per-user secret URL.

Calendar apps cannot sign in, so the URL carries a token derived from the user's id and password
hash: changing the password revokes every old feed URL.
"""

import datetime

from django.urls import reverse
from django.utils.crypto import salted_hmac
from icalendar import Calendar, Event

SALT = "council.calendar-feed"


def token_for(user):
    return salted_hmac(SALT, f"{user.pk}:{user.password}:{user.email}").hexdigest()[:32]


def feed_path(user):
    return reverse("council:calendar", kwargs={"user_id": user.pk, "token": token_for(user)})


def render(meetings, request):
    """Return the meetings as an iCalendar document (bytes)."""
    calendar = Calendar()
    calendar.add("prodid", "-//G밸리 포털//발전협의회//KO")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "G밸리 발전협의회")
    calendar.add("x-wr-timezone", "Asia/Seoul")
    for meeting in meetings:
        event = Event()
        event.add("uid", f"council-meeting-{meeting.pk}@{request.get_host()}")
        event.add("summary", f"G밸리 발전협의회 {meeting}")
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.starts_at + datetime.timedelta(hours=2))
        event.add("dtstamp", meeting.updated_at)
        event.add("location", meeting.place)
        event.add("status", "CONFIRMED")
        event.add("url", request.build_absolute_uri(meeting.get_absolute_url()))
        event.add("description", f"{meeting.get_status_display()} · {meeting.place}")
        calendar.add_component(event)
    return calendar.to_ical()
