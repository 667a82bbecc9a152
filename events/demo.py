"""Demo and benchmark content of this app, loaded by `manage.py load_demo`.

Real content: the 9th G밸리 Week (2024-09-02 … 06), its events, venues and co-hosts, from the
public reporting summarised in shared/gvalley-facts.md. Where the reporting gives no date or
time for an event of the week, it is placed inside the week and its summary says the exact
schedule was published on the official G밸리 blog. Sample events (is_sample) are spread around
the day the demo is loaded, so the calendar is alive whenever the portal is tried.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from gvalley.ical import SEOUL
from gvalley.search import with_search_vectors

from . import demo_photos, services
from .models import (
    Booking,
    Edition,
    Event,
    Question,
    Space,
    SpaceClosure,
    SpaceHours,
    SpaceLayout,
    SpacePhoto,
    Venue,
)

VENUES = [
    {
        "slug": "gvalley-citizen-hall",
        "name": "G밸리 기업시민청",
        "address": "서울 금천구 가산동 (G밸리 2·3단지)",
        "transit": "지하철 1·7호선 가산디지털단지역에서 걸어서 이동",
        "description": "2013년 12월 문을 연 교육·문화 공간이자 회의·연수실. 2023년 10월 협약으로 "
        "한국산업단지공단과 리모델링해(산업단지 오픈이노베이션 지원센터 구축사업) 창조홀을 세미나·연회용으로 "
        "넓히고 대형 LED 화면 3면을 갖췄습니다. 대관이 없을 때는 라운지로 개방합니다.",
        "accessibility": "",
    },
    {
        "slug": "l-convention",
        "name": "엘컨벤션",
        "address": "서울 금천구 가산동",
        "description": "G밸리의 컨벤션홀",
        "transit": "지하철 1·7호선 가산디지털단지역",
        "accessibility": "",
    },
    {
        "slug": "lotte-cinema-gasan",
        "name": "롯데시네마 가산디지털점",
        "address": "서울 금천구 가산동",
        "transit": "지하철 1·7호선 가산디지털단지역",
        "accessibility": "",
    },
    {
        "slug": "daeryung-post-tower-8",
        "name": "대륭포스트타워 8차",
        "address": "서울 구로구 (G밸리 1단지)",
        "transit": "지하철 2호선 구로디지털단지역 방면",
        "accessibility": "",
    },
    {
        "slug": "seoul-digital-complex-stadium",
        "name": "서울디지털단지운동장",
        "address": "서울 금천구",
        "transit": "",
        "accessibility": "",
    },
    {
        "slug": "gvalley-industry-museum",
        "name": "G밸리산업박물관",
        "address": "서울 금천구",
        "description": "구로공단에서 G밸리까지, 산업단지의 역사를 전하는 박물관",
        "transit": "",
        "accessibility": "",
    },
]

# A small event filled up by sample participants, with a waiting list (see _demo_registrations).
FULL_EVENT = "sample-17"
FULL_EVENT_CAPACITY = 6
# The demo resident registered for this one and cancelled.
RESIDENT_CANCELS = "sample-07"

COHOSTS = ["서울시", "한국산업단지공단", "서울산업진흥원(SBA)", "구로구", "금천구"]
BLOG_NOTE = "자세한 시간표는 G밸리 공식 블로그에 공지되었습니다."


def _at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SEOUL)


def _week_events():
    """The 9th G밸리 Week's events: (slug, fields)."""
    d = datetime.date
    return [
        (
            "2024-export-consultation",
            {
                "title": "2024 G밸리 수출상담회",
                "category": Event.Category.INDUSTRY,
                "audience": Event.Audience.SELECTED,
                "venue": "l-convention",
                "starts_at": _at(d(2024, 9, 4), 10),
                "ends_at": _at(d(2024, 9, 4), 17),
                "registration_mode": Event.Mode.SELECTION,
                "capacity": 50,
                "summary": "베트남·일본·태국 등 해외 바이어 약 20곳과 에듀테크·보안 분야 G밸리 기업 50곳의 1:1 상담",
                "description": "<p>해외 바이어 약 20곳이 G밸리를 찾아, 에듀테크와 보안 분야에서 선정된 "
                "입주기업 50곳과 1:1 수출 상담을 하고 네트워킹 시간을 가졌습니다.</p>",
                "how_to_take_part": "<p>입주기업 담당자가 기업 이름으로 신청하고, 주최 측이 50개 기업을 선정했습니다.</p>",
            },
        ),
        (
            "2024-overseas-market-seminar",
            {
                "title": "해외판로개척 세미나",
                "category": Event.Category.EDUCATION,
                "audience": Event.Audience.COMPANIES,
                "venue": "gvalley-citizen-hall",
                "starts_at": _at(d(2024, 9, 5), 14),
                "ends_at": _at(d(2024, 9, 5), 17),
                "registration_mode": Event.Mode.FIRST_COME,
                "capacity": 100,
                "summary": "바이어 강연과 수출 실무용 빅데이터·생성형 AI 도구 시연 (기업 100곳 대상)",
                "description": "<p>해외 바이어가 직접 시장을 설명하고, 수출 업무에 쓰는 빅데이터와 생성형 AI "
                "도구를 시연했습니다. 기업 100곳을 대상으로 했습니다.</p>",
            },
        ),
        (
            "2024-gnet-smart-workthon",
            {
                "title": "G-NET 커뮤니티 스마트워크톤",
                "category": Event.Category.EDUCATION,
                "audience": Event.Audience.SELECTED,
                "venue": None,
                "starts_at": _at(d(2024, 9, 6), 10),
                "ends_at": _at(d(2024, 9, 6), 17),
                "registration_mode": Event.Mode.SELECTION,
                "capacity": 50,
                "summary": "선정된 직장인 50명이 강의를 듣고 소프트웨어로 숏폼 영상을 만들어 발표",
                "description": "<p>강의 뒤 참가자들이 소프트웨어 도구로 짧은 영상을 만들고, 발표에 대한 "
                f"피드백을 받았습니다. {BLOG_NOTE}</p>",
            },
        ),
        (
            "2024-smart-marathon",
            {
                "title": "G밸리 스마트 마라톤",
                "category": Event.Category.SPORTS,
                "audience": Event.Audience.EMPLOYEES,
                "venue": "seoul-digital-complex-stadium",
                "venue_note": "출발 대륭포스트타워 8차(구로구) → 도착 서울디지털단지운동장(금천구), 약 4.5km",
                "starts_at": _at(d(2024, 9, 3), 9),
                "ends_at": _at(d(2024, 9, 3), 12),
                "registration_mode": Event.Mode.FIRST_COME,
                "needs_bib": True,
                "summary": "구로구에서 금천구까지 약 4.5km, 기업·단체별로 발급한 QR 배번을 달고 달립니다",
                "description": f"<p>G밸리 1단지와 2·3단지를 잇는 약 4.5km 코스입니다. {BLOG_NOTE}</p>",
            },
        ),
        (
            "2024-movie-day-1",
            {
                "title": "G밸리 무비데이 (첫째 날)",
                "category": Event.Category.CULTURE,
                "audience": Event.Audience.EMPLOYEES,
                "venue": "lotte-cinema-gasan",
                "starts_at": _at(d(2024, 9, 4), 19, 30),
                "ends_at": _at(d(2024, 9, 4), 21, 30),
                "registration_mode": Event.Mode.FIRST_COME,
                "capacity": 100,
                "summary": "입주기업 임직원을 위한 저녁 영화 상영 (이틀 동안 모두 200명)",
            },
        ),
        (
            "2024-movie-day-2",
            {
                "title": "G밸리 무비데이 (둘째 날)",
                "category": Event.Category.CULTURE,
                "audience": Event.Audience.EMPLOYEES,
                "venue": "lotte-cinema-gasan",
                "starts_at": _at(d(2024, 9, 5), 19, 30),
                "ends_at": _at(d(2024, 9, 5), 21, 30),
                "registration_mode": Event.Mode.FIRST_COME,
                "capacity": 100,
                "summary": "입주기업 임직원을 위한 저녁 영화 상영 (이틀 동안 모두 200명)",
            },
        ),
        (
            "2024-geumcheon-live",
            {
                "title": "금천라이브",
                "category": Event.Category.CULTURE,
                "audience": Event.Audience.ANYONE,
                "venue": None,
                "starts_at": _at(d(2024, 9, 5), 12),
                "ends_at": _at(d(2024, 9, 5), 13),
                "summary": "가산동 직장인이 미리 보낸 하루 이야기를 AI가 시로 바꾸고, 그 노래를 공연",
                "description": f"<p>직장인들의 사연으로 만든 노래를 공연자가 부릅니다. {BLOG_NOTE}</p>",
            },
        ),
        (
            "2024-digital-award-guro-contest",
            {
                "title": "한국디지털어워드GURO 그림·웹툰 공모",
                "category": Event.Category.CONTEST,
                "audience": Event.Audience.PUPILS,
                "venue": None,
                "starts_at": _at(d(2024, 9, 2), 9),
                "ends_at": _at(d(2024, 9, 6), 18),
                "summary": "초등학생이 산업단지 60년을 주제로 그린 그림과 웹툰 공모 (2024년 첫 개최)",
            },
        ),
        (
            "2024-digital-award-guro-exhibition",
            {
                "title": "한국디지털어워드GURO 수상작 전시",
                "category": Event.Category.EXHIBITION,
                "audience": Event.Audience.ANYONE,
                "venue": "gvalley-industry-museum",
                "starts_at": _at(d(2024, 9, 10), 10),
                "ends_at": _at(d(2024, 9, 21), 18),
                "summary": "초등학생 공모 수상작을 G밸리산업박물관에서 전시",
            },
        ),
        (
            "2024-plogging",
            {
                "title": "쓰담달리기 (ESG 플로깅)",
                "category": Event.Category.SPORTS,
                "audience": Event.Audience.ANYONE,
                "venue": None,
                "starts_at": _at(d(2024, 9, 6), 12),
                "ends_at": _at(d(2024, 9, 6), 13),
                "summary": "달리며 쓰레기를 줍는 ESG 캠페인",
                "description": f"<p>{BLOG_NOTE}</p>",
            },
        ),
        (
            "2024-geumcheon-fashion-film-festival",
            {
                "title": "금천패션영화제",
                "category": Event.Category.CULTURE,
                "audience": Event.Audience.ANYONE,
                "venue": None,
                "starts_at": _at(d(2024, 9, 3), 18),
                "ends_at": _at(d(2024, 9, 3), 21),
                "summary": "구로공단 봉제·의류 산업의 역사를 잇는 패션 영화제",
                "description": f"<p>{BLOG_NOTE}</p>",
            },
        ),
        (
            "2024-workers-culture-night",
            {
                "title": "G밸리 직장인 문화행사",
                "category": Event.Category.CULTURE,
                "audience": Event.Audience.EMPLOYEES,
                "venue": None,
                "starts_at": _at(d(2024, 9, 2), 18),
                "ends_at": _at(d(2024, 9, 2), 20),
                "summary": "G밸리 Week 기간 입주기업 직장인을 위한 문화 프로그램",
                "description": f"<p>{BLOG_NOTE}</p>",
            },
        ),
    ]


