"""The museum's pages in English: English content where it is written, else the Korean original marked.

Every visible text run (script and style skipped) is checked with the language a screen reader
reads it in (tests/markup.py): on /en/ pages no Hangul may stand outside a lang="ko" element.
Models are made with their Korean texts (`title_ko`, KoreanTextsFactory); English is given as
`title_en`.
"""

import re

import pytest
from django.urls import reverse

import heritage.demo
from heritage.models import Gallery, Photo, Story, TimelineEntry
from tests.addresses import english
from tests.markup import HANGUL, attribute_languages, hangul_outside_korean, language_of

from .factories import (
    GalleryFactory,
    PhotoFactory,
    SpecialDayFactory,
    StoryFactory,
    StoryPhotoFactory,
    TimelineEntryFactory,
    VisitInfoFactory,
)
from .test_admin import story_post

pytestmark = pytest.mark.django_db

NOTE = "Korean original"


def load_demo():
    heritage.demo.load(scale=0, progress=lambda items, **kwargs: items)


def get(client, path):
    """Return a page without its head (the <title> names the content too, unmarked)."""
    response = client.get(path)
    assert response.status_code == 200, path
    return re.sub(r"<head>.*?</head>", "", response.content.decode(), count=1, flags=re.S)


def public_pages():
    """Return the English addresses of the museum's public pages for what is in the database."""
    story = Story.objects.published().order_by("pk").first()
    gallery = Gallery.objects.published().order_by("position", "pk").first()
    photo = Photo.objects.filter(gallery=gallery).order_by("position", "pk").first()
    paths = [
        reverse("heritage:index"),
        reverse("heritage:timeline"),
        reverse("heritage:story_list"),
        story.get_absolute_url(),
        reverse("heritage:gallery_list"),
        gallery.get_absolute_url(),
        photo.get_absolute_url(),
        reverse("heritage:visit"),
    ]
    return [english(path) for path in paths]


def test_the_demo_museum_reads_in_english_with_no_hangul_outside_korean(client):
    load_demo()
    for path in public_pages():
        html = get(client, path)
        assert hangul_outside_korean(html) == [], path
        assert NOTE not in html, path  # the demo's texts all have their English
    timeline = get(client, english(reverse("heritage:timeline")))
    title = "Guro Industrial Complex, Korea's first national industrial complex"
    assert language_of(timeline, title) == "en"
    assert language_of(timeline, "1960s–80s") == "en"
    assert "구로공단 조성" not in timeline
    story = get(client, english(Story.objects.get(slug="machine-at-seventeen").get_absolute_url()))
    assert language_of(story, "At the sewing machine at seventeen") == "en"
    assert language_of(story, "I was never lonely") == "en"
    home = get(client, english(reverse("heritage:index")))
    assert language_of(home, "Gasan-dong, Geumcheon-gu, Seoul") == "en"
    assert language_of(home, "New Year's Day") == "en" or "Christmas Day" in home


def test_the_korean_demo_pages_keep_their_korean(client):
    load_demo()
    html = get(client, reverse("heritage:timeline"))
    assert "한국 최초의 국가산업단지, 구로공단 조성" in html
    assert "Guro Industrial Complex" not in html and NOTE not in html


@pytest.fixture
def korean_only():
    """Content with Korean texts only, on every public page of the museum."""
    VisitInfoFactory(notes="단체 관람은 미리 신청해 주세요.")
    SpecialDayFactory(reason="전시 교체")
    entry = TimelineEntryFactory(
        title="구로공단 조성", text="수출 산업의 기지", period_label="1960년대"
    )
    story = StoryFactory(title="미싱 앞의 열일곱", summary="봉제 공장의 하루", sources="구술 기록")
    story.timeline_entries.add(entry)
    StoryPhotoFactory(story=story, caption="작업장")
    gallery = GalleryFactory(title="벌집 방", description="재현한 쪽방")
    PhotoFactory(gallery=gallery, caption="공동 부엌", period="1970년대")
    return story


def test_korean_only_content_is_shown_as_the_korean_original_marked(client, korean_only):
    for path in public_pages():
        html = get(client, path)
        assert hangul_outside_korean(html) == [], path
    story = get(client, english(korean_only.get_absolute_url()))
    # Never an empty space: the Korean, in elements a screen reader reads in Korean …
    for text in (
        "미싱 앞의 열일곱",
        "봉제 공장의 하루",
        "본문",
        "구술 기록",
        "작업장",
        "구로공단 조성",
    ):
        assert language_of(story, text) == "ko", text
    # … each with the note, itself in English.
    assert story.count(f'<small class="korean-original">{NOTE}</small>') >= 6
    assert language_of(story, NOTE) == "en"
    timeline = get(client, english(reverse("heritage:timeline")))
    assert language_of(timeline, "1960년대") == "ko"
    assert language_of(timeline, "수출 산업의 기지") == "ko"


