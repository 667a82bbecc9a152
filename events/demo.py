"""Demo and benchmark content of this app, loaded by `manage.py load_demo`.

Real content: the 9th G밸리 Week (2024-09-02 … 06), its events, venues and co-hosts, from the
public reporting summarised in shared/gvalley-facts.md. Where the reporting gives no date or
time for an event of the week, it is placed inside the week and its summary says the exact
schedule was published on the official G밸리 blog. Sample events (is_sample) are spread around
the day the demo is loaded, so the calendar is alive whenever the portal is tried.

The content itself (venues, the week and its events, sample events, the 기업시민청's spaces, the
calls) is in demo_data.json beside this file, each text in Korean and English side by side
({"ko": …, "en": …}), so an editor can correct an event without touching code; this module
only places it (dates around today, registrations, bookings, entries).
"""

import datetime
import json
import random
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from gvalley.ical import SEOUL
from gvalley.search import with_search_vectors
from gvalley.translated import both_texts

from . import demo_photos, services
from .models import (
    Booking,
    Call,
    Criterion,
    Edition,
    Entry,
    Event,
    Question,
    Score,
    Space,
    SpaceClosure,
    SpaceHours,
    SpaceLayout,
    SpacePhoto,
    Venue,
)

DATA = json.loads(Path(__file__).with_name("demo_data.json").read_text(encoding="utf-8"))

# A small event filled up by sample participants, with a waiting list (see _demo_registrations).
FULL_EVENT = "sample-17"
FULL_EVENT_CAPACITY = 6
# The demo resident registered for this one and cancelled.
RESIDENT_CANCELS = "sample-07"


def texts(row):
    """Return a data row's fields: each {"ko": …, "en": …} text as its `_ko` and `_en` columns
    (gvalley.translated.both_texts); keys starting with "_" are notes for the editor."""
    bilingual = [
        key for key, value in row.items() if isinstance(value, dict) and set(value) == {"ko", "en"}
    ]
    plain = {
        key: value for key, value in row.items() if not key.startswith("_") and key not in bilingual
    }
    return {**plain, **both_texts(row, *bilingual)}


def _at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SEOUL)


def _week_events():
    """The 9th G밸리 Week's events: (slug, fields)."""
    events = []
    for row in DATA["week_events"]:
        fields = texts(row)
        slug = fields.pop("slug")
        for name in ("starts_at", "ends_at"):
            fields[name] = datetime.datetime.fromisoformat(fields[name]).replace(tzinfo=SEOUL)
        events.append((slug, fields))
    return events


def _sample_events(today):
    """Plausible upcoming (and recent) events around today: (slug, fields)."""
    delta = datetime.timedelta
    now = timezone.now()
    common = DATA["sample_event_texts"]
    events = []
    for row in DATA["sample_events"]:
        fields = texts(row)
        slug = fields.pop("slug")
        days, hour, hours = fields.pop("days_from_today"), fields.pop("hour"), fields.pop("hours")
        starts = _at(today + delta(days=days), hour)
        fields.update(starts_at=starts, ends_at=starts + delta(hours=hours), is_sample=True)
        for name in ("summary", "description", "organiser"):
            for language in ("ko", "en"):
                text = common[name][language]
                fields[f"{name}_{language}"] = text.format(title=fields[f"title_{language}"])
        if fields["registration_mode"] != Event.Mode.NONE and days > 0:
            fields["registration_opens_at"] = min(now, starts) - delta(days=14)
            fields["registration_closes_at"] = starts - delta(days=1)
        events.append((slug, fields))
    return events


def _upsert_event(slug, fields, venues, edition):
    fields = dict(fields)
    venue = fields.pop("venue", None)
    if "organiser_ko" not in fields:
        fields.update(texts({"organiser": DATA["week_organiser"]}))
    fields.setdefault("status", Event.Status.PUBLISHED)
    fields["venue"] = venues.get(venue) if venue else None
    fields["edition"] = edition
    event, created = Event.objects.get_or_create(slug=slug, defaults=fields)
    return event, created


def _questions(event, labels):
    for position, label in enumerate(labels, start=1):
        Question.objects.create(event=event, label=label, required=position == 1, position=position)


