"""Markup repeated on the council's pages (cards, rows, filter and page links), built in Python.

Each item rendered by the template engine re-resolves a dozen variables, includes a partial,
re-translates its labels (get_FOO_display() translates every label of the field per call) and
reverses its URL. These functions produce byte for byte the HTML of the template loops and
partials they replace — the odd line breaks included — translating each label once per call and
reversing each URL pattern once per call. tests/council/test_rendering.py holds them to the
templates they replaced.
"""

from urllib.parse import urlencode

from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from gvalley.rendering import escape, url_maker
from gvalley.templatetags.portal import kdate, kdatetime

from .models import Attendance, Grievance, Meeting, Membership, Organisation


def wall_clock():
    """Return a function giving a datetime's naive local time, to format with kdate/kdatetime.

    They show a naive datetime as it is; an aware one they convert to local time twice over.
    """
    zone = timezone.get_current_timezone()
    return lambda value: timezone.make_naive(value, zone)


def labels(choices):
    """Return {value: label} of a choices class, translated once."""
    return {value: str(label) for value, label in choices.choices}


def _status_badge(status, label):
    # council/_status.html, with the line break that ends the file.
    return f'<span class="badge status-{escape(status)}">{escape(label)}</span>\n'


def board(figures):
    """Return the grievance board (the HTML of the _board.html partial it replaced).

    `figures` is what stats.grievance_board() returns.
    """
    cells = [
        (gettext("접수"), localize(figures["received"])),
        (gettext("처리 중"), localize(figures["in_progress"])),
        (gettext("해결"), localize(figures["resolved"])),
    ]
    days = figures["average_days"]
    average = "—" if days is None else gettext("%(days)s일") % {"days": escape(localize(days))}
    cells.append((gettext("평균 해결 기간"), average))
    rows = "".join(
        f"  <div><dt>{escape(label)}</dt><dd>{value}</dd></div>\n" for label, value in cells
    )
    return mark_safe(f'\n<dl class="board">\n{rows}</dl>\n')


def _loop(items, empty):
    """Join items as a {% for %} indented in a <ul> renders them (or the {% empty %} one)."""
    return mark_safe("".join(f"\n      {item}\n    " for item in items or [empty]))


def query_maker(request, name, **fixed):
    """Return a function giving the query string with `name` set to a value, escaped for HTML.

    What {% url_replace name=value %} returns (with `fixed` applied too, an empty value dropping
    its parameter): the parameters keep their order, and `name` goes last unless the request had
    it. The other parameters are encoded once for all the links.
    """
    query = request.GET.copy()
    for key, value in fixed.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    query.setdefault(name, "")
    encoding = query.encoding
    encoded = [
        None if key == name else _encode(encoding, key, values) for key, values in query.lists()
    ]

    def make(value):
        changed = _encode(encoding, name, [value])
        return escape("&".join(changed if part is None else part for part in encoded))

    return make


def _encode(encoding, key, values):
    """Encode one parameter as QueryDict.urlencode() does."""
    return "&".join(urlencode({key.encode(encoding): str(v).encode(encoding)}) for v in values)


def choice_links(request, name, current, choices):
    """Return the links of a filter bar (the year or status loop of the list pages).

    One <li> per (value, label): the current one as plain text, the others as links to the same
    query with `name` set to the value and the page reset.
    """
    query = query_maker(request, name, page="")
    links = []
    for value, label in choices:
        if value == current:
            links.append(f'<span aria-current="page">{escape(label)}</span>')
        else:
            links.append(f'<a href="?{query(value)}">{escape(label)}</a>')
    return mark_safe("".join(f"\n        <li>{link}</li>\n      " for link in links))


