"""금천 순이의 집: visit information, the G밸리 timeline, stories, galleries and group visits."""

import functools

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Q, Sum
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from gvalley.hours import SpecialDayBase, WeeklyHours
from gvalley.images import ResponsiveImage
from gvalley.models import SampleFlagged, SampleQuerySet
from gvalley.richtext import clean_html
from gvalley.roles import is_district_staff
from gvalley.search import BigramIndexed, bigram_tsvector
from gvalley.translated import both_languages, translated

# --- Visit information ----------------------------------------------------------------------


class VisitInfoQuerySet(SampleQuerySet):
    def current(self):
        """Return the museum's visit information with its weekly hours (one record, or None)."""
        return self.prefetch_related("weekly_hours").order_by("pk").first()


class VisitInfo(SampleFlagged):
    """How to visit the museum: address, transit, admission. Staff keep it up to date."""

    name = models.CharField(_("시설 이름"), max_length=100, default="금천 순이의 집")
    address = models.CharField(_("주소"), max_length=200)
    directions = models.TextField(
        _("오시는 길"), help_text=_("가까운 지하철역, 버스, 주차 안내를 적어 주세요.")
    )
    admission = models.CharField(
        _("관람료"),
        max_length=200,
        blank=True,
        help_text=_("확인한 관람료만 적습니다. 비워 두면 관람 안내에 나오지 않습니다."),
    )
    contact = models.CharField(
        _("문의처"),
        max_length=200,
        blank=True,
        help_text=_("기관 대표 번호나 담당 부서만 적습니다. 개인 연락처는 적지 마세요."),
    )
    notes = models.TextField(_("관람 안내"), blank=True, help_text=_("단체 관람, 해설 등."))
    needs_confirmation = models.BooleanField(
        _("확인 필요"),
        default=True,
        help_text=_(
            "주소·운영 시간·관람료를 공식 자료로 확인하지 않았다면 켜 두세요. "
            "켜 두면 관람 안내에 '확인 중' 표시가 나옵니다."
        ),
    )
    updated_at = models.DateTimeField(_("수정 일시"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("수정한 사람"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = VisitInfoQuerySet.as_manager()

    class Meta:
        verbose_name = _("관람 안내")
        verbose_name_plural = _("관람 안내")
        ordering = ["pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("heritage:index")


class OpeningHours(WeeklyHours):
    """Regular opening hours for one weekday (gvalley.hours.WeeklyHours)."""

    visit_info = models.ForeignKey(
        VisitInfo,
        verbose_name=_("관람 안내"),
        on_delete=models.CASCADE,
        related_name="weekly_hours",
    )

    class Meta:
        verbose_name = _("요일별 운영 시간")
        verbose_name_plural = _("요일별 운영 시간")
        ordering = ["visit_info", "weekday", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["visit_info", "weekday"], name="heritage_hours_one_per_weekday"
            ),
            models.CheckConstraint(
                condition=WeeklyHours.open_before_close(),
                name="heritage_hours_open_before_close",
            ),
        ]


class SpecialDay(SpecialDayBase):
    """A one-off closure or changed hours of the museum (gvalley.hours.SpecialDayBase)."""

    visit_info = models.ForeignKey(
        VisitInfo,
        verbose_name=_("관람 안내"),
        on_delete=models.CASCADE,
        related_name="special_days",
    )

    class Meta:
        verbose_name = _("임시 휴관·운영 시간 변경")
        verbose_name_plural = _("임시 휴관·운영 시간 변경")
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["visit_info", "date"], name="heritage_special_one_per_day"
            ),
            models.CheckConstraint(
                condition=SpecialDayBase.open_before_close(),
                name="heritage_special_open_before_close",
            ),
        ]
        indexes = [models.Index(fields=["visit_info", "date"], name="heritage_special_date_idx")]


# --- Timeline -----------------------------------------------------------------------------


class DatePrecision(models.TextChoices):
    DECADE = "decade", _("연대")
    YEAR = "year", _("연도")
    MONTH = "month", _("월")
    DAY = "day", _("일")


class PublishedQuerySet(SampleQuerySet):
    def published(self):
        return self.filter(is_published=True)


def story_search_texts(story):
    """Return a story's weighted texts for its search vector (also for migrations)."""
    return [
        (both_languages(story, "title"), "A"),
        (both_languages(story, "summary"), "B"),
        (both_languages(story, "period"), "B"),
        (both_languages(story, "body"), "C"),
    ]


def timeline_search_texts(entry):
    """Return a timeline entry's weighted texts for its search vector (also for migrations)."""
    return [
        (both_languages(entry, "title"), "A"),
        (both_languages(entry, "period_label"), "B"),
        (both_languages(entry, "text"), "B"),
    ]


def gallery_search_texts(gallery):
    """Return a gallery's weighted texts for its search vector (also for migrations)."""
    return [(both_languages(gallery, "title"), "A"), (both_languages(gallery, "description"), "B")]


def photo_search_texts(photo):
    """Return a gallery photo's weighted texts for its search vector (also for migrations)."""
    return [
        (both_languages(photo, "caption"), "A"),
        (both_languages(photo, "alt_text"), "B"),
        (both_languages(photo, "period"), "B"),
        (both_languages(photo, "credit"), "D"),
    ]


class TimelineEntry(BigramIndexed, SampleFlagged):
    """One milestone of G밸리, from the 1960s to today."""

    SEARCH_FIELDS = ("title", "period_label", "text")

    date = models.DateField(
        _("날짜"),
        help_text=_("정렬 기준입니다. 연대나 연도만 알면 그 해 1월 1일로 적고 정밀도를 고르세요."),
    )
    precision = models.CharField(
        _("날짜 정밀도"), max_length=10, choices=DatePrecision.choices, default=DatePrecision.YEAR
    )
    period_label = models.CharField(
        _("기간 표시"),
        max_length=50,
        blank=True,
        help_text=_("여러 해에 걸친 일이면 적습니다. 예: 1960~80년대"),
    )
    title = models.CharField(_("제목"), max_length=200)
    text = models.TextField(pgettext_lazy("body of a text", "내용"))
    photo = models.ForeignKey(
        "Photo",
        verbose_name=_("사진"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="timeline_entries",
        help_text=_("갤러리에 올린 사진 가운데 하나를 고릅니다."),
    )
    is_published = models.BooleanField(_("공개"), default=True)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        verbose_name = _("연표 항목")
        verbose_name_plural = _("연표 항목")
        ordering = ["date", "pk"]
        indexes = [
            models.Index(fields=["is_published", "date"], name="heritage_timeline_idx"),
            GinIndex(fields=["search_vector"], name="heritage_timeline_search_gin"),
        ]

    def __str__(self):
        return f"{self.display_date} {self.title}"

    def get_absolute_url(self):
        return reverse("heritage:timeline") + f"#entry-{self.pk}"

    def search_texts(self):
        return timeline_search_texts(self)

    @property
    def display_date(self):
        """Return the date as people say it: 1960년대, 2013년 12월, 2024년 9월 2일.

        A period label is content: in the page's language or the Korean original, marked.
        """
        if self.period_label_ko:
            return translated(self, "period_label")
        if self.precision == DatePrecision.DECADE:
            return _("%(decade)s년대") % {"decade": self.date.year // 10 * 10}
        if self.precision == DatePrecision.YEAR:
            return _("%(year)s년") % {"year": self.date.year}
        if self.precision == DatePrecision.MONTH:
            return _("%(year)s년 %(month)s월") % {"year": self.date.year, "month": self.date.month}
        return _("%(year)s년 %(month)s월 %(day)s일") % {
            "year": self.date.year,
            "month": self.date.month,
            "day": self.date.day,
        }

    @property
    def datetime_attr(self):
        """Return the value of <time datetime>: 1964, 2013-12 or 2024-09-02."""
        if self.precision in (DatePrecision.DECADE, DatePrecision.YEAR):
            return f"{self.date.year:04d}"
        if self.precision == DatePrecision.MONTH:
            return f"{self.date:%Y-%m}"
        return f"{self.date:%Y-%m-%d}"


# --- Galleries -------------------------------------------------------------------------------


class GalleryQuerySet(PublishedQuerySet):
    def for_cards(self):
        """Return the galleries with what a card shows: first photo and count (attach_covers)."""
        return self.annotate(cover=first_photo(Photo, "gallery", count=True))


class Gallery(BigramIndexed, SampleFlagged):
    """A set of photos shown together, each on its own page."""

    SEARCH_FIELDS = ("title", "description")

    title = models.CharField(_("제목"), max_length=200)
    slug = models.SlugField(_("주소 이름"), max_length=100, unique=True, allow_unicode=True)
    description = models.TextField(_("소개"), blank=True)
    is_published = models.BooleanField(_("공개"), default=False)
    position = models.PositiveSmallIntegerField(_("순서"), default=0)
    created_at = models.DateTimeField(_("만든 일시"), auto_now_add=True)
    updated_at = models.DateTimeField(_("수정 일시"), auto_now=True)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = GalleryQuerySet.as_manager()

    class Meta:
        verbose_name = _("갤러리")
        verbose_name_plural = _("갤러리")
        ordering = ["position", "-created_at", "pk"]
        indexes = [
            models.Index(
                fields=["is_published", "position", "-created_at"], name="heritage_gallery_list_idx"
            ),
            GinIndex(fields=["search_vector"], name="heritage_gallery_search_gin"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("heritage:gallery_detail", kwargs={"slug": self.slug})

    def search_texts(self):
        return gallery_search_texts(self)


class CaptionedImage(ResponsiveImage):
    """Abstract: a photo with the text a visitor and a screen reader need."""

    alt_text = models.CharField(
        _("대체 텍스트"),
        max_length=250,
        help_text=_("화면을 볼 수 없는 사람에게 읽어 줄 사진 설명입니다. 반드시 적어 주세요."),
    )
    caption = models.CharField(_("사진 설명"), max_length=300, blank=True)
    credit = models.CharField(_("출처·저작권"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("순서"), default=0)

    class Meta:
        abstract = True

    def __str__(self):
        return self.caption or self.alt_text

    def clean(self):
        # The Korean alt text is required (its English twin is optional: heritage/translation.py).
        super().clean()
        self.alt_text_ko = (self.alt_text_ko or "").strip()
        self.alt_text_en = (self.alt_text_en or "").strip()
        if not self.alt_text_ko:
            raise ValidationError({"alt_text_ko": _("대체 텍스트를 적어 주세요.")})


class PhotoQuerySet(SampleQuerySet):
    def published(self):
        """Return the photos of published galleries (Gallery.objects.published())."""
        return self.filter(gallery__in=Gallery.objects.published())


class Photo(BigramIndexed, CaptionedImage, SampleFlagged):
    UPLOAD_FOLDER = "heritage/photos"
    SEARCH_FIELDS = ("caption", "alt_text", "period", "credit")

    gallery = models.ForeignKey(
        Gallery, verbose_name=_("갤러리"), on_delete=models.CASCADE, related_name="photos"
    )
    period = models.CharField(_("시기"), max_length=50, blank=True, help_text=_("예: 1970년대"))
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("갤러리 사진")
        verbose_name_plural = _("갤러리 사진")
        ordering = ["gallery", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(alt_text=""), name="heritage_photo_alt_required"),
        ]
        indexes = [
            models.Index(fields=["gallery", "position"], name="heritage_photo_order_idx"),
            GinIndex(fields=["search_vector"], name="heritage_photo_search_gin"),
        ]

    def get_absolute_url(self):
        return reverse("heritage:photo_detail", kwargs={"slug": self.gallery.slug, "pk": self.pk})

    def search_texts(self):
        return photo_search_texts(self)


# --- Stories ---------------------------------------------------------------------------------


class StoryKind(models.TextChoices):
    ORAL_HISTORY = "oral", _("구술 기록")
    ARCHIVE = "archive", _("기록물")
    ESSAY = "essay", _("이야기")


class StoryStatus(models.TextChoices):
    DRAFT = "draft", _("초안")
    PUBLISHED = "published", _("공개")


class StoryQuerySet(SampleQuerySet):
    def published(self):
        """Return the stories the public may read: published, and not scheduled for later."""
        return self.published_or_scheduled().filter(published_at__lte=timezone.now())

    def published_or_scheduled(self):
        """Return the published stories, those dated later too: for data kept beyond this
        moment, each read then compares `published_at` with its own clock."""
        return self.filter(status=StoryStatus.PUBLISHED, published_at__isnull=False)

    def visible_to(self, user):
        """Staff see drafts too (to preview them); everyone else sees published stories only."""
        if is_district_staff(user):
            return self.all()
        return self.published()

    def for_cards(self):
        """Return the stories with what a card shows: its fields and first photo (attach_covers),
        and what Story.is_public reads."""
        return self.only(
            "title", "slug", "kind", "period", "summary", "status", "published_at"
        ).annotate(cover=first_photo(StoryPhoto, "story"))


class Story(SampleFlagged):
    """An oral history or archival piece about the lives of 구로공단 workers."""

    title = models.CharField(_("제목"), max_length=200)
    slug = models.SlugField(_("주소 이름"), max_length=100, unique=True, allow_unicode=True)
    kind = models.CharField(
        _("종류"), max_length=10, choices=StoryKind.choices, default=StoryKind.ORAL_HISTORY
    )
    period = models.CharField(_("시기"), max_length=50, help_text=_("예: 1970년대 후반"))
    summary = models.CharField(_("요약"), max_length=300, help_text=_("목록과 첫 화면에 나옵니다."))
    body = models.TextField(
        _("본문"), help_text=_("단락, 굵게, 목록, 인용, 링크를 쓸 수 있습니다.")
    )
    sources = models.TextField(
        _("출처"), blank=True, help_text=_("한 줄에 하나씩: 구술자(익명 가능), 기록물, 문헌.")
    )
    timeline_entries = models.ManyToManyField(
        TimelineEntry, verbose_name=_("관련 연표"), blank=True, related_name="stories"
    )
    status = models.CharField(
        _("상태"), max_length=10, choices=StoryStatus.choices, default=StoryStatus.DRAFT
    )
    published_at = models.DateTimeField(
        _("공개 일시"),
        null=True,
        blank=True,
        help_text=_("비워 두고 공개하면 지금 시각이 들어갑니다."),
    )
    created_at = models.DateTimeField(_("만든 일시"), auto_now_add=True)
    updated_at = models.DateTimeField(_("수정 일시"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("작성자"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("마지막 수정자"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    search_vector = SearchVectorField(null=True, editable=False)

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("이야기")
        verbose_name_plural = _("이야기")
        ordering = ["-published_at", "-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="heritage_story_published_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="heritage_story_public_idx"),
            GinIndex(fields=["search_vector"], name="heritage_story_search_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("heritage:story_detail", kwargs={"slug": self.slug})

    @property
    def is_public(self):
        return (
            self.status == StoryStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def search_texts(self):
        return story_search_texts(self)

    def source_lines(self):
        return [line.strip() for line in self.sources.splitlines() if line.strip()]

    def clean(self):
        if self.status == StoryStatus.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()

    def save(self, *args, **kwargs):
        if self.status == StoryStatus.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()
        # Both languages' bodies, whichever language is active (the admin, a demo load).
        self.body_ko = clean_html(self.body_ko or "")
        self.body_en = clean_html(self.body_en or "")
        super().save(*args, **kwargs)
        vector = bigram_tsvector(self.search_texts())
        Story.objects.filter(pk=self.pk).update(search_vector=RawSQL("%s::tsvector", [vector]))


class StoryPhoto(CaptionedImage):
    UPLOAD_FOLDER = "heritage/stories"

    story = models.ForeignKey(
        Story, verbose_name=_("이야기"), on_delete=models.CASCADE, related_name="photos"
    )

    class Meta:
        verbose_name = _("이야기 사진")
        verbose_name_plural = _("이야기 사진")
        ordering = ["story", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(alt_text=""), name="heritage_storyphoto_alt_required"
            ),
        ]
        indexes = [models.Index(fields=["story", "position"], name="heritage_storyphoto_idx")]

    def get_absolute_url(self):
        return self.story.get_absolute_url()


# Photos read with their parent, in the parent's query: a correlated subquery returns the photo
# rows as JSON. On a page with a few cards or one story, the ORM's work to build and read one more
# query (or a prefetch) costs more than the database's. Photo rows hold only text, numbers,
# booleans and JSON, so they come back from JSON as they are stored.


@functools.cache
def _photos_sql(photo_model, field, select, tail=""):
    """Return a RawSQL subquery on the parent's photos (alias p; `{order}`: their order).

    Built once for each use and shared: annotate() resolves a copy, never this expression.
    """
    quote = connection.ops.quote_name
    fk = photo_model._meta.get_field(field)
    parent = fk.related_model._meta
    order = (
        f"p.{quote(photo_model._meta.get_field('position').column)}, "
        f"p.{quote(photo_model._meta.pk.column)}"
    )
    sql = (
        f"SELECT {select} FROM {quote(photo_model._meta.db_table)} p "
        f"WHERE p.{quote(fk.column)} = {quote(parent.db_table)}.{quote(parent.pk.column)}{tail}"
    )
    return RawSQL(sql.replace("{order}", order), [], output_field=models.JSONField())


def first_photo(photo_model, field, count=False):
    """Return an annotation for a parent queryset: its first photo's row (or null).

    With `count`, the row also holds `photo_total`, the number of all the parent's photos. Read
    it with attach_covers().
    """
    total = " || jsonb_build_object('photo_total', count(*) OVER ())" if count else ""
    return _photos_sql(photo_model, field, f"to_jsonb(p){total}", " ORDER BY {order} LIMIT 1")


def all_photos(photo_model, field):
    """Return an annotation for a parent queryset: the rows of all its photos, in their order.

    Read it with photos_from_rows().
    """
    return _photos_sql(
        photo_model, field, "coalesce(jsonb_agg(to_jsonb(p) ORDER BY {order}), '[]')"
    )


def photos_from_rows(photo_model, rows, db="default"):
    """Return photo instances made from rows of first_photo() or all_photos()."""
    fields = photo_model._meta.concrete_fields
    names = [f.attname for f in fields]
    return [photo_model.from_db(db, names, [row[f.column] for f in fields]) for row in rows]


def attach_covers(parents, photo_model, count_attr=None):
    """Return the parents (annotated `cover` = first_photo()) as a list, each with `covers`.

    `covers` holds the first photo, or nothing; with `count_attr`, each parent also gets its
    number of photos under that name.
    """
    parents = list(parents)
    for parent in parents:
        row = parent.cover
        total = row.pop("photo_total", 0) if row else 0
        parent.covers = photos_from_rows(photo_model, [row] if row else [], parent._state.db)
        if count_attr:
            setattr(parent, count_attr, total)
    return parents


# --- Group visits ----------------------------------------------------------------------------


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("확인 대기")
    CONFIRMED = "confirmed", _("확정")
    DECLINED = "declined", _("거절")


# Requests that hold places in a slot: a pending request keeps its places until staff decide,
# so that confirming it later can never overbook the slot.
HOLDING_STATUSES = (RequestStatus.PENDING, RequestStatus.CONFIRMED)


class VisitSlotQuerySet(SampleQuerySet):
    def with_booked(self):
        """Annotate `booked`: people of pending and confirmed requests."""
        return self.annotate(
            booked=models.functions.Coalesce(
                Sum("requests__people", filter=Q(requests__status__in=HOLDING_STATUSES)), 0
            )
        )

    def bookable(self, now=None):
        """Return open slots that have not started yet."""
        return self.filter(is_open=True, starts_at__gt=now or timezone.now())


class VisitSlot(SampleFlagged):
    """A time when one or more groups can visit together, up to a number of people."""

    starts_at = models.DateTimeField(_("시작"))
    ends_at = models.DateTimeField(_("끝"))
    capacity = models.PositiveSmallIntegerField(_("정원(명)"))
    is_open = models.BooleanField(
        _("신청 받음"), default=True, help_text=_("끄면 이 시간대에는 새 신청을 받지 않습니다.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("연 사람"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = VisitSlotQuerySet.as_manager()

    class Meta:
        verbose_name = _("단체 관람 시간대")
        verbose_name_plural = _("단체 관람 시간대")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["starts_at"], name="heritage_slot_unique_start"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="heritage_slot_ends_after_start",
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="heritage_slot_capacity_min"),
        ]
        indexes = [models.Index(fields=["is_open", "starts_at"], name="heritage_slot_open_idx")]

    def __str__(self):
        start = timezone.localtime(self.starts_at)
        end = timezone.localtime(self.ends_at)
        return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"

    def get_absolute_url(self):
        return reverse("heritage:visit_request", kwargs={"pk": self.pk})

    @property
    def places_left(self):
        booked = getattr(self, "booked", None)
        if booked is None:
            booked = (
                self.requests.filter(status__in=HOLDING_STATUSES).aggregate(n=Sum("people"))["n"]
                or 0
            )
        return max(0, self.capacity - booked)

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("끝나는 시각은 시작 시각보다 늦어야 합니다.")})


class GroupKind(models.TextChoices):
    SCHOOL = "school", _("학교")
    COMPANY = "company", _("기업")
    PUBLIC = "public", _("공공기관·단체")
    OTHER = "other", _("기타")


class VisitRequest(SampleFlagged):
    """A group's request to visit in a slot; N people hold N places until staff decline it."""

    slot = models.ForeignKey(
        VisitSlot, verbose_name=_("시간대"), on_delete=models.PROTECT, related_name="requests"
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("신청한 계정"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="heritage_visit_requests",
    )
    group_name = models.CharField(_("단체 이름"), max_length=100)
    group_kind = models.CharField(_("단체 종류"), max_length=10, choices=GroupKind.choices)
    people = models.PositiveSmallIntegerField(_("인원(명)"))
    contact_name = models.CharField(_("담당자 이름"), max_length=50)
    contact_email = models.EmailField(_("담당자 이메일"))
    contact_phone = models.CharField(_("담당자 연락처"), max_length=20)
    message = models.TextField(_("요청 사항"), blank=True, max_length=1000)
    status = models.CharField(
        _("상태"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    created_at = models.DateTimeField(_("신청 일시"), auto_now_add=True)
    decided_at = models.DateTimeField(_("처리 일시"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("처리한 사람"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    staff_note = models.TextField(
        _("담당자 메모"),
        blank=True,
        help_text=_("거절 사유 등. 거절하면 신청자에게 메일로 전합니다."),
    )

    class Meta:
        verbose_name = _("단체 관람 신청")
        verbose_name_plural = _("단체 관람 신청")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(people__gte=1), name="heritage_request_people_min"),
        ]
        indexes = [
            models.Index(fields=["slot", "status"], name="heritage_request_slot_idx"),
            models.Index(fields=["status", "-created_at"], name="heritage_request_status_idx"),
        ]

    def __str__(self):
        people = ngettext("%(count)s명", "%(count)s명", self.people) % {"count": self.people}
        return f"{self.group_name} ({people}) · {self.slot}"

    def get_absolute_url(self):
        return reverse("account_profile")
