"""What a visitor sees on the events pages: cards, calendars, timetables, the filter form, the
navigation, the home and account sections, in Korean and English, read from real responses.

The pages' repeated pieces are prepared once per list (events/listing.py) and printed by
templates (templates/events/); these tests look at the HTML a browser gets.
"""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Event, Venue
from tests.addresses import english
from tests.factories import UserFactory

from .factories import EditionFactory, EventFactory, VenueFactory

pytestmark = pytest.mark.django_db


def _text(response):
    assert response.status_code == 200
    return response.content.decode()


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def visible(html):
    """Return the text of some markup as a reader gets it: tags gone, whitespace collapsed."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


def element(html, start, end):
    """Return the markup from the first `start` to the next `end` after it (both included)."""
    first = html.index(start)
    return html[first : html.index(end, first) + len(end)]


def _at(day, hour=10, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _past(**kwargs):
    """An event without registration dates (past events cannot have open registration)."""
    return EventFactory(registration_opens_at=None, registration_closes_at=None, **kwargs)


class TestEventCards:
    def test_card_shows_badges_time_place_and_seats(self, client):
        event = EventFactory(
            title="<b>겨울</b> 합창 공연",
            slug="겨울-합창-공연",
            edition=EditionFactory(number=7),
            venue=VenueFactory(name="금천 & 구로 문화원"),
            starts_at=timezone.make_aware(datetime.datetime(2030, 9, 4, 19, 30)),
            capacity=20,
        )
        services.register(event, UserFactory())
        html = _text(client.get(reverse("events:index")))
        assert f'<a href="{event.get_absolute_url()}">&lt;b&gt;겨울&lt;/b&gt; 합창 공연</a>' in html
        assert '<span class="badge">교육·세미나</span>' in html
        assert '<span class="badge">누구나</span>' in html
        assert '<span class="badge badge-ok">제7회 G밸리 Week</span>' in html
        assert (
            '<time datetime="2030-09-04T19:30:00+09:00">2030년 9월 4일 (수) 19:30</time>'
            " · 금천 &amp; 구로 문화원" in html
        )
        assert "남은 자리 19 / 20" in html

    def test_archive_cards_show_the_edition_too(self, client):
        _past(edition=EditionFactory(number=8), starts_at=_at(datetime.date(2024, 9, 4)))
        html = _text(client.get(reverse("events:archive_year", args=[2024])))
        assert '<span class="badge badge-ok">제8회 G밸리 Week</span>' in html
        assert "(1건)" in visible(html)

    def test_cancelled_full_and_information_only_cards(self, client):
        EventFactory(title="취소된 공연", status=Event.Status.CANCELLED, capacity=30)
        full = EventFactory(title="마감된 마라톤", capacity=1)
        services.register(full, UserFactory())
        EventFactory(
            title="안내만 하는 전시", registration_mode=Event.Mode.NONE, venue=None, summary=""
        )
        html = _text(client.get(reverse("events:index")))
        cancelled = element(html, '<li class="card event-card is-cancelled">', "</li>")
        assert '<span class="badge badge-danger">취소됨</span>' in cancelled
        assert "취소된 공연" in cancelled and "남은 자리" not in cancelled
        assert "정원 마감" in element(html, "마감된 마라톤", "</li>")
        card = element(html, "안내만 하는 전시", "</li>")
        assert "남은 자리" not in card and " · " not in card and "<p></p>" not in card

    def test_an_empty_list_says_so(self, client):
        html = _text(client.get(reverse("events:index") + "?category=sports"))
        assert "조건에 맞는 행사가 없습니다." in html and "(0건)" in visible(html)

    def test_english_cards(self, client, settings):
        EventFactory(edition=EditionFactory(number=7), capacity=20)
        EventFactory(title="Cancelled one", status=Event.Status.CANCELLED)
        html = _text(client.get(english(reverse("events:index"))))
        assert "G Valley Week no. 7" in html and "20 of 20 seats left" in html
        assert '<span class="badge">Education · seminar</span>' in html
        assert '<span class="badge badge-danger">Cancelled</span>' in html
        assert re.search(r"<time [^>]+>\w{3}, \d+ \w{3} \d{4} \d\d:\d\d</time>", html)


class TestFilterForm:
    def test_every_filter_has_its_label_and_keeps_the_chosen_values(self, client):
        EditionFactory(number=42)
        html = _text(
            client.get(reverse("events:index") + "?category=sports&edition=42&free_seats=on")
        )
        form = element(html, '<form method="get" class="filters"', "</form>")
        for name, label in [
            ("category", "분류"),
            ("audience", "대상"),
            ("edition", "G밸리 Week"),
            ("date_from", "시작일부터"),
            ("date_to", "종료일까지"),
            ("free_seats", "빈자리 있는 행사만"),
        ]:
            assert f'<label for="id_{name}">{label}</label>' in form, name
        assert '<option value="sports" selected>' in form
        assert '<option value="42" selected>' in form
        assert re.search(r'<input type="checkbox" name="free_seats"[^>]* checked', form)
        assert re.search(r'<input type="hidden" name="venue"', form)

    def test_a_wrong_value_is_named_next_to_its_field(self, client):
        html = _text(client.get(reverse("events:index") + "?date_from=2024-13-45&edition=abc"))
        form = element(html, '<form method="get" class="filters"', "</form>")
        for name in ("date_from", "edition"):
            assert re.search(rf'aria-describedby="[^"]*id_{name}_error', form), name
            assert form.count(f'id="id_{name}_error"') == 1
        assert form.count('<div class="field field-error">') == 2
        assert "id_category_error" not in form

    def test_english_labels(self, client, settings):
        form = element(
            _text(client.get(english(reverse("events:index")))),
            '<form method="get" class="filters"',
            "</form>",
        )
        assert '<label for="id_category">Category</label>' in form
        assert ">All</option>" in form and "전체" not in form


class TestNavigation:
    @pytest.mark.parametrize(
        ("name", "args", "current"),
        [
            ("events:index", [], "다가오는 행사"),
            ("events:calendar", [], "월간 달력"),
            ("events:week", [], "주간 보기"),
            ("events:archive", [], "지난 행사"),
            ("events:editions", [], "G밸리 Week"),
            ("events:edition", [3], "G밸리 Week"),
        ],
    )
    def test_the_page_shown_is_marked_in_the_events_navigation(self, client, name, args, current):
        EditionFactory(number=3)
        html = _text(client.get(reverse(name, args=args)))
        nav = element(html, '<nav class="events-nav"', "</nav>")
        assert re.findall(r'aria-current="page">([^<]+)<', nav) == [current]
        assert len(re.findall(r"<li><a href=", nav)) == 6  # with the spaces to rent

    def test_english_navigation(self, client, settings):
        html = _text(client.get(english(reverse("events:calendar"))))
        nav = element(html, '<nav class="events-nav"', "</nav>")
        assert re.findall(r'aria-current="page">([^<]+)<', nav) == ["Month"]
        assert not re.search(r"[가-힣]", visible(nav))


class TestMonthCalendar:
    def test_cells_link_cancelled_events_marked(self, client):
        event = _past(
            title="<취소된> 세미나",
            status=Event.Status.CANCELLED,
            starts_at=_at(datetime.date(2026, 11, 25), 14),
            ends_at=_at(datetime.date(2026, 11, 25), 16),
        )
        html = _text(client.get(reverse("events:calendar_month", args=[2026, 11])))
        assert (
            f'<li class="is-cancelled"><a href="{event.get_absolute_url()}">[취소됨] '
            '<span class="time">14:00</span> &lt;취소된&gt; 세미나</a></li>'
        ) in html
        assert "2026년 11월: 행사 1건" in html

    def test_days_of_other_months_and_today_are_marked(self, client):
        today = timezone.localdate()
        html = _text(client.get(reverse("events:calendar")))
        cells = re.findall(r"<td class=\"([^\"]*)\"([^>]*)>", html)
        assert len(cells) % 7 == 0
        marked = [attributes for classes, attributes in cells if "today" in classes]
        assert marked == [' aria-current="date"']
        first = today.replace(day=1)
        if first.weekday() != 6:  # the month does not start on a Sunday: last month's days
            assert cells[0][0] == "other-month"
        label = f"{today.year}년 {today.month}월 {today.day}일"
        assert f'<span class="visually-hidden">{label}' in html

    def test_a_month_is_read_once_and_follows_every_change(self, resident_client):
        """Signed in (no page cache): a second visit reads no event row, yet an added event and
        a cancellation show at once."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        url = reverse("events:calendar_month", args=[2026, 11])
        _past(
            title="첫 세미나",
            starts_at=_at(datetime.date(2026, 11, 25), 14),
            ends_at=_at(datetime.date(2026, 11, 25), 16),
        )
        assert "2026년 11월: 행사 1건" in _text(resident_client.get(url))
        with CaptureQueriesContext(connection) as queries:
            assert resident_client.get(url).status_code == 200
        assert not [q for q in queries.captured_queries if "events_event" in q["sql"]]
        second = _past(
            title="둘째 세미나",
            starts_at=_at(datetime.date(2026, 11, 26), 10),
            ends_at=_at(datetime.date(2026, 11, 26), 12),
        )
        html = _text(resident_client.get(url))
        assert "2026년 11월: 행사 2건" in html and "둘째 세미나" in html
        second.status = Event.Status.CANCELLED
        second.save()
        assert "[취소됨] " in _text(resident_client.get(url))

    def test_english_month(self, client, settings):
        _past(
            title="Seminar",
            starts_at=_at(datetime.date(2026, 11, 25), 14),
            ends_at=_at(datetime.date(2026, 11, 25), 16),
        )
        html = _text(client.get(english(reverse("events:calendar_month", args=[2026, 11]))))
        assert "Nov 2026: 1 event" in html
        assert '<span class="visually-hidden">Wed, 25 Nov 2026</span>' in html


