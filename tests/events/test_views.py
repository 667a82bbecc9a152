"""Pages: finding events, the event page, taking part, the door, CSV, permissions, budgets."""

import csv
import datetime
import io
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from companies.models import CompanyMembership
from events import services
from events.models import Event, Registration
from tests.addresses import english
from tests.factories import UserFactory

from .factories import EditionFactory, EventFactory, SelectionEventFactory, make_company

pytestmark = pytest.mark.django_db


def _h1_count(response):
    return len(re.findall(rb"<h1[\s>]", response.content))


def _text(response):
    return response.content.decode()


class TestList:
    def test_upcoming_list_shows_public_events_only(self, client):
        upcoming = EventFactory(title="다가오는 세미나")
        EventFactory(title="작성 중인 행사", status=Event.Status.DRAFT)
        cancelled = EventFactory(title="취소된 공연", status=Event.Status.CANCELLED)
        past = EventFactory(
            title="작년 송년회",
            starts_at=timezone.now() - datetime.timedelta(days=3),
            ends_at=timezone.now() - datetime.timedelta(days=3),
            registration_opens_at=None,
            registration_closes_at=None,
        )
        response = client.get(reverse("events:index"))
        html = _text(response)
        assert response.status_code == 200 and _h1_count(response) == 1
        assert upcoming.title in html
        assert cancelled.title in html and "취소됨" in html
        assert "작성 중인 행사" not in html
        assert past.title not in html

    @pytest.mark.parametrize(
        ("query", "shown", "hidden"),
        [
            ("category=sports", "마라톤", "세미나"),
            ("audience=pupils", "세미나", "마라톤"),
            ("free_seats=on", "세미나", "마라톤"),
            ("edition=42", "마라톤", "세미나"),
        ],
    )
    def test_filters(self, client, query, shown, hidden):
        EventFactory(
            title="세미나",
            category=Event.Category.EDUCATION,
            audience=Event.Audience.PUPILS,
            capacity=10,
        )
        full = EventFactory(
            title="마라톤",
            category=Event.Category.SPORTS,
            capacity=1,
            edition=EditionFactory(number=42),
        )
        services.register(full, UserFactory())
        html = _text(client.get(reverse("events:index") + "?" + query))
        assert f">{shown}<" in html
        assert f">{hidden}<" not in html

    def test_date_range_filter(self, client):
        soon = EventFactory(
            title="이번 주 행사", starts_at=timezone.now() + datetime.timedelta(days=2)
        )
        later = EventFactory(
            title="다음 달 행사", starts_at=timezone.now() + datetime.timedelta(days=40)
        )
        limit = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
        html = _text(client.get(reverse("events:index") + f"?date_to={limit}"))
        assert soon.title in html and later.title not in html

    @pytest.mark.parametrize(
        "query",
        ["category=nope", "date_from=2024-13-45", "edition=abc", "free_seats=%00", "page=999"],
    )
    def test_malformed_filters_do_not_break_the_page(self, client, query):
        EventFactory()
        response = client.get(reverse("events:index") + "?" + query)
        # A NUL byte in any query value is refused site-wide (gvalley.middleware) with a 400 page.
        assert response.status_code in (200, 400, 404)

    def test_a_new_edition_is_in_the_filter_on_the_next_request(self, resident_client):
        EditionFactory(number=41)
        html = resident_client.get(reverse("events:index")).content.decode()
        assert '<option value="41">' in html and '<option value="42">' not in html
        EditionFactory(number=42)
        html = resident_client.get(reverse("events:index")).content.decode()
        assert '<option value="41">' in html and '<option value="42">' in html

    def test_query_budget_is_constant(self, client, django_assert_max_num_queries):
        EventFactory()
        # The page of events with its total (one query); the editions of the filter (shared data,
        # read again after a content change).
        with django_assert_max_num_queries(2) as one:
            client.get(reverse("events:index"))
        EventFactory.create_batch(25)
        with django_assert_max_num_queries(2) as many:
            assert client.get(reverse("events:index")).status_code == 200
        assert len(many.captured_queries) == len(one.captured_queries)