def load(*, scale, progress):
    """Load the real facts and sample records (idempotent); at scale > 0 generate bulk data.

    `progress(iterable, desc)` wraps long loops in a progress bar.
    """
    venues = {}
    for row in DATA["venues"]:
        fields = texts(row)
        slug = fields.pop("slug")
        venues[slug], _ = Venue.objects.get_or_create(slug=slug, defaults=fields)
    edition_fields = texts(DATA["edition"])
    edition, _ = Edition.objects.get_or_create(
        number=edition_fields.pop("number"),
        defaults={
            **edition_fields,
            "starts_on": datetime.date.fromisoformat(edition_fields["starts_on"]),
            "ends_on": datetime.date.fromisoformat(edition_fields["ends_on"]),
        },
    )
    questions = DATA["selection_questions"]
    for slug, fields in progress(_week_events(), desc="G밸리 Week 2024"):
        event, created = _upsert_event(slug, fields, venues, edition)
        if created and event.registration_mode == Event.Mode.SELECTION:
            _questions(event, questions["week"])
    today = timezone.localdate()
    for slug, fields in progress(_sample_events(today), desc="샘플 행사"):
        event, created = _upsert_event(slug, fields, venues, None)
        if created and event.registration_mode == Event.Mode.SELECTION:
            _questions(event, questions["sample"])
    _demo_registrations()
    load_spaces(venues)
    load_calls()
    load_consultation()
    if scale > 0:
        _bulk(scale, progress, list(venues.values()))
        _bulk_spaces(scale, venues["gvalley-citizen-hall"])


def _demo_registrations():
    """Registrations in every state, so each page of taking part can be tried and crawled.

    The demo resident holds a seat, a marathon bib, a place on the waiting list of a full event
    and a cancelled registration; sample participants fill the full event, one of them cancels
    and the first on the waiting list moves up.
    """
    resident = get_user_model().objects.filter(email="resident@gvalley.example").first()
    if resident is None:
        return
    for slug in ["sample-01", "sample-05"]:
        event = Event.objects.filter(slug=slug).first()
        if event is None or event.registrations.filter(user=resident).exists():
            continue
        _try(services.register, event, resident)
    _full_event_with_waiting_list(resident)
    cancelled = Event.objects.filter(slug=RESIDENT_CANCELS).first()
    if cancelled is not None and not cancelled.registrations.filter(user=resident).exists():
        registration = _try(services.register, cancelled, resident)
        if registration is not None:
            _try(services.cancel, registration, by=resident)


def _full_event_with_waiting_list(resident):
    """Fill FULL_EVENT with sample participants, a waiting list of four, and one cancellation."""
    event = Event.objects.filter(slug=FULL_EVENT).first()
    if event is None or event.registrations.exists():
        return
    people = _sample_participants(FULL_EVENT_CAPACITY + 4)
    queue = people[: FULL_EVENT_CAPACITY + 3] + [resident] + people[FULL_EVENT_CAPACITY + 3 :]
    registrations = [_try(services.register, event, person) for person in queue]
    # The first seat is given up: the first on the waiting list gets it (and a mail).
    if registrations[0] is not None:
        _try(services.cancel, registrations[0], by=people[0])


