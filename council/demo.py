"""Demo and benchmark content of this app, loaded by `manage.py load_demo`.

Real facts: the eight member organisations and the office sitting for each (from the council's
founding under the 2013-04-17 G밸리 飛上프로젝트 directive). Sample history: a plenary meeting twice a
year since 2013 with working meetings between, their agendas, minutes and attendance, and the
grievances that went through them — all flagged `is_sample` — and a few meetings' documents, real
PDF and HWPX files made here (council.demo_documents), deleted with their meetings by the purge.
The texts, in Korean and English side by side, are in demo_data.json beside this loader.
"""

import datetime
import json
import random
from pathlib import Path
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone, translation

from companies.models import Company
from gvalley.richtext import clean_html
from gvalley.search import bigram_tsvector, with_search_vectors
from gvalley.translated import add_english, both_texts

from . import demo_documents
from .models import (
    AgendaItem,
    Attendance,
    Document,
    Grievance,
    GrievanceEvent,
    Meeting,
    Membership,
    Minutes,
    Organisation,
)

SEOUL = ZoneInfo("Asia/Seoul")
FOUNDED = datetime.date(2013, 4, 17)
K = Organisation.Kind
S = Membership.Seat

# The content, Korean and English side by side, in a data file an editor can read and correct
# without touching code: organisations and their offices, meeting places, agenda topics,
# grievances, the steps' notes and the minutes' outline.
DATA = json.loads(Path(__file__).with_name("demo_data.json").read_text(encoding="utf-8"))
PLACES = DATA["places"]
TOPICS = DATA["topics"]
TOPIC_FIELDS = ("title", "summary", "background", "decision")


MINUTES_DELAY = datetime.timedelta(days=14)


def _at(day, hour=14):
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=SEOUL)


def _schedule(today):
    """Return (kind, date) of every meeting from 2013 to the coming months, in date order."""
    plan = []
    year = 2013
    while year <= today.year + 1:
        if year == 2013:
            plan += [(Meeting.Kind.PLENARY, datetime.date(2013, 6, 12))]
        else:
            plan += [
                (Meeting.Kind.WORKING, datetime.date(year, 3, 14)),
                (Meeting.Kind.PLENARY, datetime.date(year, 5, 21)),
                (Meeting.Kind.GEUMCHEON, datetime.date(year, 7, 10)),
            ]
        plan += [
            (Meeting.Kind.WORKING, datetime.date(year, 9, 17)),
            (Meeting.Kind.PLENARY, datetime.date(year, 11, 19)),
        ]
        year += 1
    horizon = today + datetime.timedelta(days=200)
    return [(kind, day) for kind, day in plan if day <= horizon]


def load_organisations():
    organisations = []
    for position, item in enumerate(DATA["organisations"], start=1):
        organisation, created = Organisation.objects.get_or_create(
            name_ko=item["name"]["ko"],
            defaults={
                **both_texts(item, "name", "short_name", "description"),
                "kind": item["kind"],
                "position": position,
                "is_sample": False,
            },
        )
        if not created:
            add_english(organisation, item, "name", "short_name", "description")
        for seat in item["seats"]:
            load_seat(organisation, seat, start_date=FOUNDED)
        organisations.append(organisation)
    # The city's working seat changed title over time: 신성장산업과 before 산업거점활성화반.
    city = organisations[4]
    former = DATA["former_city_working_seat"]
    load_seat(
        city,
        {"seat": S.WORKING, **former},
        start_date=FOUNDED,
        end_date=datetime.date.fromisoformat(former["end_date"]),
    )
    Membership.objects.filter(
        organisation=city, office_title_ko=former["successor"], start_date=FOUNDED
    ).update(start_date=datetime.date.fromisoformat(former["successor_from"]))
    return organisations


def load_seat(organisation, seat, **dates):
    membership, created = Membership.objects.get_or_create(
        organisation=organisation,
        seat=seat["seat"],
        office_title_ko=seat["office_title"]["ko"],
        defaults={**dates, "office_title_en": seat["office_title"]["en"]},
    )
    if not created:
        add_english(membership, seat, "office_title")