class TestCalendar:
    def test_month_is_a_table_with_real_prev_next_links(self, client):
        event = EventFactory(
            title="11월 세미나",
            starts_at=timezone.make_aware(datetime.datetime(2026, 11, 25, 14)),
            ends_at=timezone.make_aware(datetime.datetime(2026, 11, 25, 16)),
            registration_opens_at=None,
            registration_closes_at=None,
        )
        response = client.get(reverse("events:calendar_month", args=[2026, 11]))
        html = _text(response)
        assert _h1_count(response) == 1 and "2026년 11월" in html
        assert '<table class="month-calendar">' in html and "<caption>" in html
        assert html.count('<th scope="col">') == 7
        assert 'href="/events/calendar/2026/10/" rel="prev"' in html
        assert 'href="/events/calendar/2026/12/" rel="next"' in html
        assert event.get_absolute_url() in html and "14:00" in html
        assert "2026년 11월 25일 (수)" in html

    def test_year_boundaries(self, client):
        EventFactory(
            starts_at=timezone.make_aware(datetime.datetime(2027, 1, 15, 10)),
            ends_at=timezone.make_aware(datetime.datetime(2027, 1, 15, 12)),
            registration_opens_at=None,
            registration_closes_at=None,
        )
        html = _text(client.get(reverse("events:calendar_month", args=[2027, 1])))
        assert "/events/calendar/2026/12/" in html and "/events/calendar/2027/2/" in html

    @pytest.mark.parametrize(
        "path",
        [
            "/events/calendar/2026/13/",
            "/events/calendar/2026/0/",
            "/events/calendar/1800/1/",
            "/events/calendar/0000/1/",
            "/events/calendar/99999/1/",
            "/events/calendar/2026/123/",
            "/events/week/0001/1/",
            "/events/week/2024/54/",
            "/events/week/9999/52/",
        ],
    )
    def test_impossible_months_are_404(self, client, path):
        assert client.get(path).status_code == 404

    def test_multi_day_event_shows_on_each_day(self, client):
        EventFactory(
            title="수상작 전시",
            starts_at=timezone.make_aware(datetime.datetime(2026, 11, 10, 10)),
            ends_at=timezone.make_aware(datetime.datetime(2026, 11, 12, 18)),
            registration_opens_at=None,
            registration_closes_at=None,
        )
        html = _text(client.get(reverse("events:calendar_month", args=[2026, 11])))
        assert html.count("수상작 전시") == 3

    def test_month_query_budget(self, client, django_assert_max_num_queries):
        for day in range(1, 28):
            EventFactory(
                starts_at=timezone.make_aware(datetime.datetime(2026, 11, day, 10)),
                ends_at=timezone.make_aware(datetime.datetime(2026, 11, day, 12)),
                registration_opens_at=None,
                registration_closes_at=None,
            )
        url = reverse("events:calendar_month", args=[2026, 11])
        # The events of the month, and the span of all events that bounds the calendar: shared
        # data, read from the database again only after a content change.
        with django_assert_max_num_queries(2):
            assert client.get(url).status_code == 200
        with django_assert_max_num_queries(1):
            assert client.get(url + "?again").status_code == 200

    def test_week_view(self, client):
        event = EventFactory(
            title="주간 행사",
            starts_at=timezone.make_aware(datetime.datetime(2024, 9, 4, 19, 30)),
            ends_at=timezone.make_aware(datetime.datetime(2024, 9, 4, 21, 30)),
            registration_opens_at=None,
            registration_closes_at=None,
        )
        response = client.get(reverse("events:week_of", args=[2024, 36]))
        html = _text(response)
        assert _h1_count(response) == 1
        # Sunday to Saturday, like the month calendar.
        assert "2024년 9월 1일 (일) – 2024년 9월 7일 (토) 주간 행사" in html
        assert "2024년 8월 31일" not in html and "2024년 9월 8일" not in html
        assert event.title in html and "19:30" in html
        assert "/events/week/2024/35/" in html and "/events/week/2024/37/" in html
        assert client.get(reverse("events:week_of", args=[2024, 60])).status_code == 404
        assert client.get(reverse("events:week")).status_code == 200


class TestArchiveAndEdition:
    def test_archive_by_year(self, client):
        EventFactory(
            title="2024 행사",
            starts_at=timezone.make_aware(datetime.datetime(2024, 9, 4, 10)),
            ends_at=timezone.make_aware(datetime.datetime(2024, 9, 4, 12)),
            registration_opens_at=None,
            registration_closes_at=None,
        )
        html = _text(client.get(reverse("events:archive")))
        assert "2024년 (1건)" in html
        html = _text(client.get(reverse("events:archive_year", args=[2024])))
        assert "2024 행사" in html
        assert client.get(reverse("events:archive_year", args=[1800])).status_code == 404

    def test_edition_timetable_shows_five_days(self, client):
        edition = EditionFactory(number=9)
        for day, title in [(2, "직장인 문화행사"), (4, "수출상담회"), (4, "무비데이")]:
            EventFactory(
                title=title,
                edition=edition,
                starts_at=timezone.make_aware(datetime.datetime(2024, 9, day, 10)),
                ends_at=timezone.make_aware(datetime.datetime(2024, 9, day, 12)),
                registration_opens_at=None,
                registration_closes_at=None,
            )
        EventFactory(
            title="수상작 전시",
            edition=edition,
            starts_at=timezone.make_aware(datetime.datetime(2024, 9, 10, 10)),
            ends_at=timezone.make_aware(datetime.datetime(2024, 9, 21, 18)),
            registration_opens_at=None,
            registration_closes_at=None,
        )
        response = client.get(reverse("events:edition", args=[9]))
        html = _text(response)
        assert _h1_count(response) == 1
        assert html.count("<tbody>") == 5
        for day in ["2일 (월)", "3일 (화)", "4일 (수)", "5일 (목)", "6일 (금)"]:
            assert f"2024년 9월 {day}" in html
        assert "서울산업진흥원(SBA)" in html
        assert 'rowspan="2"' in html
        assert "기간 밖에 이어지는 행사" in html and "수상작 전시" in html
        assert client.get(reverse("events:edition", args=[404])).status_code == 404

    def test_edition_timetable_follows_changes_at_once_in_both_languages(self, resident_client):
        """The timetable is shared data: an event added or cancelled shows on the next request."""
        edition = EditionFactory(number=9)
        at = timezone.make_aware(datetime.datetime(2024, 9, 3, 10))
        fields = {"registration_opens_at": None, "registration_closes_at": None}
        EventFactory(title="직장인 문화행사", edition=edition, starts_at=at, **fields)
        page = reverse("events:edition", args=[9])
        assert "직장인 문화행사" in _text(resident_client.get(page))
        added = EventFactory(
            title="무비데이", title_en="Movie day", edition=edition, starts_at=at, **fields
        )
        assert "무비데이" in _text(resident_client.get(page))
        added.status = Event.Status.CANCELLED
        added.save()
        html = _text(resident_client.get(page))
        assert "무비데이" in html and "is-cancelled" in html
        assert "Movie day" in _text(resident_client.get("/en" + page))


