"""What a visitor reads on the museum's pages: slots, hours, cards, the menu, English, escaping.

Each test reads the HTML of a real response, as a visitor's browser gets it.
"""

import datetime
import html
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from gvalley.templatetags.portal import kdate
from heritage.models import VisitRequest
from tests.addresses import english
from tests.markup import language_of

from .factories import (
    GalleryFactory,
    PhotoFactory,
    SpecialDayFactory,
    StoryFactory,
    StoryPhotoFactory,
    TimelineEntryFactory,
    VisitInfoFactory,
    VisitRequestFactory,
    VisitSlotFactory,
    request_data,
)

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")
TUESDAY = datetime.date(2026, 11, 24)
PAYLOAD = "\"'><svg/onload=alert(1)>"


def at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SEOUL)


def get(client, url, language="ko", **params):
    if language == "en":
        url = english(url)
    response = client.get(url, params)
    assert response.status_code == 200, url
    body = response.content.decode()
    return body[body.index("<main") : body.index("</main>")]


def rows(body):
    return re.findall(r"<tr\b.*?</tr>", body, re.S)


def text(markup):
    """Return what a reader sees of some markup: its text, white space collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", markup)).split())


@pytest.mark.parametrize(
    "language,places,request_label,full",
    [("ko", "25명 / 40명", "신청", "마감"), ("en", "25 of 40", "Request", "Full")],
)
def test_visit_page_links_slots_with_places_and_marks_full_ones(
    client, language, places, request_label, full
):
    day = timezone.localdate() + datetime.timedelta(days=30)
    starts = at(day, 14)
    open_slot = VisitSlotFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=1))
    VisitRequest.objects.create(slot=open_slot, **request_data(people=15))
    later = at(day, 16)
    full_slot = VisitSlotFactory(
        starts_at=later, ends_at=later + datetime.timedelta(hours=1), capacity=10
    )
    VisitRequest.objects.create(slot=full_slot, **request_data(people=10))

    body = get(client, reverse("heritage:visit"), language)

    open_row, full_row = rows(body)[1:]
    request_url = reverse("heritage:visit_request", kwargs={"pk": open_slot.pk})
    assert f'<time datetime="{starts.isoformat()}">' in open_row
    assert "14:00–15:00" in text(open_row) and places in text(open_row)
    link = re.search(r'<a href="([^"]+)">(.*?)</a>', open_row, re.S)
    assert link.group(1) == request_url
    # The link names its slot for screen readers: "Request Thu, 24 Dec 2026 14:00".
    with translation.override(language):
        assert text(link.group(2)) == f"{request_label} {kdate(day)} 14:00"
    assert "<a " not in full_row and f'<span class="badge">{full}</span>' in full_row
    assert client.get(request_url).status_code == 302  # the link leads to sign-in first


def test_visit_page_without_slots_says_none_are_open(client):
    body = get(client, reverse("heritage:visit"))
    assert "<table" not in body
    assert "지금 신청할 수 있는 시간대가 없습니다" in body


def test_week_table_shows_today_first_closed_days_and_announced_changes(client, freezer_now):
    info = VisitInfoFactory()
    SpecialDayFactory(visit_info=info, date=TUESDAY + datetime.timedelta(days=1), reason="점검")
    SpecialDayFactory(
        visit_info=info,
        date=TUESDAY + datetime.timedelta(days=2),
        kind="hours",
        opens=datetime.time(12),
        closes=datetime.time(20),
        reason="야간 개장",
    )
    freezer_now(at(TUESDAY, 11))

    body = get(client, reverse("heritage:index"))

    week = rows(body[body.index('class="heritage-hours"') :])[1:8]
    assert [re.search(r'datetime="([^"]+)"', row).group(1) for row in week] == [
        (TUESDAY + datetime.timedelta(days=i)).isoformat() for i in range(7)
    ]
    assert 'class="is-today"' in week[0] and all("is-today" not in row for row in week[1:])
    assert text(week[0]).endswith("10:00–18:00")
    assert text(week[1]).endswith("임시 휴관 · 점검")
    assert text(week[2]).endswith("12:00–20:00 · 변경 야간 개장")
    assert text(week[6]).endswith("휴관")  # Monday, the weekly closed day
    specials = re.findall(r"<li>.*?</li>", body[body.index("heritage-specials") :], re.S)[:2]
    assert [text(item) for item in specials] == [
        "2026년 11월 25일 (수): 임시 휴관 (점검)",
        "2026년 11월 26일 (목): 12:00–20:00 (야간 개장)",
    ]
    today = body[body.index("heritage-today") : body.index("</p>", body.index("heritage-today"))]
    assert 'data-opens="10:00" data-closes="18:00"' in today
    assert "지금 관람 가능" in text(today) and "오늘 2026년 11월 24일 (화): 10:00–18:00" in text(
        today
    )


def test_today_with_changed_hours_says_why(client, freezer_now):
    info = VisitInfoFactory()
    SpecialDayFactory(
        visit_info=info,
        date=TUESDAY,
        kind="hours",
        opens=datetime.time(13),
        closes=datetime.time(17),
        reason="행사 준비",
    )
    freezer_now(at(TUESDAY, 11))
    body = get(client, reverse("heritage:index"))
    assert (
        "지금은 닫혀 있음 오늘 2026년 11월 24일 (화): 13:00–17:00 (운영 시간 변경: 행사 준비)"
        in text(body)
    )


def test_index_without_visit_information_says_it_is_being_prepared(client):
    body = get(client, reverse("heritage:index"))
    assert "관람 안내를 준비하고 있습니다." in body and "heritage-today" not in body


MENU = ["index", "timeline", "story_list", "gallery_list", "visit"]


@pytest.mark.parametrize("current", MENU)
def test_menu_marks_the_page_shown_and_only_it(client, current):
    body = get(client, reverse(f"heritage:{current}"))
    menu = body[body.index('class="heritage-nav"') : body.index("</nav>")]
    links = re.findall(r'<a href="([^"]+)"([^>]*)>', menu)
    assert [href for href, _ in links] == [reverse(f"heritage:{name}") for name in MENU]
    assert [href for href, attrs in links if 'aria-current="page"' in attrs] == [
        reverse(f"heritage:{current}")
    ]


def test_gallery_cards_count_photos_and_shorten_long_descriptions(client):
    gallery = GalleryFactory(title="긴 소개 갤러리", description="가" * 200, position=0)
    PhotoFactory(gallery=gallery)
    GalleryFactory(title="한 장 갤러리", description="", position=1)
    body = get(client, reverse("heritage:gallery_list"), "en")
    cards = {
        # The titles have no English: the Korean original, marked (in_language).
        re.search(r'<h2><a [^>]*><span lang="ko">([^<]+)</span>', card).group(1): card
        for card in re.findall(r'<li class="heritage-card">.*?</li>', body, re.S)
    }
    long_card = cards["긴 소개 갤러리"]
    assert "1 photo" in long_card and "1 photos" not in long_card
    assert "가" * 119 + "…" in long_card and "가" * 120 not in long_card
    assert "0 photos" in cards["한 장 갤러리"] and cards["한 장 갤러리"].count("<p") == 1


def test_story_cards_give_kind_period_and_link(client):
    story = StoryFactory(title="미싱 앞의 열일곱", kind="archive", period="1980년대")
    body = get(client, reverse("heritage:story_list"), "en")
    card = re.search(r'<li class="heritage-card">.*?</li>', body, re.S).group(0)
    assert f'<a href="{story.get_absolute_url()}"><span lang="ko">미싱 앞의 열일곱</span>' in card
    assert "Archival piece · 1980년대" in text(card)
    assert language_of(card, "1980년대") == "ko"


def test_story_search_without_results_repeats_the_query(client):
    StoryFactory()
    body = get(client, reverse("heritage:story_list"), q="없는말")
    assert "'없는말'에 맞는 이야기가 없습니다." in text(body)
    assert 'value="없는말"' in body


def test_timeline_links_each_entry_to_its_public_stories(client):
    entry = TimelineEntryFactory(title="구로공단 조성")
    first, second = StoryFactory(title="첫 이야기"), StoryFactory(title="둘째 이야기")
    entry.stories.add(first, second)
    body = get(client, reverse("heritage:timeline"))
    related = re.search(r'<p class="meta">.*?</p>', body, re.S).group(0)
    assert text(related) in (
        "관련 이야기: 둘째 이야기, 첫 이야기",
        "관련 이야기: 첫 이야기, 둘째 이야기",
    )
    assert f'href="{first.get_absolute_url()}"' in related
    assert f'href="{second.get_absolute_url()}"' in related


def test_timeline_links_a_scheduled_story_from_its_moment_on(resident_client, monkeypatch):
    """The timeline is kept as shared data; a linked story dated later appears when its time
    comes, with no content change in between (signed in: no page cache)."""
    entry = TimelineEntryFactory(title="구로공단 조성")
    soon = timezone.now() + datetime.timedelta(hours=1)
    entry.stories.add(StoryFactory(title="예약된 이야기", published_at=soon))
    assert "예약된 이야기" not in text(get(resident_client, reverse("heritage:timeline")))
    later = soon + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "예약된 이야기" in text(get(resident_client, reverse("heritage:timeline")))


def test_gallery_photos_link_to_their_own_pages_with_captions_and_credits(client):
    gallery = GalleryFactory()
    photo = PhotoFactory(gallery=gallery, caption="공동 부엌", credit="금천구")
    bare = PhotoFactory(gallery=gallery, caption="", credit="")
    body = get(client, gallery.get_absolute_url(), "en")
    items = re.findall(r"<li>\s*<figure>.*?</li>", body, re.S)
    assert f'href="{photo.get_absolute_url()}"' in items[0]
    caption = re.search(r"<figcaption>.*?</figcaption>", items[0], re.S).group(0)
    # No English caption and credit: each the Korean original, marked.
    assert text(caption) == "공동 부엌 Korean original Credit: 금천구 Korean original"
    assert language_of(caption, "공동 부엌") == language_of(caption, "금천구") == "ko"
    assert f'href="{bare.get_absolute_url()}"' in items[1] and "<figcaption" not in items[1]
    assert "2 photos · open a photo" in text(body)


@pytest.mark.parametrize("language,words", [("ko", "1 / 2"), ("en", "1 / 2")])
def test_photo_page_counts_its_place_in_the_gallery(client, language, words):
    gallery = GalleryFactory()
    first = PhotoFactory(gallery=gallery, caption="", alt_text="쪽방 그림")
    PhotoFactory(gallery=gallery)
    body = get(client, first.get_absolute_url(), language)
    # No caption: the alt text is the title.
    assert text(re.search(r"<h1>.*?</h1>", body, re.S).group(0)).startswith("쪽방 그림")
    assert f'<span class="photo-count">{words}</span>' in body


def test_account_page_shows_each_request_with_its_state(resident_client, resident):
    starts = at(TUESDAY + datetime.timedelta(days=30), 10)
    slot = VisitSlotFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=1))
    VisitRequestFactory(requester=resident, slot=slot, group_name="가산초", people=12)
    VisitRequestFactory(requester=resident, group_name="확정 학교", status="confirmed")
    body = resident_client.get(english(reverse("account_profile"))).content.decode()
    section = body[body.index('id="heritage-requests-title"') :]
    section = section[: section.index("</section>")]
    assert "가산초 · 12 people" in text(section)
    assert f'<time datetime="{starts.isoformat()}">' in section and "10:00–11:00" in text(section)
    assert re.search(r'class="badge badge-ok">[^<]+</span>', section)


def test_visitor_text_never_comes_back_as_markup(client, staff_client, freezer_now):
    """Staff and visitors write these fields; every page prints them as text."""
    info = VisitInfoFactory(
        address=PAYLOAD, directions=PAYLOAD, contact=PAYLOAD, notes=PAYLOAD, admission=PAYLOAD
    )
    SpecialDayFactory(visit_info=info, date=TUESDAY, reason=PAYLOAD)
    SpecialDayFactory(visit_info=info, date=TUESDAY + datetime.timedelta(days=1), reason=PAYLOAD)
    freezer_now(at(TUESDAY - datetime.timedelta(days=1), 11))
    story = StoryFactory(title=PAYLOAD, summary=PAYLOAD, period=PAYLOAD, sources=PAYLOAD)
    StoryPhotoFactory(story=story, alt_text=PAYLOAD, caption=PAYLOAD, credit=PAYLOAD)
    StoryPhotoFactory(story=story, alt_text=PAYLOAD, caption=PAYLOAD, credit=PAYLOAD)
    entry = TimelineEntryFactory(title=PAYLOAD, text=PAYLOAD, period_label=PAYLOAD)
    entry.stories.add(story)
    gallery = GalleryFactory(title=PAYLOAD, description=PAYLOAD)
    photo = PhotoFactory(gallery=gallery, alt_text=PAYLOAD, caption=PAYLOAD, credit=PAYLOAD)
    PhotoFactory(gallery=gallery, alt_text=PAYLOAD, caption=PAYLOAD, credit=PAYLOAD)
    urls = [
        "/",
        reverse("heritage:index"),
        reverse("heritage:timeline"),
        reverse("heritage:story_list"),
        reverse("heritage:story_list") + "?q=" + PAYLOAD,
        story.get_absolute_url(),
        reverse("heritage:gallery_list"),
        gallery.get_absolute_url(),
        photo.get_absolute_url(),
    ]
    for viewer in (client, staff_client):
        for url in urls:
            body = viewer.get(url).content.decode()
            assert PAYLOAD not in body, url
            assert "<svg" not in body, url
    # The search box gives the query back as the field's value, escaped.
    body = get(client, reverse("heritage:story_list"), q=PAYLOAD)
    assert 'value="&#34;&#39;&gt;&lt;svg/onload=alert(1)&gt;"' in body