def link_demo_member():
    User = get_user_model()
    user = User.objects.filter(email="council@gvalley.example").first()
    if user is None:
        return
    seat = Membership.objects.filter(organisation__name_ko="금천구", seat=S.WORKING).first()
    if seat and seat.user_id != user.pk:
        seat.user = user
        seat.save()


def _minutes_html(meeting, items, language):
    """Return the minutes of a meeting in one language, from the data file's outline."""
    with translation.override(language):
        name = str(meeting)

    def text(obj, field):
        return getattr(obj, f"{field}_{language}") or ""

    return DATA["minutes"][language].format(
        meeting=name,
        place=text(meeting, "place"),
        items="".join(
            f"<li><strong>{text(i, 'title')}</strong>: {text(i, 'summary')}</li>" for i in items
        ),
        decisions="".join(f"<li>{text(i, 'decision')}</li>" for i in items),
    )


def _minutes(meeting, items, **fields):
    """Return unsaved minutes of a meeting in Korean and English (sanitised as Minutes.save())."""
    return Minutes(
        meeting=meeting,
        body_ko=clean_html(_minutes_html(meeting, items, "ko")),
        body_en=clean_html(_minutes_html(meeting, items, "en")),
        **fields,
    )


def _agenda_item(meeting, position, topic, organisations, decided=True):
    texts = both_texts(topic, *TOPIC_FIELDS)
    if not decided:
        texts.update(decision_ko="", decision_en="")
    return AgendaItem(
        meeting=meeting, position=position, proposer=organisations[topic["proposer"]], **texts
    )


def place_texts(place):
    return {"place_ko": place["ko"], "place_en": place["en"]}


def add_english_to_earlier_content():
    """Give a database loaded before the English texts existed their English (where empty)."""
    for topic in TOPICS:
        for field in TOPIC_FIELDS:
            empty = Q(**{f"{field}_en": ""}) | Q(**{f"{field}_en__isnull": True})
            AgendaItem.objects.filter(empty, title_ko=topic["title"]["ko"]).exclude(
                **{f"{field}_ko": ""}
            ).update(**{f"{field}_en": topic[field]["en"]})
    for place in PLACES:
        empty = Q(place_en="") | Q(place_en__isnull=True)
        Meeting.objects.filter(empty, place_ko=place["ko"]).update(place_en=place["en"])
    # Sample grievances are titled "<title> (<year>-<n>)": the same suffix after the English.
    empty = Q(title_en="") | Q(title_en__isnull=True)
    for text in DATA["grievances"]:
        korean = text["title"]["ko"]
        Grievance.objects.filter(empty, title_ko__startswith=f"{korean} (").update(
            title_en=Concat(Value(text["title"]["en"] + " "), Substr("title_ko", len(korean) + 2))
        )


@transaction.atomic
def load_history(organisations, progress):
    today = timezone.localdate()
    rng = random.Random(2013)
    counters = dict.fromkeys(Meeting.Kind.values, 0)
    future_seen = 0
    meetings = []
    for kind, day in progress(_schedule(today), desc="council meetings"):
        counters[kind] += 1
        number = counters[kind]
        past = day < today
        # Minutes are published two weeks after the meeting: until then a held meeting's
        # minutes are a draft that only the council sees.
        minutes_out = day + MINUTES_DELAY < today
        if past:
            status = Meeting.Status.MINUTES_PUBLISHED if minutes_out else Meeting.Status.HELD
        else:
            future_seen += 1
            status = (
                Meeting.Status.AGENDA_PUBLISHED if future_seen == 1 else Meeting.Status.SCHEDULED
            )
        meeting, created = Meeting.objects.get_or_create(
            kind=kind,
            number=number,
            defaults={
                "starts_at": _at(day, 14 if kind == Meeting.Kind.PLENARY else 10),
                **place_texts(
                    PLACES[0] if kind == Meeting.Kind.PLENARY else rng.choice(PLACES[1:])
                ),
                "status": status,
                "agenda_published_at": _at(day - datetime.timedelta(days=7))
                if status != Meeting.Status.SCHEDULED
                else None,
                "is_sample": True,
            },
        )
        meetings.append(meeting)
        if not created:
            continue
        topics = rng.sample(TOPICS, 3 if kind == Meeting.Kind.PLENARY else 2)
        items = AgendaItem.objects.bulk_create(
            [
                _agenda_item(meeting, position, topic, organisations, decided=past)
                for position, topic in enumerate(topics, start=1)
            ]
        )
        minutes = None
        if past:
            Attendance.objects.bulk_create(
                [
                    Attendance(
                        meeting=meeting,
                        organisation=organisation,
                        status=rng.choices(Attendance.Status.values, weights=[85, 5, 10])[0],
                    )
                    for organisation in organisations
                ]
            )
            minutes = _minutes(
                meeting,
                items,
                status=Minutes.Status.PUBLISHED if minutes_out else Minutes.Status.DRAFT,
                published_at=_at(day + MINUTES_DELAY, 10) if minutes_out else None,
            )
            Minutes.objects.bulk_create([minutes])
        Meeting.objects.filter(pk=meeting.pk).update(
            search_vector=bigram_tsvector(meeting.search_text(items=items, minutes=minutes))
        )
    return meetings