class TestEventPage:
    def test_shows_seats_left_how_to_take_part_and_share_link(self, client, settings):
        settings.SITE_URL = "https://portal.test.example"
        event = EventFactory(capacity=20, how_to_take_part="<p>선착순으로 받습니다.</p>")
        services.register(event, UserFactory())
        response = client.get(event.get_absolute_url())
        html = _text(response)
        assert _h1_count(response) == 1
        assert "남은 자리 19" in html
        assert "선착순으로 받습니다." in html
        assert f'value="https://portal.test.example{event.get_absolute_url()}"' in html
        assert "calendar.google.com/calendar/render?action=TEMPLATE" in html
        assert reverse("events:ics", args=[event.slug]) in html
        assert "로그인하고 신청하기" in html

    def test_cancelled_event_is_visible_and_marked(self, client):
        event = EventFactory(status=Event.Status.CANCELLED)
        html = _text(client.get(event.get_absolute_url()))
        assert "이 행사는 취소되었습니다." in html
        assert "참가 신청" not in html

    def test_draft_is_hidden(self, client, staff_client):
        event = EventFactory(status=Event.Status.DRAFT)
        assert client.get(event.get_absolute_url()).status_code == 404

    def test_description_is_sanitised(self, client):
        event = EventFactory(
            description='<p>안내</p><script>alert("x")</script><img src=x onerror=alert(1)>'
        )
        html = _text(client.get(event.get_absolute_url()))
        assert "<script>alert" not in html and "onerror" not in html

    def test_query_budget(self, client, resident_client, resident, django_assert_max_num_queries):
        event = EventFactory()
        services.register(event, resident)
        with django_assert_max_num_queries(1):
            client.get(event.get_absolute_url())
        # Session, user, event, the visitor's registrations.
        with django_assert_max_num_queries(4):
            html = _text(resident_client.get(event.get_absolute_url()))
        assert "참가 확정" in html


class TestTakingPart:
    def test_register_through_the_page(self, resident_client, resident):
        event = EventFactory(capacity=1)
        response = resident_client.post(reverse("events:register", args=[event.slug]), follow=True)
        registration = Registration.objects.get(event=event, user=resident)
        assert response.redirect_chain[-1][0] == registration.get_absolute_url()
        assert "참가 신청이 확정되었습니다" in _text(response)
        html = _text(response)
        assert 'src="data:image/svg+xml' in html
        assert f'<code class="ticket-code">{registration.display_code}</code>' in html

    def test_second_registration_refused_with_message(self, resident_client, resident):
        event = EventFactory()
        services.register(event, resident)
        response = resident_client.post(reverse("events:register", args=[event.slug]), follow=True)
        assert "이미 신청한 행사입니다." in _text(response)
        assert Registration.objects.filter(event=event).count() == 1

    def test_waitlisted_message_is_a_success_naming_the_position(self, resident_client):
        event = EventFactory(capacity=1)
        services.register(event, UserFactory())
        response = resident_client.post(reverse("events:register", args=[event.slug]), follow=True)
        html = _text(response)
        message = re.search(r'<li class="message message-(\w+)">([^<]*)</li>', html)
        assert message.group(1) == "success", "a place on the waiting list is no error"
        assert "대기 1번째" in message.group(2)

    def test_event_page_gives_the_waiting_position(
        self, resident_client, resident, settings, django_assert_max_num_queries
    ):
        event = EventFactory(capacity=1)
        services.register(event, UserFactory())
        services.register(event, UserFactory())
        services.register(event, resident)
        status = '<strong class="status status-waitlisted">{}</strong>'
        # Session, user, event, the visitor's registrations with their places in the queue.
        with django_assert_max_num_queries(4):
            html = _text(resident_client.get(event.get_absolute_url()))
        assert status.format("대기 2번째") in html
        html = _text(resident_client.get(english(event.get_absolute_url())))
        assert status.format("Waiting list: number 2") in html

    def test_register_needs_sign_in_and_post(self, client, resident_client):
        event = EventFactory()
        url = reverse("events:register", args=[event.slug])
        assert client.post(url).status_code == 302
        assert resident_client.get(url).status_code == 405
        assert not Registration.objects.exists()

    def test_account_page_lists_and_cancels(self, resident_client, resident):
        event = EventFactory(title="겨울 합창 공연", capacity=1, needs_bib=True)
        registration = services.register(event, resident)
        waiting = services.register(event, UserFactory())
        html = _text(resident_client.get(reverse("account_profile")))
        assert "내 행사 신청" in html and "겨울 합창 공연" in html and "배번 1" in html
        assert "익명 처리" in html
        # Cancelling starts with a confirmation page, not a one-click button.
        cancel_url = reverse("events:cancel", args=[registration.pk])
        assert f'action="{cancel_url}"' not in html
        assert f'href="{cancel_url}?next=/accounts/profile/%23my-events"' in html
        response = resident_client.post(
            reverse("events:cancel", args=[registration.pk]), follow=True
        )
        assert "신청을 취소했습니다" in _text(response)
        registration.refresh_from_db()
        waiting.refresh_from_db()
        assert registration.status == "cancelled" and waiting.status == "confirmed"

    def test_cannot_cancel_someone_elses(self, resident_client):
        registration = services.register(EventFactory(), UserFactory())
        response = resident_client.post(reverse("events:cancel", args=[registration.pk]))
        assert response.status_code == 404
        registration.refresh_from_db()
        assert registration.status == "confirmed"