class TestWeek:
    def test_days_list_their_events_or_say_there_are_none(self, client):
        monday = datetime.date(2024, 9, 2)
        _past(
            title="월요일 <세미나>",
            venue=VenueFactory(name="G밸리 홀"),
            category=Event.Category.EDUCATION,
            starts_at=_at(monday, 19, 30),
            ends_at=_at(monday, 21),
        )
        _past(
            title="취소된 행사",
            status=Event.Status.CANCELLED,
            venue=None,
            starts_at=_at(monday, 10),
            ends_at=_at(monday + datetime.timedelta(days=1), 12),
        )
        html = _text(client.get(reverse("events:week_of", args=[2024, 36])))
        days = re.findall(r'<li class="week-day[^"]*">.*?</li>\s*</ol>|<li class="week-day', html)
        assert len(days) == 7
        monday_html = element(html, '<time datetime="2024-09-02">', "</ul>")
        assert "2024년 9월 2일 (월)" in monday_html
        assert "월요일 &lt;세미나&gt;" in monday_html
        assert "19:30–21:00 · G밸리 홀 · 교육·세미나" in visible(monday_html)
        assert '<li class="card is-cancelled">' in monday_html
        assert '<span class="badge badge-danger">취소됨</span>' in monday_html
        # The two-day event is on Tuesday too; the other days say they have none.
        assert "취소된 행사" in element(html, '<time datetime="2024-09-03">', "</li>")
        assert visible(html).count("행사 없음") == 5


