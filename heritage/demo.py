"""Demo and benchmark content of 금천 순이의 집, loaded by `manage.py load_demo`.

Real facts (the museum, the G밸리 timeline) are loaded as real content; the stories, galleries and
group visits are flagged sample data. Photos are abstract placeholder illustrations drawn here with
Pillow: nothing is downloaded.
"""

import datetime
import io
import random
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from gvalley.hours import SpecialDayKind
from gvalley.search import with_search_vectors

from .models import (
    DatePrecision,
    Gallery,
    GroupKind,
    OpeningHours,
    Photo,
    RequestStatus,
    SpecialDay,
    Story,
    StoryKind,
    StoryPhoto,
    StoryStatus,
    TimelineEntry,
    VisitInfo,
    VisitRequest,
    VisitSlot,
)

FONT_CANDIDATES = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
]
CREDIT = "G밸리 포털 시연용 그림(실제 사진 아님)"

# (date, precision, period label, title, text)
TIMELINE = [
    (
        "1964-01-01",
        DatePrecision.DECADE,
        "",
        "한국 최초의 국가산업단지, 구로공단 조성",
        "1960년대 구로동·가리봉동 일대에 수출산업 공업단지가 들어섰습니다. 서울의 유일한 "
        "국가산업단지이자 한국 최초의 국가산업단지로, 초기 수출 산업의 기지가 되었습니다.",
    ),
    (
        "1965-01-01",
        DatePrecision.DECADE,
        "1960~80년대",
        "섬유·의류·봉제 공장의 시대",
        "노동집약적인 섬유, 의류, 봉제 공장이 단지를 채웠습니다. 전국에서 올라온 젊은 노동자들이 "
        "긴 시간 미싱 앞에서 일하며 수출 산업을 떠받쳤습니다.",
    ),
    (
        "1970-01-01",
        DatePrecision.DECADE,
        "1970~80년대",
        "벌집 방의 여성 노동자들",
        "공장 근처 가리봉동·가산동에는 한 사람 겨우 누울 만한 쪽방이 벌집처럼 붙은 집이 "
        "많았습니다. 여성 노동자들은 공동 부엌과 화장실을 나눠 쓰며 이 방에서 살았습니다. "
        "금천 순이의 집은 이 방을 되살린 곳입니다.",
    ),
    (
        "1990-01-01",
        DatePrecision.DECADE,
        "",
        "서울디지털산업단지로 새 이름",
        "1990년대에 구로공단은 서울디지털산업단지로 이름을 바꾸고 첨단 산업 단지로 고도화를 "
        "시작했습니다. 공장 자리에 지식산업센터가 들어서기 시작했습니다.",
    ),
    (
        "2013-04-17",
        DatePrecision.DAY,
        "",
        "G밸리 비상(飛上)프로젝트와 발전협의회",
        "서울시의 G밸리 飛上프로젝트를 바탕으로 기업·기관·지자체가 함께하는 G밸리 발전협의회가 "
        "꾸려졌습니다.",
    ),
    (
        "2013-12-01",
        DatePrecision.MONTH,
        "",
        "G밸리 기업시민청 개관",
        "교육·문화 프로그램과 회의·연수 공간을 갖춘 G밸리 기업시민청이 문을 열었습니다.",
    ),
    (
        "2018-07-01",
        DatePrecision.MONTH,
        "",
        "기업 1만 737곳, 근로자 14만 5천여 명",
        "2018년 7월 기준 G밸리에는 기업 10,737곳과 근로자 145,264명이 있었습니다. 2·3단지에는 "
        "지식산업센터 91곳(완공 73, 공사 중 11, 미착공 7)이 있었습니다.",
    ),
    (
        "2023-10-01",
        DatePrecision.MONTH,
        "",
        "기업시민청 리모델링 협약",
        "한국산업단지공단과 산업단지 오픈이노베이션 지원센터 구축사업 협약을 맺고, 창조홀을 넓히고 "
        "대형 LED 화면 세 대를 갖추는 리모델링을 진행했습니다.",
    ),
    (
        "2024-09-02",
        DatePrecision.DAY,
        "",
        "제9회 G밸리 Week, 산업단지 60년",
        "2024년 9월 2일부터 6일까지 닷새 동안 12개 행사가 열렸습니다. 이 해는 한국 "
        "산업단지 60주년이었습니다.",
    ),
    (
        "2024-12-31",
        DatePrecision.YEAR,
        "",
        "기업 약 1만 5천 곳, 근로자 약 14만 명",
        "2024년 기준 G밸리에는 기업 약 15,000곳, 근로자 약 14만 명이 있으며, 한 해 생산액은 "
        "약 14조 원, 수출액은 약 33억 달러입니다.",
    ),
    (
        "2025-01-01",
        DatePrecision.YEAR,
        "",
        "IT·AI 기업 2,754곳, 그리고 D.N.A 계획",
        "2025년 보도에 따르면 G밸리의 IT·AI 기업은 2,754곳으로 서울의 71%, 전국의 35%를 "
        "차지합니다. 금천구는 구로세관 부지 복합 개발, G밸리 AI혁신센터, 공군부대 부지의 AI "
        "신산업 타운 등을 계획하고 있습니다(데이터·네트워크·인공지능, D.N.A).",
    ),
    (
        "2025-10-01",
        DatePrecision.MONTH,
        "",
        "순이의 집 명예관장 위촉",
        "1970년대 YH무역 노동조합 지부장과 민주노동자 모임 대표를 지낸 노동운동가가 금천 순이의 "
        "집 명예관장으로 위촉되었습니다. 순이의 집을 G밸리 노동·산업사의 거점으로 만드는 역할을 "
        "맡았습니다.",
    ),
]

