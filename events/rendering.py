"""Markup repeated many times a page (event cards, calendar cells, timetables, filter fields),
built in Python.

A template `{% include %}` per item costs far more than the item's few lines of HTML: each card
re-resolves a dozen variables, re-translates its labels, re-reads the language and time zone to
format its dates and reverses its URL. These functions produce the same HTML as the templates
they replace, but translate each label, look up the language and time zone, and reverse the
event URL once per call instead of once per item.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_noop

from gvalley.rendering import escape, url_maker
from gvalley.templatetags.portal import date_formatter, datetime_value

from .models import Event

_CANCELLED_CLASS = ' class="is-cancelled"'


def number_formatter():
    """Return how templates show an integer: localize(), which is str() without grouping."""
    return localize if settings.USE_THOUSAND_SEPARATOR else str


def _time(local):
    """Return what gvalley's ktime filter shows of a local datetime: 19:30."""
    return f"{local.hour:02d}:{local.minute:02d}"


def form_fields(form):
    """Return a form's visible fields as includes/_field.html renders each, then its hidden ones."""
    parts = []
    for field in form.visible_fields():
        field_id = escape(field.auto_id)
        errors = field.errors
        checkbox = field.widget_type == "checkbox"
        classes = (
            "field" + (" field-error" if errors else "") + (" field-checkbox" if checkbox else "")
        )
        label = f'<label for="{field_id}">{conditional_escape(field.label)}'
        if checkbox:
            body = f"{field}\n{label}</label>"
        else:
            required = ' <span class="required" aria-hidden="true">*</span>'
            body = f"{label}{required if field.field.required else ''}</label>\n{field}"
        help_text = ""
        if field.help_text:
            # Text unless the code marked it safe, as includes/_field.html shows it.
            help_text = (
                f'<div class="help" id="{field_id}_helptext">{escape(field.help_text)}</div>'
            )
        # One element carries the id that Django's aria-describedby names, however many errors.
        messages = "".join(f"<p>{conditional_escape(error)}</p>" for error in errors)
        if messages:
            messages = f'<div class="error" id="{field_id}_error">{messages}</div>'
        parts.append(f'<div class="{classes}">\n{body}\n{help_text}\n{messages}\n</div>')
    parts.append("".join(str(field) for field in form.hidden_fields()))
    return mark_safe("\n".join(parts))


def event_cards(events, edition_numbers=None):
    """Return the <li> cards of events from Event.objects.for_listing() (former _event_card.html).

    edition_numbers maps edition ids to numbers, for events listed without edition_number.
    """
    url = url_maker("events:detail", "slug")
    local_zone = timezone.get_current_timezone()
    kdate = date_formatter()
    number_text = number_formatter()
    categories = {value: escape(label) for value, label in Event.Category.choices}
    audiences = {value: escape(label) for value, label in Event.Audience.choices}
    # {% blocktranslate %} leaves its message unescaped and escapes the values put in it.
    edition_badge = gettext("제%(number)s회 G밸리 Week")
    seats_left = gettext("남은 자리 %(left)s / %(capacity)s")
    full = escape(gettext("정원 마감"))
    cancelled_badge = f'<span class="badge badge-danger">{escape(gettext("취소됨"))}</span>'
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
            number = escape(number_text(number))
            edition = f'<span class="badge badge-ok">{edition_badge % {"number": number}}</span>'
        starts = event.starts_at.astimezone(local_zone)
        venue = f" · {escape(event.venue_name)}" if event.venue_id else ""
        summary = f"<p>{escape(event.summary)}</p>" if event.summary else ""
        seats = ""
        if event.capacity is not None and event.takes_registrations and not cancelled:
            if event.is_full:
                seats = full
            else:
                seats = seats_left % {
                    "left": escape(number_text(event.seats_left)),
                    "capacity": escape(number_text(event.capacity)),
                }
            seats = f'\n  <p class="meta">{seats}</p>'
        category = categories.get(event.category) or escape(event.category)
        audience = audiences.get(event.audience) or escape(event.audience)
        cards.append(
            f'<li class="card event-card{" is-cancelled" if cancelled else ""}">\n'
            f'  <h3><a href="{escape(url(event.slug))}">{escape(event.title)}</a></h3>\n'
            f'  <p class="meta">\n'
            f"    {cancelled_badge if cancelled else ''}\n"
            f'    <span class="badge">{category}</span>\n'
            f'    <span class="badge">{audience}</span>\n'
            f"    {edition}\n"
            f"  </p>\n"
            f'  <p class="event-when"><time datetime="{datetime_value(starts)}">'
            f"{kdate(starts)} {_time(starts)}</time>{venue}</p>\n"
            f"  {summary}{seats}\n"
            f"</li>"
        )
    return mark_safe("\n".join(cards))


def home_events(events):
    """Return the <li> of each event of the home page's events section."""
    url = url_maker("events:detail", "slug")
    local_zone = timezone.get_current_timezone()
    kdate = date_formatter()
    cancelled_label = gettext("취소됨")  # a status: "Cancelled", not the Cancel button ("취소")
    cancelled_mark = f"[{escape(cancelled_label)}] "
    items = []
    for event in events:
        starts = event.starts_at.astimezone(local_zone)
        venue = f" · {escape(event.venue_name)}" if event.venue_id else ""
        items.append(
            f"<li>\n"
            f'<a href="{escape(url(event.slug))}">'
            f"{cancelled_mark if event.is_cancelled else ''}{escape(event.title)}</a>\n"
            f'<span class="meta"><time datetime="{datetime_value(starts)}">'
            f"{kdate(starts)} {_time(starts)}</time>{venue}</span>\n"
            f"</li>"
        )
    return mark_safe("\n".join(items))