def _sample_events(today):
    """Plausible upcoming (and recent) events around today: (slug, fields)."""
    delta = datetime.timedelta
    now = timezone.now()
    rows = [
        (
            "AI 수출 실무 세미나",
            Event.Category.EDUCATION,
            Event.Audience.COMPANIES,
            "gvalley-citizen-hall",
            3,
            14,
            2,
            Event.Mode.FIRST_COME,
            80,
        ),
        (
            "G밸리 스타트업 네트워킹 데이",
            Event.Category.NETWORKING,
            Event.Audience.EMPLOYEES,
            "l-convention",
            5,
            18,
            3,
            Event.Mode.FIRST_COME,
            120,
        ),
        (
            "겨울 G밸리 직장인 합창 공연",
            Event.Category.CULTURE,
            Event.Audience.ANYONE,
            "gvalley-citizen-hall",
            8,
            19,
            2,
            Event.Mode.NONE,
            None,
        ),
        (
            "2027 해외 바이어 초청 수출상담회",
            Event.Category.INDUSTRY,
            Event.Audience.SELECTED,
            "l-convention",
            24,
            10,
            7,
            Event.Mode.SELECTION,
            30,
        ),
        (
            "G밸리 송년 마라톤",
            Event.Category.SPORTS,
            Event.Audience.EMPLOYEES,
            "seoul-digital-complex-stadium",
            14,
            9,
            3,
            Event.Mode.FIRST_COME,
            300,
        ),
        (
            "초등학생 공장 견학: 구로공단 이야기",
            Event.Category.EXHIBITION,
            Event.Audience.PUPILS,
            "gvalley-industry-museum",
            2,
            10,
            2,
            Event.Mode.FIRST_COME,
            40,
        ),
        (
            "중소기업 정보보호 교육",
            Event.Category.EDUCATION,
            Event.Audience.EMPLOYEES,
            "gvalley-citizen-hall",
            10,
            15,
            2,
            Event.Mode.FIRST_COME,
            60,
        ),
        (
            "G밸리 직장인 영화의 밤",
            Event.Category.CULTURE,
            Event.Audience.EMPLOYEES,
            "lotte-cinema-gasan",
            12,
            19,
            2,
            Event.Mode.FIRST_COME,
            150,
        ),
        (
            "지식산업센터 입주 설명회",
            Event.Category.INDUSTRY,
            Event.Audience.ANYONE,
            "gvalley-citizen-hall",
            17,
            14,
            2,
            Event.Mode.NONE,
            None,
        ),
        (
            "생성형 AI 업무 활용 워크숍",
            Event.Category.EDUCATION,
            Event.Audience.EMPLOYEES,
            "gvalley-citizen-hall",
            21,
            10,
            3,
            Event.Mode.FIRST_COME,
            30,
        ),
        (
            "G밸리 산업사 특별전",
            Event.Category.EXHIBITION,
            Event.Audience.ANYONE,
            "gvalley-industry-museum",
            1,
            10,
            8,
            Event.Mode.NONE,
            None,
        ),
        (
            "신년 기업인 교류회",
            Event.Category.NETWORKING,
            Event.Audience.COMPANIES,
            "l-convention",
            45,
            17,
            3,
            Event.Mode.SELECTION,
            40,
        ),
        (
            "D.N.A 데이터·네트워크·AI 포럼",
            Event.Category.INDUSTRY,
            Event.Audience.ANYONE,
            "l-convention",
            30,
            14,
            3,
            Event.Mode.FIRST_COME,
            200,
        ),
        (
            "가산동 점심 버스킹",
            Event.Category.CULTURE,
            Event.Audience.ANYONE,
            None,
            -3,
            12,
            1,
            Event.Mode.NONE,
            None,
        ),
        (
            "창업 지원 사업 설명회",
            Event.Category.EDUCATION,
            Event.Audience.ANYONE,
            "gvalley-citizen-hall",
            -10,
            14,
            2,
            Event.Mode.FIRST_COME,
            50,
        ),
        (
            "연말 직장인 풋살 대회",
            Event.Category.SPORTS,
            Event.Audience.EMPLOYEES,
            "seoul-digital-complex-stadium",
            19,
            10,
            6,
            Event.Mode.FIRST_COME,
            16,
        ),
        (
            "창업가 1:1 멘토링 데이",
            Event.Category.NETWORKING,
            Event.Audience.ANYONE,
            "gvalley-citizen-hall",
            6,
            15,
            2,
            Event.Mode.FIRST_COME,
            FULL_EVENT_CAPACITY,
        ),
    ]
    events = []
    for index, (title, category, audience, venue, days, hour, hours, mode, capacity) in enumerate(
        rows
    ):
        day = today + delta(days=days)
        starts = _at(day, hour)
        fields = {
            "title": title,
            "category": category,
            "audience": audience,
            "venue": venue,
            "starts_at": starts,
            "ends_at": starts + delta(hours=hours),
            "registration_mode": mode,
            "capacity": capacity,
            "needs_bib": "마라톤" in title,
            "summary": f"{title} — G밸리 포털 시연용 샘플 행사입니다.",
            "description": "<p>시연용 샘플 행사입니다. 실제 행사가 아닙니다.</p>",
            "organiser": "G밸리 포털(샘플)",
            "is_sample": True,
        }
        if mode != Event.Mode.NONE and days > 0:
            fields["registration_opens_at"] = min(now, starts) - delta(days=14)
            fields["registration_closes_at"] = starts - delta(days=1)
        if title == "G밸리 직장인 영화의 밤":
            fields["status"] = Event.Status.CANCELLED
        events.append((f"sample-{index + 1:02d}", fields))
    return events