class TestTimetable:
    @pytest.fixture
    def edition(self):
        edition = EditionFactory(
            number=27, starts_on=datetime.date(2027, 9, 6), ends_on=datetime.date(2027, 9, 10)
        )
        first_day = edition.starts_on
        EventFactory(
            edition=edition,
            venue=VenueFactory(name="G밸리 <기업시민청> & 홀"),
            title="개막식 <b>",
            audience=Event.Audience.EMPLOYEES,
            starts_at=_at(first_day, 9, 30),
            ends_at=_at(first_day, 11),
        )
        EventFactory(
            edition=edition,
            venue=None,
            title="취소된 강연",
            status=Event.Status.CANCELLED,
            starts_at=_at(first_day, 14),
            ends_at=_at(first_day, 16),
        )
        EventFactory(
            edition=edition,
            title="이틀 전시",
            starts_at=_at(datetime.date(2027, 9, 8)),
            ends_at=_at(datetime.date(2027, 9, 9), 18),
        )
        return edition

    def test_each_day_heads_its_rows(self, client, edition):
        html = _text(client.get(edition.get_absolute_url()))
        table = element(html, '<table class="data timetable">', "</table>")
        assert table.count("<tbody>") == 5 and "5일 일정표" in table
        first = element(table, "<tbody>", "</tbody>")
        assert (
            '<th scope="rowgroup" rowspan="2"><time datetime="2027-09-06">2027년 9월 6일 (월)</time></th>'
            in first
        )
        assert "<td>09:30–11:00</td>" in first and "<td>14:00–16:00</td>" in first
        assert ">개막식 &lt;b&gt;</a>" in first
        assert "<td>G밸리 &lt;기업시민청&gt; &amp; 홀</td>" in first
        assert "<td>—</td>" in first  # no venue
        cancelled = element(first, '<tr class="is-cancelled">', "</tr>")
        assert "취소된 강연" in cancelled and "badge-danger" in cancelled
        # The two-day exhibition is on its two days; the second day has nothing else.
        assert visible(table).count("이틀 전시") == 2
        empty = element(table, '<time datetime="2027-09-07">', "</tr>")
        assert "예정된 행사 없음" in empty

    def test_english_timetable(self, client, settings, edition):
        html = _text(client.get(english(edition.get_absolute_url())))
        table = element(html, '<table class="data timetable">', "</table>")
        assert "Mon, 6 Sep 2027" in table and "Cancelled" in table
        assert "No events scheduled" in table and "Employees of resident companies" in table
        content = [
            "개막식",
            "취소된 강연",
            "이틀 전시",
            *Venue.objects.values_list("name", flat=True),
        ]
        chrome = visible(table)
        for text in content:
            chrome = chrome.replace(text, "")
        assert not re.search(r"[가-힣]", chrome)


