"""The data of the council pages' repeated items (cards, rows, links), prepared once per list.

Templates (templates/council/*.jinja) only print it. The cost of a list is in the per-item
Python work, not in the template: so each function here reverses its URL pattern once,
translates the labels of a choices field once (get_FOO_display() translates every label of the
field per call) and formats the dates with one formatter, then fills in plain values per item.
Content texts are read in both languages and given in the page's, or as the Korean original
marked (pick(), gvalley/translated.py; the templates print them with `in_language`).
"""

from typing import NamedTuple
from urllib.parse import urlencode

from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from gvalley.rendering import url_maker
from gvalley.templatetags.portal import date_formatter
from gvalley.translated import page_language, pick

from .models import Attendance, Grievance, Meeting, Membership, Organisation


def labels(choices):
    """Return {value: label} of a choices class, translated once."""
    return {value: str(label) for value, label in choices.choices}


def datetime_formatter():
    """Return a function giving kdatetime() of a moment, formatted in the local time zone."""
    zone = timezone.get_current_timezone()
    day = date_formatter()

    def format_datetime(value):
        local = timezone.localtime(value, zone)
        return f"{day(local)} {local.hour:02d}:{local.minute:02d}"

    return format_datetime


class ChoiceLink(NamedTuple):
    label: str
    query: str  # the query string of the link (without "?")
    current: bool


def choice_links(request, name, current, choices):
    """Return the links of a filter bar (a year or a status): one per (value, label).

    Each link keeps the request's other parameters, sets `name` to its value and drops `page`
    (what url_replace(name=value, page="") gives), the other parameters encoded once.
    """
    query = request.GET.copy()
    query.pop("page", None)
    query.setdefault(name, "")
    encoding = query.encoding
    encoded = [
        None if key == name else _encode(encoding, key, values) for key, values in query.lists()
    ]

    def link(value):
        changed = _encode(encoding, name, [value])
        return "&".join(changed if part is None else part for part in encoded)

    return [ChoiceLink(str(label), link(value), value == current) for value, label in choices]


def _encode(encoding, key, values):
    """Encode one parameter as QueryDict.urlencode() does."""
    return "&".join(urlencode({key.encode(encoding): str(v).encode(encoding)}) for v in values)


class MeetingCard(NamedTuple):
    url: str
    name: str  # str(meeting)
    starts: str  # kdatetime
    place: str
    status: str
    status_label: str
    agenda_titles: list


def meeting_cards(meetings):
    """Return the cards of the meeting archive.

    Each meeting needs `agenda_titles_ko` and `agenda_titles_en`, the titles of its agenda items
    in order in each language.
    """
    language = page_language()
    url = url_maker("council:meeting", "pk")
    statuses = labels(Meeting.Status)
    kinds = labels(Meeting.Kind)
    meeting_title = str(Meeting.TITLE)
    starts = datetime_formatter()
    return [
        MeetingCard(
            url=url(meeting.pk),
            # str(meeting) (Meeting.__str__), with the kinds translated once
            name=meeting_title % {"number": meeting.number, "kind": kinds.get(kind, kind)},
            starts=starts(meeting.starts_at),
            place=pick(meeting.place_ko, meeting.place_en, language),
            status=meeting.status,
            status_label=statuses.get(meeting.status, meeting.status),
            agenda_titles=[
                pick(korean, english, language)
                for korean, english in zip(
                    meeting.agenda_titles_ko or [], meeting.agenda_titles_en or [], strict=False
                )
            ],
        )
        for meeting in meetings
        for kind in [meeting.kind]
    ]


def _holder(holder_id, holders, language=None):
    """Return str(holder) from the shared names, or from the database if it is newer.

    In the page's language, or the Korean original marked.
    """
    if not holder_id:
        return ""
    labels = holders.get(holder_id)
    if labels is None:
        organisation = Organisation.objects.get(pk=holder_id)
        labels = (
            organisation.short_name_ko or organisation.name_ko,
            organisation.short_name_en or organisation.name_en,
        )
    return pick(*labels, language)