def _upsert_event(slug, fields, venues, edition):
    fields = dict(fields)
    venue = fields.pop("venue", None)
    fields.setdefault(
        "organiser", "G밸리 Week 공동 주최(서울시·한국산업단지공단·SBA·구로구·금천구)"
    )
    fields.setdefault("status", Event.Status.PUBLISHED)
    fields["venue"] = venues.get(venue) if venue else None
    fields["edition"] = edition
    event, created = Event.objects.get_or_create(slug=slug, defaults=fields)
    return event, created


def load(*, scale, progress):
    """Load the real facts and sample records (idempotent); at scale > 0 generate bulk data.

    `progress(iterable, desc)` wraps long loops in a progress bar.
    """
    venues = {}
    for row in VENUES:
        slug = row["slug"]
        venues[slug], _ = Venue.objects.get_or_create(
            slug=slug, defaults={k: v for k, v in row.items() if k != "slug"}
        )
    edition, _ = Edition.objects.get_or_create(
        number=9,
        defaults={
            "year": 2024,
            "starts_on": datetime.date(2024, 9, 2),
            "ends_on": datetime.date(2024, 9, 6),
            "theme": "한국 산업단지 60주년",
            "cohosts": "\n".join(COHOSTS),
            "description": "서울시, 한국산업단지공단, 서울산업진흥원, 구로구, 금천구가 함께 연 닷새 동안의 "
            "산업·문화 행사 12개. 2024년은 한국 산업단지가 60년을 맞은 해였습니다.",
        },
    )
    for slug, fields in progress(_week_events(), desc="G밸리 Week 2024"):
        event, created = _upsert_event(slug, fields, venues, edition)
        if created and event.registration_mode == Event.Mode.SELECTION:
            Question.objects.create(event=event, label="주력 제품·서비스", position=1)
            Question.objects.create(event=event, label="희망 진출 국가", required=False, position=2)
    today = timezone.localdate()
    for slug, fields in progress(_sample_events(today), desc="샘플 행사"):
        event, created = _upsert_event(slug, fields, venues, None)
        if created and event.registration_mode == Event.Mode.SELECTION:
            Question.objects.create(event=event, label="주력 제품·서비스", position=1)
            Question.objects.create(event=event, label="상담 희망 분야", required=False, position=2)
    _demo_registrations()
    load_spaces(venues)
    load_calls()
    if scale > 0:
        _bulk(scale, progress, list(venues.values()))
        _bulk_spaces(scale, venues["gvalley-citizen-hall"])


