"""Site-wide search (/search/, gvalley/sitesearch.py): what each visitor finds, and how."""

import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from companies.models import Company, CompanyMembership
from council.models import Meeting
from events.models import Event
from gvalley import roles, sitesearch
from heritage.models import StoryStatus
from tests.companies.factories import CompanyFactory, PendingCompanyFactory
from tests.council.factories import AgendaItemFactory, GrievanceFactory, MeetingFactory
from tests.events.factories import EventFactory, make_space
from tests.factories import CouncilMemberFactory, StaffFactory, UserFactory
from tests.heritage.factories import (
    DraftStoryFactory,
    GalleryFactory,
    PhotoFactory,
    StoryFactory,
    TimelineEntryFactory,
)

pytestmark = pytest.mark.django_db

WORD = "수달"  # in every object of the permission table, and nowhere else


def hrefs(response):
    assert response.status_code == 200
    return set(re.findall(r'href="([^"]*)"', response.content.decode()))


def shows(links, url):
    """Whether a result links to the object (a meeting's hit may link to one of its items)."""
    return any(link == url or link.startswith(url + "#") for link in links)


def search(client, query, **params):
    return client.get("/search/", {"q": query, **params})


@pytest.fixture
def table():
    """Objects hidden from some roles (all holding WORD), and the users of each role.

    Returns (users, objects): objects maps a name to (url, roles that may find it).
    """
    users = {
        "anonymous": None,
        "resident": UserFactory(),
        "manager": UserFactory(roles=[roles.COMPANY_MANAGER]),
        "council": CouncilMemberFactory(),
        "staff": StaffFactory(),
    }
    everyone = set(users)
    insiders = {"council", "staff"}
    own_company = PendingCompanyFactory(name=f"{WORD}기술 (검토 중, 내 기업)")
    CompanyMembership.objects.create(company=own_company, user=users["manager"])
    past = timezone.now() - datetime.timedelta(days=40)
    draft_meeting = MeetingFactory(status=Meeting.Status.SCHEDULED)
    AgendaItemFactory(meeting=draft_meeting, title=f"{WORD} 서식지 보호 (초안 회의)")
    public_meeting = MeetingFactory(status=Meeting.Status.AGENDA_PUBLISHED, starts_at=past)
    AgendaItemFactory(meeting=public_meeting, title=f"{WORD} 공원 조성 (공개 회의)")
    hidden_gallery = GalleryFactory(title=f"{WORD} 사진첩 (비공개)", is_published=False)
    objects = {
        "listed company": (CompanyFactory(name=f"{WORD}소프트").get_absolute_url(), everyone),
        "own pending company": (own_company.get_absolute_url(), {"manager", "staff"}),
        "other pending company": (
            PendingCompanyFactory(name=f"{WORD}랩 (검토 중)").get_absolute_url(),
            {"staff"},
        ),
        "rejected company": (
            CompanyFactory(
                name=f"{WORD}상사 (반려)", status=Company.Status.REJECTED
            ).get_absolute_url(),
            {"staff"},
        ),
        "hidden company": (
            CompanyFactory(
                name=f"{WORD}전자 (숨김)", status=Company.Status.HIDDEN
            ).get_absolute_url(),
            {"staff"},
        ),
        "published event": (EventFactory(title=f"{WORD} 생태 걷기").get_absolute_url(), everyone),
        "draft event": (
            EventFactory(
                title=f"{WORD} 탐조 (작성 중)", status=Event.Status.DRAFT
            ).get_absolute_url(),
            set(),
        ),
        "space to rent": (
            make_space("otter-room", name=f"{WORD} 세미나실").get_absolute_url(),
            everyone,
        ),
        "space no longer rented": (
            make_space(
                "old-otter-room", name=f"{WORD} 옛 회의실", is_active=False
            ).get_absolute_url(),
            set(),
        ),
        "public meeting": (public_meeting.get_absolute_url(), everyone),
        "draft meeting": (draft_meeting.get_absolute_url(), insiders),
        "public grievance": (
            GrievanceFactory(title=f"{WORD} 하천 정비", is_public=True).get_absolute_url(),
            everyone,
        ),
        "own private grievance": (
            GrievanceFactory(
                title=f"{WORD} 주차 (비공개, 내 기업)", is_public=False, company=own_company
            ).get_absolute_url(),
            {"manager"} | insiders,
        ),
        "other private grievance": (
            GrievanceFactory(
                title=f"{WORD} 소음 (비공개, 남의 기업)",
                is_public=False,
                company=PendingCompanyFactory(name="다른기업"),
            ).get_absolute_url(),
            insiders,
        ),
        "published story": (StoryFactory(title=f"{WORD} 이야기").get_absolute_url(), everyone),
        "draft story": (
            DraftStoryFactory(title=f"{WORD} 초안 이야기").get_absolute_url(),
            {"staff"},
        ),
        "scheduled story": (
            StoryFactory(
                title=f"{WORD} 예약 이야기",
                status=StoryStatus.PUBLISHED,
                published_at=timezone.now() + datetime.timedelta(days=3),
            ).get_absolute_url(),
            {"staff"},
        ),
        "published timeline entry": (
            TimelineEntryFactory(title=f"{WORD} 연표").get_absolute_url(),
            everyone,
        ),
        "unpublished timeline entry": (
            TimelineEntryFactory(
                title=f"{WORD} 비공개 연표", is_published=False
            ).get_absolute_url(),
            set(),
        ),
        "published gallery": (
            GalleryFactory(title=f"{WORD} 사진첩").get_absolute_url(),
            everyone,
        ),
        "unpublished gallery": (hidden_gallery.get_absolute_url(), set()),
        "photo of a published gallery": (
            PhotoFactory(caption=f"{WORD} 사진").get_absolute_url(),
            everyone,
        ),
        "photo of an unpublished gallery": (
            PhotoFactory(caption=f"{WORD} 비공개 사진", gallery=hidden_gallery).get_absolute_url(),
            set(),
        ),
    }
    return users, objects


