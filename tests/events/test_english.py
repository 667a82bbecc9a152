"""Events in English: the /en/ pages show each text in English, or the Korean original marked.

Korean texts sit in `<field>_ko`, English ones in `<field>_en` (events/translation.py). A page in
English may show Hangul only inside an element with lang="ko" (the Korean original, with its
"Korean original" note), never as if it were English.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from events import demo
from events.models import Call, Event, SpaceClosure
from tests.addresses import english
from tests.events.factories import (
    EditionFactory,
    EventFactory,
    VenueFactory,
    make_call,
    make_space,
)
from tests.factories import UserFactory
from tests.markup import hangul_outside_korean, language_of

pytestmark = pytest.mark.django_db

SEMINAR = "AI export practice seminar"


def page(client, url):
    """Return the page in English without its <head> (the <title> says what the <h1> says)."""
    response = client.get(english(url))
    assert response.status_code == 200, url
    html = response.content.decode()
    return html[: html.index("<head")] + html[html.index("</head>") :]


@pytest.fixture
def week():
    """A G밸리 Week with one event in English and one in Korean only, at venues of both kinds."""
    edition = EditionFactory(
        starts_on=timezone.localdate() + datetime.timedelta(days=5),
        ends_on=timezone.localdate() + datetime.timedelta(days=9),
        year=timezone.localdate().year,
        theme_en="60 years of Korea's industrial complexes",
        cohosts_en="Seoul Metropolitan Government\nKorea Industrial Complex Corporation",
        description="산업과 문화가 함께하는 닷새",
        description_en="Five days of industry and culture",
    )
    hall = VenueFactory(
        name="G밸리 기업시민청",
        name_en="G Valley Citizens' Hall",
        address_en="Gasan-dong, Geumcheon-gu, Seoul",
        transit_en="Gasan Digital Complex station (lines 1 and 7)",
        accessibility="휠체어 출입 가능",
        accessibility_en="Step-free entrance and lift",
    )
    translated = EventFactory(
        title="AI 수출 실무 세미나",
        title_en=SEMINAR,
        summary="바이어 상담 전에 듣는 수출 실무",
        summary_en="Export practice before the buyer meetings",
        description="<p>수출 계약서 읽는 법</p>",
        description_en="<p>How to read an export contract</p>",
        how_to_take_part_en="<p>Just come along.</p>",
        organiser="구로구",
        organiser_en="Guro-gu Office",
        venue_note="3층",
        venue_note_en="3rd floor",
        venue=hall,
        edition=edition,
        starts_at=timezone.now() + datetime.timedelta(days=6),
        ends_at=timezone.now() + datetime.timedelta(days=6, hours=2),
    )
    korean_only = EventFactory(
        title="G밸리 합창 공연",
        summary="퇴근길 합창",
        organiser="금천구",
        venue=VenueFactory(name="가산 광장"),
        edition=edition,
        starts_at=timezone.now() + datetime.timedelta(days=7),
        ends_at=timezone.now() + datetime.timedelta(days=7, hours=2),
    )
    return edition, translated, korean_only


def test_every_english_events_page_marks_its_korean_text(client, week):
    edition, translated, korean_only = week
    space = make_space(
        name="창조홀",
        name_en="Creation Hall",
        summary="200석 다목적 홀",
        floor="2층",
        accessibility="승강기",
    )
    SpaceClosure.objects.create(
        space=space,
        date=timezone.localdate() + datetime.timedelta(days=1),
        reason="시설 점검",
    )
    call = make_call(event=translated, title="그림 공모", title_en="Drawing contest")
    urls = [
        "/events/",
        "/events/calendar/",
        "/events/week/",
        translated.get_absolute_url(),
        korean_only.get_absolute_url(),
        "/events/gvalley-week/",
        edition.get_absolute_url(),
        "/events/spaces/",
        space.get_absolute_url(),
        call.get_absolute_url(),
    ]
    for url in urls:
        html = page(client, url)
        assert hangul_outside_korean(html) == [], url


def test_an_event_with_english_shows_it(client, week):
    _edition, translated, _korean_only = week
    html = page(client, translated.get_absolute_url())
    assert language_of(html, SEMINAR) == "en"
    assert language_of(html, "How to read an export contract") == "en"
    assert language_of(html, "Step-free entrance and lift") == "en"
    assert language_of(html, "Guro-gu Office") == "en"
    assert "수출 계약서" not in html
    assert "Korean original" not in html


def test_an_event_without_english_shows_the_korean_marked(client, week):
    _edition, _translated, korean_only = week
    html = page(client, korean_only.get_absolute_url())
    # Never an empty space: the Korean title, read in Korean, with the note in English.
    assert language_of(html, "G밸리 합창 공연") == "ko"
    assert language_of(html, "퇴근길 합창") == "ko"
    assert language_of(html, "Korean original") == "en"


def test_the_english_list_and_week_page_show_english_titles_and_mark_the_rest(client, week):
    edition, _translated, _korean_only = week
    for url in ["/events/", edition.get_absolute_url()]:
        html = page(client, url)
        assert language_of(html, SEMINAR) == "en", url
        assert language_of(html, "G Valley Citizens' Hall") == "en", url
        assert language_of(html, "G밸리 합창 공연") == "ko", url
    html = page(client, edition.get_absolute_url())
    assert language_of(html, "60 years of Korea's industrial complexes") == "en"
    assert language_of(html, "Five days of industry and culture") == "en"


def test_the_korean_pages_are_unchanged(client, week):
    _edition, translated, _korean_only = week
    html = client.get(translated.get_absolute_url()).content.decode()
    assert "<h1>AI 수출 실무 세미나</h1>" in html
    assert SEMINAR not in html[html.index("<body") :]
    assert "korean-original" not in html


def test_the_english_feeds_use_the_english_titles(client, week):
    _edition, _translated, _korean_only = week
    rss = client.get(english("/events/feed/rss/")).content.decode()
    assert SEMINAR in rss
    ics = client.get(english("/events/feed.ics")).content.decode()
    assert SEMINAR in ics
    assert Event.objects.filter(title_en=SEMINAR).exists()


@pytest.mark.parametrize(
    ("name", "budget"),
    [("index", 2), ("edition", 5), ("calendar", 2), ("week", 4), ("feed_rss", 3), ("detail", 2)],
)
def test_english_pages_read_no_more_than_the_korean_ones(
    client, week, django_assert_max_num_queries, name, budget
):
    """Both languages' texts come in the same rows: English costs no extra query."""
    edition, translated, _korean_only = week
    EventFactory.create_batch(5, edition=edition, starts_at=translated.starts_at)
    url = {
        "index": "/events/",
        "edition": edition.get_absolute_url(),
        "calendar": "/events/calendar/",
        "week": "/events/week/",
        "feed_rss": "/events/feed/rss/",
        "detail": translated.get_absolute_url(),
    }[name]
    client.get(url)  # the shared data and the Site, warm for both languages' runs
    client.get(english(url))
    with django_assert_max_num_queries(budget) as korean:
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(budget) as in_english:
        assert client.get(english(url)).status_code == 200
    assert len(in_english.captured_queries) == len(korean.captured_queries)


