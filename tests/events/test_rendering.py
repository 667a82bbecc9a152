"""Markup built in Python (events.rendering).

The list, calendar and home section render their repeated items in Python for speed; these
tests hold that markup to what the shared field template produces, and the pages to what a
visitor must see. The shared pieces (widgets, paginator, page links) are tested in
tests/site/test_rendering.py.
"""

import datetime
import re

import pytest
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from events import rendering, services
from events.filters import EventFilter
from events.models import Event
from tests.factories import UserFactory

from .factories import EditionFactory, EventFactory, VenueFactory

pytestmark = pytest.mark.django_db


def _same_html(html):
    """Collapse runs of whitespace: what a browser shows of the markup."""
    return re.sub(r"\s+", " ", str(html)).strip()


def _text(response):
    return response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "",
        "category=sports&audience=pupils&edition=42&free_seats=on",
        "category=nope&date_from=2024-13-45&edition=abc&free_seats=%00",
        "date_to=2026-01-01&venue=venue-1",
    ],
)
@pytest.mark.parametrize("language", ["ko", "en"])
def test_filter_fields_match_the_shared_field_template(query, language):
    EditionFactory(number=42)
    with translation.override(language):
        data = QueryDict(query) if query else None
        form = EventFilter(data, queryset=Event.objects.all()).form
        expected = "".join(
            render_to_string("includes/_field.html", {"field": field})
            for field in form.visible_fields()
        ) + "".join(str(field) for field in form.hidden_fields())
        assert _same_html(rendering.form_fields(form)) == _same_html(expected)


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
        EventFactory(
            edition=EditionFactory(number=8),
            starts_at=timezone.make_aware(datetime.datetime(2024, 9, 4, 10)),
            ends_at=timezone.make_aware(datetime.datetime(2024, 9, 4, 12)),
            registration_opens_at=None,
            registration_closes_at=None,
        )
        html = _text(client.get(reverse("events:archive_year", args=[2024])))
        assert '<span class="badge badge-ok">제8회 G밸리 Week</span>' in html

    def test_cancelled_full_and_information_only_cards(self, client):
        EventFactory(title="취소된 공연", status=Event.Status.CANCELLED)
        full = EventFactory(title="마감된 마라톤", capacity=1)
        services.register(full, UserFactory())
        EventFactory(
            title="안내만 하는 전시", registration_mode=Event.Mode.NONE, venue=None, summary=""
        )
        html = _text(client.get(reverse("events:index")))
        assert '<li class="card event-card is-cancelled">' in html
        assert '<span class="badge badge-danger">취소됨</span>' in html
        assert "정원 마감" in html
        card = html[html.index("안내만 하는 전시") :]
        card = card[: card.index("</li>")]
        assert "남은 자리" not in card and " · " not in card

    def test_english_cards(self, client, settings):
        EventFactory(edition=EditionFactory(number=7), capacity=20)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        html = _text(client.get(reverse("events:index")))
        assert "G Valley Week no. 7" in html and "20 of 20 seats left" in html
        assert '<span class="badge">Education · seminar</span>' in html


# The loop of templates/events/edition_detail.html before its rows were built in Python.
OLD_TIMETABLE_LOOP = """{% load i18n portal %}{% for day, day_events in timetable %}
        <tbody>
          {% for event in day_events %}
            <tr{% if event.is_cancelled %} class="is-cancelled"{% endif %}>
              {% if forloop.first %}<th scope="rowgroup" rowspan="{{ day_events|length }}"><time datetime="{{ day|date:'Y-m-d' }}">{{ day|kdate }}</time></th>{% endif %}
              <td>{{ event.starts_at|ktime }}–{{ event.ends_at|ktime }}</td>
              <td><a href="{{ event.get_absolute_url }}">{{ event.title }}</a>{% if event.is_cancelled %} <span class="badge badge-danger">{% translate "취소됨" %}</span>{% endif %}</td>
              <td>{{ event.venue.name|default:"—" }}</td>
              <td>{{ event.get_audience_display }}</td>
            </tr>
          {% empty %}
            <tr>
              <th scope="row"><time datetime="{{ day|date:'Y-m-d' }}">{{ day|kdate }}</time></th>
              <td colspan="4">{% translate "예정된 행사 없음" %}</td>
            </tr>
          {% endfor %}
        </tbody>
      {% endfor %}"""


@pytest.mark.parametrize("language", ["ko", "en"])
def test_timetable_is_the_markup_the_template_loop_wrote(language):
    from django.template import engines

    edition = EditionFactory(
        starts_on=datetime.date(2027, 9, 6), ends_on=datetime.date(2027, 9, 10)
    )
    venue = VenueFactory(name="G밸리 <기업시민청> & 홀")
    nine = datetime.time(9, 30)

    def at(day, time=nine):
        return timezone.make_aware(datetime.datetime.combine(day, time))

    first = EventFactory(
        edition=edition, venue=venue, title="개막식 <b>", starts_at=at(edition.starts_on)
    )
    second = EventFactory(
        edition=edition,
        venue=None,
        status=Event.Status.CANCELLED,
        starts_at=at(edition.starts_on, datetime.time(14)),
    )
    two_days = EventFactory(
        edition=edition,
        starts_at=at(datetime.date(2027, 9, 8)),
        ends_at=at(datetime.date(2027, 9, 9), datetime.time(18)),
    )
    days = edition.days()
    by_day = {days[0]: [first, second], days[2]: [two_days], days[3]: [two_days]}
    timetable = [(day, by_day.get(day, [])) for day in days]
    with translation.override(language):
        old = engines["django"].from_string(OLD_TIMETABLE_LOOP).render({"timetable": timetable})
        assert rendering.timetable_bodies(timetable) == old
    assert old.count("<tbody>") == 5 and "&lt;기업시민청&gt; &amp; 홀" in old and "—" in old


def test_month_cells_link_cancelled_events_marked(client):
    event = EventFactory(
        title="<취소된> 세미나",
        status=Event.Status.CANCELLED,
        starts_at=timezone.make_aware(datetime.datetime(2026, 11, 25, 14)),
        ends_at=timezone.make_aware(datetime.datetime(2026, 11, 25, 16)),
        registration_opens_at=None,
        registration_closes_at=None,
    )
    html = _text(client.get(reverse("events:calendar_month", args=[2026, 11])))
    assert (
        f'<li class="is-cancelled"><a href="{event.get_absolute_url()}">[취소됨] '
        '<span class="time">14:00</span> &lt;취소된&gt; 세미나</a></li>'
    ) in html


def test_home_section_lists_the_next_events(client):
    soon = EventFactory(title="곧 열리는 <행사>", venue=VenueFactory(name="기업시민청"))
    EventFactory(title="취소된 행사", status=Event.Status.CANCELLED)
    html = _text(client.get("/"))
    section = html[html.index('aria-labelledby="home-events"') :]
    assert f'<a href="{soon.get_absolute_url()}">곧 열리는 &lt;행사&gt;</a>' in section
    assert "· 기업시민청</span>" in section
    assert "[취소됨] 취소된 행사" in section


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