@pytest.mark.parametrize("role", ["anonymous", "resident", "manager", "council", "staff"])
def test_each_role_finds_exactly_what_it_may_open(table, role, client, client_for):
    users, objects = table
    visitor = client_for(users[role]) if users[role] else client
    links = hrefs(search(visitor, WORD))
    for name, (url, allowed) in objects.items():
        assert shows(links, url) is (role in allowed), f"{role} × {name}"
    # What the overview shows of a section, the section's own page shows too.
    for section in ("companies", "grievances", "stories"):
        section_links = hrefs(search(visitor, WORD, section=section))
        for name, (url, allowed) in objects.items():
            if shows(section_links, url):
                assert role in allowed, f"{role} × {name} (?section={section})"


def test_each_role_is_answered_and_the_page_cache_keeps_audiences_apart(table, client, client_for):
    """A hidden object found by staff never reaches an anonymous visitor through the cache."""
    users, objects = table
    staff_links = hrefs(search(client_for(users["staff"]), WORD))
    assert shows(staff_links, objects["draft story"][0])
    anonymous_links = hrefs(search(client, WORD))
    assert not shows(anonymous_links, objects["draft story"][0])


@pytest.fixture
def mixed():
    """A word found in a company, an event, a meeting's agenda, a story and a photo caption."""
    company = CompanyFactory(name="한빛마라톤용품", keywords="운동화, 마라톤")
    past = EventFactory(
        title="G밸리 스마트 마라톤 2024",
        registration_mode=Event.Mode.NONE,
        registration_opens_at=None,
        registration_closes_at=None,
        starts_at=timezone.now() - datetime.timedelta(days=400),
        ends_at=timezone.now() - datetime.timedelta(days=400, hours=-3),
    )
    upcoming = EventFactory(
        title="G밸리 송년 마라톤",
        starts_at=timezone.now() + datetime.timedelta(days=20),
        ends_at=timezone.now() + datetime.timedelta(days=20, hours=3),
    )
    body_only = EventFactory(
        title="G밸리 걷기 대회",
        summary="마라톤 코스 일부를 함께 걷습니다",
        starts_at=timezone.now() + datetime.timedelta(days=10),
        ends_at=timezone.now() + datetime.timedelta(days=10, hours=3),
    )
    meeting = MeetingFactory(status=Meeting.Status.AGENDA_PUBLISHED)
    item = AgendaItemFactory(
        meeting=meeting, title="G밸리 Week 협력", summary="스마트 마라톤 운영 기관을 정합니다."
    )
    story = StoryFactory(title="새벽의 달리기", body="<p>공단 <b>마라톤</b> 대회의 기억</p>")
    photo = PhotoFactory(caption="1985년 공단 마라톤 출발선")
    return locals()