def _grievance_steps(rng, received, final, today):
    """Return [(status, date, note)] from receipt to the final status, never in the future."""
    steps = [(Grievance.Status.RECEIVED, received, DATA["grievance_notes"]["received"]["ko"])]
    path = {
        Grievance.Status.RECEIVED: [],
        Grievance.Status.REVIEWING: [Grievance.Status.REVIEWING],
        Grievance.Status.IN_PROGRESS: [Grievance.Status.REVIEWING, Grievance.Status.IN_PROGRESS],
        Grievance.Status.DONE: [
            Grievance.Status.REVIEWING,
            Grievance.Status.IN_PROGRESS,
            Grievance.Status.DONE,
        ],
        Grievance.Status.REJECTED: [Grievance.Status.REVIEWING, Grievance.Status.REJECTED],
    }[final]
    # Step notes are kept in Korean only (GrievanceEvent.note is not translated).
    notes = {status: note["ko"] for status, note in DATA["grievance_notes"].items()}
    day = received
    for status in path:
        day = min(day + datetime.timedelta(days=rng.randint(7, 60)), today)
        steps.append((status, day, notes[status]))
    return steps


def _grievance_rows(n, rng, organisations, companies, meetings, today, offset):
    rows = []
    first = datetime.date(2013, 7, 1)
    span = (today - first).days
    for i in range(n):
        text = DATA["grievances"][(offset + i) % len(DATA["grievances"])]
        received = first + datetime.timedelta(days=rng.randint(0, span))
        age = (today - received).days
        if age > 400:
            final = rng.choices([Grievance.Status.DONE, Grievance.Status.REJECTED], weights=[8, 2])[
                0
            ]
        elif age > 120:
            final = rng.choice(
                [Grievance.Status.IN_PROGRESS, Grievance.Status.DONE, Grievance.Status.REVIEWING]
            )
        else:
            final = rng.choice([Grievance.Status.RECEIVED, Grievance.Status.REVIEWING])
        steps = _grievance_steps(rng, received, final, today)
        company = companies[(offset + i) % len(companies)] if companies else None
        grievance = Grievance(
            **{
                f"title_{language}": f"{title} ({received.year}-{offset + i + 1})"
                for language, title in text["title"].items()
            },
            description=text["description"],
            source=rng.choice(Grievance.Source.values),
            company=company,
            company_name_public=bool(company) and rng.random() < 0.4,
            holder=organisations[text["holder"]],
            status=final,
            rejection_reason=steps[-1][2] if final == Grievance.Status.REJECTED else "",
            is_public=rng.random() < 0.8,
            received_on=received,
            resolved_on=steps[-1][1] if final == Grievance.Status.DONE else None,
            is_sample=True,
        )
        rows.append((grievance, steps))
    return rows