class TestHomeSection:
    def test_lists_the_next_events(self, client):
        soon = EventFactory(title="곧 열리는 <행사>", venue=VenueFactory(name="기업시민청"))
        EventFactory(title="취소된 행사", status=Event.Status.CANCELLED)
        html = _text(client.get("/"))
        section = element(html, 'aria-labelledby="home-events"', "</section>")
        assert f'<a href="{soon.get_absolute_url()}">곧 열리는 &lt;행사&gt;</a>' in section
        assert "· 기업시민청</span>" in section
        assert "[취소됨] 취소된 행사" in section
        assert len(re.findall(r'<time datetime="[^"]+\+09:00">', section)) == 2

    def test_without_events_it_says_so_in_the_visitors_language(self, client, settings):
        html = _text(client.get("/"))
        assert "예정된 행사가 없습니다." in element(
            html, 'aria-labelledby="home-events"', "</section>"
        )
        # The event's English title (a Korean-only one would be marked as the Korean original).
        EventFactory(title="세미나", title_en="Seminar", status=Event.Status.CANCELLED)
        html = _text(client.get("/en/"))
        section = element(html, 'aria-labelledby="home-events"', "</section>")
        assert "[Cancelled] Seminar" in section


class TestAccountSection:
    def test_lists_registrations_with_their_state_and_links(self, resident_client, resident):
        going = EventFactory(title="합창 <공연>", capacity=1)
        registration = services.register(going, resident)
        full = EventFactory(title="마감 행사", capacity=1)
        services.register(full, UserFactory())
        waiting = services.register(full, resident)
        called_off = EventFactory(title="취소될 행사")
        services.register(called_off, resident)
        Event.objects.filter(pk=called_off.pk).update(status=Event.Status.CANCELLED)
        html = _text(resident_client.get(reverse("account_profile")))
        section = element(html, '<section aria-labelledby="my-events"', "</section>")
        card = element(section, "합창 &lt;공연&gt;", "</li>")
        assert "참가 확정" in card and "입장권 보기" in card
        assert f'href="{registration.get_absolute_url()}"' in card
        cancel = reverse("events:cancel", args=[registration.pk])
        assert f'href="{cancel}?next=/accounts/profile/%23my-events"' in card
        assert "대기 1번째" in element(section, "마감 행사", "</li>")
        assert f'href="{waiting.get_absolute_url()}">신청 내역 보기' in section
        assert "행사 취소됨" in element(section, "취소될 행사", "</li>")
        assert "90일이 지나면 익명 처리됩니다." in visible(section)

    def test_without_registrations_it_points_to_the_events(self, resident_client, settings):
        html = _text(resident_client.get(reverse("account_profile")))
        section = element(html, '<section aria-labelledby="my-events"', "</section>")
        assert "신청한 행사가 없습니다." in section
        assert f'href="{reverse("events:index")}"' in section
        html = _text(resident_client.get(english(reverse("account_profile"))))
        section = element(html, '<section aria-labelledby="my-events"', "</section>")
        assert not re.search(r"[가-힣]", visible(section))