def test_results_are_grouped_by_section_with_counts(mixed, client):
    html = search(client, "마라톤").content.decode()
    sections = re.findall(r'<h2 id="results-(\w+)-title">', html)
    assert sections == ["companies", "events", "meetings", "stories", "photos"]
    assert re.search(r'results-events-title">행사 <span class="meta">3건</span>', html)
    links = hrefs(search(client, "마라톤"))
    assert f"{mixed['meeting'].get_absolute_url()}#item-{mixed['item'].pk}" in links
    # "More" leads to the section's own search where it has one.
    assert "/companies/?q=%EB%A7%88%EB%9D%BC%ED%86%A4" not in links  # one company: all shown
    assert (
        search(client, "마라톤", section="events").content.decode().count('class="search-hit"') == 3
    )


def test_events_come_upcoming_first_and_title_matches_before_body_matches(mixed, client):
    html = search(client, "마라톤", section="events").content.decode()
    upcoming = html.index(f'href="{mixed["upcoming"].get_absolute_url()}"')
    body_only = html.index(f'href="{mixed["body_only"].get_absolute_url()}"')
    past = html.index(f'href="{mixed["past"].get_absolute_url()}"')
    assert upcoming < body_only < past
    assert "지난 행사" in html[past:]


def test_title_matches_rank_above_body_matches():
    StoryFactory(title="공단의 밤", body="<p>" + "벌집 " * 30 + "</p>")
    title = StoryFactory(title="벌집 이야기", body="<p>쪽방</p>")
    [section] = sitesearch.search("벌집", AnonymousUser(), section="stories")
    assert section.hits[0].url == title.get_absolute_url()
    assert section.count == 2


def test_matched_words_are_marked_and_everything_else_escaped(client):
    EventFactory(title="<script>alert(1)</script> 보안 세미나", summary="LG 보안 & 클라우드")
    html = search(client, "보안 lg").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>보안</mark> 세미나" in html
    assert "<mark>LG</mark> <mark>보안</mark> &amp; 클라우드" in html
    assert "<script>alert" not in html


def test_latin_words_are_found_whatever_their_case(client):
    CompanyFactory(name="LG이노텍 협력사 Acme Robotics")
    assert "<mark>Acme</mark>" in search(client, "ACME").content.decode()
    assert "<mark>Robotics</mark>" in search(client, "robotics").content.decode()


def test_a_saved_change_is_found_at_once(client):
    event = EventFactory(title="봄맞이 행사")
    assert event.get_absolute_url() not in hrefs(search(client, "벚꽃"))
    event.title = "벚꽃 걷기"
    event.save()
    assert event.get_absolute_url() in hrefs(search(client, "벚꽃", n="after-save"))
    grievance = GrievanceFactory(title="가로등")
    grievance.description = "가로수 그늘이 부족합니다"
    grievance.save()
    assert grievance.get_absolute_url() in hrefs(search(client, "그늘"))


