"""The rentable spaces' availability: which hours are free, requested, booked or closed.

Read side only (the writes are in services.py). One space's days are worked out from three
queries — its regular hours, its closed days and its bookings in the range — through the portal's
one opening-hours mechanism (gvalley.hours), in Asia/Seoul. The rules a requested time must meet
(`check_slot`) live here too, so the form, the admin and the service say the same thing.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from gvalley import hours
from gvalley.cache import shared_data
from gvalley.ical import SEOUL
from gvalley.templatetags.portal import datetime_value, ktime
from gvalley.translated import translated

from .models import Booking, Space, SpaceClosure, SpaceHours

SLOT_MINUTES = 60
FREE, REQUESTED, BOOKED, CLOSED = "free", "requested", "booked", "closed"


def aware(day, time=datetime.time.min):
    """Return the day at the time in Asia/Seoul."""
    return datetime.datetime.combine(day, time, tzinfo=SEOUL)


def opening(space, first, last):
    """Return the space's regular hours by weekday and its closed days from first to last."""
    weekly = hours.by_weekday(SpaceHours.objects.filter(space=space).order_by())
    specials = list(SpaceClosure.objects.filter(space=space).between(first, last).order_by())
    return weekly, specials


def schedule_of(space, day):
    """Return the space's DaySchedule of one day."""
    weekly, specials = opening(space, day, day)
    return hours.schedule_for(day, specials, weekly)


def _reason(schedule):
    """Return a closed day's reason in the page's language, or the Korean original, marked."""
    return translated(schedule.special, "reason") if schedule.special else ""


def state_labels():
    return {
        FREE: _("예약 가능"),
        REQUESTED: _("신청 있음"),
        BOOKED: _("예약됨"),
        CLOSED: _("휴관"),
    }


def bookings_between(space, start, end):
    """Return the requested and approved bookings of the space meeting [start, end)."""
    return list(
        Booking.objects.shown()
        .filter(space=space, starts_at__lt=end, blocked_until__gt=start)
        .select_related("event")
        .only(
            "starts_at",
            "ends_at",
            "blocked_until",
            "status",
            "kind",
            "event__title_ko",
            "event__title_en",
        )
        .order_by("starts_at", "pk")
    )


def public_title(booking):
    """Return what the public may read of a booked slot: a district event's title, nothing else."""
    if booking.kind == Booking.Kind.DISTRICT and booking.event is not None:
        return translated(booking.event, "title")
    return ""


