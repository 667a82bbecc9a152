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
from gvalley.ical import SEOUL

from .models import Booking, SpaceClosure, SpaceHours

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
        .only("starts_at", "ends_at", "blocked_until", "status", "kind", "event__title")
        .order_by("starts_at", "pk")
    )


def public_title(booking):
    """Return what the public may read of a booked slot: a district event's title, nothing else."""
    if booking.kind == Booking.Kind.DISTRICT and booking.event is not None:
        return booking.event.title
    return ""


def days_view(space, first, count, *, now=None, can_request=False):
    """Return `count` days from `first` with their hourly slots and each slot's state.

    A slot is booked when an approved booking (or its setup time) meets it, requested when only
    pending ones do; a free slot in the booking window carries `request` (the form's query)
    for a person allowed to ask. A lounge space's free slots say it is open as a lounge.
    """
    now = now or timezone.now()
    last = first + datetime.timedelta(days=count - 1)
    weekly, specials = opening(space, first, last)
    bookings = bookings_between(space, aware(first), aware(last + datetime.timedelta(days=1)))
    labels = state_labels()
    today = timezone.localdate(now)
    window_first = today + datetime.timedelta(days=space.book_min_days)
    window_last = today + datetime.timedelta(days=space.book_max_days)
    days = []
    for schedule in hours.days_schedule(first, count, specials, weekly):
        day = {
            "date": schedule.date,
            "is_today": schedule.date == today,
            "closed": schedule.is_closed,
            "reason": schedule.reason,
            "slots": [],
        }
        if not schedule.is_closed:
            start = schedule.opens_at
            while start < schedule.closes_at:
                end = min(start + datetime.timedelta(minutes=SLOT_MINUTES), schedule.closes_at)
                day["slots"].append(_slot(space, start, end, bookings, labels, now))
                start = end
            if can_request and window_first <= schedule.date <= window_last:
                for slot in day["slots"]:
                    if slot["state"] == FREE:
                        slot["request"] = {
                            "date": schedule.date.isoformat(),
                            "start": f"{slot['start']:%H:%M}",
                            "end": f"{slot['end']:%H:%M}",
                        }
        days.append(day)
    return days


def _slot(space, start, end, bookings, labels, now):
    meeting = [b for b in bookings if b.starts_at < end and b.blocked_until > start]
    approved = [b for b in meeting if b.status == Booking.Status.APPROVED]
    if approved:
        state, title = BOOKED, public_title(approved[0])
    elif meeting:
        state, title = REQUESTED, ""
    else:
        state, title = FREE, ""
    return {
        "start": timezone.localtime(start),
        "end": timezone.localtime(end),
        "state": state,
        "label": labels[state],
        "title": title,
        "lounge": space.is_lounge and state == FREE,
        "past": end <= now,
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
                "reason": schedule.reason,
                "opens": schedule.opens,
                "closes": schedule.closes,
                "bookings": rows,
            }
        )
    return days


def spaces_lounge_now(spaces, now=None):
    """Return the ids of the lounge spaces open as a lounge now (three queries for any number).

    A lounge is open to everyone during its opening hours while no approved booking runs.
    """
    lounges = [space for space in spaces if space.is_lounge]
    if not lounges:
        return set()
    now = now or timezone.now()
    today = timezone.localdate(now)
    ids = [space.pk for space in lounges]
    weekly = {}
    for row in SpaceHours.objects.filter(space_id__in=ids, weekday=today.weekday()).order_by():
        weekly.setdefault(row.space_id, {})[row.weekday] = row
    specials = {}
    for row in SpaceClosure.objects.filter(space_id__in=ids, date=today).order_by():
        specials.setdefault(row.space_id, []).append(row)
    busy = set(
        Booking.objects.holding()
        .filter(space_id__in=ids, starts_at__lte=now, ends_at__gt=now)
        .values_list("space_id", flat=True)
    )
    return {
        pk
        for pk in ids
        if pk not in busy
        and hours.schedule_for(today, specials.get(pk, ()), weekly.get(pk, {})).is_open_at(now)
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