def _demo_registrations():
    """Registrations in every state, so each page of taking part can be tried and crawled.

    The demo resident holds a seat, a marathon bib, a place on the waiting list of a full event
    and a cancelled registration; sample participants fill the full event, one of them cancels
    and the first on the waiting list moves up.
    """
    resident = get_user_model().objects.filter(email="resident@gvalley.example").first()
    if resident is None:
        return
    for slug in ["sample-01", "sample-05"]:
        event = Event.objects.filter(slug=slug).first()
        if event is None or event.registrations.filter(user=resident).exists():
            continue
        _try(services.register, event, resident)
    _full_event_with_waiting_list(resident)
    cancelled = Event.objects.filter(slug=RESIDENT_CANCELS).first()
    if cancelled is not None and not cancelled.registrations.filter(user=resident).exists():
        registration = _try(services.register, cancelled, resident)
        if registration is not None:
            _try(services.cancel, registration, by=resident)


def _full_event_with_waiting_list(resident):
    """Fill FULL_EVENT with sample participants, a waiting list of four, and one cancellation."""
    event = Event.objects.filter(slug=FULL_EVENT).first()
    if event is None or event.registrations.exists():
        return
    people = _sample_participants(FULL_EVENT_CAPACITY + 4)
    queue = people[: FULL_EVENT_CAPACITY + 3] + [resident] + people[FULL_EVENT_CAPACITY + 3 :]
    registrations = [_try(services.register, event, person) for person in queue]
    # The first seat is given up: the first on the waiting list gets it (and a mail).
    if registrations[0] is not None:
        _try(services.cancel, registrations[0], by=people[0])