class TestTakingPartBox:
    def test_anonymous_visitor_is_sent_to_sign_in_and_back(self, client):
        event = EventFactory()
        html = _text(client.get(event.get_absolute_url()))
        box = element(html, '<div class="take-part">', "</div>")
        assert f'href="/accounts/login/?next={event.get_absolute_url()}"' in box
        assert "로그인하고 신청하기" in box

    def test_full_event_offers_the_waiting_list(self, resident_client):
        event = EventFactory(capacity=1)
        services.register(event, UserFactory())
        box = element(
            _text(resident_client.get(event.get_absolute_url())),
            '<div class="take-part">',
            "</div>",
        )
        assert "대기자로 신청" in box and 'name="csrfmiddlewaretoken"' in box
        assert f'action="{reverse("events:register", args=[event.slug])}"' in box

    def test_registration_not_yet_open_and_closed(self, resident_client):
        later = EventFactory(
            registration_opens_at=timezone.now() + datetime.timedelta(days=1),
            registration_closes_at=timezone.now() + datetime.timedelta(days=2),
            starts_at=timezone.now() + datetime.timedelta(days=5),
        )
        html = _text(resident_client.get(later.get_absolute_url()))
        assert re.search(r"신청은 \d{4}년 \d+월 \d+일 \(.\) \d\d:\d\d에 시작합니다.", html)
        closed = EventFactory(
            registration_opens_at=timezone.now() - datetime.timedelta(days=3),
            registration_closes_at=timezone.now() - datetime.timedelta(days=1),
        )
        html = _text(resident_client.get(closed.get_absolute_url()))
        assert "신청이 마감되었습니다." in html and "참가 신청</button>" not in html

    def test_staff_get_the_door_and_the_participants(self, staff_client):
        event = EventFactory()
        html = _text(staff_client.get(event.get_absolute_url()))
        tools = element(html, '<p class="staff-tools">', "</p>")
        assert reverse("events:check_in", args=[event.slug]) in tools
        assert reverse("events:participants_csv", args=[event.slug]) in tools