def meeting_cards(meetings, query):
    """Return the meeting list of the archive (what meeting_archive.html's loop rendered).

    Each meeting needs `agenda_titles`, the titles of its agenda items in order.
    """
    url = url_maker("council:meeting", "pk")
    statuses = labels(Meeting.Status)
    kinds = labels(Meeting.Kind)
    meeting_title = str(Meeting.TITLE)
    local = wall_clock()
    cards = []
    for meeting in meetings:
        agenda = ""
        if meeting.agenda_titles:
            items = "".join(f"<li>{escape(title)}</li>" for title in meeting.agenda_titles)
            agenda = f'\n          <ol class="agenda-titles">\n            {items}\n          </ol>\n        '
        status, kind = meeting.status, meeting.kind
        # str(meeting) (Meeting.__str__), with the kinds translated once
        name = meeting_title % {"number": meeting.number, "kind": kinds.get(kind, kind)}
        cards.append(
            f'<li class="card">\n'
            f'        <h2 class="card-title"><a href="{url(meeting.pk)}">{escape(name)}</a></h2>\n'
            f'        <p class="meta">{kdatetime(local(meeting.starts_at))} · {escape(meeting.place)} · '
            f"{_status_badge(status, statuses.get(status, status))}</p>\n"
            f"        {agenda}\n"
            f"      </li>"
        )
    if query:
        empty = gettext("찾는 회의가 없습니다. 다른 낱말로 검색해 보세요.")
    else:
        empty = gettext("아직 공개된 회의가 없습니다.")
    return _loop(cards, f"<li>{escape(empty)}</li>")


def _holder(grievance, holders):
    """Return str(grievance.holder) from the labels, or from the database if it is newer."""
    label = holders.get(grievance.holder_id)
    if label is None:
        return str(Organisation.objects.get(pk=grievance.holder_id))
    return label


def grievance_cards(grievances, insider, holders):
    """Return the grievance list (what grievance_list.html's loop rendered).

    `grievances` are rows with the fields of views.GrievanceListView.CARD_FIELDS. Outsiders see
    a company's name only where it agreed to be named (Grievance.name_shown_publicly).
    `holders` gives an organisation's name by pk (stats.reference()["organisation_names"]).
    """
    url = url_maker("council:grievance", "pk")
    statuses = labels(Grievance.Status)
    sources = labels(Grievance.Source)
    holder_label = escape(gettext("담당"))
    private_badge = f'<span class="badge badge-warn">{escape(gettext("비공개"))}</span>'
    cards = []
    for grievance in grievances:
        status = grievance.status
        holder = ""
        if grievance.holder_id:
            holder = f" · {holder_label} {escape(_holder(grievance, holders))}"
        company_name = grievance.company__name
        if insider:
            company = f" · {escape(company_name)}" if company_name is not None else ""
            if not grievance.is_public:
                company += f" · {private_badge}"
        else:
            name = Grievance.name_shown_publicly(company_name, grievance.company_name_public)
            company = f" · {escape(name)}" if name else ""
        cards.append(
            f'<li class="card">\n'
            f'        <h2 class="card-title"><a href="{url(grievance.pk)}">'
            f"{escape(grievance.title)}</a></h2>\n"
            f'        <p class="meta">{kdate(grievance.received_on)} · '
            f"{escape(sources.get(grievance.source, grievance.source))} · "
            f"{_status_badge(status, statuses.get(status, status))}{holder}\n"
            f"          {company}</p>\n"
            f"      </li>"
        )
    empty = gettext("해당하는 애로사항이 없습니다.")
    return _loop(cards, f"<li>{escape(empty)}</li>")


def recent_grievance_cards(grievances, holders):
    """Return the council page's latest public grievances (what index.html's loop rendered).

    `holders` gives an organisation's name by pk (stats.reference()["organisation_names"]).
    """
    url = url_maker("council:grievance", "pk")
    statuses = labels(Grievance.Status)
    cards = []
    for grievance in grievances:
        status = grievance.status
        holder = f" · {escape(_holder(grievance, holders))}" if grievance.holder_id else ""
        cards.append(
            f'<li class="card">\n'
            f'            <a href="{url(grievance.pk)}">{escape(grievance.title)}</a>\n'
            f'            <p class="meta">{kdate(grievance.received_on)} · '
            f"{_status_badge(status, statuses.get(status, status))}{holder}</p>\n"
            f"          </li>"
        )
    return mark_safe("".join(f"\n          {card}\n        " for card in cards))


