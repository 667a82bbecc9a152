"""Public pages: permissions, drafts hidden from the public, images, query budgets."""

import datetime
import re

import pytest
from django.urls import reverse

from gvalley.cache import forget_shared_data
from heritage.models import VisitRequest

from .factories import (
    DraftStoryFactory,
    GalleryFactory,
    PhotoFactory,
    StoryFactory,
    StoryPhotoFactory,
    TimelineEntryFactory,
    VisitInfoFactory,
    VisitSlotFactory,
    request_data,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident", "company_manager", "council_member", "staff"]


@pytest.fixture
def as_role(request, client):
    """Return a client for a role name."""

    def get(role):
        if role == "anonymous":
            return client
        user = request.getfixturevalue(role)
        client.force_login(user)
        return client

    return get


@pytest.fixture
def content(db):
    VisitInfoFactory()
    story = StoryFactory(title="공개된 이야기")
    StoryPhotoFactory(story=story)
    draft = DraftStoryFactory(title="비공개 초안 제목")
    gallery = GalleryFactory()
    photos = [PhotoFactory(gallery=gallery) for _ in range(3)]
    hidden_gallery = GalleryFactory(is_published=False, title="비공개 갤러리")
    PhotoFactory(gallery=hidden_gallery)
    entry = TimelineEntryFactory()
    story.timeline_entries.add(entry)
    draft.timeline_entries.add(entry)
    slot = VisitSlotFactory()
    return {
        "story": story,
        "draft": draft,
        "gallery": gallery,
        "photos": photos,
        "hidden_gallery": hidden_gallery,
        "slot": slot,
    }


def public_urls(content):
    return [
        reverse("heritage:index"),
        reverse("heritage:timeline"),
        reverse("heritage:story_list"),
        content["story"].get_absolute_url(),
        reverse("heritage:gallery_list"),
        content["gallery"].get_absolute_url(),
        content["photos"][1].get_absolute_url(),
        reverse("heritage:visit"),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_public_pages_answer_everyone_with_one_h1(as_role, content, role):
    client = as_role(role)
    for url in public_urls(content):
        response = client.get(url)
        assert response.status_code == 200, url
        assert len(re.findall(r"<h1[\s>]", response.content.decode())) == 1, url


@pytest.mark.parametrize(
    "role,status",
    [
        ("anonymous", 404),
        ("resident", 404),
        ("company_manager", 404),
        ("council_member", 404),
        ("staff", 200),
    ],
)
def test_draft_story_preview_is_for_staff_only(as_role, content, role, status):
    response = as_role(role).get(content["draft"].get_absolute_url())
    assert response.status_code == status
    if status == 200:
        body = response.content.decode()
        assert "미리보기" in body and "비공개 초안 제목" in body
        assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("role", ["anonymous", "resident", "council_member"])
def test_drafts_are_invisible_on_every_public_page(as_role, content, role):
    client = as_role(role)
    urls = [*public_urls(content), "/", "/sitemap.xml", reverse("heritage:story_list") + "?q=초안"]
    for url in urls:
        body = client.get(url).content.decode()
        assert "비공개 초안" not in body, url
        assert content["draft"].slug not in body, url
        assert "비공개 갤러리" not in body, url


def test_scheduled_story_stays_hidden_until_its_time(client, content):
    import datetime

    from django.utils import timezone

    later = StoryFactory(
        title="예약 공개", published_at=timezone.now() + datetime.timedelta(days=1)
    )
    assert client.get(later.get_absolute_url()).status_code == 404
    assert "예약 공개" not in client.get(reverse("heritage:story_list")).content.decode()


def test_a_scheduled_story_opens_at_its_time_for_a_signed_in_reader(resident_client, monkeypatch):
    """The story page is shared data: kept before its moment, it still opens only then, and an
    edit shows at once."""
    import datetime

    from django.utils import timezone

    moment = timezone.now() + datetime.timedelta(hours=1)
    story = StoryFactory(title="예약 공개", published_at=moment)
    assert resident_client.get(story.get_absolute_url()).status_code == 404
    monkeypatch.setattr(timezone, "now", lambda: moment + datetime.timedelta(minutes=1))
    assert "예약 공개" in resident_client.get(story.get_absolute_url()).content.decode()
    story.title = "고친 제목"
    story.save()
    assert "고친 제목" in resident_client.get(story.get_absolute_url()).content.decode()
    assert resident_client.get("/heritage/stories/" + "가" * 500 + "/").status_code == 404


def test_a_gallery_page_is_read_once_and_follows_every_change(resident_client):
    """Shared data for every visitor: a second visit reads no gallery row, yet a photo added or
    the gallery withdrawn shows at once; an address longer than any slug is a 404."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    gallery = GalleryFactory(title="벌집 방")
    PhotoFactory(gallery=gallery, caption="첫 사진")
    url = gallery.get_absolute_url()
    assert "첫 사진" in resident_client.get(url).content.decode()
    with CaptureQueriesContext(connection) as queries:
        assert resident_client.get(url).status_code == 200
    assert not [q for q in queries.captured_queries if "heritage_gallery" in q["sql"]]
    PhotoFactory(gallery=gallery, caption="둘째 사진")
    assert "둘째 사진" in resident_client.get(url).content.decode()
    gallery.is_published = False
    gallery.save()
    assert resident_client.get(url).status_code == 404
    assert resident_client.get("/heritage/galleries/" + "가" * 500 + "/").status_code == 404


def test_unpublished_gallery_and_its_photos_are_404(client, content):
    hidden = content["hidden_gallery"]
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(hidden.photos.first().get_absolute_url()).status_code == 404


def test_photo_of_another_gallery_is_404(client, content):
    other = PhotoFactory()
    url = reverse("heritage:photo_detail", kwargs={"slug": content["gallery"].slug, "pk": other.pk})
    assert client.get(url).status_code == 404


def test_photo_pages_link_previous_and_next_without_javascript(client, content):
    first, middle, last = content["photos"]
    body = client.get(middle.get_absolute_url()).content.decode()
    assert f'href="{first.get_absolute_url()}" rel="prev"' in body
    assert f'href="{last.get_absolute_url()}" rel="next"' in body
    assert "2 / 3" in body
    body = client.get(first.get_absolute_url()).content.decode()
    assert 'rel="prev"' not in body and f'href="{middle.get_absolute_url()}" rel="next"' in body


def test_every_image_has_alt_text_and_dimensions(client, content):
    for url in public_urls(content):
        body = client.get(url).content.decode()
        for tag in re.findall(r"<img\b[^>]*>", body):
            assert re.search(r'\balt="[^"]+"', tag), (url, tag)
            assert re.search(r'\bwidth="\d+"', tag) and re.search(r'\bheight="\d+"', tag), (
                url,
                tag,
            )
    gallery_body = client.get(content["gallery"].get_absolute_url()).content.decode()
    images = re.findall(r"<img\b[^>]*>", gallery_body)
    assert len(images) == 3
    assert all('loading="lazy"' in tag and "srcset=" in tag for tag in images)


def test_story_page_shows_photos_with_captions_credits_sources_and_timeline(client, content):
    story = content["story"]
    story.sources = "구술: 익명의 봉제 노동자\n금천구 자료집"
    story.save()
    body = client.get(story.get_absolute_url()).content.decode()
    assert "작업장" in body and "금천구" in body
    assert "구술: 익명의 봉제 노동자" in body
    assert "연표 항목" in body


@pytest.mark.parametrize("language", ["ko", "en"])
def test_public_pages_skip_no_heading_level(client, content, language):
    # The list pages put the cards' titles right under the page's <h1>; the museum's front page
    # puts them under a section's <h2>.
    prefix = "/en" if language == "en" else ""
    for url in public_urls(content):
        body = client.get(prefix + url).content.decode()
        main = body[body.index("<main") : body.index("</main>")]
        levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", main)]
        skips = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
        assert not skips, f"{url}: headings {levels}"


def test_story_page_gives_its_publication_time_without_microseconds(client):
    published = datetime.datetime(2024, 9, 2, 1, 30, 15, 123456, tzinfo=datetime.UTC)
    story = StoryFactory(published_at=published)
    body = client.get(story.get_absolute_url()).content.decode()
    # HTML allows at most three digits of a second's fraction in <time datetime>.
    assert '<time datetime="2024-09-02T10:30:15+09:00">' in body


def test_story_body_is_sanitised(client):
    story = StoryFactory(
        body='<p>좋은 글</p><script>alert(1)</script><a href="javascript:x()">링크</a>'
    )
    body = client.get(story.get_absolute_url()).content.decode()
    assert "alert(1)" not in body and "javascript:" not in body
    assert "좋은 글" in body


def test_story_search_finds_korean_substrings(client, content):
    StoryFactory(title="미싱 앞의 열일곱", body="<p>봉제 공장</p>")
    body = client.get(reverse("heritage:story_list"), {"q": "미싱"}).content.decode()
    assert "미싱 앞의 열일곱" in body
    assert "공개된 이야기" not in body


def test_timeline_is_an_ordered_list_with_time_elements(client):
    TimelineEntryFactory(title="1990년대 이름 변경", date="1990-01-01", precision="decade")
    TimelineEntryFactory(title="기업시민청 개관", date="2013-12-01", precision="month")
    body = client.get(reverse("heritage:timeline")).content.decode()
    assert '<ol class="timeline">' in body
    assert '<time datetime="1990">1990년대</time>' in body
    assert '<time datetime="2013-12">2013년 12월</time>' in body
    assert body.index("1990년대 이름 변경") < body.index("기업시민청 개관")


def _measure(client, url, django_assert_max_num_queries, budget):
    from django.core.cache import cache

    cache.clear()
    forget_shared_data()
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", [1, 15])
def test_query_budgets_do_not_grow_with_rows(client, rows, django_assert_max_num_queries):
    VisitInfoFactory()
    gallery = GalleryFactory(slug="big")
    photos = [PhotoFactory(gallery=gallery) for _ in range(rows)]
    entries = [TimelineEntryFactory() for _ in range(rows)]
    for i in range(rows):
        story = StoryFactory()
        StoryPhotoFactory(story=story)
        story.timeline_entries.add(entries[i])
        GalleryFactory()
        VisitSlotFactory()
    budgets = {
        reverse("heritage:index"): 5,
        reverse("heritage:timeline"): 3,
        reverse("heritage:story_list"): 2,
        story.get_absolute_url(): 2,
        reverse("heritage:gallery_list"): 2,
        gallery.get_absolute_url(): 1,
        photos[-1].get_absolute_url(): 4,
        reverse("heritage:visit"): 3,
    }
    for url, budget in budgets.items():
        _measure(client, url, django_assert_max_num_queries, budget)


def test_visit_page_lists_places_left(client, content):
    slot = content["slot"]
    VisitRequest.objects.create(slot=slot, **request_data(people=15))
    body = client.get(reverse("heritage:visit")).content.decode()
    assert "25명 / 40명" in body


def test_visit_request_needs_sign_in(client, content):
    url = reverse("heritage:visit_request", kwargs={"pk": content["slot"].pk})
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(url, request_data()).status_code == 302
    assert not VisitRequest.objects.exists()


@pytest.mark.parametrize("role", ["resident", "company_manager", "council_member", "staff"])
def test_signed_in_users_can_request_a_visit(as_role, content, role):
    client = as_role(role)
    url = reverse("heritage:visit_request", kwargs={"pk": content["slot"].pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {**request_data(people=12), "consent": "on"})
    assert response.status_code == 302
    visit = VisitRequest.objects.get()
    assert visit.people == 12 and visit.requester is not None


def test_request_over_capacity_is_refused_with_a_korean_message(resident_client, content):
    slot = content["slot"]
    VisitRequest.objects.create(slot=slot, **request_data(people=35))
    url = reverse("heritage:visit_request", kwargs={"pk": slot.pk})
    response = resident_client.post(url, {**request_data(people=6), "consent": "on"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "남은 자리는 5명이라 6명 단체는 신청할 수 없습니다" in body
    assert VisitRequest.objects.count() == 1


def test_request_for_closed_slot_is_404(resident_client, content):
    slot = content["slot"]
    slot.is_open = False
    slot.save()
    url = reverse("heritage:visit_request", kwargs={"pk": slot.pk})
    assert resident_client.get(url).status_code == 404


def test_index_cards_show_each_first_photo_and_the_photo_count(client):
    story = StoryFactory(title="사진 둘 이야기")
    StoryPhotoFactory(story=story, position=2, alt_text="둘째 사진")
    StoryPhotoFactory(story=story, position=1, alt_text="첫째 사진")
    StoryFactory(title="사진 없는 이야기")
    gallery = GalleryFactory(title="사진 셋 갤러리", position=0)
    for position, alt in [(3, "셋째"), (1, "첫째 장"), (2, "둘째")]:
        PhotoFactory(gallery=gallery, position=position, alt_text=alt)
    GalleryFactory(title="빈 갤러리", position=1)
    body = client.get(reverse("heritage:index")).content.decode()
    cards = re.findall(r'<li class="heritage-card">.*?</li>', body, re.S)
    titles = [re.search(r"<h3><a [^>]*>(?:<span>)?([^<]+)</", card).group(1) for card in cards]
    by_title = dict(zip(titles, cards, strict=True))
    assert re.findall(r'alt="([^"]+)"', by_title["사진 둘 이야기"]) == ["첫째 사진"]
    assert "<img" not in by_title["사진 없는 이야기"]
    assert re.findall(r'alt="([^"]+)"', by_title["사진 셋 갤러리"]) == ["첫째 장"]
    assert "사진 3장" in by_title["사진 셋 갤러리"]
    assert "<img" not in by_title["빈 갤러리"] and "사진 0장" in by_title["빈 갤러리"]


def test_gallery_and_story_pages_show_photos_in_their_order(client):
    gallery = GalleryFactory()
    for position, alt in [(2, "나중 사진"), (0, "처음 사진"), (1, "가운데 사진")]:
        PhotoFactory(gallery=gallery, position=position, alt_text=alt)
    body = client.get(gallery.get_absolute_url()).content.decode()
    assert re.findall(r'alt="([^"]+)"', body) == ["처음 사진", "가운데 사진", "나중 사진"]
    story = StoryFactory()
    for position, alt in [(1, "둘째 사진"), (0, "첫 사진")]:
        StoryPhotoFactory(story=story, position=position, alt_text=alt)
    body = client.get(story.get_absolute_url()).content.decode()
    assert re.findall(r'alt="([^"]+)"', body) == ["첫 사진", "둘째 사진"]