GALLERIES = [
    (
        "beehive-rooms",
        "다시 지은 벌집 방",
        "순이의 집에 재현한 쪽방과 공동 부엌을 그림으로 옮겼습니다.",
        [
            (
                "한 사람이 겨우 누울 만한 좁은 방에 이불과 작은 상이 놓여 있는 그림",
                "쪽방 한 칸",
                "1970년대",
            ),
            (
                "여러 방이 나눠 쓰던 공동 부엌의 연탄 화덕과 냄비를 그린 그림",
                "공동 부엌",
                "1970년대",
            ),
            ("좁은 복도 양쪽으로 작은 방문이 줄지어 있는 벌집 건물 그림", "벌집 복도", "1980년대"),
            ("벽에 걸린 작업복과 달력, 작은 라디오가 있는 방 안 그림", "방 안의 살림", "1980년대"),
        ],
    ),
    (
        "factory-to-gvalley",
        "공장에서 G밸리로",
        "봉제 공장에서 지식산업센터까지, 단지의 풍경이 바뀐 모습을 그림으로 정리했습니다.",
        [
            ("미싱이 여러 줄 놓인 봉제 공장 작업장을 그린 그림", "봉제 공장 작업장", "1970년대"),
            ("공단 정문 앞으로 출근하는 노동자들의 행렬을 그린 그림", "출근길", "1980년대"),
            (
                "유리로 된 높은 지식산업센터 건물들이 늘어선 거리 그림",
                "지식산업센터 거리",
                "2020년대",
            ),
        ],
    ),
]