def test_english_texts_are_shown_where_they_are_written(client, korean_only):
    Story.objects.filter(pk=korean_only.pk).update(
        title_en="Seventeen, at the sewing machine",
        summary_en="A day at a sewing factory",
        body_en="<p>At six in the morning</p>",
        period_en="1970s",
        sources_en="Oral history",
    )
    TimelineEntry.objects.update(title_en="Guro Industrial Complex is built")
    html = get(client, english(korean_only.get_absolute_url()))
    for text in ("Seventeen, at the sewing machine", "A day at a sewing factory", "At six"):
        assert language_of(html, text) == "en", text
    assert "미싱 앞의 열일곱" not in html
    assert language_of(html, "Guro Industrial Complex is built") == "en"
    # The story photo's caption has no English: that one alone is marked.
    assert language_of(html, "작업장") == "ko"
    assert hangul_outside_korean(html) == []
    cards = get(client, english(reverse("heritage:story_list")))
    assert language_of(cards, "Seventeen, at the sewing machine") == "en"
    assert language_of(cards, "A day at a sewing factory") == "en"
    # The Korean page is unchanged.
    korean = get(client, korean_only.get_absolute_url().removeprefix("/en"))
    assert "미싱 앞의 열일곱" in korean and "Seventeen" not in korean and NOTE not in korean


def test_an_english_word_finds_a_story_by_its_english_texts(client, korean_only):
    story = Story.objects.get(pk=korean_only.pk)
    story.title_en = "Seventeen, at the sewing machine"
    story.save()  # the search vector, with the English texts
    html = get(client, english(reverse("heritage:story_list")) + "?q=sewing")
    assert story.get_absolute_url().removeprefix("/en") in html


def test_the_admin_shows_each_english_field_beside_its_korean_one(staff_client, korean_only):
    response = staff_client.get(reverse("admin:heritage_story_change", args=[korean_only.pk]))
    html = response.content.decode()
    for field in ("title", "period", "summary", "body", "sources"):
        korean = html.index(f'name="{field}_ko"')
        english_field = html.index(f'name="{field}_en"')
        # Side by side: the same row of the form.
        row = html.rfind('class="form-row', 0, korean)
        assert row == html.rfind('class="form-row', 0, english_field), field
    title = re.search(r'<input[^>]*name="title_en"[^>]*>', html).group(0)
    assert 'maxlength="200"' in title and "required" not in title
    assert "required" in re.search(r'<input[^>]*name="title_ko"[^>]*>', html).group(0)


def test_an_english_story_body_is_sanitised_as_the_korean_one(staff_client):
    response = staff_client.post(
        reverse("admin:heritage_story_add"),
        story_post(
            title_en="Seventeen", body_en="<p>In the <em>morning</em></p><script>x()</script>"
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    story = Story.objects.get()
    assert story.body_en == "<p>In the <em>morning</em></p>"
    assert "<script>" not in story.body_ko and story.title_en == "Seventeen"


def test_an_english_title_longer_than_the_korean_limit_is_refused(staff_client):
    response = staff_client.post(
        reverse("admin:heritage_story_add"), story_post(title_en="x" * 201)
    )
    assert response.status_code == 200
    assert not Story.objects.exists()
    assert "title_en" in response.context["adminform"].form.errors


def test_loading_the_demo_again_adds_english_where_it_is_missing_only(client):
    """A database loaded before the English texts existed gets them; an editor's stay."""
    load_demo()
    TimelineEntry.objects.update(title_en="", text_en="")
    Story.objects.filter(slug="machine-at-seventeen").update(title_en="An editor's title")
    load_demo()
    entry = TimelineEntry.objects.get(title_ko="G밸리 기업시민청 개관")
    assert entry.title_en == "G Valley Corporate Citizen Hall opens" and entry.text_en
    assert Story.objects.get(slug="machine-at-seventeen").title_en == "An editor's title"


def test_a_korean_alt_text_is_read_in_korean_and_an_english_one_in_english(client, korean_only):
    gallery = Gallery.objects.get()
    PhotoFactory(
        gallery=gallery, alt_text="공동 수돗가를 그린 그림", alt_text_en="A drawing of the tap"
    )
    path = gallery.get_absolute_url()
    html = get(client, english(path))
    alts = [
        (value, language) for name, value, language in attribute_languages(html) if name == "alt"
    ]
    assert ("A drawing of the tap", "en") in alts
    korean = [(value, language) for value, language in alts if HANGUL.search(value)]
    assert korean and all(language == "ko" for _value, language in korean), korean
    # In Korean, nothing is marked.
    html = get(client, path)
    assert 'lang="ko"' not in html.split("<main", 1)[1]


def test_the_site_search_in_english_names_a_photo_s_gallery(client, korean_only):
    Gallery.objects.update(title_en="The beehive rooms")
    html = get(client, english(reverse("search")) + "?q=공동 부엌")
    assert "The beehive rooms" in html
