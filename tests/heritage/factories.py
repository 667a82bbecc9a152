"""Factories of the heritage app."""

import datetime
import io

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from modeltranslation.translator import translator
from PIL import Image

from heritage.models import (
    Gallery,
    GroupKind,
    OpeningHours,
    Photo,
    SpecialDay,
    Story,
    StoryPhoto,
    StoryStatus,
    TimelineEntry,
    VisitInfo,
    VisitRequest,
    VisitSlot,
)


class KoreanTextsFactory(factory.django.DjangoModelFactory):
    """A factory whose content texts are the Korean originals (`title` → `title_ko`).

    Tests run with English active in some requests and fixtures; a model made with `title=…`
    would then get that text as its English one too (modeltranslation writes the active
    language's column). The English texts stay empty unless a test gives `title_en=…`.
    """

    class Meta:
        abstract = True

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        for field in translator.get_options_for_model(cls._meta.model).all_fields:
            if field in kwargs:
                kwargs[f"{field}_ko"] = kwargs.pop(field)
        return kwargs


def png_bytes(size=(800, 500), color=(200, 120, 60)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def image_file(name="photo.png", size=(800, 500)):
    return ContentFile(png_bytes(size), name=name)


class VisitInfoFactory(KoreanTextsFactory):
    class Meta:
        model = VisitInfo
        skip_postgeneration_save = True

    address = "서울특별시 금천구 가산동"
    directions = "가산디지털단지역에서 걸어서 10분"
    admission = "무료"
    needs_confirmation = True

    @factory.post_generation
    def hours(self, create, extracted, **kwargs):
        """Tuesday to Sunday 10:00–18:00, closed on Mondays (unless hours=False)."""
        if create and extracted is not False:
            OpeningHours.objects.bulk_create(
                [OpeningHours(visit_info=self, weekday=0, is_closed=True)]
                + [
                    OpeningHours(
                        visit_info=self,
                        weekday=d,
                        opens=datetime.time(10),
                        closes=datetime.time(18),
                    )
                    for d in range(1, 7)
                ]
            )


class SpecialDayFactory(KoreanTextsFactory):
    class Meta:
        model = SpecialDay

    visit_info = factory.SubFactory(VisitInfoFactory)
    date = factory.LazyFunction(timezone.localdate)
    kind = "closed"
    reason = "시설 점검"


class TimelineEntryFactory(KoreanTextsFactory):
    class Meta:
        model = TimelineEntry

    date = datetime.date(1964, 1, 1)
    precision = "decade"
    title = factory.Sequence(lambda n: f"연표 항목 {n}")
    text = "구로공단 조성"


class GalleryFactory(KoreanTextsFactory):
    class Meta:
        model = Gallery

    title = factory.Sequence(lambda n: f"갤러리 {n}")
    slug = factory.Sequence(lambda n: f"gallery-{n}")
    is_published = True


class PhotoFactory(KoreanTextsFactory):
    class Meta:
        model = Photo

    gallery = factory.SubFactory(GalleryFactory)
    image = factory.LazyFunction(image_file)
    alt_text = factory.Sequence(lambda n: f"벌집 방을 그린 그림 {n}")
    caption = factory.Sequence(lambda n: f"사진 설명 {n}")
    credit = "금천구"
    position = factory.Sequence(lambda n: n)


class StoryFactory(KoreanTextsFactory):
    class Meta:
        model = Story

    title = factory.Sequence(lambda n: f"이야기 {n}")
    slug = factory.Sequence(lambda n: f"story-{n}")
    period = "1970년대"
    summary = "요약"
    body = "<p>본문</p>"
    status = StoryStatus.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))


class DraftStoryFactory(StoryFactory):
    status = StoryStatus.DRAFT
    published_at = None
    title = factory.Sequence(lambda n: f"비공개 초안 {n}")


class StoryPhotoFactory(KoreanTextsFactory):
    class Meta:
        model = StoryPhoto

    story = factory.SubFactory(StoryFactory)
    image = factory.LazyFunction(image_file)
    alt_text = "공장 작업장을 그린 그림"
    caption = "작업장"
    credit = "금천구"


class VisitSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisitSlot

    starts_at = factory.Sequence(
        lambda n: (
            timezone.now().replace(minute=0, second=0, microsecond=0)
            + datetime.timedelta(days=2, hours=n)
        )
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=1))
    capacity = 40


class VisitRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisitRequest

    slot = factory.SubFactory(VisitSlotFactory)
    group_name = "가산초등학교"
    group_kind = GroupKind.SCHOOL
    people = 10
    contact_name = "담당자"
    contact_email = "teacher@example.com"
    contact_phone = "02-123-4567"


def request_data(**overrides):
    data = {
        "group_name": "가산초등학교 4학년",
        "group_kind": "school",
        "people": 5,
        "contact_name": "담임 교사",
        "contact_email": "teacher@example.com",
        "contact_phone": "02-123-4567",
        "message": "",
    }
    data.update(overrides)
    return data