class TestApplyForm:
    @pytest.fixture
    def setup(self, company_manager, client_for):
        event = SelectionEventFactory()
        company = make_company(manager=company_manager)
        return event, company, client_for(company_manager)

    def test_apply_stores_answers(self, setup):
        event, company, client = setup
        question = event.questions.first()
        response = client.post(
            reverse("events:apply", args=[event.slug]),
            {"company": company.pk, f"q{question.pk}": "보안 솔루션"},
            follow=True,
        )
        assert "신청을 접수했습니다" in _text(response)
        registration = Registration.objects.get(event=event, company=company)
        assert registration.answers[0] == {"question": "주력 제품·서비스", "answer": "보안 솔루션"}
        assert "심사 중" in _text(response)

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({}, "이 질문에 답해 주세요."),
            ({"answer": "x" * 5000}, "2000자 이하"),
            ({"company": "999999"}, "담당하는 공개 기업만"),
            ({"company": "'; DROP TABLE events_event; --"}, "담당하는 공개 기업만"),
        ],
        ids=["empty", "huge", "other-company", "hostile"],
    )
    def test_bad_input_refused_in_korean_nothing_written(self, setup, data, message):
        event, company, client = setup
        question = event.questions.first()
        post = {
            "company": data.get("company", company.pk),
            f"q{question.pk}": data.get("answer", ""),
        }
        response = client.post(reverse("events:apply", args=[event.slug]), post)
        assert response.status_code == 200
        assert message in _text(response)
        assert not Registration.objects.exists()

    def test_hostile_answer_is_stored_as_plain_text(self, setup):
        event, company, client = setup
        question = event.questions.first()
        hostile = '<script>alert(1)</script>=HYPERLINK("http://x")'
        client.post(
            reverse("events:apply", args=[event.slug]),
            {"company": company.pk, f"q{question.pk}": hostile},
        )
        registration = Registration.objects.get(event=event)
        assert registration.answers[0]["answer"] == hostile

    def test_twice_refused(self, setup):
        event, company, client = setup
        question = event.questions.first()
        data = {"company": company.pk, f"q{question.pk}": "보안"}
        client.post(reverse("events:apply", args=[event.slug]), data)
        response = client.post(reverse("events:apply", args=[event.slug]), data)
        assert "이 기업은 이미 신청했습니다." in _text(response)
        assert Registration.objects.count() == 1

    def test_resident_without_company_is_told(self, resident_client):
        event = SelectionEventFactory()
        html = _text(resident_client.get(reverse("events:apply", args=[event.slug])))
        assert "공개된 기업의 담당자만 신청할 수 있습니다" in html

    def test_first_come_event_has_no_apply_page(self, resident_client):
        event = EventFactory()
        assert resident_client.get(reverse("events:apply", args=[event.slug])).status_code == 404


class TestCheckInPage:
    def test_check_in_then_flag_second_time(self, staff_client, resident):
        event = EventFactory()
        registration = services.register(event, resident)
        url = reverse("events:check_in", args=[event.slug])
        html = _text(staff_client.post(url, {"code": registration.signed_code()}))
        assert "✓ 입장 확인" in html and resident.name in html
        html = _text(staff_client.post(url, {"code": registration.signed_code()}))
        assert "이미 입장한 입장권입니다" in html

    @pytest.mark.parametrize("code", ["", "forged:code", "<b>x</b>", "가" * 300])
    def test_forged_or_empty_code_refused(self, staff_client, resident, code):
        event = EventFactory()
        registration = services.register(event, resident)
        html = _text(
            staff_client.post(reverse("events:check_in", args=[event.slug]), {"code": code})
        )
        assert "입장권 코드를 입력해 주세요." in html or "올바른 입장권 코드가 아닙니다" in html
        registration.refresh_from_db()
        assert registration.checked_in_at is None


class TestCsv:
    def test_csv_has_bom_company_names_and_no_cancelled(self, staff_client, company_manager):
        event = SelectionEventFactory()
        company = make_company(name="(주)지밸리보안", manager=company_manager)
        services.apply(event, company_manager, company, [{"question": "분야", "answer": "보안"}])
        services.cancel(services.register(EventFactory(), company_manager))
        response = staff_client.get(reverse("events:participants_csv", args=[event.slug]))
        assert response["Content-Type"].startswith("text/csv")
        assert response.content.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[0][:5] == ["번호", "상태", "이름", "이메일", "기업"]
        assert rows[1][4] == "(주)지밸리보안" and rows[1][1] == "심사 중"
        assert "분야: 보안" in rows[1][8]
        assert len(rows) == 2

    def test_csv_defuses_spreadsheet_formulas(self, staff_client):
        event = EventFactory()
        services.register(event, UserFactory(name='=HYPERLINK("http://evil")'))
        response = staff_client.get(reverse("events:participants_csv", args=[event.slug]))
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[1][2].startswith("'=")


