"""iCalendar feed of council meetings, reached by a per-user secret URL.

Calendar apps cannot sign in, so the URL carries a token derived from the user's id and password
hash: changing the password revokes every old feed URL.
"""

import datetime

from django.urls import reverse
from django.utils.crypto import salted_hmac

from gvalley.ical import new_calendar, new_event, to_ical

SALT = "council.calendar-feed"


def token_for(user):
    return salted_hmac(SALT, f"{user.pk}:{user.password}:{user.email}").hexdigest()[:32]


def feed_path(user):
    return reverse("council:calendar", kwargs={"user_id": user.pk, "token": token_for(user)})


def render(meetings):
    """Return the meetings as an iCalendar document (bytes), times in Asia/Seoul."""
    calendar = new_calendar("G밸리 발전협의회", "-//G밸리 포털//발전협의회//KO")
    for meeting in meetings:
        event = new_event(
            "council-meeting",
            meeting,
            meeting.starts_at,
            meeting.starts_at + datetime.timedelta(hours=2),
        )
        event.add("summary", f"G밸리 발전협의회 {meeting}")
        event.add("dtstamp", meeting.updated_at)
        event.add("location", meeting.place)
        event.add("status", "CONFIRMED")
        event.add("description", f"{meeting.get_status_display()} · {meeting.place}")
        calendar.add_component(event)
    return to_ical(calendar)