def _save_grievances(rows, meetings, rng):
    Grievance.objects.bulk_create(with_search_vectors(g for g, _steps in rows), batch_size=1000)
    events = []
    links = []
    Link = Grievance.meetings.through
    for grievance, steps in rows:
        for status, day, note in steps:
            events.append(
                GrievanceEvent(
                    grievance=grievance, status=status, note=note, occurred_at=_at(day, 11)
                )
            )
        later = [m for m in meetings if m.starts_at.date() >= grievance.received_on][:1]
        for meeting in later:
            links.append(Link(grievance=grievance, meeting=meeting))
    GrievanceEvent.objects.bulk_create(events, batch_size=2000)
    Link.objects.bulk_create(links, batch_size=2000, ignore_conflicts=True)


def load_grievances(organisations, meetings, progress, *, target, offset_start=0):
    existing = Grievance.objects.sample().count()
    missing = target - existing
    if missing <= 0:
        return
    today = timezone.localdate()
    rng = random.Random(existing + 77)
    companies = list(Company.objects.listed().order_by("pk")[:500])
    batch = 1000
    done = 0
    for start in progress(range(0, missing, batch), desc="council grievances"):
        size = min(batch, missing - start)
        rows = _grievance_rows(
            size, rng, organisations, companies, meetings, today, existing + done
        )
        with transaction.atomic():
            _save_grievances(rows, meetings, rng)
        done += size


def load_bulk_meetings(organisations, progress, *, target):
    """Top up extra 금천 실무협의회 meetings (numbers from 1000) for benchmark-scale archives."""
    existing = Meeting.objects.filter(kind=Meeting.Kind.GEUMCHEON, number__gte=1000).count()
    missing = target - existing
    if missing <= 0:
        return
    rng = random.Random(existing + 5)
    today = timezone.localdate()
    first = datetime.date(2013, 7, 1)
    span = (today - first).days - 30
    start_number = 1000 + existing
    for chunk in progress(range(0, missing, 200), desc="council bulk meetings"):
        size = min(200, missing - chunk)
        with transaction.atomic():
            meetings = [
                Meeting(
                    kind=Meeting.Kind.GEUMCHEON,
                    number=start_number + chunk + i,
                    starts_at=_at(first + datetime.timedelta(days=rng.randint(0, span)), 16),
                    **place_texts(rng.choice(PLACES[1:])),
                    status=Meeting.Status.MINUTES_PUBLISHED,
                    is_sample=True,
                )
                for i in range(size)
            ]
            Meeting.objects.bulk_create(meetings)
            items, minutes, attendance = [], [], []
            for meeting in meetings:
                meeting.agenda_published_at = meeting.starts_at - datetime.timedelta(days=7)
                meeting_items = [
                    _agenda_item(meeting, position, topic, organisations)
                    for position, topic in enumerate(rng.sample(TOPICS, 3), start=1)
                ]
                items += meeting_items
                minute = _minutes(
                    meeting,
                    meeting_items,
                    status=Minutes.Status.PUBLISHED,
                    published_at=meeting.starts_at + datetime.timedelta(days=10),
                )
                minutes.append(minute)
                attendance += [
                    Attendance(meeting=meeting, organisation=o, status=Attendance.Status.PRESENT)
                    for o in organisations[4:]
                ]
                # What Meeting.search_text() gives, without asking for the rows just made.
                texts = meeting.search_text(items=meeting_items, minutes=minute)
                meeting.search_vector = bigram_tsvector(texts)
            AgendaItem.objects.bulk_create(items)
            Minutes.objects.bulk_create(minutes)
            Attendance.objects.bulk_create(attendance)
            Meeting.objects.bulk_update(meetings, ["search_vector", "agenda_published_at"])


def _document_lines(meeting, items):
    lines = [f"{meeting.place} · {timezone.localtime(meeting.starts_at):%Y-%m-%d %H:%M}"]
    for item in items:
        lines.append(f"{item.position}. {item.title}")
        lines.append(item.summary)
        if item.decision:
            lines.append(f"→ {item.decision}")
    return lines