STAFF_ONLY = ["events:check_in", "events:participants_csv"]


@pytest.mark.parametrize("name", STAFF_ONLY)
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 302),
        ("resident", 403),
        ("company_manager", 403),
        ("council_member", 403),
        ("staff", 200),
    ],
)
def test_staff_pages_permission_table(request, client, client_for, name, who, expected):
    event = EventFactory()
    if who != "anonymous":
        client = client_for(request.getfixturevalue(who))
    response = client.get(reverse(name, args=[event.slug]))
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 302),
        ("resident", 404),
        ("company_manager", 404),
        ("council_member", 404),
        ("staff", 200),
        ("owner", 200),
    ],
)
def test_ticket_permission_table(request, client, client_for, who, expected):
    owner = UserFactory()
    registration = services.register(EventFactory(), owner)
    if who == "owner":
        client = client_for(owner)
    elif who != "anonymous":
        client = client_for(request.getfixturevalue(who))
    assert client.get(registration.get_absolute_url()).status_code == expected


def test_company_manager_sees_their_companys_application(client_for, company_manager):
    event = SelectionEventFactory()
    colleague = UserFactory()
    company = make_company(manager=company_manager)
    registration = services.apply(event, company_manager, company, [])
    # A colleague managing the same company sees it too.
    CompanyMembership.objects.create(company=company, user=colleague)
    assert client_for(colleague).get(registration.get_absolute_url()).status_code == 200


PUBLIC_PAGES = [
    ("events:index", []),
    ("events:calendar", []),
    ("events:week", []),
    ("events:archive", []),
    ("events:editions", []),
]


@pytest.mark.parametrize("name,args", PUBLIC_PAGES)
@pytest.mark.parametrize(
    "who", ["anonymous", "resident", "company_manager", "council_member", "staff"]
)
def test_public_pages_for_everyone(request, client, client_for, name, args, who):
    EventFactory()
    if who != "anonymous":
        client = client_for(request.getfixturevalue(who))
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    assert _h1_count(response) == 1


@pytest.mark.parametrize(
    ("url", "budget"),
    [
        (reverse("events:week_of", args=[2024, 36]), 4),
        (reverse("events:archive"), 4),
        (reverse("events:archive_year", args=[2024]), 2),
        (reverse("events:edition", args=[9]), 5),
        (reverse("events:feed_ics"), 3),
        (reverse("events:feed_rss"), 3),
    ],
)
def test_other_pages_query_budget_is_constant(client, django_assert_max_num_queries, url, budget):
    edition = EditionFactory(number=9)

    def add(count):
        for index in range(count):
            EventFactory(
                edition=edition,
                starts_at=timezone.make_aware(
                    datetime.datetime(2024, 9, 2 + index % 5, 10 + index % 8)
                ),
                ends_at=timezone.make_aware(datetime.datetime(2024, 9, 2 + index % 5, 19)),
                registration_opens_at=None,
                registration_closes_at=None,
            )

    add(1)
    with django_assert_max_num_queries(budget) as one:
        assert client.get(url).status_code == 200
    add(20)
    with django_assert_max_num_queries(budget) as many:
        assert client.get(url).status_code == 200

    def content_queries(captured):
        # The Site lookup of feeds is cached per process and may or may not be warm.
        return [q for q in captured.captured_queries if "django_site" not in q["sql"]]

    assert len(content_queries(many)) == len(content_queries(one))


def test_anonymous_page_cache_shows_new_seat_count_at_once(client):
    event = EventFactory(capacity=20)
    first = client.get(event.get_absolute_url())
    assert "남은 자리 20" in _text(first)
    assert client.get(event.get_absolute_url())["X-Page-Cache"] == "hit"
    services.register(event, UserFactory())
    again = client.get(event.get_absolute_url())
    assert again["X-Page-Cache"] == "miss"
    assert "남은 자리 19" in _text(again)


def test_information_only_event_says_so(client):
    event = EventFactory(registration_mode=Event.Mode.NONE, capacity=None)
    html = _text(client.get(event.get_absolute_url()))
    assert "따로 신청하지 않고 참여할 수 있습니다." in html
    assert "참가 신청" not in html


def test_english_interface(client, settings):
    event = EventFactory(category=Event.Category.SPORTS)
    html = _text(client.get(english(reverse("events:index"))))
    assert "Upcoming events" in html and "Sports" in html
    html = _text(client.get(english(event.get_absolute_url())))
    assert "Add to Google Calendar" in html and "seats left" in html


def test_bench_pages_are_the_main_pages_and_answer(client):
    from events import bench

    EditionFactory(number=9, year=2025)
    latest = EditionFactory(number=10, year=2026)
    EventFactory(edition=latest)
    pages = dict(bench.bench_pages())
    assert set(pages) == {
        "events list",
        "events month calendar",
        "G Valley Week edition",
        "event page",
        "spaces list",  # and "space week view" once a lounge hall exists (test_space_bench)
    }
    assert pages["G Valley Week edition"] == latest.get_absolute_url()
    for path in pages.values():
        assert client.get(path).status_code == 200