class GrievanceCard(NamedTuple):
    url: str
    title: str
    received: str  # kdate
    source: str
    status: str
    status_label: str
    holder: str  # the organisation in charge, or ""
    company: str  # the company's name where the visitor may see it, or ""
    private: bool  # not on the public board (only insiders see such grievances)


def grievance_cards(rows, insider, holders):
    """Return the cards of the grievance list.

    `rows` have the fields of views.GrievanceListView.CARD_FIELDS. Outsiders see a company's
    name only where it agreed to be named (Grievance.name_shown_publicly). `holders` gives an
    organisation's name by pk (stats.reference()["organisation_names"]).
    """
    language = page_language()
    url = url_maker("council:grievance", "pk")
    statuses = labels(Grievance.Status)
    sources = labels(Grievance.Source)
    day = date_formatter()
    cards = []
    for row in rows:
        company = (
            pick(row.company__name, row.company__name_en, language) if row.company__name else ""
        )
        if not insider:
            company = Grievance.name_shown_publicly(company, row.company_name_public)
        cards.append(
            GrievanceCard(
                url=url(row.pk),
                title=pick(row.title_ko, row.title_en, language),
                received=day(row.received_on),
                source=sources.get(row.source, row.source),
                status=row.status,
                status_label=statuses.get(row.status, row.status),
                holder=_holder(row.holder_id, holders, language),
                company=company or "",
                private=insider and not row.is_public,
            )
        )
    return cards


def recent_grievance_cards(grievances, holders):
    """Return the cards of the council page's latest public grievances.

    `holders` gives an organisation's name by pk (stats.reference()["organisation_names"]).
    """
    language = page_language()
    url = url_maker("council:grievance", "pk")
    statuses = labels(Grievance.Status)
    day = date_formatter()
    return [
        GrievanceCard(
            url=url(grievance.pk),
            title=pick(grievance.title_ko, grievance.title_en, language),
            received=day(grievance.received_on),
            source="",
            status=grievance.status,
            status_label=statuses.get(grievance.status, grievance.status),
            holder=_holder(grievance.holder_id, holders, language),
            company="",
            private=False,
        )
        for grievance in grievances
    ]


class Seat(NamedTuple):
    label: str
    office_title: str
    co_chair: bool


class OrganisationRow(NamedTuple):
    pk: int
    name: str
    kind: str  # the kind's label
    seats: list  # [Seat, …]


def organisation_rows(organisations):
    """Return the rows of the members table.

    `organisations` is what views.organisations_on() returns (names in both languages).
    """
    language = page_language()
    kinds = labels(Organisation.Kind)
    seats = labels(Membership.Seat)
    return [
        OrganisationRow(
            pk=organisation["pk"],
            name=pick(organisation["name"], organisation["name_en"], language),
            kind=kinds.get(organisation["kind"], organisation["kind"]),
            seats=[
                Seat(
                    label=seats.get(seat["seat"], seat["seat"]),
                    office_title=pick(seat["office_title"], seat["office_title_en"], language),
                    co_chair=seat["seat"] == Membership.Seat.CO_CHAIR,
                )
                for seat in organisation["seats"]
            ],
        )
        for organisation in organisations
    ]


class AttendanceRow(NamedTuple):
    status: str
    label: str
    name: str  # the organisation's


def attendance_rows(rows):
    """Return the attendance of a meeting from (status, organisation's name) pairs."""
    statuses = labels(Attendance.Status)
    return [AttendanceRow(status, statuses.get(status, status), name) for status, name in rows]


class DocumentLink(NamedTuple):
    url: str
    title: str
    extension: str  # PDF, HWPX, …
    size: str  # 1.2 MB


def document_linker():
    """Return a function giving a document's DocumentLink, its URL pattern reversed once."""
    url = url_maker("council:document", "pk")
    language = page_language()

    def link(document):
        return DocumentLink(
            url(document.pk),
            pick(document.title_ko, document.title_en, language),
            document.extension.upper(),
            filesizeformat(document.size),
        )

    return link