def _sample_participants(count):
    """Return `count` sample accounts that never sign in (no usable password)."""
    User = get_user_model()
    people = []
    for number in range(1, count + 1):
        user, created = User.objects.get_or_create(
            email=f"participant{number:02d}@gvalley.example",
            defaults={"name": f"샘플 참가자 {number}", "is_sample": True},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        people.append(user)
    return people


def _try(write, *args, **kwargs):
    """Run a registration service; a refusal (registration closed on a later load) is skipped."""
    try:
        return write(*args, **kwargs)
    except services.RegistrationError:
        return None


def _bulk(scale, progress, venues):
    """Top up to 1,500 × scale generated events spread over 2019 … next year."""
    target = int(1500 * scale)
    existing = Event.objects.filter(slug__startswith="bulk-").count()
    if existing >= target:
        return
    rng = random.Random(4)
    start = datetime.date(2019, 1, 1)
    span = (timezone.localdate() + datetime.timedelta(days=365) - start).days
    categories = Event.Category.values
    audiences = Event.Audience.values
    batch = []
    for number in progress(range(existing, target), desc="행사(대량)", total=target - existing):
        starts = _at(start + datetime.timedelta(days=rng.randrange(span)), rng.choice([10, 14, 19]))
        category = rng.choice(categories)
        batch.append(
            Event(
                slug=f"bulk-{number:06d}",
                title=f"G밸리 {Event.Category(category).label} #{number + 1}",
                category=category,
                audience=rng.choice(audiences),
                venue=rng.choice(venues),
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=2),
                organiser="G밸리 포털(샘플)",
                summary="벤치마크용으로 만든 샘플 행사입니다.",
                status=Event.Status.PUBLISHED,
                registration_mode=Event.Mode.NONE,
                is_sample=True,
            )
        )
        if len(batch) >= 1000:
            Event.objects.bulk_create(with_search_vectors(batch))
            batch = []
    if batch:
        Event.objects.bulk_create(with_search_vectors(batch))


# --- The 기업시민청's spaces to rent ------------------------------------------------------------

HALL_SLUG = "changjo-hall"
SPACES = [
    {
        "slug": HALL_SLUG,
        "name": "창조홀",
        "name_en": "Changjo Hall",
        "kind": "hall",
        "floor": "기업시민청 1층",
        "summary": "세미나와 연회에 맞게 넓힌 홀. 대형 LED 화면 3면을 갖췄습니다.",
        "description": "2023–24년 한국산업단지공단과 함께한 리모델링으로 넓어진 기업시민청의 큰 홀입니다. "
        "대형 LED 화면 세 면에 발표 자료나 영상을 띄울 수 있습니다.\n\n"
        "대관이 없는 운영 시간에는 G밸리에서 일하는 누구나 쉬어 가는 라운지로 개방합니다.",
        "capacity": 200,
        "equipment": "대형 LED 화면 3면\n무선 마이크 4개\n음향 시스템\n연단",
        "accessibility": "1층 출입구에 턱이 없고, 장애인 화장실이 같은 층에 있습니다.",
        "fee": "입주기업 무료 (온라인 결제 없음)",
        "rules": "음식물은 연회식 배치에서만 들일 수 있습니다.\n행사가 끝나면 30분 안에 정리해 주세요.",
        "min_minutes": 60,
        "max_minutes": 480,
        "buffer_minutes": 30,
        "is_lounge": True,
        "position": 1,
        "layouts": [("theatre", 200), ("classroom", 120), ("banquet", 100)],
        "hours": {0: (9, 21), 1: (9, 21), 2: (9, 21), 3: (9, 21), 4: (9, 21), 5: (10, 18)},
    },
    {
        "slug": "meeting-room-1",
        "name": "회의실 1",
        "name_en": "Meeting room 1",
        "kind": "meeting",
        "floor": "기업시민청 2층",
        "summary": "열두 명이 둘러앉는 회의실. 스타트업의 회의와 상담에 알맞습니다.",
        "capacity": 12,
        "equipment": "빔 프로젝터\n화이트보드\n화상회의 카메라",
        "accessibility": "승강기로 2층까지 갈 수 있습니다.",
        "fee": "무료",
        "min_minutes": 60,
        "max_minutes": 240,
        "buffer_minutes": 15,
        "position": 2,
        "layouts": [("boardroom", 12)],
        "hours": {0: (9, 18), 1: (9, 18), 2: (9, 18), 3: (9, 18), 4: (9, 18)},
    },
    {
        "slug": "training-room",
        "name": "교육장",
        "name_en": "Training room",
        "kind": "training",
        "floor": "기업시민청 2층",
        "summary": "직원 교육과 워크숍을 위한 강의실.",
        "capacity": 40,
        "equipment": "빔 프로젝터\n무선 마이크 2개\n노트북 연결 케이블",
        "accessibility": "승강기로 2층까지 갈 수 있습니다.",
        "fee": "시간당 20,000원 (현장 납부, 온라인 결제 없음)",
        "min_minutes": 120,
        "max_minutes": 480,
        "buffer_minutes": 30,
        "position": 3,
        "layouts": [("classroom", 40), ("theatre", 50)],
        "hours": {0: (9, 18), 1: (9, 18), 2: (9, 18), 3: (9, 18), 4: (9, 18)},
    },
]


def _space(row, venue):
    fields = {k: v for k, v in row.items() if k not in ("slug", "layouts", "hours", "name_en")}
    space, created = Space.objects.get_or_create(
        slug=row["slug"], defaults={**fields, "venue": venue, "is_sample": True}
    )
    if created:
        SpaceLayout.objects.bulk_create(
            [SpaceLayout(space=space, kind=kind, capacity=cap) for kind, cap in row["layouts"]]
        )
        hours = []
        for day in range(7):
            span = row["hours"].get(day)
            if span:
                opens, closes = datetime.time(span[0]), datetime.time(span[1])
                hours.append(SpaceHours(space=space, weekday=day, opens=opens, closes=closes))
            else:
                hours.append(SpaceHours(space=space, weekday=day, is_closed=True))
        SpaceHours.objects.bulk_create(hours)
    return space, created


