"""금천 순이의 집 in a real browser: accessibility, images, the photo viewer with and without JS."""

import datetime

import pytest
from playwright.sync_api import expect

from heritage.models import Story
from tests.browser.conftest import assert_accessible, image_loaded, screenshot, sign_in
from tests.heritage.factories import (
    DraftStoryFactory,
    GalleryFactory,
    PhotoFactory,
    StoryFactory,
    StoryPhotoFactory,
    TimelineEntryFactory,
    VisitInfoFactory,
    VisitSlotFactory,
    image_file,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def content(settings):
    VisitInfoFactory()
    entry = TimelineEntryFactory(title="한국 최초의 국가산업단지, 구로공단 조성")
    TimelineEntryFactory(
        title="G밸리 기업시민청 개관", date=datetime.date(2013, 12, 1), precision="month"
    )
    story = StoryFactory(
        title="미싱 앞의 열일곱",
        summary="열일곱에 상경한 봉제 공장 보조의 하루",
        body="<p>새벽 여섯 시, 공동 수돗가에 줄을 섰습니다.</p><blockquote><p>외롭지는 않았어요.</p></blockquote>",
        sources="시연용 재구성 글",
    )
    story.timeline_entries.add(entry)
    StoryPhotoFactory(story=story, image=image_file(size=(1600, 1000)), alt_text="좁은 쪽방 그림")
    StoryPhotoFactory(story=story, alt_text="공동 부엌 그림", caption="공동 부엌", position=1)
    DraftStoryFactory(title="비공개 초안")
    gallery = GalleryFactory(title="다시 지은 벌집 방", slug="beehive")
    photos = [
        PhotoFactory(
            gallery=gallery,
            image=image_file(size=(1400, 900)),
            alt_text=f"벌집 방 그림 {i + 1}",
            caption=f"벌집 방 {i + 1}",
        )
        for i in range(3)
    ]
    VisitSlotFactory()
    return {"story": story, "gallery": gallery, "photos": photos}


PAGES = ["/heritage/", "/heritage/timeline/", "story", "gallery", "photo", "/heritage/visit/"]


def _path(content, name):
    return {
        "story": content["story"].get_absolute_url(),
        "gallery": content["gallery"].get_absolute_url(),
        "photo": content["photos"][1].get_absolute_url(),
    }.get(name, name)


def test_heritage_pages_are_accessible_at_both_widths(page, phone_page, content):
    for tab in (page, phone_page):
        width = tab.viewport_size["width"]
        for name in PAGES:
            path = _path(content, name)
            tab.goto(path)
            assert_accessible(tab, f"{path} at {width}px")
            assert tab.evaluate("document.documentElement.scrollWidth") <= width, path
            label = name.strip("/").replace("heritage", "").strip("/").replace("/", "-") or "index"
            screenshot(tab, f"heritage-{label}-{width}")
    assert page.console_errors == []


def test_images_have_alt_and_dimensions_and_load(page, content):
    for name in ["story", "gallery", "photo", "/heritage/"]:
        page.goto(_path(content, name))
        images = page.locator("main img")
        assert images.count() > 0, name
        for i in range(images.count()):
            image = images.nth(i)
            assert image.get_attribute("alt"), name
            assert int(image.get_attribute("width")) > 0 and int(image.get_attribute("height")) > 0
            assert image_loaded(image), name


def test_photo_viewer_with_the_keyboard(page, content):
    first, second, third = content["photos"]
    page.goto(first.get_absolute_url())
    assert page.locator("h1").inner_text() == "벌집 방 1"
    assert page.get_by_text("키보드의 ← → 키로도").is_visible()
    page.keyboard.press("ArrowRight")
    page.wait_for_url(f"**{second.get_absolute_url()}")
    assert page.locator("h1").inner_text() == "벌집 방 2"
    page.keyboard.press("ArrowLeft")
    page.wait_for_url(f"**{first.get_absolute_url()}")
    # Tab reaches the "next" link, which Enter follows.
    page.locator('[rel="next"]').focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{second.get_absolute_url()}")


def test_photo_viewer_works_without_javascript(browser, live_server, content):
    context = browser.new_context(
        java_script_enabled=False, base_url=live_server.url, locale="ko-KR"
    )
    tab = context.new_page()
    try:
        gallery = content["gallery"]
        tab.goto(gallery.get_absolute_url())
        tab.get_by_role("link", name="벌집 방 그림 1").click()
        expect(tab.locator("h1")).to_have_text("벌집 방 1")
        tab.get_by_role("link", name="다음 사진").click()
        expect(tab.locator("h1")).to_have_text("벌집 방 2")
        tab.get_by_role("link", name="이전 사진").click()
        expect(tab.locator("h1")).to_have_text("벌집 방 1")
        assert not tab.get_by_text("키보드의 ← → 키로도").is_visible()
    finally:
        context.close()


def test_home_shows_the_live_badge_only_through_javascript(page, content):
    page.goto("/")
    section = page.locator(".heritage-home")
    assert section.get_by_role("link", name="미싱 앞의 열일곱").is_visible()
    badge = section.locator("[data-heritage-live]")
    # heritage.js fills the badge because the page's date is today in Seoul.
    assert badge.is_visible()
    assert badge.inner_text() in ("지금 관람 가능", "지금은 닫혀 있음")
    assert "비공개 초안" not in page.content()
    assert_accessible(page, "home with heritage section")
    section.screenshot(path="tests/artifacts/heritage-home-section-1280.png")


def test_story_page_shows_no_draft_to_the_public(page, content):
    page.goto("/heritage/stories/")
    assert page.get_by_role("link", name="미싱 앞의 열일곱").is_visible()
    assert "비공개 초안" not in page.content()


def test_staff_write_preview_and_publish_a_story_in_the_admin(
    page, browser, live_server, settings, tmp_path
):
    from tests.factories import PASSWORD, StaffFactory

    staff = StaffFactory()
    picture = tmp_path / "room.png"
    picture.write_bytes(image_file(size=(1200, 800)).read())

    sign_in(page, staff.email, PASSWORD)
    page.goto("/admin/heritage/story/add/")
    page.locator("#id_title_ko").fill("벌집 방의 겨울")
    page.locator("#id_period_ko").fill("1970년대 후반")
    page.locator("#id_summary_ko").fill("연탄 한 장으로 버틴 겨울밤")
    page.locator("#id_body_ko").fill("<p>겨울이면 연탄 화덕 곁에 모여 앉았습니다.</p>")
    page.locator("#id_photos-0-image").set_input_files(str(picture))
    page.locator("#id_photos-0-alt_text_ko").fill("연탄 화덕 곁에 모인 사람들을 그린 그림")
    page.locator("#id_photos-0-caption_ko").fill("겨울밤")
    page.locator("#id_photos-0-credit_ko").fill("금천구")
    page.locator('input[name="_continue"]').click()
    page.wait_for_url("**/change/")
    screenshot(page, "heritage-admin-story-1280")

    # Preview the draft from the admin ("view on site"), as staff.
    page.locator("a.viewsitelink").click()
    page.wait_for_load_state()
    story = Story.objects.get()
    assert story.slug == "벌집-방의-겨울"  # prepopulated from the Korean title
    assert page.url.endswith(story.get_absolute_url())
    expect(page.get_by_text("아직 공개하지 않은 초안입니다")).to_be_visible()
    image = page.get_by_role("img", name="연탄 화덕 곁에 모인 사람들을 그린 그림")
    assert image_loaded(image)

    # The public cannot see it yet.
    public = browser.new_context(base_url=live_server.url, locale="ko-KR")
    visitor = public.new_page()
    try:
        assert visitor.goto(story.get_absolute_url()).status == 404

        # Publish it in the admin; the public now reads it.
        page.go_back()
        page.locator("#id_status").select_option("published")
        page.locator('input[name="_save"]').click()
        page.wait_for_url("**/admin/heritage/story/")
        assert visitor.goto(story.get_absolute_url()).status == 200
        assert visitor.locator("h1").inner_text() == "벌집 방의 겨울"
        assert "아직 공개하지 않은 초안입니다" not in visitor.content()
    finally:
        public.close()