def timetable_bodies(timetable):
    """Return the <tbody> of each day of a G밸리 Week timetable: [(date, [events])] (former loop
    of events/edition_detail.html): the day heads its rows, a day without events says so."""
    url = url_maker("events:detail", "slug")
    local_zone = timezone.get_current_timezone()
    kdate = date_formatter()
    number_text = number_formatter()
    audiences = {value: escape(label) for value, label in Event.Audience.choices}
    cancelled_badge = f' <span class="badge badge-danger">{escape(gettext("취소됨"))}</span>'
    nothing = escape(gettext("예정된 행사 없음"))
    bodies = []
    for day, events in timetable:
        time_tag = f'<time datetime="{datetime_value(day)}">{kdate(day)}</time>'
        rows = []
        for index, event in enumerate(events):
            cancelled = event.is_cancelled
            head = ""
            if index == 0:
                head = f'<th scope="rowgroup" rowspan="{number_text(len(events))}">{time_tag}</th>'
            venue = event.venue.name if event.venue_id else ""
            audience = audiences.get(event.audience) or escape(event.audience)
            rows.append(
                f"\n            <tr{_CANCELLED_CLASS if cancelled else ''}>\n"
                f"              {head}\n"
                f"              <td>{_time(event.starts_at.astimezone(local_zone))}–"
                f"{_time(event.ends_at.astimezone(local_zone))}</td>\n"
                f'              <td><a href="{escape(url(event.slug))}">{escape(event.title)}</a>'
                f"{cancelled_badge if cancelled else ''}</td>\n"
                f"              <td>{escape(venue) if venue else '—'}</td>\n"
                f"              <td>{audience}</td>\n"
                f"            </tr>\n"
                f"          "
            )
        if not rows:
            rows.append(
                f"\n            <tr>\n"
                f'              <th scope="row">{time_tag}</th>\n'
                f'              <td colspan="4">{nothing}</td>\n'
                f"            </tr>\n"
                f"          "
            )
        bodies.append(f"\n        <tbody>\n          {''.join(rows)}\n        </tbody>\n      ")
    return mark_safe("".join(bodies))


def month_rows(weeks, month, today):
    """Return the <tr> rows of the month calendar: a cell per day with its events' links."""
    url = url_maker("events:detail", "slug")
    local_zone = timezone.get_current_timezone()
    kdate = date_formatter()
    number_text = number_formatter()
    cancelled_label = gettext("취소됨")  # a status: "Cancelled", not the Cancel button ("취소")
    cancelled_mark = f"[{escape(cancelled_label)}] "
    rows = []
    for week in weeks:
        cells = []
        for day, day_events in week:
            classes = ("other-month" if day.month != month.month else "") + (
                " today" if day == today else ""
            )
            current = ' aria-current="date"' if day == today else ""
            items = ""
            if day_events:
                links = []
                for event in day_events:
                    cancelled = event.is_cancelled
                    starts = event.starts_at.astimezone(local_zone)
                    links.append(
                        f"<li{_CANCELLED_CLASS if cancelled else ''}>"
                        f'<a href="{escape(url(event.slug))}">'
                        f"{cancelled_mark if cancelled else ''}"
                        f'<span class="time">{_time(starts)}</span> '
                        f"{escape(event.title)}</a></li>"
                    )
                items = "<ul>\n" + "\n".join(links) + "\n</ul>"
            cells.append(
                f'<td class="{classes}"{current}>\n'
                f'<span class="day-number"><span class="visually-hidden">{kdate(day)}'
                f'</span><span aria-hidden="true">{number_text(day.day)}</span></span>\n'
                f"{items}\n"
                f"</td>"
            )
        rows.append("<tr>\n" + "\n".join(cells) + "\n</tr>")
    return mark_safe("\n".join(rows))


def category_feeds():
    """Return (address, link text) of each category's iCalendar feed."""
    url = url_maker("events:feed_ics_category", "category")
    # As {% blocktranslate %}{{ label }} iCalendar{% endblocktranslate %}: label escaped.
    message = gettext("%(label)s iCalendar")
    return [
        (url(value), mark_safe(message % {"label": escape(label)}))
        for value, label in Event.Category.choices
    ]


NAV_LINKS = [
    ("list", "events:index", gettext_noop("다가오는 행사")),
    ("month", "events:calendar", gettext_noop("월간 달력")),
    ("week", "events:week", gettext_noop("주간 보기")),
    ("archive", "events:archive", gettext_noop("지난 행사")),
    ("edition", "events:editions", gettext_noop("G밸리 Week")),
]
_CURRENT_PAGE = ' aria-current="page"'


def events_nav(current):
    """Return the navigation between the ways of viewing events, marking the current one."""
    items = "\n".join(
        f'<li><a href="{escape(reverse(viewname))}"'
        f"{_CURRENT_PAGE if key == current else ''}>{escape(gettext(label))}</a></li>"
        for key, viewname, label in NAV_LINKS
    )
    label = escape(gettext("행사 보기 방식"))
    return mark_safe(f'<nav class="events-nav" aria-label="{label}">\n<ul>\n{items}\n</ul>\n</nav>')
