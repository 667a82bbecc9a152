"""Home section, demo loading, personal data, sitemap and bench pages."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse

import heritage.demo
from heritage import bench, privacy
from heritage.home import home_section
from heritage.models import (
    Gallery,
    Photo,
    Story,
    StoryStatus,
    TimelineEntry,
    VisitInfo,
    VisitRequest,
    VisitSlot,
)
from tests.factories import UserFactory

from .factories import (
    DraftStoryFactory,
    GalleryFactory,
    StoryFactory,
    StoryPhotoFactory,
    VisitInfoFactory,
    VisitRequestFactory,
)

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")


def test_home_section_shows_newest_public_story_and_todays_hours(
    rf, freezer_now, django_assert_max_num_queries
):
    # Frozen first, so that the story is published (a day before "now") at the frozen moment.
    freezer_now(datetime.datetime(2026, 11, 24, 11, tzinfo=SEOUL))
    VisitInfoFactory()
    story = StoryFactory(title="벌집 방 이야기")
    StoryPhotoFactory(story=story)
    DraftStoryFactory(title="아직 초안", published_at=None)
    # Once after content changed: the stories dated later and the newest, and the hours (shared).
    with django_assert_max_num_queries(5):
        section = home_section(rf.get("/"))
    card = section["story"]
    assert (card.title, card.url) == ("벌집 방 이야기", story.get_absolute_url())
    assert card.cover is not None
    assert section["status"]["today"].opens == datetime.time(10)


def test_newest_stories_are_read_once_and_a_story_dated_later_shows_from_its_moment(
    resident_client, freezer_now
):
    """The museum's first page shares the newest stories (signed in, so no page cache): a second
    visit reads no story row, a story dated later appears at its moment with nothing saved, and a
    new gallery appears once saved."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    start = datetime.datetime(2026, 11, 24, 11, tzinfo=SEOUL)
    freezer_now(start)
    VisitInfoFactory()
    for days in (1, 2, 3):
        StoryFactory(
            title=f"지난 이야기 {days}", published_at=start - datetime.timedelta(days=days)
        )
    StoryFactory(title="예약한 이야기", published_at=start + datetime.timedelta(hours=1))
    museum = reverse("heritage:index")
    body = resident_client.get(museum).content.decode()
    assert "예약한 이야기" not in body
    assert all(f"지난 이야기 {days}" in body for days in (1, 2, 3))
    with CaptureQueriesContext(connection) as queries:
        resident_client.get(museum)
    assert not [q for q in queries.captured_queries if "heritage_story" in q["sql"]]

    freezer_now(start + datetime.timedelta(hours=1))
    body = resident_client.get(museum).content.decode()
    assert "예약한 이야기" in body and "지난 이야기 3" not in body  # still the three newest
    GalleryFactory(title="새로 연 갤러리")
    assert "새로 연 갤러리" in resident_client.get(museum).content.decode()


def test_home_page_states_todays_hours_with_their_date_not_a_live_badge(client, freezer_now):
    freezer_now(datetime.datetime(2026, 11, 24, 11, tzinfo=SEOUL))
    VisitInfoFactory()
    StoryFactory(title="벌집 방 이야기")
    DraftStoryFactory(title="아직 초안")
    body = client.get("/").content.decode()
    section = body[body.index('id="home-heritage"') :]
    assert "벌집 방 이야기" in section
    assert "아직 초안" not in body
    assert "2026년 11월 24일 (화)" in section and "10:00" in section and "18:00" in section
    # The page is cached until content changes, so the server never states "open now" here:
    # the badge is filled in by heritage.js only while the page's date is today in Seoul.
    assert 'data-date="2026-11-24"' in section
    assert re.search(r"data-heritage-live[^>]*hidden", section)
    assert "지금 관람 가능" not in re.sub(r'data-[a-z-]+="[^"]*"', "", section)


def test_load_demo_is_idempotent_and_loads_the_real_facts():
    call_command("load_demo", verbosity=0)
    counts = [
        m.objects.count()
        for m in (VisitInfo, TimelineEntry, Story, Gallery, Photo, VisitSlot, VisitRequest)
    ]
    call_command("load_demo", verbosity=0)
    again = [
        m.objects.count()
        for m in (VisitInfo, TimelineEntry, Story, Gallery, Photo, VisitSlot, VisitRequest)
    ]
    assert counts == again
    titles = list(TimelineEntry.objects.values_list("title", flat=True))
    assert any("기업시민청" in t for t in titles) and any("명예관장" in t for t in titles)
    assert any("서울디지털산업단지" in t for t in titles)
    assert VisitInfo.objects.get().needs_confirmation is True
    assert Story.objects.filter(status=StoryStatus.DRAFT).exists()
    assert not Story.objects.filter(is_sample=False).exists()
    assert not Photo.objects.filter(alt_text="").exists()
    assert all(p.width and p.height for p in Photo.objects.all())