def test_the_empty_search_page_gives_tips_and_examples(client):
    response = client.get("/search/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "이렇게 찾아 보세요" in html
    assert 'href="/search/?q=%EB%A7%88%EB%9D%BC%ED%86%A4"' in html  # 마라톤


@pytest.mark.parametrize(
    "query,message",
    [
        ("벌", "두 글자 이상으로 찾아 주세요"),
        ("a", "두 글자 이상으로 찾아 주세요"),
        ("%", "찾을 낱말이 없습니다"),
        ("_", "찾을 낱말이 없습니다"),
        ("\\", "찾을 낱말이 없습니다"),
        ("%_\\'\"", "찾을 낱말이 없습니다"),
        ("보안" * 5000, "검색어가 너무 깁니다"),
    ],
)
def test_hostile_and_unsearchable_queries_get_a_clear_message(client, query, message):
    response = search(client, query)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html and message in html
    assert 'class="search-section"' not in html


def test_a_nul_byte_is_refused_with_the_bad_request_page(client):
    response = search(client, "보안\x00")
    assert response.status_code == 400


def test_messages_are_in_english_too(client):
    html = client.get("/en/search/", {"q": "벌"}).content.decode()
    assert "Please type at least two letters" in html
    html = client.get("/en/search/").content.decode()
    assert "How to search" in html


def test_an_unknown_section_searches_everywhere(client):
    CompanyFactory(name="벌집상회")
    assert 'id="results-companies"' in search(client, "벌집", section="nowhere").content.decode()


def test_the_header_has_a_labelled_search_box_on_every_page(client):
    html = client.get("/").content.decode()
    assert '<form class="site-search" method="get" action="/search/" role="search">' in html
    assert '<label for="site-search-q" class="visually-hidden">포털 전체 검색</label>' in html
    assert 'id="site-search-q" name="q"' in html


def test_a_search_reads_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    CompanyFactory(name="보안기업")
    EventFactory(title="보안 세미나")
    # Per source: the ranked ids with the count, and the rows of its hits; the directory's
    # tiers, ids and rows come in one statement.
    with django_assert_max_num_queries(20):
        search(client, "보안")


# Prepared statements (Source.candidates_sql): compiled once per visibility, never out of date.


def database_sources():
    return [s for s in sitesearch.sources() if type(s).search is sitesearch.Source.search]


@pytest.mark.parametrize("role", ["anonymous", "resident", "manager", "council", "staff"])
def test_a_prepared_statement_is_the_statement_compiled_afresh(table, role, monkeypatch):
    """What a source runs from its prepared statement is what compiling its queryset gives."""
    users, _objects = table
    user = users[role] or AnonymousUser()
    moment = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: moment)
    for source in database_sources():
        source.candidates_sql("가나", user)  # prepares it
        for query in (WORD, "공원 수달", "LG"):
            fresh = source.candidates(query, user).query.sql_with_params()
            assert source.candidates_sql(query, user) == fresh, (role, source.key, query)
        key = (source.visibility_key(user), timezone.localdate())
        assert source._prepared[key].sql is not None, (role, source.key)


def test_a_scheduled_story_is_found_once_its_time_comes(client, monkeypatch):
    """The clock in a prepared statement is the time of each search, not of the preparing."""
    moment = timezone.now().replace(hour=10)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    story = StoryFactory(
        title=f"{WORD} 곧 공개될 이야기",
        status=StoryStatus.PUBLISHED,
        published_at=moment + datetime.timedelta(minutes=30),
    )
    assert not shows(hrefs(search(client, WORD)), story.get_absolute_url())
    moment += datetime.timedelta(hours=1)  # the same day: the same prepared statement
    assert shows(hrefs(search(client, WORD, n=2)), story.get_absolute_url())


def test_a_manager_finds_the_private_grievance_of_a_company_they_just_joined(client_for):
    manager = UserFactory(roles=[roles.COMPANY_MANAGER])
    company = CompanyFactory(name="새로 맡은 기업")
    grievance = GrievanceFactory(title=f"{WORD} 통근 버스", is_public=False, company=company)
    visitor = client_for(manager)
    assert not shows(hrefs(search(visitor, WORD)), grievance.get_absolute_url())
    CompanyMembership.objects.create(company=company, user=manager)
    assert shows(hrefs(search(visitor, WORD, n=2)), grievance.get_absolute_url())