def _space_photos(space, row):
    """A room plan per layout, drawn at load time (events.demo_photos), unless it has photos."""
    if space.photos.exists():
        return
    for position, (layout, capacity) in enumerate(row["layouts"], start=1):
        names = {"name": row["name"], "name_en": row["name_en"]}
        alt, caption, caption_en = demo_photos.plan_texts(**names, layout=layout, capacity=capacity)
        SpacePhoto.objects.create(
            space=space,
            image=demo_photos.room_plan(
                **names, layout=layout, capacity=capacity, equipment=row.get("equipment", "")
            ),
            alt=alt,
            caption=caption,
            caption_en=caption_en,
            position=position,
        )


def _weekday_after(day, days):
    """Return the first Monday–Friday at least `days` after `day`."""
    day += datetime.timedelta(days=days)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def load_spaces(venues):
    """The hall and rooms of the 기업시민청, and bookings in every state (idempotent)."""
    venue = venues["gvalley-citizen-hall"]
    spaces = {}
    created_any = False
    for row in SPACES:
        spaces[row["slug"]], created = _space(row, venue)
        created_any = created_any or created
        _space_photos(spaces[row["slug"]], row)
    _conflicting_requests(spaces[HALL_SLUG], timezone.localdate())
    if not created_any:
        return spaces
    hall = spaces[HALL_SLUG]
    today = timezone.localdate()
    SpaceClosure.objects.get_or_create(
        space=hall, date=_weekday_after(today, 20), defaults={"reason": "LED 화면 정기 점검"}
    )
    _demo_bookings(spaces, today)
    return spaces


def _demo_bookings(spaces, today):
    from companies.models import Company

    User = get_user_model()
    manager = User.objects.filter(email="manager@gvalley.example").first()
    staff = User.objects.filter(email="staff@gvalley.example").first()
    company = manager and Company.objects.listed().managed_by(manager).order_by("pk").first()
    hall, room = spaces[HALL_SLUG], spaces["meeting-room-1"]
    if staff is not None:
        day = _weekday_after(today, 8)
        _try_booking(
            services.book_for_district,
            hall,
            staff,
            starts_at=_at(day, 14),
            ends_at=_at(day, 17),
            publish_event=True,
            purpose="G밸리 스타트업 네트워킹 데이",
            attendees=90,
            layout="banquet",
            contact_name="금천구 지역경제과",
        )
    if manager is None or company is None:
        return
    contact = {
        "contact_name": manager.name or "기업 담당자",
        "contact_email": manager.email,
        "contact_phone": "02-000-0000",
    }

    def ask(space, day, start, end, purpose, attendees, layout, equipment=()):
        return _try_booking(
            services.request_booking,
            space,
            manager,
            company,
            starts_at=_at(day, start),
            ends_at=_at(day, end),
            purpose=purpose,
            attendees=attendees,
            layout=layout,
            equipment=list(equipment),
            **contact,
        )

    day = _weekday_after(today, 5)
    ask(hall, day, 10, 12, "신제품 설명회", 80, "theatre", ["대형 LED 화면 3면"])  # stays pending
    approved = ask(
        hall,
        _weekday_after(today, 6),
        13,
        16,
        "해외 바이어 상담회",
        60,
        "banquet",
        ["대형 LED 화면 3면", "무선 마이크 4개"],
    )
    if approved is not None and staff is not None:
        _try_booking(
            services.approve_booking, approved, staff, conditions="음식물은 뒤쪽 테이블에만 두세요."
        )
    rejected = ask(room, _weekday_after(today, 7), 10, 12, "채용 면접", 8, "boardroom")
    if rejected is not None and staff is not None:
        _try_booking(
            services.reject_booking, rejected, staff, reason="같은 시간에 구 행사 준비가 있습니다."
        )
    cancelled = ask(room, _weekday_after(today, 9), 14, 16, "팀 워크숍", 10, "boardroom")
    if cancelled is not None:
        _try_booking(services.cancel_booking, cancelled, manager)


CONFLICT_PURPOSES = ("투자 유치 설명회", "신입사원 교육")


def _conflicting_requests(hall, today):
    """Two pending requests for overlapping hours of the hall, from two of the demo manager's
    companies where it has two, so staff see the queue's conflict highlight (idempotent: a
    pair still ahead is kept)."""
    from companies.models import Company

    manager = get_user_model().objects.filter(email="manager@gvalley.example").first()
    if manager is None:
        return
    pending = Booking.objects.filter(
        space=hall,
        status=Booking.Status.PENDING,
        purpose__in=CONFLICT_PURPOSES,
        starts_at__gte=timezone.now(),
    )
    if pending.count() >= 2:
        return
    companies = list(Company.objects.listed().managed_by(manager).order_by("pk")[:2])
    if not companies:
        return
    day = _weekday_after(today, 12)
    for company, purpose, (start, end), attendees in zip(
        [companies[0], companies[-1]],
        CONFLICT_PURPOSES,
        [(13, 16), (15, 18)],
        [80, 60],
        strict=True,
    ):
        _try_booking(
            services.request_booking,
            hall,
            manager,
            company,
            starts_at=_at(day, start),
            ends_at=_at(day, end),
            purpose=purpose,
            attendees=attendees,
            layout="theatre",
            equipment=["대형 LED 화면 3면"],
            contact_name=manager.name or "기업 담당자",
            contact_email=manager.email,
            contact_phone="02-000-0000",
        )