def document_titles(key, meeting, item=None):
    """Return {"ko": …, "en": …}: a demo document's title in each language (data file)."""
    titles = {}
    for language in ("ko", "en"):
        with translation.override(language):
            name = str(meeting)
        subject = (getattr(item, f"title_{language}") or item.title_ko) if item else ""
        titles[language] = DATA["documents"][key][language].format(meeting=name, item=subject)
    return titles


def _add_document(meeting, kind, titles, extension, content, agenda_item=None):
    """Attach a document to the meeting unless one of that title is there (idempotent)."""
    title = titles["ko"]
    existing = Document.objects.filter(meeting=meeting, title_ko=title).first()
    if existing:
        if not existing.title_en:
            existing.title_en = titles["en"]
            existing.save(update_fields=["title_en"])
        return
    document = Document(
        meeting=meeting,
        agenda_item=agenda_item,
        kind=kind,
        title_ko=title,
        title_en=titles["en"],
        file=ContentFile(content(title), name=f"{title}.{extension}"),
    )
    document.full_clean()  # the upload rules: gvalley/documents.py reads the file's content
    document.save()


def load_documents(meetings):
    """Attach real PDF and HWPX files to a few meetings, so every visibility rule is exercised.

    The next meeting (agenda published): a PDF for the meeting and an HWPX for its first item,
    public. The meeting after it (scheduled, a draft): an HWPX only members and staff download.
    The latest meeting with published minutes: its minutes as a PDF, public. The latest meeting
    held, while its minutes are a draft: their HWPX, again for members and staff only.
    """
    now = timezone.now()
    upcoming = [m for m in meetings if m.starts_at >= now]
    past = [m for m in meetings if m.starts_at < now]
    agenda, minutes = Document.Kind.AGENDA, Document.Kind.MINUTES
    if upcoming:
        meeting = upcoming[0]
        items = list(meeting.agenda_items.order_by("position", "pk"))
        lines = _document_lines(meeting, items)
        _add_document(
            meeting,
            agenda,
            document_titles("papers", meeting),
            "pdf",
            lambda title: demo_documents.pdf_bytes(title, lines),
        )
        if items:
            item = items[0]
            _add_document(
                meeting,
                agenda,
                document_titles("item_paper", meeting, item),
                "hwpx",
                lambda title: demo_documents.hwpx_bytes(
                    item.title_ko, [item.summary_ko, item.background_ko]
                ),
                agenda_item=item,
            )
    if len(upcoming) > 1:
        meeting = upcoming[1]
        lines = _document_lines(meeting, meeting.agenda_items.order_by("position", "pk"))
        _add_document(
            meeting,
            agenda,
            document_titles("draft_agenda", meeting),
            "hwpx",
            lambda title: demo_documents.hwpx_bytes(title, lines),
        )
    published = [m for m in past if m.status == Meeting.Status.MINUTES_PUBLISHED]
    if published:
        meeting = published[-1]
        lines = _document_lines(meeting, meeting.agenda_items.order_by("position", "pk"))
        _add_document(
            meeting,
            minutes,
            document_titles("minutes", meeting),
            "pdf",
            lambda title: demo_documents.pdf_bytes(title, lines),
        )
    if past and past[-1].status == Meeting.Status.HELD:
        meeting = past[-1]
        lines = _document_lines(meeting, meeting.agenda_items.order_by("position", "pk"))
        _add_document(
            meeting,
            minutes,
            document_titles("draft_minutes", meeting),
            "hwpx",
            lambda title: demo_documents.hwpx_bytes(title, lines),
        )


def load(*, scale, progress):
    """Load the real facts and sample records (idempotent); at scale > 0 generate bulk data."""
    organisations = load_organisations()
    link_demo_member()
    meetings = load_history(organisations, progress)
    add_english_to_earlier_content()
    meetings = sorted(meetings, key=lambda m: m.starts_at)
    load_documents(meetings)
    load_grievances(organisations, meetings, progress, target=60)
    if scale and scale > 0:
        load_bulk_meetings(organisations, progress, target=int(300 * scale))
        load_grievances(organisations, meetings, progress, target=int(3000 * scale))
