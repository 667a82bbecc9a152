"""Factories of the events tests (companies made directly, as the directory's core allows)."""

import datetime
import itertools

import factory
from django.utils import timezone

from companies.models import Company, CompanyMembership
from events.models import Edition, Event, Question, Space, SpaceHours, SpaceLayout, Venue

_business_numbers = itertools.count(1000000000)


def make_company(name="지밸리테크", manager=None, status=Company.Status.APPROVED):
    """Create a company (approved by default), managed by `manager` when given."""
    number = next(_business_numbers)
    company = Company.objects.create(
        name=name,
        slug=f"company-{number}",
        business_number=str(number),
        status=status,
    )
    if manager is not None:
        CompanyMembership.objects.create(company=company, user=manager)
    return company


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"G밸리 기업시민청 {n}호")
    slug = factory.Sequence(lambda n: f"venue-{n}")
    address = "서울 금천구 가산동"
    transit = "지하철 1·7호선 가산디지털단지역"


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition

    number = factory.Sequence(lambda n: 100 + n)
    year = 2024
    starts_on = datetime.date(2024, 9, 2)
    ends_on = datetime.date(2024, 9, 6)
    theme = "한국 산업단지 60주년"
    cohosts = "서울시\n한국산업단지공단\n서울산업진흥원(SBA)\n구로구\n금천구"


def _in_days(days, hour=14):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class EventFactory(factory.django.DjangoModelFactory):
    """A published first-come event ten days from now, open for registration."""

    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"AI 수출 실무 세미나 {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    category = Event.Category.EDUCATION
    audience = Event.Audience.ANYONE
    venue = factory.SubFactory(VenueFactory)
    starts_at = factory.LazyFunction(lambda: _in_days(10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    organiser = "금천구"
    summary = "수출 실무에 생성형 AI를 쓰는 법"
    status = Event.Status.PUBLISHED
    registration_mode = Event.Mode.FIRST_COME
    capacity = 20
    registration_opens_at = factory.LazyFunction(
        lambda: timezone.now() - datetime.timedelta(days=1)
    )
    registration_closes_at = factory.LazyAttribute(
        lambda o: o.starts_at - datetime.timedelta(hours=1)
    )


class SelectionEventFactory(EventFactory):
    class Meta:
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"G밸리 수출상담회 {n}")
    category = Event.Category.INDUSTRY
    audience = Event.Audience.SELECTED
    registration_mode = Event.Mode.SELECTION
    capacity = 2

    @factory.post_generation
    def questions(self, create, extracted, **kwargs):
        if create:
            Question.objects.create(event=self, label="주력 제품·서비스", position=1)
            Question.objects.create(event=self, label="희망 진출 국가", required=False, position=2)


def make_space(
    slug="hall",
    *,
    is_lounge=True,
    hours=(9, 21),
    layouts=(("theatre", 200), ("banquet", 100)),
    **fields,
):
    """Create a space open every day from hours[0] to hours[1], with the given layouts."""
    venue = fields.pop("venue", None) or VenueFactory()
    defaults = {
        "name": "창조홀",
        "kind": Space.Kind.HALL,
        "capacity": 200,
        "equipment": "대형 LED 화면 3면\n무선 마이크",
        "fee": "무료",
        "min_minutes": 60,
        "max_minutes": 240,
        "book_min_days": 3,
        "book_max_days": 60,
        "buffer_minutes": 30,
        "cancel_min_days": 2,
    }
    defaults.update(fields)
    space = Space.objects.create(venue=venue, slug=slug, is_lounge=is_lounge, **defaults)
    for kind, capacity in layouts:
        SpaceLayout.objects.create(space=space, kind=kind, capacity=capacity)
    for weekday in range(7):
        SpaceHours.objects.create(
            space=space,
            weekday=weekday,
            opens=datetime.time(hours[0]),
            closes=datetime.time(hours[1]),
        )
    return space


def at(days, hour, minute=0):
    """Return the aware time `days` from today at hour:minute (Asia/Seoul)."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def booking_details(**overrides):
    details = {
        "purpose": "신제품 설명회",
        "attendees": 50,
        "layout": "theatre",
        "contact_name": "김담당",
        "contact_email": "contact@company.example",
        "contact_phone": "02-123-4567",
    }
    details.update(overrides)
    return details


def png(colour="red", size=(64, 48), fmt="PNG", exif=False):
    """Return the bytes of a small real image (optionally with an EXIF block)."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    image = Image.new("RGB", size, colour)
    if exif:
        data = Image.Exif()
        data[0x010F] = "SecretCamera"  # Make
        image.save(buffer, format="JPEG", exif=data)
    else:
        image.save(buffer, format=fmt)
    return buffer.getvalue()


def make_call(kind="contest", *, judges=(), **fields):
    """An open call of a published event, open now; a contest asks for a guardian."""
    from events.models import Call, Criterion

    now = timezone.now()
    contest = kind == "contest"
    defaults = {
        "event": fields.pop("event", None) or EventFactory(),
        "kind": kind,
        "title": "그림 공모" if contest else "사연 모집",
        "slug": fields.pop("slug", f"call-{Call.objects.count() + 1}-{kind}"),
        "entrants": Call.Entrants.GUARDIANS if contest else Call.Entrants.SIGNED_IN,
        "opens_at": now - datetime.timedelta(days=1),
        "closes_at": now + datetime.timedelta(days=10),
        "results_on": timezone.localdate() + datetime.timedelta(days=20),
        "max_pages": 3 if contest else 0,
        "max_text_chars": 0 if contest else 2000,
        "entries_per_person": 2,
        "needs_guardian": contest,
        "retention_days": 30,
    }
    defaults.update(fields)
    call = Call.objects.create(**defaults)
    call.judges.set(judges)
    if contest:
        Criterion.objects.create(call=call, name="주제", max_points=50, position=1)
        Criterion.objects.create(call=call, name="완성도", max_points=50, position=2)
    return call


def contest_form(pages=2, **overrides):
    """The entry form of a contest, with `pages` real PNG pages."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {
        "title": "우리 동네 공장",
        "pupil_name": "홍길순",
        "pupil_school": "가산초등학교",
        "pupil_grade": "4",
        "guardian_name": "홍보호",
        "guardian_email": "guardian@family.example",
        "consent_collection": "on",
        "pages": pages
        if isinstance(pages, list)
        else [
            SimpleUploadedFile(f"p{n}.png", png(size=(64 + n, 48)), "image/png")
            for n in range(pages)
        ],
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