def test_staff_edit_the_english_texts_beside_the_korean_ones(staff_client):
    event = EventFactory(title="AI 수출 실무 세미나", description="<p>설명</p>")
    url = reverse("admin:events_event_change", args=[event.pk])
    html = staff_client.get(url).content.decode()
    # One line per text: the Korean input and the English one, with the same length limit.
    for name in ["title", "summary", "organiser", "venue_note"]:
        row = re.search(rf'<div class="form-row[^"]*field-{name}_ko field-{name}_en">', html)
        assert row, name
    assert re.search(r'name="title_ko"[^>]*maxlength="150"', html)
    assert re.search(r'name="title_en"[^>]*maxlength="150"', html)
    assert 'name="title"' not in html

    form = {
        name: value
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html)
        if "-" in name  # the inlines' management forms
    }
    data = {
        **form,
        "title_ko": "AI 수출 실무 세미나",
        "title_en": "x" * 151,
        "slug": event.slug,
        "status": event.status,
        "category": event.category,
        "audience": event.audience,
        "organiser_ko": "구로구",
        "starts_at_0": "2030-09-02",
        "starts_at_1": "10:00",
        "ends_at_0": "2030-09-02",
        "ends_at_1": "12:00",
        "registration_mode": "none",
        "waitlist": "on",
        "description_ko": "<p>설명</p>",
        "description_en": '<p>About</p><script>alert("x")</script>',
    }
    response = staff_client.post(url, data)
    assert response.status_code == 200  # the form again: the English title is too long
    event.refresh_from_db()
    assert event.title_en in ("", None)

    changelist = staff_client.get(reverse("admin:events_event_changelist")).content.decode()
    assert (
        '<td class="field-in_english"><img src="/static/admin/img/icon-no.svg" alt="False">'
        in changelist
    )

    # The Korean title stays required, as the title always was; nothing is saved without it.
    response = staff_client.post(url, {**data, "title_ko": "", "title_en": SEMINAR})
    assert response.status_code == 200
    event.refresh_from_db()
    assert event.title_ko == "AI 수출 실무 세미나" and event.title_en in ("", None)

    response = staff_client.post(url, {**data, "title_en": SEMINAR})
    assert response.status_code == 302, response.content.decode()[:3000]
    event.refresh_from_db()
    assert event.title_ko == "AI 수출 실무 세미나"
    assert event.title_en == SEMINAR
    assert event.description_en == "<p>About</p>"  # sanitised as the Korean one is
    changelist = staff_client.get(reverse("admin:events_event_changelist")).content.decode()
    assert (
        '<td class="field-in_english"><img src="/static/admin/img/icon-yes.svg" alt="True">'
        in changelist
    )