def _sample_participants(count):
    """Return `count` sample accounts that never sign in (no usable password)."""
    User = get_user_model()
    people = []
    for number in range(1, count + 1):
        user, created = User.objects.get_or_create(
            email=f"participant{number:02d}@gvalley.example",
            defaults={"name": f"샘플 참가자 {number}", "is_sample": True},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        people.append(user)
    return people


def _try(write, *args, **kwargs):
    """Run a registration service; a refusal (registration closed on a later load) is skipped."""
    try:
        return write(*args, **kwargs)
    except services.RegistrationError:
        return None


def _bulk(scale, progress, venues):
    """Top up to 1,500 × scale generated events spread over 2019 … next year."""
    target = int(1500 * scale)
    existing = Event.objects.filter(slug__startswith="bulk-").count()
    if existing >= target:
        return
    rng = random.Random(4)
    start = datetime.date(2019, 1, 1)
    span = (timezone.localdate() + datetime.timedelta(days=365) - start).days
    categories = Event.Category.values
    audiences = Event.Audience.values
    batch = []
    for number in progress(range(existing, target), desc="행사(대량)", total=target - existing):
        starts = _at(start + datetime.timedelta(days=rng.randrange(span)), rng.choice([10, 14, 19]))
        category = rng.choice(categories)
        batch.append(
            Event(
                slug=f"bulk-{number:06d}",
                title=f"G밸리 {Event.Category(category).label} #{number + 1}",
                category=category,
                audience=rng.choice(audiences),
                venue=rng.choice(venues),
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=2),
                organiser="G밸리 포털(샘플)",
                summary="벤치마크용으로 만든 샘플 행사입니다.",
                status=Event.Status.PUBLISHED,
                registration_mode=Event.Mode.NONE,
                is_sample=True,
            )
        )
        if len(batch) >= 1000:
            Event.objects.bulk_create(with_search_vectors(batch))
            batch = []
    if batch:
        Event.objects.bulk_create(with_search_vectors(batch))


# --- The 기업시민청's spaces to rent ------------------------------------------------------------

HALL_SLUG = "changjo-hall"
SPACES = DATA["spaces"]


def _space(row, venue):
    fields = {k: v for k, v in texts(row).items() if k not in ("slug", "layouts", "hours")}
    space, created = Space.objects.get_or_create(
        slug=row["slug"], defaults={**fields, "venue": venue, "is_sample": True}
    )
    if created:
        SpaceLayout.objects.bulk_create(
            [SpaceLayout(space=space, kind=kind, capacity=cap) for kind, cap in row["layouts"]]
        )
        hours = []
        for day in range(7):
            span = row["hours"].get(str(day))  # JSON keys are strings: "0" is Monday
            if span:
                opens, closes = datetime.time(span[0]), datetime.time(span[1])
                hours.append(SpaceHours(space=space, weekday=day, opens=opens, closes=closes))
            else:
                hours.append(SpaceHours(space=space, weekday=day, is_closed=True))
        SpaceHours.objects.bulk_create(hours)
    return space, created


def _space_photos(space, row):
    """A room plan per layout, drawn at load time (events.demo_photos), unless it has photos."""
    if space.photos.exists():
        return
    for position, (layout, capacity) in enumerate(row["layouts"], start=1):
        names = {"name": row["name"]["ko"], "name_en": row["name"]["en"]}
        alt, caption, caption_en = demo_photos.plan_texts(**names, layout=layout, capacity=capacity)
        SpacePhoto.objects.create(
            space=space,
            image=demo_photos.room_plan(
                **names, layout=layout, capacity=capacity, equipment=row["equipment"]["ko"]
            ),
            alt=alt,
            caption=caption,
            caption_en=caption_en,
            position=position,
        )


def _weekday_after(day, days):
    """Return the first Monday–Friday at least `days` after `day`."""
    day += datetime.timedelta(days=days)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def load_spaces(venues):
    """The hall and rooms of the 기업시민청, and bookings in every state (idempotent)."""
    venue = venues["gvalley-citizen-hall"]
    spaces = {}
    created_any = False
    for row in SPACES:
        spaces[row["slug"]], created = _space(row, venue)
        created_any = created_any or created
        _space_photos(spaces[row["slug"]], row)
    _conflicting_requests(spaces[HALL_SLUG], timezone.localdate())
    if not created_any:
        return spaces
    hall = spaces[HALL_SLUG]
    today = timezone.localdate()
    closure = DATA["space_closure"]
    SpaceClosure.objects.get_or_create(
        space=hall,
        date=_weekday_after(today, closure["days_from_today"]),
        defaults=texts({"reason": closure["reason"]}),
    )
    _demo_bookings(spaces, today)
    return spaces