class TestCancelling:
    """Cancelling: a confirmation page (GET), then the cancellation (POST with CSRF)."""

    def test_confirmation_page_says_what_happens_and_changes_nothing(
        self, resident_client, resident
    ):
        event = EventFactory(title="겨울 합창 공연", capacity=1)
        registration = services.register(event, resident)
        services.register(event, UserFactory())
        response = resident_client.get(reverse("events:cancel", args=[registration.pk]))
        html = _text(response)
        assert response.status_code == 200 and _h1_count(response) == 1
        assert "겨울 합창 공연 신청 취소" in html
        assert "자리는 대기 순서가 가장 앞선 분에게 넘어가고" in html
        assert 'name="csrfmiddlewaretoken"' in html and "신청 취소하기" in html
        registration.refresh_from_db()
        assert registration.status == "confirmed"

    def test_from_the_event_page_to_cancelled(
        self, resident_client, resident, django_capture_on_commit_callbacks
    ):
        event = EventFactory(capacity=1)
        registration = services.register(event, resident)
        waiting = services.register(event, UserFactory())
        page = _text(resident_client.get(event.get_absolute_url()))
        cancel_url = reverse("events:cancel", args=[registration.pk])
        assert f'href="{cancel_url}"' in page
        with django_capture_on_commit_callbacks(execute=True):
            response = resident_client.post(cancel_url, follow=True)
        assert response.redirect_chain[-1][0] == event.get_absolute_url()
        html = _text(response)
        assert 'class="message message-success"' in html and "신청을 취소했습니다" in html
        registration.refresh_from_db()
        waiting.refresh_from_db()
        assert registration.status == "cancelled" and waiting.status == "confirmed"
        assert sorted(m.to[0] for m in mail.outbox) == sorted([resident.email, waiting.user.email])

    def test_cancelling_twice_changes_nothing_the_second_time(
        self, resident_client, resident, django_capture_on_commit_callbacks
    ):
        event = EventFactory(capacity=1)
        registration = services.register(event, resident)
        services.register(event, UserFactory())
        later = services.register(event, UserFactory())
        url = reverse("events:cancel", args=[registration.pk])
        with django_capture_on_commit_callbacks(execute=True):
            resident_client.post(url)
            response = resident_client.post(url, follow=True)
        html = _text(response)
        assert response.status_code == 200
        assert "이미 취소되었습니다" in html and "message-error" not in html
        later.refresh_from_db()
        assert later.status == "waitlisted", "one cancellation frees one seat"
        assert len([m for m in mail.outbox if m.to == [resident.email]]) == 1
        page = _text(resident_client.get(url))
        assert "이 신청은 이미 취소되었습니다" in page and "신청 취소하기" not in page

    def test_post_without_csrf_token_is_refused(self, resident):
        registration = services.register(EventFactory(), resident)
        client = Client(enforce_csrf_checks=True)
        client.force_login(resident)
        response = client.post(reverse("events:cancel", args=[registration.pk]))
        assert response.status_code == 403
        registration.refresh_from_db()
        assert registration.status == "confirmed"

    @pytest.mark.parametrize(
        ("target", "expected"),
        [
            ("/accounts/profile/#my-events", "/accounts/profile/#my-events"),
            ("https://evil.example/", None),
            ("//evil.example/", None),
        ],
    )
    def test_goes_back_only_within_the_site(self, resident_client, resident, target, expected):
        event = EventFactory()
        registration = services.register(event, resident)
        response = resident_client.post(
            reverse("events:cancel", args=[registration.pk]), {"next": target}
        )
        assert response["Location"] == (expected or event.get_absolute_url())

    def test_checked_in_registration_cannot_be_cancelled(self, resident_client, resident, staff):
        event = EventFactory()
        registration = services.register(event, resident)
        services.check_in(event, registration.code, by=staff)
        url = reverse("events:cancel", args=[registration.pk])
        assert "이미 입장한 신청은 취소할 수 없습니다." in _text(resident_client.get(url))
        response = resident_client.post(url, follow=True)
        assert "이미 입장한 신청은 취소할 수 없습니다." in _text(response)
        registration.refresh_from_db()
        assert registration.status == "confirmed"


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 302),
        ("resident", 404),
        ("other_manager", 404),
        ("council_member", 404),
        ("staff", 404),
        ("owner", 200),
        ("colleague", 200),
    ],
)
def test_cancel_page_permission_table(request, client, client_for, who, expected):
    """A company's application may be withdrawn by its managers, nobody else."""
    owner = UserFactory()
    colleague = UserFactory()
    company = make_company(manager=owner)
    CompanyMembership.objects.create(company=company, user=colleague)
    make_company(name="남의 회사", manager=(other_manager := UserFactory()))
    registration = services.apply(SelectionEventFactory(), owner, company, [])
    people = {"owner": owner, "colleague": colleague, "other_manager": other_manager}
    if who in people:
        client = client_for(people[who])
    elif who != "anonymous":
        client = client_for(request.getfixturevalue(who))
    url = reverse("events:cancel", args=[registration.pk])
    assert client.get(url).status_code == expected
    client.post(url)
    registration.refresh_from_db()
    assert (registration.status == "cancelled") == (expected == 200)


