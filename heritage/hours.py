"""Opening hours in Asia/Seoul: a day's schedule, whether the museum is open now, and for how long
that answer holds (so a cached page never outlives it)."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from .models import SpecialDay, VisitInfo


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


def schedule_for(info, day, specials=()):
    """Return the day's schedule: a one-off closure or changed hours wins over the weekday's."""
    special = next((s for s in specials if s.date == day), None)
    if special is not None:
        if special.is_closed:
            return DaySchedule(day, None, None, special)
        return DaySchedule(day, special.opens, special.closes, special)
    regular = next((h for h in info.weekly_hours.all() if h.weekday == day.weekday()), None)
    if regular is None or regular.is_closed:
        return DaySchedule(day, None, None)
    return DaySchedule(day, regular.opens, regular.closes)


def week_schedule(info, specials, start):
    """Return seven DaySchedules from start (today) on."""
    return [schedule_for(info, start + datetime.timedelta(days=i), specials) for i in range(7)]


def current_status(now=None, upcoming_days=60):
    """Return the visit information and its state now (3 queries), or None when not set up."""
    now = now or timezone.now()
    info = VisitInfo.objects.current()
    if info is None:
        return None
    today = timezone.localtime(now).date()
    specials = list(info.special_days.upcoming(today=today, days=upcoming_days))
    today_schedule = schedule_for(info, today, specials)
    return {
        "info": info,
        "now": now,
        "today": today_schedule,
        "open_now": today_schedule.is_open_at(now),
        "next_change": today_schedule.next_change_after(now),
        "week": week_schedule(info, specials, today),
        "specials": specials,
    }


def seconds_until(moment, now=None):
    now = now or timezone.now()
    return max(1, int((moment - now).total_seconds()))
