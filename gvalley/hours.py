"""Opening hours shared by every place the portal describes (the museum, the rentable spaces).

One mechanism: abstract models for the regular hours of a weekday and for a one-off closure or
changed hours on a date, and the computation of a day's schedule from them, in Asia/Seoul. An app
subclasses the two models with a foreign key to its place (heritage.OpeningHours/SpecialDay,
events.SpaceHours/SpaceClosure) and asks `schedule_for` / `week_schedule` / `days_schedule`.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("월요일")
    TUESDAY = 1, _("화요일")
    WEDNESDAY = 2, _("수요일")
    THURSDAY = 3, _("목요일")
    FRIDAY = 4, _("금요일")
    SATURDAY = 5, _("토요일")
    SUNDAY = 6, _("일요일")


class WeeklyHours(models.Model):
    """Abstract: the regular opening hours of one weekday (or a weekly closed day)."""

    weekday = models.PositiveSmallIntegerField(_("요일"), choices=Weekday.choices)
    is_closed = models.BooleanField(_("정기 휴관"), default=False)
    opens = models.TimeField(_("여는 시각"), null=True, blank=True)
    closes = models.TimeField(_("닫는 시각"), null=True, blank=True)

    class Meta:
        abstract = True

    @staticmethod
    def open_before_close():
        """Return the condition a subclass names in its CheckConstraint."""
        return Q(is_closed=True) | Q(opens__lt=models.F("closes"))

    def __str__(self):
        if self.is_closed:
            return f"{self.get_weekday_display()} · {_('휴관')}"
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self):
        if not self.is_closed and (not self.opens or not self.closes):
            raise ValidationError(_("여는 시각과 닫는 시각을 모두 적거나 '정기 휴관'을 고르세요."))
        if not self.is_closed and self.opens >= self.closes:
            raise ValidationError({"closes": _("닫는 시각은 여는 시각보다 늦어야 합니다.")})


class SpecialDayKind(models.TextChoices):
    CLOSED = "closed", _("임시 휴관")
    HOURS = "hours", _("운영 시간 변경")


class SpecialDayQuerySet(models.QuerySet):
    def upcoming(self, today=None, days=60):
        """Return the closures and changed hours from today on, as announced ahead."""
        today = today or timezone.localdate()
        return self.filter(date__gte=today, date__lte=today + datetime.timedelta(days=days))

    def between(self, first, last):
        """Return the closures and changed hours from first to last (dates, both included)."""
        return self.filter(date__gte=first, date__lte=last)


class SpecialDayBase(models.Model):
    """Abstract: a one-off closure or changed hours on one date (holidays, events)."""

    date = models.DateField(_("날짜"))
    kind = models.CharField(
        _("종류"), max_length=10, choices=SpecialDayKind.choices, default=SpecialDayKind.CLOSED
    )
    opens = models.TimeField(_("여는 시각"), null=True, blank=True)
    closes = models.TimeField(_("닫는 시각"), null=True, blank=True)
    reason = models.CharField(_("사유"), max_length=200, help_text=_("예: 추석 연휴, 시설 점검"))

    objects = SpecialDayQuerySet.as_manager()

    class Meta:
        abstract = True

    @staticmethod
    def open_before_close():
        """Return the condition a subclass names in its CheckConstraint."""
        return Q(kind="closed") | Q(opens__lt=models.F("closes"))

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} ({self.reason})"

    @property
    def is_closed(self):
        return self.kind == SpecialDayKind.CLOSED

    def clean(self):
        if self.kind == SpecialDayKind.HOURS:
            if not self.opens or not self.closes:
                raise ValidationError(
                    _("운영 시간을 바꾸려면 여는 시각과 닫는 시각을 모두 적으세요.")
                )
            if self.opens >= self.closes:
                raise ValidationError({"closes": _("닫는 시각은 여는 시각보다 늦어야 합니다.")})


@dataclass(frozen=True)
class DaySchedule:
    date: datetime.date
    opens: datetime.time | None
    closes: datetime.time | None
    special: SpecialDayBase | None = None

    @property
    def is_closed(self):
        return self.opens is None or self.closes is None

    @property
    def reason(self):
        return self.special.reason if self.special else ""

    def is_open_at(self, moment):
        """Return True when the place is open at this aware datetime (on this day)."""
        local = timezone.localtime(moment)
        if self.is_closed or local.date() != self.date:
            return False
        return self.opens <= local.time() < self.closes

    def _at(self, time):
        return timezone.make_aware(datetime.datetime.combine(self.date, time))

    @property
    def opens_at(self):
        return None if self.is_closed else self._at(self.opens)

    @property
    def closes_at(self):
        return None if self.is_closed else self._at(self.closes)

    def covers(self, starts_at, ends_at):
        """Return True when [starts_at, ends_at) lies within this day's opening hours."""
        if self.is_closed:
            return False
        return self.opens_at <= starts_at and ends_at <= self.closes_at

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


def by_weekday(hours):
    """Return regular hours (WeeklyHours rows) by weekday (0 is Monday)."""
    return {row.weekday: row for row in hours}


def schedule_for(day, specials=(), weekly=None):
    """Return the day's schedule: a one-off closure or changed hours wins over the weekday's.

    `weekly` is by_weekday(...) of the place's regular hours; `specials` its special days.
    """
    special = next((s for s in specials if s.date == day), None)
    if special is not None:
        if special.is_closed:
            return DaySchedule(day, None, None, special)
        return DaySchedule(day, special.opens, special.closes, special)
    regular = (weekly or {}).get(day.weekday())
    if regular is None or regular.is_closed:
        return DaySchedule(day, None, None)
    return DaySchedule(day, regular.opens, regular.closes)


def days_schedule(start, count, specials=(), weekly=None):
    """Return `count` DaySchedules from start on."""
    return [
        schedule_for(start + datetime.timedelta(days=i), specials, weekly) for i in range(count)
    ]