class TestTicketPage:
    def test_short_entry_code_instead_of_the_long_signed_one(self, resident_client, resident):
        registration = services.register(EventFactory(), resident)
        html = _text(resident_client.get(registration.get_absolute_url()))
        assert re.search(
            r'<code class="ticket-code">[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}</code>', html
        )
        assert registration.signed_code() not in html
        assert 'src="data:image/svg+xml' in html

    def test_cancelled_ticket_says_it_was_cancelled(self, resident_client, resident):
        registration = services.register(EventFactory(), resident)
        services.cancel(registration)
        html = _text(resident_client.get(registration.get_absolute_url()))
        assert "이 신청은" in html and "취소되었습니다" in html
        assert "참가가 확정되면" not in html
        assert "data:image/svg+xml" not in html and registration.display_code not in html

    def test_waiting_ticket_gives_the_position(self, resident_client, resident):
        event = EventFactory(capacity=1)
        services.register(event, UserFactory())
        registration = services.register(event, resident)
        html = _text(resident_client.get(registration.get_absolute_url()))
        assert "대기 1번째" in html and "data:image/svg+xml" not in html


class TestCheckInByShortCode:
    @pytest.mark.parametrize(
        "typed",
        [
            lambda code: code,
            lambda code: code.lower(),
            lambda code: f"{code[:4]}-{code[4:]}".lower(),
            lambda code: f" {code[:4]} {code[4:]} ",
            lambda code: "".join(chr(ord(c) + 0xFEE0) for c in code.lower()),
        ],
        ids=["as-stored", "lower-case", "lower-with-hyphen", "spaces", "full-width"],
    )
    def test_staff_type_the_code_as_read_out(self, staff_client, resident, typed):
        event = EventFactory()
        registration = services.register(event, resident)
        url = reverse("events:check_in", args=[event.slug])
        html = _text(staff_client.post(url, {"code": typed(registration.code)}))
        assert "✓ 입장 확인" in html
        registration.refresh_from_db()
        assert registration.checked_in_at is not None

    def test_a_made_up_or_cancelled_code_is_refused(self, staff_client, resident):
        event = EventFactory()
        cancelled = services.register(event, UserFactory())
        services.cancel(cancelled)
        url = reverse("events:check_in", args=[event.slug])
        made_up = "ABCD-EFGH" if cancelled.code != "ABCDEFGH" else "HGFE-DCBA"
        assert "올바른 입장권 코드가 아닙니다" in _text(staff_client.post(url, {"code": made_up}))
        html = _text(staff_client.post(url, {"code": cancelled.display_code}))
        assert "입장할 수 없는 신청입니다" in html
        cancelled.refresh_from_db()
        assert cancelled.checked_in_at is None


class TestCalendarBounds:
    """Calendars run over the months that have events (plus a margin), never 2000 to 2100."""

    @staticmethod
    def _walk(client, path, rel):
        """Follow rel="prev" or rel="next" links from a page; return the pages visited."""
        visited = []
        while path:
            response = client.get(path)
            assert response.status_code == 200, path
            visited.append(path)
            found = re.search(rf'href="([^"]+)" rel="{rel}"', _text(response))
            path = found and found.group(1)
            assert len(visited) < 100, "the calendar runs on without bound"
        return visited

    @pytest.fixture
    def events(self):
        today = timezone.localdate()
        for days in (-40, 3, 50):
            EventFactory(
                starts_at=timezone.make_aware(
                    datetime.datetime.combine(
                        today + datetime.timedelta(days=days), datetime.time(14)
                    )
                ),
                registration_opens_at=None,
                registration_closes_at=None,
            )

    @pytest.mark.parametrize("start", ["events:calendar", "events:week"])
    def test_navigation_stops_at_the_bound_and_the_next_page_is_404(self, client, events, start):
        for rel in ("prev", "next"):
            pages = self._walk(client, reverse(start), rel)
            assert 2 <= len(pages) <= (8 if start == "events:calendar" else 32)
            last = pages[-1]
            numbers = [int(n) for n in re.findall(r"\d+", last)]
            step = -1 if rel == "prev" else 1
            beyond = self._beyond(start, numbers, step)
            response = client.get(beyond)
            assert response.status_code == 404, beyond
            assert "페이지를 찾을 수 없습니다" in _text(response)

    @staticmethod
    def _beyond(start, numbers, step):
        year, number = numbers
        if start == "events:calendar":
            month = number + step
            year, month = (
                (year - 1, 12) if month == 0 else (year + 1, 1) if month == 13 else (year, month)
            )
            return reverse("events:calendar_month", args=[year, month])
        monday = datetime.date.fromisocalendar(year, number, 1) + datetime.timedelta(weeks=step)
        iso = monday.isocalendar()
        return reverse("events:week_of", args=[iso.year, iso.week])

    def test_far_months_and_weeks_are_404(self, client, events):
        for path in [
            "/events/calendar/2000/1/",
            "/events/calendar/2100/12/",
            "/events/week/2000/1/",
        ]:
            assert client.get(path).status_code == 404, path

    def test_empty_pages_inside_the_range_are_noindex(self, client, events):
        noindex = '<meta name="robots" content="noindex">'
        pages = self._walk(client, reverse("events:calendar"), "next")
        htmls = {path: _text(client.get(path)) for path in pages}
        with_events = [p for p, h in htmls.items() if "행사 0건" not in h]
        empty = [p for p, h in htmls.items() if "행사 0건" in h]
        assert with_events and empty
        assert all(noindex not in htmls[p] for p in with_events)
        assert all(noindex in htmls[p] for p in empty)
        weeks = self._walk(client, reverse("events:week"), "next")
        week_htmls = [_text(client.get(path)) for path in weeks]
        assert any(noindex in h for h in week_htmls) and any(noindex not in h for h in week_htmls)
        for html in week_htmls:
            assert (noindex in html) == ("card-list" not in html)

    def test_without_any_event_the_calendars_still_open(self, client):
        assert client.get(reverse("events:calendar")).status_code == 200
        assert client.get(reverse("events:week")).status_code == 200