def _demo_bookings(spaces, today):
    from companies.models import Company

    User = get_user_model()
    manager = User.objects.filter(email="manager@gvalley.example").first()
    staff = User.objects.filter(email="staff@gvalley.example").first()
    company = manager and Company.objects.listed().managed_by(manager).order_by("pk").first()
    data = DATA["bookings"]
    if staff is not None:
        row = data["district"]
        day = _weekday_after(today, row["weekday_after"])
        _try_booking(
            services.book_for_district,
            spaces[row["space"]],
            staff,
            starts_at=_at(day, row["start"]),
            ends_at=_at(day, row["end"]),
            publish_event=True,
            purpose=row["purpose"],
            attendees=row["attendees"],
            layout=row["layout"],
            contact_name=row["contact_name"],
        )
    if manager is None or company is None:
        return
    contact = {
        "contact_name": manager.name or data["contact"]["contact_name"],
        "contact_email": manager.email,
        "contact_phone": data["contact"]["contact_phone"],
    }
    for row in data["requests"]:
        day = _weekday_after(today, row["weekday_after"])
        booking = _try_booking(
            services.request_booking,
            spaces[row["space"]],
            manager,
            company,
            starts_at=_at(day, row["start"]),
            ends_at=_at(day, row["end"]),
            purpose=row["purpose"],
            attendees=row["attendees"],
            layout=row["layout"],
            equipment=row.get("equipment", []),
            **contact,
        )
        then = row.get("then")
        if booking is None or then is None:
            continue
        if then == "approve" and staff is not None:
            _try_booking(services.approve_booking, booking, staff, conditions=row["conditions"])
        elif then == "reject" and staff is not None:
            _try_booking(services.reject_booking, booking, staff, reason=row["reason"])
        elif then == "cancel":
            _try_booking(services.cancel_booking, booking, manager)


CONFLICT_PURPOSES = tuple(row["purpose"] for row in DATA["bookings"]["conflicting"]["requests"])


def _conflicting_requests(hall, today):
    """Two pending requests for overlapping hours of the hall, from two of the demo manager's
    companies where it has two, so staff see the queue's conflict highlight (idempotent: a
    pair still ahead is kept)."""
    from companies.models import Company

    manager = get_user_model().objects.filter(email="manager@gvalley.example").first()
    if manager is None:
        return
    data = DATA["bookings"]["conflicting"]
    pending = Booking.objects.filter(
        space=hall,
        status=Booking.Status.PENDING,
        purpose__in=CONFLICT_PURPOSES,
        starts_at__gte=timezone.now(),
    )
    if pending.count() >= 2:
        return
    companies = list(Company.objects.listed().managed_by(manager).order_by("pk")[:2])
    if not companies:
        return
    day = _weekday_after(today, data["weekday_after"])
    contact = DATA["bookings"]["contact"]
    for company, row in zip([companies[0], companies[-1]], data["requests"], strict=True):
        _try_booking(
            services.request_booking,
            hall,
            manager,
            company,
            starts_at=_at(day, row["start"]),
            ends_at=_at(day, row["end"]),
            purpose=row["purpose"],
            attendees=row["attendees"],
            layout=data["layout"],
            equipment=data["equipment"],
            contact_name=manager.name or contact["contact_name"],
            contact_email=manager.email,
            contact_phone=contact["contact_phone"],
        )


def _try_booking(write, *args, **kwargs):
    try:
        return write(*args, **kwargs)
    except services.BookingError:
        return None


def _bulk_spaces(scale, venue):
    """At scale: 20 × scale more rooms, and each space busy with approved bookings (bench)."""
    target = int(20 * scale)
    existing = Space.objects.filter(slug__startswith="bulk-room-").count()
    for number in range(existing + 1, target + 1):
        _space(
            {
                "slug": f"bulk-room-{number}",
                "name": f"회의실 B{number}",
                "kind": "meeting",
                "summary": "벤치마크용 회의실",
                "capacity": 10,
                "equipment": "빔 프로젝터",
                "fee": "무료",
                "position": 100 + number,
                "layouts": [("boardroom", 10), ("classroom", 8)],
                "hours": dict.fromkeys(range(5), (9, 18)),
            },
            venue,
        )
    # Every weekday from 60 days back to 60 days ahead: two approved bookings a day per space.
    today = timezone.localdate()
    rows = []
    for space in Space.objects.filter(slug__startswith="bulk-room-").exclude(
        bookings__isnull=False
    ):
        for offset in range(-60, 61):
            day = today + datetime.timedelta(days=offset)
            if day.weekday() >= 5:
                continue
            for start, end in ((10, 12), (14, 16)):
                rows.append(
                    Booking(
                        space=space,
                        status=Booking.Status.APPROVED,
                        starts_at=_at(day, start),
                        ends_at=_at(day, end),
                        blocked_until=_at(day, end) + datetime.timedelta(minutes=30),
                        purpose="벤치마크 예약",
                        attendees=8,
                        layout="boardroom",
                    )
                )
    Booking.objects.bulk_create(rows, batch_size=2000)