STORIES = [
    (
        "미싱 앞의 열일곱",
        "machine-at-seventeen",
        StoryKind.ORAL_HISTORY,
        "1970년대 후반",
        "열일곱에 상경해 봉제 공장 보조로 일을 시작한 한 여성 노동자의 하루를 재구성했습니다.",
        "<p>새벽 여섯 시, 벌집 방의 공동 수돗가에는 세수하려는 사람들이 줄을 섰습니다. "
        "공장까지는 걸어서 십 분, 아침은 대개 거른 채였습니다.</p>"
        "<p>보조로 시작하면 실밥 따기와 다림질부터 배웠습니다. 미싱사가 되는 것이 목표였고, "
        "쉬는 날에는 야학에 다니며 공부를 이어 갔습니다.</p>"
        "<blockquote><p>방은 좁았어도 옆방 언니들이 있어서 외롭지는 않았어요.</p></blockquote>"
        "<p>이 글은 시연용으로 여러 구술 기록의 공통된 내용을 묶어 다시 쓴 것입니다.</p>",
        "시연용 재구성 글(실제 구술자 없음)\n구로공단 관련 공개 자료",
        [0, 2],
        StoryStatus.PUBLISHED,
        1,
    ),
    (
        "벌집 방 한 칸의 살림",
        "one-room-household",
        StoryKind.ARCHIVE,
        "1980년대",
        "세 평이 안 되는 방에 무엇이 있었는지, 기록물로 살림살이를 살펴봅니다.",
        "<p>벌집 방 한 칸에는 이불 한 채, 작은 상, 옷을 거는 못 몇 개가 전부인 경우가 많았습니다.</p>"
        "<ul><li>연탄 화덕은 복도나 공동 부엌에</li><li>화장실은 건물 전체가 함께</li>"
        "<li>월세는 월급에서 가장 큰 몫</li></ul>"
        "<p>이 글은 시연용 예시입니다.</p>",
        "시연용 예시 글",
        [2],
        StoryStatus.PUBLISHED,
        3,
    ),
    (
        "공단의 불빛이 꺼지지 않던 밤",
        "lights-of-the-complex",
        StoryKind.ESSAY,
        "1980년대",
        "수출 물량을 맞추느라 밤늦게까지 돌던 공장과 그 곁의 삶을 돌아봅니다. (초안)",
        "<p>아직 작성 중인 초안입니다.</p>",
        "",
        [1],
        StoryStatus.DRAFT,
        None,
    ),
]

PALETTES = [
    ((238, 226, 205), (160, 82, 45), (70, 90, 110)),
    ((222, 232, 240), (11, 92, 173), (232, 89, 12)),
    ((240, 235, 225), (90, 110, 80), (180, 60, 60)),
    ((230, 225, 240), (80, 60, 120), (200, 150, 40)),
]


def _font(size):
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            try:
                return ImageFont.truetype(candidate, size)
            except OSError:
                continue
    return ImageFont.load_default()


def placeholder_image(caption, seed, size=(1600, 1000)):
    """Draw an abstract illustration with its caption: a PNG in memory (no download)."""
    rng = random.Random(seed)
    background, main, accent = PALETTES[seed % len(PALETTES)]
    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    width, height = size
    # A row of small rooms (the "beehive"), each a window of light.
    rooms = rng.randint(4, 7)
    room_w = width // (rooms + 1)
    for i in range(rooms):
        x = room_w // 2 + i * room_w
        top = rng.randint(height // 5, height // 3)
        draw.rectangle([x, top, x + room_w - 20, height - 220], outline=main, width=8)
        draw.rectangle(
            [x + 30, top + 40, x + room_w - 50, top + 140], fill=accent if i % 2 else main
        )
    draw.rectangle([0, height - 200, width, height], fill=main)
    draw.text((60, height - 150), caption, fill=(255, 255, 255), font=_font(72))
    draw.text((60, 40), "G밸리 포털 · 시연용 그림", fill=main, font=_font(40))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name=f"placeholder-{seed}.png")


# What the visit information says, from the facts file only: a line the facts do not give
# (the admission fee) is left out, never filled with a to-do for the public to read.
VISIT_INFO = {
    "name": "금천 순이의 집",
    "address": "서울특별시 금천구 가산동",
    "directions": "지하철 1·7호선 가산디지털단지역에서 걸어서 올 수 있습니다.",
    "admission": "",
    "contact": "금천구청",
    "notes": "단체 관람은 '단체 관람 신청'에서 시간대를 골라 신청해 주세요.",
    "needs_confirmation": True,
}
# Earlier demo content held notes to the editors; a database loaded then gets the text above,
# field by field, unless staff have changed that field since.
EARLIER_PLACEHOLDERS = {
    "address": "서울특별시 금천구 가산동 (정확한 번지는 확인 필요)",
    "directions": (
        "지하철 1·7호선 가산디지털단지역에서 걸어서 올 수 있습니다.\n"
        "정확한 출구와 걸리는 시간은 확인 중입니다."
    ),
    "admission": "무료 (확인 필요)",
    "contact": "금천구청 (담당 부서 확인 필요)",
}