def _try_booking(write, *args, **kwargs):
    try:
        return write(*args, **kwargs)
    except services.BookingError:
        return None


def _bulk_spaces(scale, venue):
    """At scale: 20 × scale more rooms, and each space busy with approved bookings (bench)."""
    target = int(20 * scale)
    existing = Space.objects.filter(slug__startswith="bulk-room-").count()
    for number in range(existing + 1, target + 1):
        _space(
            {
                "slug": f"bulk-room-{number}",
                "name": f"회의실 B{number}",
                "kind": "meeting",
                "summary": "벤치마크용 회의실",
                "capacity": 10,
                "equipment": "빔 프로젝터",
                "fee": "무료",
                "position": 100 + number,
                "layouts": [("boardroom", 10), ("classroom", 8)],
                "hours": dict.fromkeys(range(5), (9, 18)),
            },
            venue,
        )
    # Every weekday from 60 days back to 60 days ahead: two approved bookings a day per space.
    today = timezone.localdate()
    rows = []
    for space in Space.objects.filter(slug__startswith="bulk-room-").exclude(
        bookings__isnull=False
    ):
        for offset in range(-60, 61):
            day = today + datetime.timedelta(days=offset)
            if day.weekday() >= 5:
                continue
            for start, end in ((10, 12), (14, 16)):
                rows.append(
                    Booking(
                        space=space,
                        status=Booking.Status.APPROVED,
                        starts_at=_at(day, start),
                        ends_at=_at(day, end),
                        blocked_until=_at(day, end) + datetime.timedelta(minutes=30),
                        purpose="벤치마크 예약",
                        attendees=8,
                        layout="boardroom",
                    )
                )
    Booking.objects.bulk_create(rows, batch_size=2000)


# --- Open calls: the 2024 contest, 금천라이브's stories, and a sample call open now ---------------

CONTEST_SLUG = "2024-digital-award-guro"
STORIES_SLUG = "2024-geumcheon-live-stories"
OPEN_SAMPLE_SLUG = "sample-drawing-contest"
DRAWING_COLOURS = ["#f2c14e", "#4e88f2", "#5fbf73", "#e0655b", "#9b6fd6", "#3fb6c4"]