# --- Open calls: the 2024 contest, 금천라이브's stories, and a sample call open now ---------------

CONTEST_SLUG = DATA["calls"]["contest"]["slug"]
STORIES_SLUG = DATA["calls"]["stories"]["slug"]
OPEN_SAMPLE_SLUG = DATA["calls"]["open_sample"]["slug"]
DRAWING_COLOURS = ["#f2c14e", "#4e88f2", "#5fbf73", "#e0655b", "#9b6fd6", "#3fb6c4"]


def _drawing(colour, position):
    """Return a small PNG 'drawing' for a demo entry (a coloured page with a few shapes)."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 640), "white")
    pen = ImageDraw.Draw(image)
    pen.rectangle((40, 360, 440, 600), fill=colour)  # the factory
    pen.polygon([(40, 360), (140, 260), (240, 360)], fill="#555555")
    pen.rectangle((300, 120, 340, 360), fill="#777777")  # the chimney
    pen.ellipse((360, 40, 440, 120), fill="#ffcc33")  # the sun
    for step in range(position):
        pen.rectangle((60 + step * 60, 420, 100 + step * 60, 460), fill="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile(f"page-{position}.png", buffer.getvalue(), "image/png")


def _demo_entry(call, entrant, when, *, pages=0, status="submitted", **fields):
    """Write one demo entry in a given state (the demo skips the mailed code)."""
    from .models import Entry, EntryPage

    entry = Entry(call=call, entrant=entrant, created_at=when, **fields)
    if entry.pupil_name:
        entry.consent_collection_at = when
    if status == Entry.Status.SUBMITTED:
        entry.status = status
        entry.submitted_at = when
        if entry.pupil_name:
            entry.guardian_verified_at = when
    elif status == Entry.Status.WITHDRAWN:
        entry.status = status
        entry.pupil_name = entry.pupil_school = entry.guardian_name = entry.guardian_email = ""
        entry.consent_collection_at = None
        entry.pupil_grade = None
        entry.title = ""
    entry.save()
    colour = DRAWING_COLOURS[entry.pk % len(DRAWING_COLOURS)]
    for position in range(1, pages + 1):
        EntryPage.objects.create(entry=entry, position=position, image=_drawing(colour, position))
    return entry


def _criteria(call, rows):
    return [
        Criterion.objects.create(call=call, position=position, **texts(row))
        for position, row in enumerate(rows, start=1)
    ]


def load_calls():
    """The 2024 contest (entries in every state, judged, winners published), 금천라이브's
    stories (picked and not), and a sample contest open now. Idempotent."""
    from gvalley import roles

    users = get_user_model().objects
    guardian = users.filter(email="resident@gvalley.example").first()
    judges = list(users.filter(groups__name=roles.JUDGE, email__endswith="@gvalley.example"))
    data = DATA["calls"]
    contest_event = Event.objects.filter(slug=data["contest"]["event"]).first()
    live_event = Event.objects.filter(slug=data["stories"]["event"]).first()
    if guardian is None or contest_event is None or live_event is None:
        return
    museum = Venue.objects.filter(slug="gvalley-industry-museum").first()
    d = datetime.date
    if not Call.objects.filter(slug=CONTEST_SLUG).exists():
        contest = data["contest"]
        call = Call.objects.create(
            event=contest_event,
            kind=Call.Kind.CONTEST,
            slug=CONTEST_SLUG,
            **texts({"title": contest["title"], "description": contest["description"]}),
            entrants=Call.Entrants.GUARDIANS,
            opens_at=_at(d(2024, 8, 1), 9),
            closes_at=_at(d(2024, 8, 23), 18),
            results_on=d(2024, 9, 2),
            max_pages=4,
            max_text_chars=300,
            entries_per_person=2,
            needs_guardian=True,
            retention_days=30,
            exhibition_starts_on=d(2024, 9, 10),
            exhibition_ends_on=d(2024, 9, 21),
            exhibition_venue=museum,
        )
        call.judges.set(judges)
        criteria = _criteria(call, contest["criteria"])
        when = _at(d(2024, 8, 10), 15)
        guardian_fields = {
            "guardian_name": "보호자(데모)",
            "guardian_email": "guardian@gvalley.example",
        }
        entries = []
        for title, pupil, school, grade, pages, publish, points in contest["entries"]:
            entry = _demo_entry(
                call,
                guardian,
                when,
                pages=pages,
                title=title,
                pupil_name=pupil,
                pupil_school=school,
                pupil_grade=grade,
                consent_publish=publish,
                **guardian_fields,
            )
            entries.append(entry)
            for judge in judges:
                for criterion, value in zip(criteria, points, strict=True):
                    Score.objects.create(
                        entry=entry, judge=judge, criterion=criterion, points=value
                    )
        title, pupil, school, grade = contest["draft"]
        _demo_entry(
            call,
            guardian,
            when,
            pages=1,
            status=Entry.Status.DRAFT,
            title=title,
            pupil_name=pupil,
            pupil_school=school,
            pupil_grade=grade,
            **guardian_fields,
        )
        _demo_entry(call, guardian, when, status=Entry.Status.WITHDRAWN)
        for entry, (award, rank) in zip(entries, contest["awards"], strict=False):
            Entry.objects.filter(pk=entry.pk).update(award=award, award_rank=rank)
        Call.objects.filter(pk=call.pk).update(
            judging_closed_at=_at(d(2024, 8, 30), 18), results_published_at=_at(d(2024, 9, 2), 10)
        )
    if not Call.objects.filter(slug=STORIES_SLUG).exists():
        stories_data = data["stories"]
        stories = Call.objects.create(
            event=live_event,
            kind=Call.Kind.STORIES,
            slug=STORIES_SLUG,
            **texts({"title": stories_data["title"], "description": stories_data["description"]}),
            entrants=Call.Entrants.SIGNED_IN,
            opens_at=_at(d(2024, 8, 12), 9),
            closes_at=_at(d(2024, 8, 30), 18),
            results_on=d(2024, 9, 5),
            max_text_chars=2000,
            entries_per_person=3,
            retention_days=30,
        )
        when = _at(d(2024, 8, 20), 12)
        for text, nickname, picked in stories_data["entries"]:
            _demo_entry(
                stories,
                guardian,
                when,
                text=text,
                nickname=nickname,
                picked=picked,
                consent_perform_at=when,
            )
    sample_event = (
        Event.objects.filter(
            is_sample=True, status=Event.Status.PUBLISHED, slug__regex=r"^sample-[0-9]+$"
        )
        .order_by("slug")
        .first()
    )
    if sample_event is not None and not Call.objects.filter(slug=OPEN_SAMPLE_SLUG).exists():
        sample = data["open_sample"]
        now = timezone.now()
        call = Call.objects.create(
            event=sample_event,
            kind=Call.Kind.CONTEST,
            slug=OPEN_SAMPLE_SLUG,
            **texts({"title": sample["title"], "description": sample["description"]}),
            entrants=Call.Entrants.GUARDIANS,
            opens_at=now - datetime.timedelta(days=7),
            closes_at=now + datetime.timedelta(days=30),
            results_on=timezone.localdate() + datetime.timedelta(days=40),
            max_pages=4,
            needs_guardian=True,
            is_sample=True,
        )
        call.judges.set(judges)
        _criteria(call, sample["criteria"])


def load_consultation():
    """The 2024 수출상담회's 1:1 meetings: buyers (one with the demo buyer account), selected
    companies (the demo manager's among them), interpreters, a generated and published schedule
    (idempotent: only when the consultation does not exist yet)."""
    from companies.models import Company

    from . import consultations
    from .models import BuyerInvitation, Consultation, Interpreter, Participant

    data = DATA["consultation"]
    event = Event.objects.filter(slug=data["event"]).first()
    companies = Company.objects.listed().order_by("pk")
    # Loaded after the directory's demo (the companies to meet); nothing without it.
    if event is None or not companies.exists() or Consultation.objects.filter(event=event).exists():
        return
    grid = data["grid"]
    consultation = Consultation.objects.create(
        event=event,
        date=timezone.localtime(event.starts_at).date(),
        starts_at=datetime.time.fromisoformat(grid["starts_at"]),
        ends_at=datetime.time.fromisoformat(grid["ends_at"]),
        slot_minutes=grid["slot_minutes"],
        tables=grid["tables"],
        min_meetings_per_company=grid["min_meetings_per_company"],
        max_meetings_per_buyer=grid["max_meetings_per_buyer"],
    )
    consultations.build_slots(consultation)
    # The buyers come in through the staff's CSV import, as real ones do.
    rows = [consultations.BUYER_COLUMNS, *data["buyers"]]
    consultations.import_buyers(consultation, "\n".join(",".join(row) for row in rows))
    buyer = consultation.buyers.get(email=data["buyer_account"])
    buyer.user = get_user_model().objects.filter(email=data["buyer_account"]).first()
    buyer.save(update_fields=["user"])
    for name, languages in data["interpreters"]:
        Interpreter.objects.create(consultation=consultation, name=name, languages=languages)
    manager = get_user_model().objects.filter(email="manager@gvalley.example").first()
    own = list(companies.managed_by(manager)[:1]) if manager else []
    others = companies.exclude(pk__in=[company.pk for company in own])
    chosen = [*own, *others[: data["companies"] - len(own)]]
    Participant.objects.bulk_create(
        Participant(consultation=consultation, company=company) for company in chosen
    )
    # Consultation profiles and wishes, as the companies and buyers fill them: each company
    # wants two buyers and each buyer two companies, every other pair both ways (mutual wishes).
    buyers = list(consultation.buyers.order_by("pk"))
    participants = list(consultation.participants.select_related("company").order_by("pk"))
    experiences = list(Participant.Experience.values)
    slots = list(consultation.slots.values_list("pk", flat=True))
    for index, participant in enumerate(participants):
        wanted = [buyers[index % len(buyers)], buyers[(index + 3) % len(buyers)]]
        participant.products_en = participant.company.products_en or ""
        participant.export_experience = experiences[index % len(experiences)]
        participant.target_countries = sorted({buyer.country for buyer in wanted})
        participant.save(update_fields=["products_en", "export_experience", "target_countries"])
        consultations.save_wishes(participant, {wanted[0].pk: 1, wanted[1].pk: 2})
    for index, buyer in enumerate(buyers):
        mutual = [p for number, p in enumerate(participants) if number % len(buyers) == index]
        ranks = {participant.pk: rank for rank, participant in enumerate(mutual[:1], start=1)}
        ranks[participants[(index + 5) % len(participants)].pk] = len(ranks) + 1
        consultations.save_buyer_choices(buyer, slots, ranks)
    for participant in participants[: data["catalogues"]]:
        name = participant.company.name_en or f"Company {participant.pk}"
        participant.catalogue.save("catalogue.pdf", ContentFile(catalogue_pdf(name)), save=True)
    # One buyer invited by mail who has not accepted yet, as the buyers' admin list shows it.
    BuyerInvitation.objects.create(
        buyer=consultation.buyers.get(email=data["invited_buyer"]),
        email=data["invited_buyer"],
        invited_by=get_user_model().objects.filter(is_staff=True).order_by("pk").first(),
    )
    consultations.generate(consultation, time_limit=2.0)
    consultations.publish(consultation)


def catalogue_pdf(company_name):
    """Return a one-page English catalogue (PDF) of a demo company taking part."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title(f"{company_name} - catalogue")
    pdf.set_creator("G Valley portal (load_demo)")
    pdf.add_page()
    pdf.set_font("helvetica", size=16)
    pdf.multi_cell(0, 10, f"{company_name}: product catalogue", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(
        0,
        7,
        "A sample catalogue made by the portal's demo data, for the 1:1 export meetings.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return bytes(pdf.output())