def load_visit_info():
    info = VisitInfo.objects.order_by("pk").first()
    created = info is None
    if created:
        info = VisitInfo.objects.create(**VISIT_INFO)
    else:
        stale = [
            name
            for name, placeholder in EARLIER_PLACEHOLDERS.items()
            if getattr(info, name) == placeholder
        ]
        for name in stale:
            setattr(info, name, VISIT_INFO[name])
        if stale:
            info.save(update_fields=[*stale, "updated_at"])
    if created or not info.weekly_hours.exists():
        OpeningHours.objects.bulk_create(
            [
                OpeningHours(visit_info=info, weekday=0, is_closed=True),
                *[
                    OpeningHours(
                        visit_info=info,
                        weekday=day,
                        opens=datetime.time(10, 0),
                        closes=datetime.time(18, 0),
                    )
                    for day in range(1, 7)
                ],
            ],
            ignore_conflicts=True,
        )
    # Holidays announced ahead (sample dates: staff replace them with the official calendar).
    year = timezone.localdate().year
    for month, day, reason in [(1, 1, "신정"), (12, 25, "성탄절")]:
        for y in (year, year + 1):
            SpecialDay.objects.get_or_create(
                visit_info=info,
                date=datetime.date(y, month, day),
                defaults={"kind": SpecialDayKind.CLOSED, "reason": reason},
            )
    return info


def load_timeline():
    entries = []
    for date, precision, label, title, text in TIMELINE:
        entry, _ = TimelineEntry.objects.get_or_create(
            title=title,
            defaults={
                "date": datetime.date.fromisoformat(date),
                "precision": precision,
                "period_label": label,
                "text": text,
            },
        )
        entries.append(entry)
    return entries


def load_galleries(progress):
    photos = {}
    seed = 0
    for position, (slug, title, description, items) in enumerate(GALLERIES):
        gallery, _ = Gallery.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "description": description,
                "is_published": True,
                "position": position,
                "is_sample": True,
            },
        )
        for index, (alt, caption, period) in enumerate(progress(items, desc=f"gallery {slug}")):
            seed += 1
            photo = gallery.photos.filter(position=index).first()
            if photo is None:
                photo = Photo(
                    gallery=gallery,
                    # Say what the placeholder really shows, and what it stands for.
                    alt_text=f"시연용 추상 그림: 작은 방 여러 칸과 '{caption}' 글자. 나타내려는 장면: {alt}",
                    caption=caption,
                    credit=CREDIT,
                    period=period,
                    position=index,
                    is_sample=True,
                    image=placeholder_image(caption, seed),
                )
                photo.save()
            photos[(slug, index)] = photo
    return photos


def load_stories(timeline, progress):
    now = timezone.now()
    for title, slug, kind, period, summary, body, sources, entries, status, days_ago in STORIES:
        story, created = Story.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "kind": kind,
                "period": period,
                "summary": summary,
                "body": body,
                "sources": sources,
                "status": status,
                "published_at": now - datetime.timedelta(days=days_ago) if days_ago else None,
                "is_sample": True,
            },
        )
        if created:
            story.timeline_entries.set([timeline[i] for i in entries])
            StoryPhoto(
                story=story,
                alt_text=f"시연용 추상 그림: 작은 방들이 줄지어 있고 '{title}' 글자가 적혀 있다",
                caption=f"{title} (시연용 그림)",
                credit=CREDIT,
                image=placeholder_image(title, 100 + len(slug)),
            ).save()