def test_month_and_week_both_start_on_sunday(client, settings):
    EventFactory(
        starts_at=timezone.make_aware(datetime.datetime(2024, 9, 4, 10)),
        ends_at=timezone.make_aware(datetime.datetime(2024, 9, 4, 12)),
        registration_opens_at=None,
        registration_closes_at=None,
    )
    html = _text(client.get(reverse("events:calendar_month", args=[2024, 9])))
    headers = re.findall(r'<th scope="col">([^<]+)</th>', html)
    assert headers == ["일", "월", "화", "수", "목", "금", "토"]
    week = _text(client.get(reverse("events:week_of", args=[2024, 36])))
    days = re.findall(r'<h2><time datetime="([\d-]+)">', week)
    assert days[0] == "2024-09-01" and days[-1] == "2024-09-07"
    html = _text(client.get(english(reverse("events:calendar_month", args=[2024, 9]))))
    assert re.findall(r'<th scope="col">([^<]+)</th>', html)[:2] == ["Sun", "Mon"]


def _heading_levels(html):
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]


def test_events_pages_never_skip_a_heading_level(client, resident_client, resident):
    past = EventFactory(
        starts_at=timezone.make_aware(datetime.datetime(2024, 9, 4, 10)),
        ends_at=timezone.make_aware(datetime.datetime(2024, 9, 4, 12)),
        registration_opens_at=None,
        registration_closes_at=None,
        edition=EditionFactory(number=9),
    )
    event = EventFactory()
    registration = services.register(event, resident)
    paths = [
        reverse("events:index"),
        reverse("events:calendar"),
        reverse("events:week"),
        reverse("events:archive"),
        reverse("events:archive_year", args=[2024]),
        reverse("events:editions"),
        reverse("events:edition", args=[9]),
        past.get_absolute_url(),
        event.get_absolute_url(),
        registration.get_absolute_url(),
        reverse("events:cancel", args=[registration.pk]),
    ]
    for path in paths:
        levels = _heading_levels(_text(resident_client.get(path)))
        assert levels[0] == 1 and levels.count(1) == 1, path
        for before, after in zip(levels, levels[1:], strict=False):
            assert after <= before + 1, f"{path}: h{before} then h{after}"


def test_archive_year_without_past_events_is_404(client):
    EventFactory()  # upcoming, not in any archive
    assert client.get(reverse("events:archive_year", args=[2024])).status_code == 404


HOSTILE_URLS = [
    "/events/a%00b/",
    "/events/a%00b/event.ics",
    "/events/a%00b/register/",
    "/events/a%00b/apply/",
    "/events/a%00b/check-in/",
    "/events/a%00b/participants.csv",
    "/events/feed/a%00b.ics",
    "/events/?page=99999999999999999999",
    "/events/archive/2024/?page=99999999999999999999",
    "/events/archive/99999999999999999999/",
    "/events/calendar/99999999999999999999/1/",
    "/events/calendar/2024/99999999999999999999/",
    "/events/week/99999999999999999999/1/",
    "/events/gvalley-week/99999999999999999999/",
    "/events/registrations/99999999999999999999/ticket/",
    "/events/registrations/99999999999999999999/cancel/",
]


@pytest.mark.parametrize("path", HOSTILE_URLS)
@pytest.mark.parametrize("who", ["anonymous", "staff"])
def test_hostile_urls_are_a_clear_404_never_a_500(request, client, client_for, path, who):
    EventFactory(
        starts_at=timezone.make_aware(datetime.datetime(2024, 9, 4, 10)),
        ends_at=timezone.make_aware(datetime.datetime(2024, 9, 4, 12)),
        registration_opens_at=None,
        registration_closes_at=None,
    )
    if who != "anonymous":
        client = client_for(request.getfixturevalue(who))
    client.raise_request_exception = False
    response = client.get(path)
    if who == "anonymous" and response.status_code == 302:  # pages that need signing in
        assert response["Location"].startswith("/accounts/login/")
        return
    assert response.status_code in (400, 404), (path, response.status_code)
    if response.status_code == 404:
        assert "페이지를 찾을 수 없습니다" in _text(response)
    assert client.post(path).status_code in (400, 403, 404, 405)


def test_event_times_are_given_to_the_second_in_their_time_elements(client):
    starts = timezone.now().replace(microsecond=123456) + datetime.timedelta(days=3)
    event = EventFactory(starts_at=starts, ends_at=starts + datetime.timedelta(days=1, hours=2))
    pages = [event.get_absolute_url(), reverse("events:index")]
    for path in pages:
        stamps = re.findall(r'<time datetime="([^"]+)"', client.get(path).content.decode())
        assert stamps, path
        for stamp in stamps:
            assert re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d\+09:00)?", stamp), (path, stamp)