def days_view(space, first, count, *, now=None, can_request=False):
    """Return `count` days from `first` with their hourly slots and each slot's state.

    A slot is booked when an approved booking (or its setup time) meets it, requested when only
    pending ones do; a free slot in the booking window carries `request` (the form's query)
    for a person allowed to ask. A lounge space's free slots say it is open as a lounge.

    The slots' states, labels and printed times are the same for every visitor until the content
    changes (week_grid, shared data); only what depends on the clock and on the visitor (past,
    today, the request links) is added here, per request.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    window_first = today + datetime.timedelta(days=space.book_min_days)
    window_last = today + datetime.timedelta(days=space.book_max_days)
    days = []
    for grid_day in week_grid(space, first, count):
        requestable = can_request and window_first <= grid_day["date"] <= window_last
        slots = []
        for slot in grid_day["slots"]:
            past = slot["end"] <= now
            slot = {**slot, "past": past, "show_lounge": slot["lounge"] and not past}
            if requestable and slot["state"] == FREE:
                slot["request"] = slot["request_query"]
            slots.append(slot)
        days.append({**grid_day, "is_today": grid_day["date"] == today, "slots": slots})
    return days


def week_grid(space, first, count):
    """Return the days' slots with their state, as every visitor sees them (shared data).

    Three queries (hours, closed days, bookings) once after any content change; every booking
    saved, approved or cancelled changes the content version, so the next request sees it.
    """
    return shared_data(
        f"spaces:grid:{space.pk}:{first.isoformat()}:{count}",
        lambda: _grid(space, first, count),
    )


def _grid(space, first, count):
    last = first + datetime.timedelta(days=count - 1)
    weekly, specials = opening(space, first, last)
    bookings = bookings_between(space, aware(first), aware(last + datetime.timedelta(days=1)))
    labels = state_labels()
    days = []
    for schedule in hours.days_schedule(first, count, specials, weekly):
        slots = []
        if not schedule.is_closed:
            start = schedule.opens_at
            while start < schedule.closes_at:
                end = min(start + datetime.timedelta(minutes=SLOT_MINUTES), schedule.closes_at)
                slots.append(_slot(space, start, end, bookings, labels))
                start = end
        days.append(
            {
                "date": schedule.date,
                "closed": schedule.is_closed,
                "reason": _reason(schedule),
                "slots": slots,
            }
        )
    return days


def _slot(space, start, end, bookings, labels):
    meeting = [b for b in bookings if b.starts_at < end and b.blocked_until > start]
    approved = [b for b in meeting if b.status == Booking.Status.APPROVED]
    if approved:
        state, title = BOOKED, public_title(approved[0])
    elif meeting:
        state, title = REQUESTED, ""
    else:
        state, title = FREE, ""
    start, end = timezone.localtime(start), timezone.localtime(end)
    times = {"date": start.date().isoformat(), "start": ktime(start), "end": ktime(end)}
    return {
        "start": start,
        "end": end,
        # Printed once here, not by a filter per slot and per request.
        "datetime": datetime_value(start),
        "time": f"{times['start']}–{times['end']}",
        "state": state,
        "label": labels[state],
        "title": title,
        "lounge": space.is_lounge and state == FREE,
        "request_query": times,
    }


def month_days(space, year, month, *, now=None):
    """Return the days of a month with, for each, closed or the booked/requested hours."""
    first = datetime.date(year, month, 1)
    count = (datetime.date(year + month // 12, month % 12 + 1, 1) - first).days
    now = now or timezone.now()
    weekly, specials = opening(space, first, first + datetime.timedelta(days=count - 1))
    bookings = bookings_between(space, aware(first), aware(first + datetime.timedelta(days=count)))
    labels = state_labels()
    days = []
    for schedule in hours.days_schedule(first, count, specials, weekly):
        start, end = aware(schedule.date), aware(schedule.date + datetime.timedelta(days=1))
        rows = [
            {
                "start": timezone.localtime(b.starts_at),
                "end": timezone.localtime(b.ends_at),
                "state": BOOKED if b.status == Booking.Status.APPROVED else REQUESTED,
                "label": labels[BOOKED if b.status == Booking.Status.APPROVED else REQUESTED],
                "title": public_title(b) if b.status == Booking.Status.APPROVED else "",
            }
            for b in bookings
            if b.starts_at < end and b.ends_at > start
        ]
        if schedule.is_closed:
            state = CLOSED
        elif any(r["state"] == BOOKED for r in rows):
            state = BOOKED
        elif rows:
            state = REQUESTED
        else:
            state = FREE
        days.append(
            {
                "date": schedule.date,
                "is_today": schedule.date == timezone.localdate(now),
                "state": state,
                "label": labels[state],
                "closed": schedule.is_closed,
                "reason": _reason(schedule),
                "opens": schedule.opens,
                "closes": schedule.closes,
                "bookings": rows,
            }
        )
    return days


def spaces_lounge_now(spaces, now=None):
    """Return the ids of the lounge spaces open as a lounge now.

    A lounge is open to everyone during its opening hours while no approved booking runs. The
    lounges' day (its hours and approved bookings) is shared data, read once per content version
    and day; whether a lounge is open is worked out from it at `now`, on every call.
    """
    ids = [space.pk for space in spaces if space.is_lounge]
    if not ids:
        return set()
    now = now or timezone.now()
    today = timezone.localdate(now)
    days = shared_data(f"spaces:lounges:{today.isoformat()}", lambda: lounges_day(today))
    open_now = set()
    for pk in ids:
        schedule, running = days.get(pk, (None, ()))
        if (
            schedule is not None
            and schedule.is_open_at(now)
            and not any(starts_at <= now < ends_at for starts_at, ends_at in running)
        ):
            open_now.add(pk)
    return open_now


def lounges_day(day):
    """Return {space id: (DaySchedule, [(start, end) of approved bookings])} of the lounges on
    a day (three queries for any number of lounges)."""
    ids = list(Space.objects.filter(is_lounge=True).values_list("pk", flat=True))
    weekly = {}
    for row in SpaceHours.objects.filter(space_id__in=ids, weekday=day.weekday()).order_by():
        weekly.setdefault(row.space_id, {})[row.weekday] = row
    specials = {}
    for row in SpaceClosure.objects.filter(space_id__in=ids, date=day).order_by():
        specials.setdefault(row.space_id, []).append(row)
    running = {}
    rows = (
        Booking.objects.holding()
        .filter(space_id__in=ids, starts_at__lt=aware(day + datetime.timedelta(days=1)))
        .filter(ends_at__gt=aware(day))
        .values_list("space_id", "starts_at", "ends_at")
        .order_by()
    )
    for space_id, starts_at, ends_at in rows:
        running.setdefault(space_id, []).append((starts_at, ends_at))
    return {
        pk: (hours.schedule_for(day, specials.get(pk, ()), weekly.get(pk, {})), running.get(pk, []))
        for pk in ids
    }


def lounge_open_now(space, now=None):
    """Return True when the space is a lounge, open now, and no approved booking runs now."""
    return space.pk in spaces_lounge_now([space], now)


# --- The rules a requested time must meet ----------------------------------------------------


def check_slot(space, starts_at, ends_at, *, now=None, staff=False):
    """Raise a ValidationError (Korean, translated) unless the space may be booked then.

    Staff booking for a district event are not held to the booking window; everything else
    holds for them too.
    """
    now = now or timezone.now()
    if ends_at <= starts_at:
        raise ValidationError(_("끝나는 시각은 시작 시각보다 늦어야 합니다."), code="order")
    minutes = (ends_at - starts_at).total_seconds() / 60
    if minutes < space.min_minutes:
        raise ValidationError(
            _("%(space)s은(는) 최소 %(minutes)s분 이상 신청해야 합니다.")
            % {"space": space.name, "minutes": space.min_minutes},
            code="too_short",
        )
    if minutes > space.max_minutes:
        raise ValidationError(
            _("%(space)s은(는) 한 번에 최대 %(minutes)s분까지 신청할 수 있습니다.")
            % {"space": space.name, "minutes": space.max_minutes},
            code="too_long",
        )
    day = timezone.localtime(starts_at).date()
    today = timezone.localdate(now)
    if starts_at < now:
        raise ValidationError(_("지난 시각은 신청할 수 없습니다."), code="past")
    if not staff:
        if day < today + datetime.timedelta(days=space.book_min_days):
            raise ValidationError(
                _("이용일 %(days)s일 전까지 신청해야 합니다. 더 늦은 날짜를 골라 주세요.")
                % {"days": space.book_min_days},
                code="too_late",
            )
        if day > today + datetime.timedelta(days=space.book_max_days):
            raise ValidationError(
                _("이용일 %(days)s일 전부터 신청할 수 있습니다. 아직 신청할 수 없는 날짜입니다.")
                % {"days": space.book_max_days},
                code="too_early",
            )
    schedule = schedule_of(space, day)
    if schedule.is_closed:
        reason = f" ({schedule.reason})" if schedule.reason else ""
        raise ValidationError(
            _("%(date)s은(는) 휴관일입니다.%(reason)s")
            % {"date": day.isoformat(), "reason": reason},
            code="closed_day",
        )
    if not schedule.covers(starts_at, ends_at):
        raise ValidationError(
            _("운영 시간(%(opens)s–%(closes)s) 안에서만 신청할 수 있습니다.")
            % {"opens": f"{schedule.opens:%H:%M}", "closes": f"{schedule.closes:%H:%M}"},
            code="outside_hours",
        )


def check_capacity(space, layout, attendees):
    """Raise a ValidationError unless the layout exists and seats the attendees."""
    capacity = next((item.capacity for item in space.layouts.all() if item.kind == layout), None)
    if capacity is None:
        raise ValidationError(_("이 공간에 없는 좌석 배치입니다."), code="layout")
    if attendees > capacity:
        raise ValidationError(
            _(
                "이 배치의 수용 인원은 %(capacity)s명입니다. 인원을 줄이거나 다른 배치를 골라 주세요."
            )
            % {"capacity": capacity},
            code="capacity",
        )


def conflicts(space, starts_at, ends_at, exclude=None):
    """Return the approved bookings that would overlap this time (with the setup time)."""
    blocked_until = ends_at + datetime.timedelta(minutes=space.buffer_minutes)
    rows = Booking.objects.holding().overlapping(space.pk, starts_at, blocked_until)
    # The existing booking's own setup time counts too: overlapping() compares blocked ranges.
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    return list(rows.order_by("starts_at"))


def conflict_message(rows):
    """Return the readable message for a time that overlaps approved bookings."""
    times = ", ".join(
        f"{timezone.localtime(b.starts_at):%Y-%m-%d %H:%M}–{timezone.localtime(b.blocked_until):%H:%M}"
        for b in rows
    )
    return _("이미 예약된 시간과 겹칩니다(정리 시간 포함): %(times)s") % {"times": times}


def occupancy(spaces_, months):
    """Return rows of (space, month, open hours, booked hours, share, counts by status).

    `months` is a list of (year, month). Open hours come from the opening hours and closed days
    (gvalley.hours); booked hours are the approved bookings' own hours (setup time left out).
    """
    rows = []
    for space in spaces_:
        for year, month in months:
            first = datetime.date(year, month, 1)
            count = (datetime.date(year + month // 12, month % 12 + 1, 1) - first).days
            weekly, specials = opening(space, first, first + datetime.timedelta(days=count - 1))
            open_hours = sum(
                (s.closes_at - s.opens_at).total_seconds() / 3600
                for s in hours.days_schedule(first, count, specials, weekly)
                if not s.is_closed
            )
            start, end = aware(first), aware(first + datetime.timedelta(days=count))
            bookings = list(
                Booking.objects.filter(space=space, starts_at__gte=start, starts_at__lt=end)
                .only("status", "starts_at", "ends_at")
                .order_by()
            )
            booked = sum(
                (b.ends_at - b.starts_at).total_seconds() / 3600
                for b in bookings
                if b.status == Booking.Status.APPROVED
            )
            by_status = dict.fromkeys(Booking.Status.values, 0)
            for booking in bookings:
                by_status[booking.status] += 1
            rows.append(
                {
                    "space": space,
                    "month": first,
                    "open_hours": round(open_hours, 1),
                    "booked_hours": round(booked, 1),
                    "share": round(100 * booked / open_hours, 1) if open_hours else 0,
                    "by_status": by_status,
                }
            )
    return rows


# --- The spaces themselves ----------------------------------------------------------------------


def active_spaces():
    """Return {slug: space} of the spaces shown to the public, in their order (shared data).

    Each space comes with its venue, layouts and photos read: the list and a space's pages read
    them from here, not from the database, until the content changes.
    """
    return shared_data("spaces:active", _active_spaces)


def _active_spaces():
    rows = (
        Space.objects.active()
        .select_related("venue")
        .prefetch_related("layouts", "photos")
        # Shared by both languages: ordered by the Korean name whatever the first reader's.
        .rewrite(False)
        .order_by("position", "name_ko", "pk")
    )
    return {space.slug: space for space in rows}
