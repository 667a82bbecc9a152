"""Opening hours in Asia/Seoul: a day's schedule, whether the museum is open now, and for how long
that answer holds (so a cached page never outlives it)."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from gvalley.cache import shared_data

from .models import OpeningHours, SpecialDay, VisitInfo


@dataclass(frozen=True)
class DaySchedule:
    date: datetime.date
    opens: datetime.time | None
    closes: datetime.time | None
    special: SpecialDay | None = None

    @property
    def is_closed(self):
        return self.opens is None or self.closes is None

    @property
    def reason(self):
        return self.special.reason if self.special else ""

    def is_open_at(self, moment):
        """Return True when the museum is open at this aware datetime (on this day)."""
        local = timezone.localtime(moment)
        if self.is_closed or local.date() != self.date:
            return False
        return self.opens <= local.time() < self.closes

    def _at(self, time):
        return timezone.make_aware(datetime.datetime.combine(self.date, time))

    def next_change_after(self, moment):
        """Return when the open/closed answer may next change: opening, closing or midnight."""
        candidates = []
        if not self.is_closed:
            candidates = [self._at(self.opens), self._at(self.closes)]
        candidates.append(
            timezone.make_aware(
                datetime.datetime.combine(self.date + datetime.timedelta(days=1), datetime.time())
            )
        )
        return min(c for c in candidates if c > moment)


def weekly_hours(info):
    """Return the visit information's regular hours by weekday (0 is Monday)."""
    return {hours.weekday: hours for hours in info.weekly_hours.all()}


def schedule_for(info, day, specials=(), weekly=None):
    """Return the day's schedule: a one-off closure or changed hours wins over the weekday's.

    `weekly` is weekly_hours(info), for callers that ask about many days.
    """
    special = next((s for s in specials if s.date == day), None)
    if special is not None:
        if special.is_closed:
            return DaySchedule(day, None, None, special)
        return DaySchedule(day, special.opens, special.closes, special)
    regular = (weekly_hours(info) if weekly is None else weekly).get(day.weekday())
    if regular is None or regular.is_closed:
        return DaySchedule(day, None, None)
    return DaySchedule(day, regular.opens, regular.closes)


def week_schedule(info, specials, start, weekly=None):
    """Return seven DaySchedules from start (today) on."""
    weekly = weekly_hours(info) if weekly is None else weekly
    return [
        schedule_for(info, start + datetime.timedelta(days=i), specials, weekly) for i in range(7)
    ]


def _visit_data(today, upcoming_days):
    """Return the visit information, its weekly hours and the special days announced ahead."""
    info = VisitInfo.objects.order_by("pk").first()
    if info is None:
        return None, {}, []
    # No ordering: OpeningHours' Meta.ordering would join the visit information again.
    weekly = {h.weekday: h for h in OpeningHours.objects.filter(visit_info=info).order_by()}
    specials = list(info.special_days.upcoming(today=today, days=upcoming_days))
    return info, weekly, specials


def current_status(now=None, upcoming_days=60):
    """Return the visit information and its state now, or None when not set up.

    The hours themselves are the same for every visitor and change only when staff save them, so
    they are shared data (two cache reads; three queries once after content changed); whether
    the museum is open is worked out from them on every call, in Asia/Seoul.
    """
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    info, weekly, specials = shared_data(
        f"heritage-hours:{today.isoformat()}:{upcoming_days}",
        lambda: _visit_data(today, upcoming_days),
    )
    if info is None:
        return None
    today_schedule = schedule_for(info, today, specials, weekly)
    return {
        "info": info,
        "now": now,
        "today": today_schedule,
        "open_now": today_schedule.is_open_at(now),
        "next_change": today_schedule.next_change_after(now),
        "week": week_schedule(info, specials, today, weekly),
        "weekly": weekly,
        "specials": specials,
    }


def seconds_until(moment, now=None):
    now = now or timezone.now()
    return max(1, int((moment - now).total_seconds()))