def load_slots(today):
    """Open sample slots for the next four weeks (Tue–Fri, two a day) and a few requests."""
    from .services import open_slots

    if VisitSlot.objects.filter(starts_at__date__gt=today).exists():
        return
    open_slots(
        start_date=today + datetime.timedelta(days=1),
        end_date=today + datetime.timedelta(days=28),
        weekdays={1, 2, 3, 4},
        times=[
            (datetime.time(10, 0), datetime.time(11, 30)),
            (datetime.time(14, 0), datetime.time(15, 30)),
        ],
        capacity=40,
    )
    VisitSlot.objects.filter(created_by__isnull=True).update(is_sample=True)
    first = VisitSlot.objects.bookable().order_by("starts_at").first()
    if first:
        VisitRequest.objects.create(
            slot=first,
            group_name="가산초등학교 4학년(예시)",
            group_kind=GroupKind.SCHOOL,
            people=28,
            contact_name="담당 교사(예시)",
            contact_email="teacher@school.example",
            contact_phone="02-000-0000",
            status=RequestStatus.CONFIRMED,
            is_sample=True,
        )


def load_bulk(scale, progress):
    """At scale: stories, galleries and photos in proportion (reusing the drawn images)."""
    story_target = int(300 * scale)
    gallery_target = int(40 * scale)
    photos_per_gallery = 24
    sample_photo = Photo.objects.order_by("pk").first()
    sample_story_photo = StoryPhoto.objects.order_by("pk").first()
    now = timezone.now()
    existing = Story.objects.filter(slug__startswith="bulk-").count()
    with transaction.atomic():
        new = [
            Story(
                title=f"구로공단 구술 기록 {i + 1}",
                slug=f"bulk-{i + 1}",
                kind=StoryKind.ORAL_HISTORY,
                period="1970년대",
                summary="규모 시험용 예시 이야기입니다.",
                body="<p>규모 시험용 예시 본문입니다.</p>",
                status=StoryStatus.PUBLISHED,
                published_at=now - datetime.timedelta(days=30 + i),
                is_sample=True,
            )
            for i in progress(range(existing, story_target), desc="stories")
        ]
        Story.objects.bulk_create(with_search_vectors(new), batch_size=500)
        if sample_story_photo:
            StoryPhoto.objects.bulk_create(
                [
                    StoryPhoto(
                        story=story,
                        image=sample_story_photo.image.name,
                        width=sample_story_photo.width,
                        height=sample_story_photo.height,
                        renditions=sample_story_photo.renditions,
                        alt_text="규모 시험용 예시 그림",
                        credit=CREDIT,
                    )
                    for story in new
                ],
                batch_size=500,
            )
        existing = Gallery.objects.filter(slug__startswith="bulk-").count()
        galleries = Gallery.objects.bulk_create(
            with_search_vectors(
                Gallery(
                    title=f"예시 갤러리 {i + 1}",
                    slug=f"bulk-{i + 1}",
                    is_published=True,
                    position=100 + i,
                    is_sample=True,
                )
                for i in progress(range(existing, gallery_target), desc="galleries")
            )
        )
        if sample_photo:
            Photo.objects.bulk_create(
                with_search_vectors(
                    Photo(
                        gallery=gallery,
                        image=sample_photo.image.name,
                        width=sample_photo.width,
                        height=sample_photo.height,
                        renditions=sample_photo.renditions,
                        alt_text=f"규모 시험용 예시 그림 {n + 1}",
                        caption=f"예시 사진 {n + 1}",
                        credit=CREDIT,
                        position=n,
                        is_sample=True,
                    )
                    for gallery in galleries
                    for n in range(photos_per_gallery)
                ),
                batch_size=1000,
            )


def load(*, scale, progress):
    """Load the real facts and sample records (idempotent); at scale > 0 generate bulk data."""
    load_visit_info()
    timeline = load_timeline()
    photos = load_galleries(progress)
    # Illustrate a few timeline entries with gallery pictures.
    for index, key in [(1, ("factory-to-gvalley", 0)), (2, ("beehive-rooms", 2))]:
        if timeline[index].photo_id is None:
            timeline[index].photo = photos[key]
            timeline[index].save(update_fields=["photo"])
    load_stories(timeline, progress)
    load_slots(timezone.localdate())
    if scale > 0:
        load_bulk(scale, progress)
