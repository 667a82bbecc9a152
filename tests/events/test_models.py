"""Integrity in the database, mirrored by clean(); the home section, privacy hooks, demo data."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import RequestFactory
from django.utils import timezone

from events import demo, home, privacy, services
from events.models import Edition, Event, Registration
from tests.factories import UserFactory

from .factories import EventFactory, SelectionEventFactory, make_company

pytestmark = pytest.mark.django_db


def test_bib_unique_per_event_in_the_database():
    event = EventFactory(needs_bib=True)
    first = services.register(event, UserFactory())
    second = services.register(event, UserFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.filter(pk=second.pk).update(bib=first.bib)


def test_capacity_never_below_confirmed_in_the_database():
    event = EventFactory(capacity=1)
    services.register(event, UserFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(confirmed_count=2)


def test_one_active_registration_per_person_in_the_database(resident):
    event = EventFactory()
    services.register(event, resident)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(event=event, user=resident, status="waitlisted")


def test_event_clean_messages_in_korean():
    event = EventFactory.build(
        starts_at=timezone.now(),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
        registration_opens_at=timezone.now(),
        registration_closes_at=timezone.now() - datetime.timedelta(days=1),
        registration_mode=Event.Mode.SELECTION,
        capacity=None,
    )
    with pytest.raises(ValidationError) as info:
        event.clean()
    errors = info.value.message_dict
    assert "종료 시각은 시작 시각보다 빠를 수 없습니다." in errors["ends_at"]
    assert "신청 마감은 신청 시작보다 늦어야 합니다." in errors["registration_closes_at"]
    assert "선정 방식 행사는" in errors["capacity"][0]


def test_end_before_start_refused_in_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(ends_at=timezone.now() - datetime.timedelta(days=400))


def test_strings_and_urls():
    event = EventFactory(title="무비데이")
    edition = Edition(number=9, year=2024)
    assert str(event) == "무비데이"
    assert str(edition) == "제9회 G밸리 Week (2024)"
    assert event.get_absolute_url() == f"/events/{event.slug}/"


def test_home_section_shows_next_events_in_few_queries(django_assert_max_num_queries):
    for days in [30, 2, 9, 5, 20]:
        EventFactory(
            title=f"{days}일 뒤",
            starts_at=timezone.now() + datetime.timedelta(days=days),
            registration_opens_at=None,
            registration_closes_at=None,
        )
    EventFactory(title="초안", status=Event.Status.DRAFT)
    with django_assert_max_num_queries(1):
        section = home.home_section(RequestFactory().get("/"))
    assert [e.title for e in section["items"]] == ["2일 뒤", "5일 뒤", "9일 뒤", "20일 뒤"]


def test_home_page_shows_upcoming_events(client):
    EventFactory(title="홈에 보일 행사")
    html = client.get("/").content.decode()
    assert "홈에 보일 행사" in html


def test_export_and_account_section(company_manager):
    event = SelectionEventFactory()
    company = make_company(name="(주)지밸리", manager=company_manager)
    services.apply(event, company_manager, company, [{"question": "분야", "answer": "보안"}])
    data = privacy.export(company_manager)["event_registrations"]
    assert data[0]["company"] == "(주)지밸리" and data[0]["answers"][0]["answer"] == "보안"
    section = privacy.account_section(company_manager)
    assert section["template"] == "events/_account_section.jinja"
    assert len(section["registrations"]) == 1


def test_deleting_an_account_gives_the_seat_to_the_waiting_list(resident):
    from gvalley.privacy import delete_user

    event = EventFactory(capacity=1)
    services.register(event, resident)
    waiting = services.register(event, UserFactory())
    delete_user(resident)
    waiting.refresh_from_db()
    event.refresh_from_db()
    assert waiting.status == "confirmed"
    assert event.confirmed_count == 1


def _noop_progress(iterable, desc=None, total=None):
    return iterable


def test_demo_is_idempotent_and_loads_the_9th_week():
    demo.load(scale=0, progress=_noop_progress)
    counts = (Event.objects.count(), Registration.objects.count(), Edition.objects.count())
    demo.load(scale=0, progress=_noop_progress)
    assert (Event.objects.count(), Registration.objects.count(), Edition.objects.count()) == counts
    edition = Edition.objects.get(number=9)
    assert (edition.starts_on, edition.ends_on) == (
        datetime.date(2024, 9, 2),
        datetime.date(2024, 9, 6),
    )
    assert edition.cohost_list == [
        "서울시",
        "한국산업단지공단",
        "서울산업진흥원(SBA)",
        "구로구",
        "금천구",
    ]
    week = edition.events.all()
    assert week.count() == 12
    assert not week.filter(is_sample=True).exists()
    export = week.get(slug="2024-export-consultation")
    assert export.capacity == 50 and export.venue.name == "엘컨벤션"
    assert timezone.localtime(export.starts_at).date() == datetime.date(2024, 9, 4)
    movies = week.filter(title__startswith="G밸리 무비데이")
    assert [timezone.localtime(m.starts_at).strftime("%m-%d %H:%M") for m in movies] == [
        "09-04 19:30",
        "09-05 19:30",
    ]
    assert week.get(slug="2024-smart-marathon").needs_bib
    samples = Event.objects.filter(is_sample=True)
    assert samples.public().upcoming().count() >= 10
    assert not Event.objects.filter(edition=None, is_sample=False).exists()


def test_demo_scale_tops_up_bulk_events():
    demo.load(scale=0.01, progress=_noop_progress)
    bulk = Event.objects.filter(slug__startswith="bulk-").count()
    assert bulk == 15
    demo.load(scale=0.01, progress=_noop_progress)
    assert Event.objects.filter(slug__startswith="bulk-").count() == bulk
    assert not Event.objects.filter(slug__startswith="bulk-", is_sample=False).exists()


def test_reserved_slug_refused_in_korean():
    event = EventFactory.build(slug="calendar")
    with pytest.raises(ValidationError) as info:
        event.clean()
    assert "이미 쓰이는 이름" in info.value.message_dict["slug"][0]


def test_company_application_survives_the_managers_account_deletion(company_manager):
    from gvalley.privacy import delete_user

    event = SelectionEventFactory()
    company = make_company(manager=company_manager)
    registration = services.apply(event, company_manager, company, [])
    delete_user(company_manager)
    registration.refresh_from_db()
    assert registration.status == "applied" and registration.user is None
    assert registration.company == company


def _png(width=800, height=1200):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (11, 92, 173)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_poster_follows_the_image_rules_and_renders(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from events.models import EventPoster

    event = EventFactory()
    svg = EventPoster(
        event=event,
        alt="포스터",
        image=SimpleUploadedFile("poster.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
    )
    with pytest.raises(ValidationError) as info:
        svg.full_clean()
    assert "SVG 파일은 올릴 수 없습니다" in str(info.value)
    assert not EventPoster.objects.exists()

    poster = EventPoster(
        event=event,
        alt="겨울 합창 공연 포스터: 12월 3일 기업시민청",
        image=SimpleUploadedFile("poster.png", _png()),
    )
    poster.full_clean()
    poster.save()
    assert poster.width == 800 and "640" in poster.renditions
    html = client.get(event.get_absolute_url()).content.decode()
    assert 'alt="겨울 합창 공연 포스터: 12월 3일 기업시민청"' in html
    assert "srcset=" in html


def test_demo_exercises_every_registration_state_once(client_for):
    """A full event with a waiting list, a cancelled registration, a cancelled event: each
    page of taking part has content to show, and a second load changes nothing."""
    resident = UserFactory(email="resident@gvalley.example")
    demo.load(scale=0, progress=_noop_progress)
    rows = list(
        Registration.objects.order_by("pk").values_list("event__slug", "user__email", "status")
    )
    demo.load(scale=0, progress=_noop_progress)
    assert (
        list(
            Registration.objects.order_by("pk").values_list("event__slug", "user__email", "status")
        )
        == rows
    )

    full = Event.objects.get(slug=demo.FULL_EVENT)
    assert full.is_full and full.status == Event.Status.PUBLISHED
    assert full.registrations.waiting().count() >= 3
    assert full.registrations.filter(status=Registration.Status.CANCELLED).exists()
    assert Event.objects.filter(status=Event.Status.CANCELLED).exists()
    mine = {r.event.slug: r for r in Registration.objects.filter(user=resident)}
    assert mine[demo.FULL_EVENT].status == Registration.Status.WAITLISTED
    assert mine[demo.RESIDENT_CANCELS].status == Registration.Status.CANCELLED
    assert any(r.bib for r in mine.values())

    client = client_for(resident)
    html = client.get(full.get_absolute_url()).content.decode()
    assert "대기 3번째" in html and "남은 자리 없음" in html
    html = client.get(mine[demo.RESIDENT_CANCELS].get_absolute_url()).content.decode()
    assert "취소되었습니다" in html


class TestTicketCodes:
    def test_every_registration_gets_its_own_short_unambiguous_code(self):
        event = EventFactory(capacity=3)
        registrations = [services.register(event, UserFactory()) for _ in range(5)]
        codes = [r.code for r in registrations]
        assert len(set(codes)) == 5
        for code in codes:
            assert len(code) == 8 and not set(code) & set("0O1IL")
            assert code == code.upper()

    def test_code_is_unique_in_the_database(self):
        event = EventFactory()
        first = services.register(event, UserFactory())
        second = services.register(event, UserFactory())
        with pytest.raises(IntegrityError), transaction.atomic():
            Registration.objects.filter(pk=second.pk).update(code=first.code)

    @pytest.mark.parametrize("code", ["ABCD0FGH", "abcdefgh", "ABCDEFG", "ABCD-EFG"])
    def test_code_outside_the_alphabet_is_refused_by_the_database(self, code):
        registration = services.register(EventFactory(), UserFactory())
        with pytest.raises(IntegrityError), transaction.atomic():
            Registration.objects.filter(pk=registration.pk).update(code=code)

    def test_a_drawn_code_that_is_taken_is_drawn_again(self):
        event = EventFactory()
        taken = services.register(event, UserFactory())
        # The same code drawn twice: the second registration still goes through, with another.
        late = Registration(event=event, user=UserFactory(), status="waitlisted", code=taken.code)
        services._insert(late)
        late.refresh_from_db()
        assert late.pk and late.code != taken.code