def _drawing(colour, position):
    """Return a small PNG 'drawing' for a demo entry (a coloured page with a few shapes)."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 640), "white")
    pen = ImageDraw.Draw(image)
    pen.rectangle((40, 360, 440, 600), fill=colour)  # the factory
    pen.polygon([(40, 360), (140, 260), (240, 360)], fill="#555555")
    pen.rectangle((300, 120, 340, 360), fill="#777777")  # the chimney
    pen.ellipse((360, 40, 440, 120), fill="#ffcc33")  # the sun
    for step in range(position):
        pen.rectangle((60 + step * 60, 420, 100 + step * 60, 460), fill="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile(f"page-{position}.png", buffer.getvalue(), "image/png")


def _demo_entry(call, entrant, when, *, pages=0, status="submitted", **fields):
    """Write one demo entry in a given state (the demo skips the mailed code)."""
    from .models import Entry, EntryPage

    entry = Entry(call=call, entrant=entrant, created_at=when, **fields)
    if entry.pupil_name:
        entry.consent_collection_at = when
    if status == Entry.Status.SUBMITTED:
        entry.status = status
        entry.submitted_at = when
        if entry.pupil_name:
            entry.guardian_verified_at = when
    elif status == Entry.Status.WITHDRAWN:
        entry.status = status
        entry.pupil_name = entry.pupil_school = entry.guardian_name = entry.guardian_email = ""
        entry.consent_collection_at = None
        entry.pupil_grade = None
        entry.title = ""
    entry.save()
    colour = DRAWING_COLOURS[entry.pk % len(DRAWING_COLOURS)]
    for position in range(1, pages + 1):
        EntryPage.objects.create(entry=entry, position=position, image=_drawing(colour, position))
    return entry


def load_calls():
    """The 2024 contest (entries in every state, judged, winners published), 금천라이브's
    stories (picked and not), and a sample contest open now. Idempotent."""
    from gvalley import roles

    from .models import Call, Criterion, Entry, Score

    users = get_user_model().objects
    guardian = users.filter(email="resident@gvalley.example").first()
    judges = list(users.filter(groups__name=roles.JUDGE, email__endswith="@gvalley.example"))
    contest_event = Event.objects.filter(slug="2024-digital-award-guro-contest").first()
    live_event = Event.objects.filter(slug="2024-geumcheon-live").first()
    if guardian is None or contest_event is None or live_event is None:
        return
    museum = Venue.objects.filter(slug="gvalley-industry-museum").first()
    d = datetime.date
    if not Call.objects.filter(slug=CONTEST_SLUG).exists():
        call = Call.objects.create(
            event=contest_event,
            kind=Call.Kind.CONTEST,
            title="한국디지털어워드GURO 그림·웹툰 공모",
            slug=CONTEST_SLUG,
            description="초등학생이 산업단지 60년을 주제로 그린 그림 한 장 또는 웹툰을 받았습니다. "
            "2024년에 처음 열린 공모로, 수상작은 G밸리산업박물관에서 전시했습니다.",
            entrants=Call.Entrants.GUARDIANS,
            opens_at=_at(d(2024, 8, 1), 9),
            closes_at=_at(d(2024, 8, 23), 18),
            results_on=d(2024, 9, 2),
            max_pages=4,
            max_text_chars=300,
            entries_per_person=2,
            needs_guardian=True,
            retention_days=30,
            exhibition_starts_on=d(2024, 9, 10),
            exhibition_ends_on=d(2024, 9, 21),
            exhibition_venue=museum,
        )
        call.judges.set(judges)
        criteria = [
            Criterion.objects.create(call=call, name="주제 표현", max_points=40, position=1),
            Criterion.objects.create(call=call, name="창의성", max_points=30, position=2),
            Criterion.objects.create(call=call, name="완성도", max_points=30, position=3),
        ]
        when = _at(d(2024, 8, 10), 15)
        rows = [
            ("공장 굴뚝에서 빌딩 숲으로", "김하늘", "가산초등학교", 5, 2, True, (36, 27, 26)),
            ("엄마가 일하는 G밸리", "이도윤", "구로초등학교", 3, 1, False, (34, 25, 25)),
            ("60년 전의 미싱 소리", "박서연", "독산초등학교", 6, 3, True, (34, 25, 25)),
            ("로봇이 사는 산업단지", "최지우", "문성초등학교", 4, 1, True, (25, 20, 20)),
        ]
        entries = []
        for title, pupil, school, grade, pages, publish, points in rows:
            entry = _demo_entry(
                call,
                guardian,
                when,
                pages=pages,
                title=title,
                pupil_name=pupil,
                pupil_school=school,
                pupil_grade=grade,
                guardian_name="보호자(데모)",
                guardian_email="guardian@gvalley.example",
                consent_publish=publish,
            )
            entries.append(entry)
            for judge in judges:
                for criterion, value in zip(criteria, points, strict=True):
                    Score.objects.create(
                        entry=entry, judge=judge, criterion=criterion, points=value
                    )
        _demo_entry(
            call,
            guardian,
            when,
            pages=1,
            status=Entry.Status.DRAFT,
            title="확인 번호를 기다리는 그림",
            pupil_name="정민준",
            pupil_school="가산초등학교",
            pupil_grade=2,
            guardian_name="보호자(데모)",
            guardian_email="guardian@gvalley.example",
        )
        _demo_entry(call, guardian, when, status=Entry.Status.WITHDRAWN)
        awards = [("대상", 1), ("최우수상", 2), ("최우수상", 2)]
        for entry, (award, rank) in zip(entries, awards, strict=False):
            Entry.objects.filter(pk=entry.pk).update(award=award, award_rank=rank)
        Call.objects.filter(pk=call.pk).update(
            judging_closed_at=_at(d(2024, 8, 30), 18), results_published_at=_at(d(2024, 9, 2), 10)
        )
    if not Call.objects.filter(slug=STORIES_SLUG).exists():
        stories = Call.objects.create(
            event=live_event,
            kind=Call.Kind.STORIES,
            title="금천라이브 사연 모집",
            slug=STORIES_SLUG,
            description="가산동에서 일하는 직장인의 하루 이야기를 받았습니다. 고른 사연은 AI가 시로 "
            "바꾸고, 공연자가 그 노래를 무대에서 불렀습니다.",
            entrants=Call.Entrants.SIGNED_IN,
            opens_at=_at(d(2024, 8, 12), 9),
            closes_at=_at(d(2024, 8, 30), 18),
            results_on=d(2024, 9, 5),
            max_text_chars=2000,
            entries_per_person=3,
            retention_days=30,
        )
        when = _at(d(2024, 8, 20), 12)
        for text, nickname, picked in [
            ("야근 끝에 본 가산디지털단지역의 첫 열차가 오늘따라 반가웠습니다.", "새벽열차", True),
            ("점심시간 십 분 산책이 하루를 버티게 해 줍니다.", "", True),
            ("회의가 너무 많아 회의에 대한 회의를 했습니다.", "회의왕", False),
        ]:
            _demo_entry(
                stories,
                guardian,
                when,
                text=text,
                nickname=nickname,
                picked=picked,
                consent_perform_at=when,
            )
    sample_event = (
        Event.objects.filter(
            is_sample=True, status=Event.Status.PUBLISHED, slug__regex=r"^sample-[0-9]+$"
        )
        .order_by("slug")
        .first()
    )
    if sample_event is not None and not Call.objects.filter(slug=OPEN_SAMPLE_SLUG).exists():
        now = timezone.now()
        call = Call.objects.create(
            event=sample_event,
            kind=Call.Kind.CONTEST,
            title="(샘플) 우리 동네 산업단지 그림 공모",
            slug=OPEN_SAMPLE_SLUG,
            description="지금 응모를 받는 시연용 공모입니다.",
            entrants=Call.Entrants.GUARDIANS,
            opens_at=now - datetime.timedelta(days=7),
            closes_at=now + datetime.timedelta(days=30),
            results_on=timezone.localdate() + datetime.timedelta(days=40),
            max_pages=4,
            needs_guardian=True,
            is_sample=True,
        )
        call.judges.set(judges)
        Criterion.objects.create(call=call, name="주제 표현", max_points=50, position=1)
        Criterion.objects.create(call=call, name="완성도", max_points=50, position=2)