def organisation_rows(organisations):
    """Return the rows of the members table (what index.html's loop rendered).

    `organisations` is what views.organisations_on() returns.
    """
    kinds = labels(Organisation.Kind)
    seat_labels = labels(Membership.Seat)
    rows = []
    for organisation in organisations:
        seats = "".join(
            f'\n                    <li><span class="badge'
            f'{" badge-ok" if seat["seat"] == Membership.Seat.CO_CHAIR else ""}">'
            f"{escape(seat_labels.get(seat['seat'], seat['seat']))}</span> "
            f"{escape(seat['office_title'])}</li>\n                  "
            for seat in organisation["seats"]
        )
        kind = organisation["kind"]
        rows.append(
            f'\n            <tr id="org-{organisation["pk"]}">\n'
            f'              <th scope="row">{escape(organisation["name"])}</th>\n'
            f"              <td>{escape(kinds.get(kind, kind))}</td>\n"
            f"              <td>\n"
            f'                <ul class="seats">\n'
            f"                  {seats}\n"
            f"                </ul>\n"
            f"              </td>\n"
            f"            </tr>\n"
            f"          "
        )
    if not rows:
        empty = escape(gettext("이 날짜에는 협의회 구성 기록이 없습니다."))
        rows.append(f'\n            <tr><td colspan="3">{empty}</td></tr>\n          ')
    return mark_safe("".join(rows))


def attendance_items(rows):
    """Return the attendance list of a meeting (what meeting_detail.html's loop rendered).

    `rows` are (status, organisation name) pairs.
    """
    statuses = labels(Attendance.Status)
    return mark_safe(
        "".join(
            f'\n          <li><span class="badge attendance-{escape(status)}">'
            f"{escape(statuses.get(status, status))}</span> {escape(name)}</li>\n        "
            for status, name in rows
        )
    )


def document_list(documents):
    """Return the list of documents to download, with their types and sizes."""
    url = url_maker("council:document", "pk")
    items = "".join(
        f'\n    <li><a href="{url(document.pk)}" download>{escape(document.title)}</a> '
        f'<span class="meta">({escape(document.extension.upper())}, '
        f"{escape(filesizeformat(document.size))})</span></li>\n  "
        for document in documents
    )
    return mark_safe(f'\n<ul class="documents">\n  {items}\n</ul>\n')


def agenda_item(item):
    """Return an agenda item's title, texts and documents (the start of meeting_detail.html's item).

    The item needs `visible_documents`, the documents of it the visitor may download, and
    `proposer_name`, the name of the organisation that proposed it (None: none did).
    """
    parts = [f"<h3>{item.position}. {escape(item.title)}</h3>"]
    if item.proposer_name is not None:
        proposed_by = gettext("제안")
        parts.append(f'<p class="meta">{escape(proposed_by)}: {escape(item.proposer_name)}</p>')
    else:
        parts.append("")
    for text, label, css in (
        (item.summary, gettext("요약"), "prose"),
        (item.background, gettext("제안 배경"), "prose"),
        (item.decision, gettext("결정 사항"), "prose decision"),
    ):
        if text:
            parts.append(
                f'<h4>{escape(label)}</h4><div class="{css}">{linebreaks(text, True)}</div>'
            )
        else:
            parts.append("")
    if item.visible_documents:
        parts.append(
            f"\n          <h4>{escape(gettext('안건 자료'))}</h4>\n"
            f"          {document_list(item.visible_documents)}\n        "
        )
    else:
        parts.append("")
    return mark_safe("\n        ".join(parts))