class TestEventPage:
    def test_details_of_venue_keep_line_breaks_and_escape(self, client):
        venue = VenueFactory(
            name="기업시민청", transit="가산디지털단지역 <7호선>\n버스 5714", accessibility=""
        )
        event = EventFactory(venue=venue)
        html = _text(client.get(event.get_absolute_url()))
        assert "<dd>가산디지털단지역 &lt;7호선&gt;<br>버스 5714</dd>" in html
        assert "접근성" not in html

    def test_an_event_over_several_days_gives_both_dates(self, client):
        day = timezone.localdate() + datetime.timedelta(days=10)
        one_day = EventFactory(starts_at=_at(day, 10), ends_at=_at(day, 12))
        html = _text(client.get(one_day.get_absolute_url()))
        assert re.search(r"</time> – 12:00</dd>", html)
        two_days = EventFactory(
            starts_at=_at(day, 10), ends_at=_at(day + datetime.timedelta(days=1), 12)
        )
        html = _text(client.get(two_days.get_absolute_url()))
        assert len(re.findall(r'<time datetime="[^"]+">', element(html, "<dl", "</dl>"))) == 2


def test_subscription_links_name_every_category(client, settings):
    html = _text(client.get(reverse("events:index")))
    subscribe = element(html, '<section class="subscribe"', "</section>")
    for value, label in Event.Category.choices:
        url = reverse("events:feed_ics_category", args=[value])
        assert f'<a href="{url}">{label} iCalendar</a>' in subscribe
    html = _text(client.get(english(reverse("events:index"))))
    subscribe = element(html, '<section class="subscribe"', "</section>")
    assert "Sports (iCalendar)" in subscribe and not re.search(r"[가-힣]", visible(subscribe))


def test_event_page_of_an_information_only_event_reads_no_registrations(
    resident_client, resident, django_assert_max_num_queries
):
    """The page shows registrations only while the event takes them: no query otherwise."""
    info = EventFactory(registration_mode=Event.Mode.NONE, capacity=None)
    open_event = EventFactory()
    services.register(open_event, resident)
    with django_assert_max_num_queries(3):  # session, user, event
        assert resident_client.get(info.get_absolute_url()).status_code == 200
    html = _text(resident_client.get(open_event.get_absolute_url()))
    assert "참가 확정" in html and "입장권 보기" in html


def test_event_page_shows_an_edit_and_a_new_registration_at_once_to_signed_in_visitors(
    resident_client, client_for
):
    """The event's data is shared by every visitor until content changes: a change shows on the
    next request, whoever made it."""
    event = EventFactory(title="첫 제목", capacity=2)
    assert "남은 자리 2" in _text(resident_client.get(event.get_absolute_url()))

    event.title = "고친 제목"
    event.save()
    html = _text(resident_client.get(event.get_absolute_url()))
    assert "고친 제목" in html and "첫 제목" not in html

    other = UserFactory()
    services.register(event, other)
    assert "남은 자리 1" in _text(resident_client.get(event.get_absolute_url()))
    services.register(Event.objects.get(pk=event.pk), UserFactory())
    html = _text(client_for(other).get(event.get_absolute_url()))
    assert "남은 자리 없음" in html


def test_an_unknown_or_overlong_event_address_is_a_plain_404(resident_client):
    assert resident_client.get("/events/no-such-event/").status_code == 404
    assert resident_client.get("/events/" + "가" * 2000 + "/").status_code == 404


def test_a_second_visit_to_an_event_page_reads_no_event_row(
    resident_client, django_assert_max_num_queries
):
    event = EventFactory(registration_mode=Event.Mode.NONE, capacity=None)
    resident_client.get(event.get_absolute_url())
    with django_assert_max_num_queries(2) as second:
        assert resident_client.get(event.get_absolute_url()).status_code == 200
    assert not [q for q in second.captured_queries if '"events_event"' in q["sql"]]