@pytest.mark.parametrize("role", ["anonymous", "resident"])
def test_a_space_is_found_by_name_equipment_and_description(role, client, client_for):
    """Residents and visitors find the hall by its name, what it has and what it is for; a space
    taken off the spaces page (not public) is found by nobody."""
    hall = make_space(
        name="창조홀",
        summary="세미나와 연회에 맞게 넓힌 홀",
        equipment="대형 LED 화면 3면\n무선 마이크",
        description="대관이 없을 때는 라운지로 개방합니다.",
    )
    hidden = make_space(
        "closed-room", name="창조홀 별실 (비공개)", equipment="대형 LED 화면", is_active=False
    )
    visitor = client_for(UserFactory()) if role == "resident" else client
    for query in ("창조홀", "LED 화면", "라운지", "연회"):
        response = search(visitor, query)
        links = hrefs(response)
        assert shows(links, hall.get_absolute_url()), query
        assert not shows(links, hidden.get_absolute_url()), query
    page = search(visitor, "창조홀", section="spaces").content.decode()
    assert "<mark>창조홀</mark>" in page and "최대 200명" in page
    hall.name = "혁신홀"
    hall.save()
    assert not shows(hrefs(search(visitor, "창조홀", n=2)), hall.get_absolute_url())


def test_english_results_show_english_names_and_mark_the_korean_ones(client):
    CompanyFactory(name="한빛정밀", name_en="Hanbit Precision", products_ko="정밀 부품")
    CompanyFactory(name="누리보안", name_en="", products_ko="보안 관제", products_en="")
    html = client.get("/en/search/", {"q": "한빛"}).content.decode()
    # The English name is the title; the Korean one is beside it, marked as Korean.
    assert ">Hanbit Precision</a>" in html
    assert '<span lang="ko">한빛정밀</span>' in html
    html = client.get("/en/search/", {"q": "누리"}).content.decode()
    # No English name: the Korean one, marked, with the "Korean original" note.
    assert '<span lang="ko"><mark>누리</mark>보안</span> <small class="korean-original">' in html
    assert '<p><span lang="ko">보안 관제</span> <small class="korean-original">' in html
    # In Korean nothing is marked.
    html = client.get("/search/", {"q": "누리"}).content.decode()
    assert 'lang="ko"' not in html.split("<main", 1)[1]


def test_an_event_with_no_english_is_marked_korean_on_english_results(client):
    EventFactory(title="벌집 마을 축제", title_en="", summary="골목 잔치", summary_en="")
    EventFactory(title="벌집 걷기", title_en="Beehive walk", summary="걷기", summary_en="A walk")
    html = client.get("/en/search/", {"q": "벌집"}).content.decode()
    assert (
        '<span lang="ko"><mark>벌집</mark> 마을 축제</span> <small class="korean-original">' in html
    )
    assert '<span lang="ko">골목 잔치</span>' in html
    assert ">Beehive walk</a>" in html and "<p>A walk</p>" in html


def test_museum_and_council_hits_with_no_english_are_marked_korean_on_english_results(client):
    StoryFactory(title="벌집 방의 하루", title_en="", summary="쪽방 이야기", summary_en="")
    GrievanceFactory(title="벌집 골목 가로등", title_en="", description="골목이 어둡습니다.")
    html = client.get("/en/search/", {"q": "벌집"}).content.decode()
    assert (
        '<span lang="ko"><mark>벌집</mark> 방의 하루</span> <small class="korean-original">' in html
    )
    assert '<span lang="ko">쪽방 이야기</span>' in html
    assert '<span lang="ko"><mark>벌집</mark> 골목 가로등</span>' in html
    assert '<span lang="ko">골목이 어둡습니다.</span>' in html