@pytest.mark.parametrize("language", ["ko", "en"])
def test_demo_visit_information_shows_no_unfinished_placeholder(client, language):
    heritage.demo.load_visit_info()
    prefix = "/en" if language == "en" else ""
    body = client.get(prefix + reverse("heritage:index")).content.decode()
    assert "확인 필요" not in body and "정확한 출구" not in body
    if language == "ko":
        assert "서울특별시 금천구 가산동" in body and "금천구청" in body
    else:  # the demo's English visit information (heritage/demo_data.json)
        assert "Gasan-dong, Geumcheon-gu, Seoul" in body and "Geumcheon-gu Office" in body
    # No fee is in the facts: the line is left out rather than guessed.
    assert "<dt>관람료</dt>" not in body and "<dt>Admission</dt>" not in body


def test_demo_replaces_its_earlier_placeholders_and_keeps_what_staff_changed():
    placeholders = heritage.demo.EARLIER_PLACEHOLDERS
    VisitInfo.objects.create(**{**placeholders, "admission": "무료 (토요일 해설 3,000원)"})
    heritage.demo.load_visit_info()
    info = VisitInfo.objects.get()
    assert info.address == "서울특별시 금천구 가산동"
    assert info.directions == "지하철 1·7호선 가산디지털단지역에서 걸어서 올 수 있습니다."
    assert info.contact == "금천구청"
    assert info.admission == "무료 (토요일 해설 3,000원)"


def test_bench_pages_resolve_against_loaded_data(client):
    call_command("load_demo", verbosity=0)
    pages = dict(bench.bench_pages())
    assert set(pages) == {
        "heritage home",
        "heritage timeline",
        "heritage visit",
        "heritage story",
        "heritage gallery",
    }
    for path in pages.values():
        assert client.get(path).status_code == 200


def test_sitemap_lists_public_stories_and_galleries_only(client):
    public = StoryFactory()
    draft = DraftStoryFactory()
    body = client.get("/sitemap.xml").content.decode()
    assert public.get_absolute_url() in body
    assert draft.get_absolute_url() not in body
    assert reverse("heritage:timeline") in body


def test_privacy_export_account_section_and_deletion():
    user = UserFactory()
    VisitRequestFactory(requester=user, contact_phone="010-1111-2222")
    other = VisitRequestFactory()
    data = privacy.export(user)["heritage_visit_requests"]
    assert len(data) == 1 and data[0]["contact_phone"] == "010-1111-2222"
    section = privacy.account_section(user)
    assert section["template"] == "heritage/_account_section.jinja"
    assert privacy.account_section(UserFactory()) is None
    privacy.before_user_delete(user)
    visit = VisitRequest.objects.get(requester=user)
    assert visit.contact_phone == "" and "010" not in visit.contact_email
    other.refresh_from_db()
    assert other.contact_phone == "02-123-4567"


def test_account_page_lists_my_visit_requests(resident_client, resident):
    VisitRequestFactory(requester=resident, group_name="우리 학교")
    body = resident_client.get(reverse("account_profile")).content.decode()
    assert "우리 학교" in body and "확인 대기" in body


def test_sample_rows_purge_cleanly_and_real_facts_stay():
    """Mirror purge_sample_data for this app: dependants first, nothing protected blocks it."""
    from django.apps import apps

    from heritage import demo

    demo.load(scale=0.01, progress=lambda iterable, desc, total=None: iterable)
    for model in reversed(list(apps.get_app_config("heritage").get_models())):
        if any(f.name == "is_sample" for f in model._meta.concrete_fields):
            model._default_manager.filter(is_sample=True).delete()
    assert not Story.objects.exists() and not Gallery.objects.exists()
    assert not VisitSlot.objects.exists() and not VisitRequest.objects.exists()
    assert TimelineEntry.objects.count() >= 10
    assert VisitInfo.objects.get().weekly_hours.count() == 7
