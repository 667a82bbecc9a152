"""What the events pages list, prepared once per list for the templates to print.

Cards, calendar cells and timetable rows repeat many times a page. Each function here turns the
events a view read into plain rows (named tuples of text and addresses): the event URL pattern is
reversed once per list, labels are translated once, and dates are formatted by one formatter of
the current language and time zone. The markup is in templates/events/ (`_macros.jinja`), where
every value is escaped.

Titles, summaries and venue names are in the page's language, or the Korean original marked as
such (gvalley/translated.py): the events are read with both columns (`title_ko`, `title_en`).
"""

from typing import NamedTuple

from django.utils import timezone
from django.utils.translation import gettext

from gvalley.rendering import url_maker
from gvalley.templatetags.portal import date_formatter, datetime_value
from gvalley.translated import page_language, pick, translated

from .models import Event


class Card(NamedTuple):
    """An event in a list of cards (upcoming events, a year of past events)."""

    url: str
    title: str
    cancelled: bool
    category: str
    audience: str
    edition: str  # "제7회 G밸리 Week", or empty
    datetime: str  # the <time datetime> of the start
    when: str  # 2024년 9월 4일 (수) 19:30
    venue: str
    summary: str
    seats: str  # "남은 자리 3 / 20", "정원 마감", or empty when the card says nothing of seats


class Entry(NamedTuple):
    """An event in the home page's short list."""

    url: str
    title: str
    cancelled: bool
    datetime: str
    when: str
    venue: str


class CalendarEntry(NamedTuple):
    """An event in a day of the month calendar."""

    url: str
    title: str
    cancelled: bool
    time: str  # 19:30


class Row(NamedTuple):
    """An event in a day's list: the week view, a day of a G밸리 Week timetable."""

    url: str
    title: str
    cancelled: bool
    times: str  # 19:30–21:30
    venue: str
    category: str
    audience: str


class Day(NamedTuple):
    """A day with its events (the week view, a G밸리 Week timetable)."""

    date: str  # the <time datetime>
    label: str  # 2024년 9월 2일 (월)
    is_today: bool
    events: list


class Cell(NamedTuple):
    """A day of the month calendar."""

    label: str
    number: int
    other_month: bool
    is_today: bool
    events: list


def _time(local):
    """Return what gvalley's ktime filter shows of a local datetime: 19:30."""
    return f"{local.hour:02d}:{local.minute:02d}"


def _labels(choices):
    """Translate the labels of a TextChoices once: {value: label}."""
    return {value: str(label) for value, label in choices}


def event_cards(events, edition_numbers=None):
    """Return the cards of events read with Event.objects.for_listing().

    edition_numbers maps edition ids to numbers, for events listed without edition_number.
    """
    url = url_maker("events:detail", "slug")
    zone = timezone.get_current_timezone()
    kdate = date_formatter()
    categories = _labels(Event.Category.choices)
    audiences = _labels(Event.Audience.choices)
    edition_badge = gettext("제%(number)s회 G밸리 Week")
    seats_left = gettext("남은 자리 %(left)s / %(capacity)s")
    full = gettext("정원 마감")
    language = page_language()
    cards = []
    for event in events:
        cancelled = event.is_cancelled
        edition = ""
        if event.edition_id:
            if edition_numbers is None:
                number = event.edition_number
            else:
                # An edition added since the view read them is looked up (one query).
                number = edition_numbers.get(event.edition_id) or event.edition.number
            edition = edition_badge % {"number": number}
        seats = ""
        if event.capacity is not None and event.takes_registrations and not cancelled:
            if event.is_full:
                seats = full
            else:
                seats = seats_left % {"left": event.seats_left, "capacity": event.capacity}
        starts = event.starts_at.astimezone(zone)
        cards.append(
            Card(
                url=url(event.slug),
                title=pick(event.title_ko, event.title_en, language),
                cancelled=cancelled,
                category=categories.get(event.category, event.category),
                audience=audiences.get(event.audience, event.audience),
                edition=edition,
                datetime=datetime_value(starts),
                when=f"{kdate(starts)} {_time(starts)}",
                venue=(
                    pick(event.venue_name_ko, event.venue_name_en, language)
                    if event.venue_id
                    else ""
                ),
                summary=pick(event.summary_ko, event.summary_en, language),
                seats=seats,
            )
        )
    return cards


def entries(events):
    """Return the short entries of events (title, slug, status, starts_at and venue_name read).

    Titles and venue names are read in both languages (`title_ko`, `venue_name_en`, …).
    """
    url = url_maker("events:detail", "slug")
    zone = timezone.get_current_timezone()
    kdate = date_formatter()
    language = page_language()
    result = []
    for event in events:
        starts = event.starts_at.astimezone(zone)
        result.append(
            Entry(
                url=url(event.slug),
                title=pick(event.title_ko, event.title_en, language),
                cancelled=event.is_cancelled,
                datetime=datetime_value(starts),
                when=f"{kdate(starts)} {_time(starts)}",
                venue=pick(event.venue_name_ko, event.venue_name_en, language),
            )
        )
    return result


def month_cells(weeks, events, by_day, month, today):
    """Return the weeks of the month calendar as rows of cells, each with its events' entries.

    weeks are lists of dates (Sunday first); events (both titles, slug, status, starts_at read) are
    prepared once each, and by_day places them on their dates.
    """
    url = url_maker("events:detail", "slug")
    zone = timezone.get_current_timezone()
    kdate = date_formatter()
    language = page_language()
    entry_of = {
        event.pk: CalendarEntry(
            url(event.slug),
            pick(event.title_ko, event.title_en, language),
            event.is_cancelled,
            _time(event.starts_at.astimezone(zone)),
        )
        for event in events
    }
    return [
        [
            Cell(
                label=kdate(day),
                number=day.day,
                other_month=day.month != month.month,
                is_today=day == today,
                events=[entry_of[event.pk] for event in by_day.get(day, [])],
            )
            for day in week
        ]
        for week in weeks
    ]


def days(dates, by_day, today=None):
    """Return each date with its events' rows (events read with their venue).

    by_day maps a date to its events; an event on several days is prepared once.
    """
    url = url_maker("events:detail", "slug")
    zone = timezone.get_current_timezone()
    kdate = date_formatter()
    categories = _labels(Event.Category.choices)
    audiences = _labels(Event.Audience.choices)
    language = page_language()
    rows = {}
    result = []
    for day in dates:
        day_rows = []
        for event in by_day.get(day, []):
            row = rows.get(event.pk)
            if row is None:
                row = rows[event.pk] = Row(
                    url=url(event.slug),
                    title=translated(event, "title", language),
                    cancelled=event.is_cancelled,
                    times=(
                        f"{_time(event.starts_at.astimezone(zone))}–"
                        f"{_time(event.ends_at.astimezone(zone))}"
                    ),
                    venue=translated(event.venue, "name", language) if event.venue_id else "",
                    category=categories.get(event.category, event.category),
                    audience=audiences.get(event.audience, event.audience),
                )
            day_rows.append(row)
        result.append(
            Day(
                date=datetime_value(day),
                label=kdate(day),
                is_today=day == today,
                events=day_rows,
            )
        )
    return result


def category_feeds():
    """Return (address, category label) of each category's iCalendar feed."""
    url = url_maker("events:feed_ics_category", "category")
    return [(url(value), label) for value, label in _labels(Event.Category.choices).items()]
