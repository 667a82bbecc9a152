"""The museum's opening hours in Asia/Seoul (computed by gvalley.hours, shared with the spaces):
whether it is open now, and for how long that answer holds (so a cached page never outlives it)."""

from django.utils import timezone

from gvalley import hours
from gvalley.cache import shared_data
from gvalley.hours import DaySchedule, by_weekday

from .models import OpeningHours, VisitInfo

__all__ = ["DaySchedule", "current_status", "schedule_for", "week_schedule", "weekly_hours"]


def weekly_hours(info):
    """Return the visit information's regular hours by weekday (0 is Monday)."""
    return by_weekday(info.weekly_hours.all())


def schedule_for(info, day, specials=(), weekly=None):
    """Return the museum's schedule of a day (gvalley.hours.schedule_for).

    `weekly` is weekly_hours(info), for callers that ask about many days.
    """
    return hours.schedule_for(day, specials, weekly_hours(info) if weekly is None else weekly)


def week_schedule(info, specials, start, weekly=None):
    """Return seven DaySchedules from start (today) on."""
    weekly = weekly_hours(info) if weekly is None else weekly
    return hours.days_schedule(start, 7, specials, weekly)


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
