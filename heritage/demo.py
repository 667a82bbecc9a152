"""Demo and benchmark content of 금천 순이의 집, loaded by `manage.py load_demo`.

Real facts (the museum, the G밸리 timeline) are loaded as real content; the stories, galleries and
group visits are flagged sample data. The texts, in Korean and English side by side, are in
demo_data.json beside this loader. Photos are abstract placeholder illustrations drawn here with
Pillow: nothing is downloaded.
"""

import datetime
import io
import json
import random
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from gvalley.hours import SpecialDayKind
from gvalley.search import with_search_vectors
from gvalley.translated import add_english
from gvalley.translated import both_texts as texts

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
# The content, Korean and English side by side, in a data file an editor can read and correct
# without touching code (as bakerydemo keeps its content in fixtures).
DATA = json.loads(Path(__file__).with_name("demo_data.json").read_text(encoding="utf-8"))
LANGUAGES = ("ko", "en")
CREDIT = DATA["credit"]["ko"]


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


# What the visit information says, from the facts file only (demo_data.json): a line the facts do
# not give (the admission fee) is left out, never filled with a to-do for the public to read.
VISIT_FIELDS = ("name", "address", "directions", "admission", "contact", "notes")
# Earlier demo content held notes to the editors; a database loaded then gets the text of the data
# file, field by field, unless staff have changed that field since.
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
    data = DATA["visit_info"]
    info = VisitInfo.objects.order_by("pk").first()
    created = info is None
    if created:
        info = VisitInfo.objects.create(**texts(data, *VISIT_FIELDS), needs_confirmation=True)
    else:
        stale = [
            f"{name}_ko"
            for name, placeholder in EARLIER_PLACEHOLDERS.items()
            if getattr(info, f"{name}_ko") == placeholder
        ]
        for name in stale:
            setattr(info, name, data[name.removesuffix("_ko")]["ko"])
        if stale:
            info.save(update_fields=[*stale, "updated_at"])
        add_english(info, data, *VISIT_FIELDS)
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
    for holiday in DATA["holidays"]:
        for y in (year, year + 1):
            day, _created = SpecialDay.objects.get_or_create(
                visit_info=info,
                date=datetime.date(y, holiday["month"], holiday["day"]),
                defaults={"kind": SpecialDayKind.CLOSED, **texts(holiday, "reason")},
            )
            add_english(day, holiday, "reason")
    return info


def load_timeline():
    entries = []
    for item in DATA["timeline"]:
        entry, created = TimelineEntry.objects.get_or_create(
            title_ko=item["title"]["ko"],
            defaults={
                "date": datetime.date.fromisoformat(item["date"]),
                "precision": DatePrecision(item["precision"]),
                **texts(item, "period_label", "title", "text"),
            },
        )
        if not created:
            add_english(entry, item, "period_label", "title", "text")
        entries.append(entry)
    return entries


def load_galleries(progress):
    photos = {}
    seed = 0
    for position, item in enumerate(DATA["galleries"]):
        slug = item["slug"]
        gallery, created = Gallery.objects.get_or_create(
            slug=slug,
            defaults={
                **texts(item, "title", "description"),
                "is_published": True,
                "position": position,
                "is_sample": True,
            },
        )
        if not created:
            add_english(gallery, item, "title", "description")
        for index, shot in enumerate(progress(item["photos"], desc=f"gallery {slug}")):
            seed += 1
            photo = gallery.photos.filter(position=index).first()
            # Say what the placeholder really shows, and what it stands for.
            shot = {
                **shot,
                "alt_text": photo_alt(DATA["photo_alt"], shot),
                "credit": DATA["credit"],
            }
            if photo is None:
                photo = Photo(
                    gallery=gallery,
                    **texts(shot, "alt_text", "caption", "credit", "period"),
                    position=index,
                    is_sample=True,
                    image=placeholder_image(shot["caption"]["ko"], seed),
                )
                photo.save()
            else:
                add_english(photo, shot, "alt_text", "caption", "credit", "period")
            photos[(slug, index)] = photo
    return photos


def photo_alt(templates, shot):
    """Return the alt texts of a placeholder: what it shows (its Korean words, said in each
    language) and stands for."""
    return {
        lang: templates[lang].format(caption=shot["caption"][lang], scene=shot["scene"][lang])
        for lang in LANGUAGES
    }


def load_stories(timeline, progress):
    now = timezone.now()
    fields = ("title", "period", "summary", "body", "sources")
    for item in DATA["stories"]:
        days_ago = item["published_days_ago"]
        story, created = Story.objects.get_or_create(
            slug=item["slug"],
            defaults={
                **texts(item, *fields),
                "kind": StoryKind(item["kind"]),
                "status": StoryStatus(item["status"]),
                "published_at": now - datetime.timedelta(days=days_ago) if days_ago else None,
                "is_sample": True,
            },
        )
        if not created:
            add_english(story, item, *fields)
            continue
        story.timeline_entries.set([timeline[i] for i in item["timeline_entries"]])
        # The drawing carries the Korean title; the caption names the story in each language.
        title = item["title"]["ko"]
        template = DATA["story_photo"]
        picture = {
            "alt_text": {
                lang: template["alt_text"][lang].format(title=item["title"][lang])
                for lang in LANGUAGES
            },
            "caption": {
                lang: template["caption"][lang].format(title=item["title"][lang])
                for lang in LANGUAGES
            },
        }
        StoryPhoto(
            story=story,
            **texts({**picture, "credit": DATA["credit"]}, "alt_text", "caption", "credit"),
            image=placeholder_image(title, 100 + len(item["slug"])),
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