def test_the_demo_week_reads_in_english(client):
    UserFactory(email="resident@gvalley.example")  # the calls' demo entrant
    demo.load(scale=0, progress=lambda iterable, **kwargs: iterable)
    html = page(client, "/events/gvalley-week/9/")
    assert language_of(html, "2024 G Valley Export Consultation") == "en"
    assert language_of(html, "60 years of Korea's industrial complexes") == "en"
    assert language_of(html, "L Convention") == "en"
    assert hangul_outside_korean(html) == []
    assert "Korean original" not in html  # every text of the week has its English
    event = Event.objects.get(slug="2024-smart-marathon")
    assert event.title_ko == "G밸리 스마트 마라톤" and event.title_en == "G Valley Smart Marathon"
    html = page(client, event.get_absolute_url())
    assert hangul_outside_korean(html) == []
    assert language_of(html, "Daeryung Post Tower 8") == "en"
    # The calls, their winners and picked stories: the works and stories are their makers' own
    # Korean words, marked as such; everything else is English.
    contest = Call.objects.get(slug=demo.CONTEST_SLUG)
    assert contest.results_published
    for url in [
        contest.get_absolute_url(),
        reverse("events:winners", kwargs={"slug": contest.slug}),
        Call.objects.get(slug=demo.STORIES_SLUG).get_absolute_url(),
        "/events/2024-geumcheon-live/",
    ]:
        html = page(client, url)
        assert hangul_outside_korean(html) == [], url
    html = page(client, contest.get_absolute_url())
    assert language_of(html, "Korea Digital Award GURO: drawing and webtoon contest") == "en"
    assert language_of(html, "Creativity") == "en"
    html = page(client, reverse("events:winners", kwargs={"slug": contest.slug}))
    assert language_of(html, "공장 굴뚝에서 빌딩 숲으로") == "ko"


def test_an_english_word_finds_an_event_by_its_english_title(client, week):
    _edition, translated, korean_only = week
    translated.save()  # its search vector, with the English texts
    html = client.get(english("/search/"), {"q": "export"}).content.decode()
    assert (
        f'href="{english(translated.get_absolute_url())}">AI <mark>export</mark> practice' in html
    )
    assert korean_only.get_absolute_url() not in html


def test_an_english_booking_request_keeps_the_korean_equipment_names(
    company_manager_client, company_manager
):
    from events.models import Booking
    from tests.events.factories import at, make_company

    space = make_space(equipment_en="Three LED screens\nWireless microphone")
    company = make_company("우리회사", manager=company_manager)
    url = english(reverse("events:space_request", kwargs={"slug": space.slug}))
    form = company_manager_client.get(url).content.decode()
    # The boxes say the English names; what is sent and kept is the Korean name staff read.
    assert re.search(r'value="대형 LED 화면 3면"[^>]*>\s*<label[^>]*>Three LED screens', form)
    data = {
        "company": company.pk,
        "date": at(7, 0).date().isoformat(),
        "start": "13:00",
        "end": "15:00",
        "purpose": "Product launch",
        "attendees": "50",
        "layout": "theatre",
        "equipment": ["무선 마이크"],
        "contact_name": "Kim",
        "contact_email": "contact@company.example",
        "contact_phone": "02-123-4567",
    }
    response = company_manager_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert Booking.objects.get().equipment == ["무선 마이크"]
