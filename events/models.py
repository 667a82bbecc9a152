"""G밸리 Week editions, venues, events, and the registrations that fill their seats."""

import datetime
import re
import secrets
import unicodedata
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, Subquery
from django.db.models.fields.files import FieldFile
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from gvalley.documents import validate_pdf
from gvalley.hours import SpecialDayBase, WeeklyHours
from gvalley.images import ResponsiveImage, image_upload_to, validate_image_file
from gvalley.models import SampleFlagged
from gvalley.richtext import clean_html
from gvalley.roles import is_district_staff, is_judge
from gvalley.search import BigramIndexed, plain_text
from gvalley.storage import PrivateFileField, private_storage
from gvalley.translated import pick

TICKET_SALT = "events.ticket"
# The ticket code a person reads out or staff type at the door: no 0/O, 1/I/L to confuse.
TICKET_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
# 31**8 ≈ 8.5 × 10**11 codes, drawn with `secrets`: a made-up code matches one of an event's
# thousand tickets about once in 850 million tries, and only staff can try one, at the door.
TICKET_CODE_LENGTH = 8
TICKET_CODE_PATTERN = rf"^[{TICKET_CODE_ALPHABET}]{{{TICKET_CODE_LENGTH}}}$"
_TICKET_CODE_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―−_.·]+")
# Event slugs share /events/<slug>/ with these pages.
RESERVED_SLUGS = {
    "calendar",
    "week",
    "archive",
    "gvalley-week",
    "feed",
    "feed.ics",
    "registrations",
    "spaces",
    "calls",
}


def text_lines(text):
    """Return the non-blank lines of a text kept one item per line (co-hosts, equipment)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class Edition(SampleFlagged):
    """One yearly G밸리 Week: five days of industry and culture events."""

    # "회차" is also a council meeting's number: the context keeps the two translations apart.
    number = models.PositiveSmallIntegerField(pgettext_lazy("G Valley Week", "회차"), unique=True)
    year = models.PositiveSmallIntegerField(_("연도"))
    starts_on = models.DateField(_("시작일"))
    ends_on = models.DateField(_("종료일"))
    theme = models.CharField(_("주제"), max_length=200, blank=True)
    cohosts = models.TextField(
        _("공동 주최"), blank=True, help_text=_("기관 이름을 한 줄에 하나씩 적습니다.")
    )
    description = models.TextField(_("소개"), blank=True)

    class Meta:
        verbose_name = _("G밸리 Week")
        verbose_name_plural = _("G밸리 Week")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="edition_ends_after_start"
            )
        ]

    def __str__(self):
        return _("제%(number)s회 G밸리 Week (%(year)s)") % {
            "number": self.number,
            "year": self.year,
        }

    def get_absolute_url(self):
        return reverse("events:edition", kwargs={"number": self.number})

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("종료일은 시작일보다 빠를 수 없습니다.")})

    @property
    def cohost_list(self):
        return text_lines(self.cohosts)

    def days(self):
        """Return every date of the edition, first to last."""
        count = (self.ends_on - self.starts_on).days + 1
        return [self.starts_on + datetime.timedelta(days=i) for i in range(count)]


class Venue(SampleFlagged):
    name = models.CharField(_("장소명"), max_length=100)
    slug = models.SlugField(_("주소용 이름"), max_length=120, unique=True)
    address = models.CharField(_("주소"), max_length=200, blank=True)
    description = models.TextField(_("소개"), blank=True)
    transit = models.TextField(_("교통편"), blank=True, help_text=_("가까운 역, 버스 등"))
    accessibility = models.TextField(
        _("접근성 안내"), blank=True, help_text=_("휠체어 출입, 승강기, 장애인 화장실 등")
    )
    map_url = models.URLField(_("지도 링크"), blank=True)

    class Meta:
        verbose_name = _("장소")
        verbose_name_plural = _("장소")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("events:index") + f"?venue={self.slug}"


# What an event card (events.listing.event_cards) reads: long texts stay in the database.
LISTING_FIELDS = [
    "title_ko",
    "title_en",
    "slug",
    "category",
    "audience",
    "status",
    "starts_at",
    "summary_ko",
    "summary_en",
    "registration_mode",
    "capacity",
    "confirmed_count",
    "venue",
    "edition",
]


class EventQuerySet(models.QuerySet):
    def public(self):
        """Return the events the public may see: published and cancelled (marked as such)."""
        return self.filter(status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED])

    def published(self):
        return self.filter(status=Event.Status.PUBLISHED)

    def upcoming(self, now=None):
        """Return events that have not ended yet, soonest first."""
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "pk")

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "-pk")

    def between(self, start, end):
        """Return events overlapping [start, end)."""
        return self.filter(starts_at__lt=end, ends_at__gte=start)

    def date_span(self):
        """Return the local dates of the first start and the last end, or None without events."""
        span = self.aggregate(first=Min("starts_at"), last=Max("ends_at"))
        if span["first"] is None:
            return None
        return timezone.localdate(span["first"]), timezone.localdate(span["last"])

    def with_free_seats(self):
        return self.filter(Q(capacity__isnull=True) | Q(confirmed_count__lt=F("capacity")))

    def for_listing(self, edition_number=True):
        """Return the events with what an event card shows, and only that.

        The card shows one column of the venue and of the edition: they come as annotations
        (venue_name_ko and _en, edition_number), not as whole related objects. A page that has
        read the editions already (the list, for its filter) leaves out edition_number and its
        join. Texts are read in both languages as plain columns (no rewriting to the active
        one): the card picks the page's (events.listing).
        """
        events = (
            self.rewrite(False)
            .only(*LISTING_FIELDS)
            .annotate(venue_name_ko=F("venue__name_ko"), venue_name_en=F("venue__name_en"))
        )
        if edition_number:
            events = events.annotate(edition_number=F("edition__number"))
        return events


# An event's formatted texts (nh3-sanitised on save, in Korean and English).
RICH_TEXT_FIELDS = ("description", "how_to_take_part")


def _both_languages(row, name):
    """Return a text's Korean and English versions; a migration's model has only the plain one."""
    korean = getattr(row, f"{name}_ko", None)
    if korean is None:
        korean = getattr(row, name)
    return [korean or "", getattr(row, f"{name}_en", None) or ""]


def event_search_texts(event):
    """Return an event's weighted texts for its search vector, Korean and English (also used by
    migrations)."""
    weights = [
        ("title", "A", False),
        ("summary", "B", False),
        ("organiser", "B", False),
        ("description", "C", True),
        ("how_to_take_part", "D", True),
    ]
    return [
        (plain_text(text) if rich else text, weight)
        for name, weight, rich in weights
        for text in _both_languages(event, name)
    ]


class Event(BigramIndexed, SampleFlagged):
    SEARCH_FIELDS = tuple(
        f"{name}{suffix}"
        for name in ("title", "summary", "organiser", "description", "how_to_take_part")
        for suffix in ("", "_ko", "_en")
    )

    class Category(models.TextChoices):
        INDUSTRY = "industry", _("산업행사")
        CULTURE = "culture", _("문화행사")
        EDUCATION = "education", _("교육·세미나")
        EXHIBITION = "exhibition", _("전시")
        SPORTS = "sports", _("체육")
        CONTEST = "contest", _("공모전")
        NETWORKING = "networking", _("네트워킹")

    class Audience(models.TextChoices):
        ANYONE = "anyone", _("누구나")
        EMPLOYEES = "employees", _("입주기업 임직원")
        SELECTED = "selected", _("선정 기업")
        COMPANIES = "companies", _("입주기업")
        PUPILS = "pupils", _("초등학생")
        RESIDENTS = "residents", _("지역 주민")

    class Status(models.TextChoices):
        DRAFT = "draft", _("작성 중")
        PUBLISHED = "published", _("공개")
        CANCELLED = "cancelled", _("취소됨")

    class Mode(models.TextChoices):
        FIRST_COME = "first_come", _("선착순 신청")
        SELECTION = "selection", _("기업 신청 후 선정")
        NONE = "none", _("신청 없음(안내만)")

    edition = models.ForeignKey(
        Edition,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("G밸리 Week"),
    )
    title = models.CharField(_("행사명"), max_length=150)
    slug = models.SlugField(_("주소용 이름"), max_length=160, unique=True, allow_unicode=True)
    category = models.CharField(_("분류"), max_length=20, choices=Category.choices)
    audience = models.CharField(_("대상"), max_length=20, choices=Audience.choices)
    venue = models.ForeignKey(
        Venue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("장소"),
    )
    venue_note = models.CharField(
        _("장소 보충 설명"), max_length=200, blank=True, help_text=_("예: 출발 대륭포스트타워 8차")
    )
    starts_at = models.DateTimeField(_("시작"))
    ends_at = models.DateTimeField(_("종료"))
    organiser = models.CharField(_("주최·주관"), max_length=150)
    summary = models.CharField(_("한 줄 소개"), max_length=200, blank=True)
    description = models.TextField(_("설명"), blank=True)
    how_to_take_part = models.TextField(_("참여 방법"), blank=True)
    status = models.CharField(
        _("상태"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    registration_mode = models.CharField(
        _("신청 방식"), max_length=20, choices=Mode.choices, default=Mode.NONE
    )
    capacity = models.PositiveIntegerField(
        _("정원"),
        null=True,
        blank=True,
        help_text=_("비워 두면 인원 제한이 없습니다. 선정 방식이면 선정할 기업 수입니다."),
    )
    waitlist = models.BooleanField(
        _("대기자 받기"), default=True, help_text=_("정원이 차면 대기 순번을 받습니다.")
    )
    registration_opens_at = models.DateTimeField(_("신청 시작"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("신청 마감"), null=True, blank=True)
    needs_bib = models.BooleanField(
        _("배번 발급"), default=False, help_text=_("마라톤처럼 참가 번호(배번)가 필요한 행사")
    )
    confirmed_count = models.PositiveIntegerField(_("확정 인원"), default=0, editable=False)
    search_vector = SearchVectorField(_("검색 색인"), null=True, editable=False)
    last_bib = models.PositiveIntegerField(_("마지막 배번"), default=0, editable=False)
    created_at = models.DateTimeField(_("등록일"), auto_now_add=True)
    updated_at = models.DateTimeField(_("수정일"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("수정한 사람"),
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("행사")
        verbose_name_plural = _("행사")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["status", "starts_at"], name="event_status_start_idx"),
            models.Index(fields=["status", "ends_at"], name="event_status_end_idx"),
            models.Index(fields=["category", "starts_at"], name="event_category_start_idx"),
            models.Index(fields=["audience", "starts_at"], name="event_audience_start_idx"),
            models.Index(fields=["edition", "starts_at"], name="event_edition_start_idx"),
            models.Index(fields=["-created_at"], name="event_created_idx"),
            # The site search reads the newest matches first, whatever their status.
            models.Index(fields=["starts_at"], name="event_starts_idx"),
            GinIndex(fields=["search_vector"], name="event_search_gin"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=F("registration_opens_at")),
                name="event_registration_window",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(confirmed_count__lte=F("capacity")),
                name="event_within_capacity",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    def search_texts(self):
        return event_search_texts(self)

    def clean(self):
        errors = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _(
                "‘%(slug)s’는 포털 주소에 이미 쓰이는 이름입니다. 다른 이름을 적어 주세요."
            ) % {"slug": self.slug}
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("종료 시각은 시작 시각보다 빠를 수 없습니다.")
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            errors["registration_closes_at"] = _("신청 마감은 신청 시작보다 늦어야 합니다.")
        if self.capacity is not None and self.capacity < self.confirmed_count:
            errors["capacity"] = _("이미 확정된 인원(%(count)s명)보다 정원을 줄일 수 없습니다.") % {
                "count": self.confirmed_count
            }
        if self.registration_mode == self.Mode.SELECTION and not self.capacity:
            errors["capacity"] = _("선정 방식 행사는 선정할 기업 수(정원)를 적어야 합니다.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        # Seat counters are saved on every registration: clean the text only when it is written.
        # Both languages' texts, named: `self.description` is only the active language's.
        rich = [f"{name}_{language}" for name in RICH_TEXT_FIELDS for language in ("ko", "en")]
        if update_fields is None or {*RICH_TEXT_FIELDS, *rich} & set(update_fields):
            for column in rich:
                setattr(self, column, clean_html(getattr(self, column) or ""))
        super().save(*args, **kwargs)

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def seats_left(self):
        if self.capacity is None:
            return None
        return max(self.capacity - self.confirmed_count, 0)

    @property
    def is_full(self):
        return self.capacity is not None and self.confirmed_count >= self.capacity

    @property
    def takes_registrations(self):
        return self.registration_mode != self.Mode.NONE

    def registration_state(self, now=None):
        """Return 'open', 'not_yet', 'closed', 'cancelled' or 'none'."""
        now = now or timezone.now()
        if self.registration_mode == self.Mode.NONE:
            return "none"
        if self.is_cancelled:
            return "cancelled"
        if self.registration_opens_at and now < self.registration_opens_at:
            return "not_yet"
        closes = self.registration_closes_at or self.starts_at
        if now >= closes:
            return "closed"
        return "open"


class EventPoster(ResponsiveImage):
    """The poster of an event (same image rules as company logos)."""

    UPLOAD_FOLDER = "events/posters"

    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, related_name="poster", verbose_name=_("행사")
    )
    alt = models.CharField(
        _("대체 텍스트"), max_length=200, help_text=_("포스터에 적힌 핵심 내용을 글로 적습니다.")
    )

    class Meta:
        verbose_name = _("포스터")
        verbose_name_plural = _("포스터")
        ordering = ["event", "pk"]

    def __str__(self):
        return str(self.event)

    def get_absolute_url(self):
        return self.event.get_absolute_url()


class Question(models.Model):
    """A question an applying company answers (selection events)."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="questions", verbose_name=_("행사")
    )
    label = models.CharField(_("질문"), max_length=200)
    help_text = models.CharField(_("도움말"), max_length=200, blank=True)
    required = models.BooleanField(_("필수"), default=True)
    position = models.PositiveSmallIntegerField(_("순서"), default=0)

    class Meta:
        verbose_name = _("신청 질문")
        verbose_name_plural = _("신청 질문")
        ordering = ["event", "position", "pk"]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return self.event.get_absolute_url()


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status__in=[Registration.Status.CANCELLED])

    def holding_seat(self):
        return self.filter(status__in=[Registration.Status.CONFIRMED, Registration.Status.SELECTED])

    def waiting(self):
        return self.filter(status=Registration.Status.WAITLISTED).order_by("created_at", "pk")

    def of_user(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def with_waitlist_position(self):
        """Annotate how many wait ahead of each registration (in the same query)."""
        ahead = (
            Registration.objects.filter(
                event=OuterRef("event"), status=Registration.Status.WAITLISTED
            )
            .filter(
                Q(created_at__lt=OuterRef("created_at"))
                | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk"))
            )
            .order_by()
            .values("event")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(waiting_ahead=Subquery(ahead))

    def visible_to(self, user):
        """Return the registrations a user may see: their own and their companies'."""
        if not user.is_authenticated:
            return self.none()
        from companies.models import Company

        return self.filter(
            Q(user=user) | Q(company__in=Company.objects.managed_by(user))
        ).distinct()


def new_ticket_code():
    """Return a fresh random ticket code (TICKET_CODE_LENGTH letters of the safe alphabet)."""
    return "".join(secrets.choice(TICKET_CODE_ALPHABET) for _ in range(TICKET_CODE_LENGTH))


def parse_ticket_code(text):
    """Return the ticket code typed in `text` as stored, or None if it cannot be one.

    Any case, with or without the hyphen, spaces or other separators: "abcd efgh" is ABCDEFGH;
    full-width letters of a Korean keyboard count as the letters they are.
    """
    code = _TICKET_CODE_SEPARATORS.sub("", unicodedata.normalize("NFKC", text or "")).upper()
    if len(code) == TICKET_CODE_LENGTH and set(code) <= set(TICKET_CODE_ALPHABET):
        return code
    return None


class Registration(models.Model):
    """A person's seat (or place in the queue), or a company's application to an event."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("참가 확정")
        WAITLISTED = "waitlisted", _("대기")
        APPLIED = "applied", _("심사 중")
        SELECTED = "selected", _("선정")
        DECLINED = "declined", _("미선정")
        # "취소" alone is also the portal's Cancel button: the status says what happened.
        CANCELLED = "cancelled", _("취소됨")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("행사")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("신청자"),
    )
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("신청 기업"),
    )
    status = models.CharField(_("상태"), max_length=20, choices=Status.choices)
    answers = models.JSONField(_("신청 답변"), default=list, blank=True)
    ticket = models.UUIDField(_("입장권 번호"), default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(
        _("입장 코드"),
        max_length=TICKET_CODE_LENGTH,
        default=new_ticket_code,
        editable=False,
        help_text=_("입장권에 적힌 8자리 코드. 입구에서 QR 코드 대신 불러 주거나 입력합니다."),
    )
    bib = models.PositiveIntegerField(_("배번"), null=True, blank=True, editable=False)
    checked_in_at = models.DateTimeField(_("입장 시각"), null=True, blank=True, editable=False)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("입장 확인자"),
    )
    decided_at = models.DateTimeField(_("선정 처리일"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("선정 처리자"),
    )
    cancelled_at = models.DateTimeField(_("취소일"), null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField(_("익명 처리일"), null=True, blank=True, editable=False)
    reminded_at = models.DateTimeField(
        _("하루 전 안내 메일"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("신청일"), auto_now_add=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("참가 신청")
        verbose_name_plural = _("참가 신청")
        ordering = ["event", "created_at", "pk"]
        indexes = [
            models.Index(fields=["event", "status", "created_at"], name="reg_event_status_idx"),
            models.Index(fields=["user", "created_at"], name="reg_user_created_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "bib"], name="unique_event_bib", condition=Q(bib__isnull=False)
            ),
            models.UniqueConstraint(
                fields=["event", "user"],
                name="unique_active_personal_registration",
                condition=Q(company__isnull=True, user__isnull=False) & ~Q(status="cancelled"),
            ),
            models.UniqueConstraint(
                fields=["event", "company"],
                name="unique_active_company_application",
                condition=Q(company__isnull=False) & ~Q(status="cancelled"),
            ),
            models.UniqueConstraint(fields=["code"], name="unique_ticket_code"),
            models.CheckConstraint(
                condition=Q(code__regex=TICKET_CODE_PATTERN), name="ticket_code_format"
            ),
        ]

    def __str__(self):
        who = self.company or self.user or _("익명 참가자")
        return f"{self.event} · {who}"

    def get_absolute_url(self):
        return reverse("events:ticket", kwargs={"pk": self.pk})

    @property
    def is_active(self):
        return self.status != self.Status.CANCELLED

    @property
    def has_ticket(self):
        return self.status in (self.Status.CONFIRMED, self.Status.SELECTED)

    @property
    def can_cancel(self):
        """Whether the person may still give the registration up (see services.cancel)."""
        return (
            self.status not in (self.Status.CANCELLED, self.Status.DECLINED)
            and not self.checked_in_at
        )

    @property
    def status_label(self):
        """Return the status as shown: a place on the waiting list gives its number."""
        if self.status == self.Status.WAITLISTED:
            return gettext("대기 %(position)s번째") % {"position": self.waitlist_position()}
        return self.get_status_display()

    @property
    def display_code(self):
        """Return the ticket code as printed: two groups of four (ABCD-EFGH)."""
        half = TICKET_CODE_LENGTH // 2
        return f"{self.code[:half]}-{self.code[half:]}"

    def waitlist_position(self):
        """Return the place on the waiting list (1 = next to get a seat), None when not waiting.

        A registration read with RegistrationQuerySet.with_waitlist_position() has it already.
        """
        if self.status != self.Status.WAITLISTED:
            return None
        if hasattr(self, "waiting_ahead"):
            return (self.waiting_ahead or 0) + 1
        return (
            Registration.objects.waiting()
            .filter(event_id=self.event_id)
            .filter(
                Q(created_at__lt=self.created_at) | Q(created_at=self.created_at, pk__lt=self.pk)
            )
            .count()
            + 1
        )

    def signed_code(self):
        """Return the code the QR ticket holds: the ticket number, signed by the portal."""
        return signing.Signer(salt=TICKET_SALT).sign(str(self.ticket))


# --- Spaces to rent (the 기업시민청's hall and rooms) ---------------------------------------------


class SpaceQuerySet(models.QuerySet):
    def active(self):
        """Return the spaces shown to the public and open to requests."""
        return self.filter(is_active=True)


def space_search_texts(space):
    """Return a space's weighted texts for its search vector (also used by migrations)."""
    weights = [
        ("name", "A"),
        ("summary", "B"),
        ("equipment", "B"),
        ("description", "C"),
        ("floor", "C"),
    ]
    return [(text, weight) for name, weight in weights for text in _both_languages(space, name)]


class Space(BigramIndexed, SampleFlagged):
    """A room or hall of a venue that companies may rent, with its booking rules."""

    SEARCH_FIELDS = tuple(
        f"{name}{suffix}"
        for name in ("name", "summary", "equipment", "description", "floor")
        for suffix in ("", "_ko", "_en")
    )

    class Kind(models.TextChoices):
        HALL = "hall", _("홀")
        MEETING = "meeting", _("회의실")
        TRAINING = "training", _("교육장")

    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, related_name="spaces", verbose_name=_("장소")
    )
    name = models.CharField(_("공간 이름"), max_length=100)
    slug = models.SlugField(_("주소용 이름"), max_length=120, unique=True)
    kind = models.CharField(_("종류"), max_length=20, choices=Kind.choices)
    floor = models.CharField(_("층·위치"), max_length=100, blank=True)
    summary = models.CharField(_("한 줄 소개"), max_length=200, blank=True)
    description = models.TextField(_("소개"), blank=True)
    capacity = models.PositiveIntegerField(_("최대 인원"))
    equipment = models.TextField(
        _("장비"), blank=True, help_text=_("빌려 쓸 수 있는 장비를 한 줄에 하나씩 적습니다.")
    )
    accessibility = models.TextField(
        _("접근성 안내"), blank=True, help_text=_("휠체어 출입, 승강기, 장애인 화장실 등")
    )
    fee = models.CharField(
        _("이용료"),
        max_length=200,
        help_text=_("예: 무료, 시간당 30,000원. 온라인 결제는 없습니다."),
    )
    rules = models.TextField(_("이용 규칙"), blank=True)
    min_minutes = models.PositiveIntegerField(_("최소 이용 시간(분)"), default=60)
    max_minutes = models.PositiveIntegerField(_("최대 이용 시간(분)"), default=240)
    book_min_days = models.PositiveIntegerField(
        _("최소 며칠 전 신청"), default=3, help_text=_("이용일 며칠 전까지 신청해야 하는지")
    )
    book_max_days = models.PositiveIntegerField(
        _("최대 며칠 전부터 신청"), default=60, help_text=_("이용일 며칠 전부터 신청할 수 있는지")
    )
    buffer_minutes = models.PositiveIntegerField(
        _("정리 시간(분)"), default=30, help_text=_("예약이 끝난 뒤 다음 예약까지 비워 둘 시간")
    )
    cancel_min_days = models.PositiveIntegerField(
        _("취소 마감(며칠 전)"),
        default=2,
        help_text=_("신청자는 이용일 며칠 전까지 취소할 수 있습니다."),
    )
    is_lounge = models.BooleanField(
        _("라운지 개방"), default=False, help_text=_("예약이 없는 운영 시간에는 누구나 쓰는 라운지")
    )
    is_active = models.BooleanField(_("공개"), default=True)
    position = models.PositiveSmallIntegerField(_("순서"), default=0)
    search_vector = SearchVectorField(_("검색 색인"), null=True, editable=False)

    objects = SpaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("대관 공간")
        verbose_name_plural = _("대관 공간")
        ordering = ["position", "name", "pk"]
        indexes = [
            models.Index(fields=["is_active", "position"], name="space_active_pos_idx"),
            GinIndex(fields=["search_vector"], name="space_search_gin"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_minutes__gt=0) & Q(max_minutes__gte=F("min_minutes")),
                name="space_duration_range",
            ),
            models.CheckConstraint(
                condition=Q(book_max_days__gte=F("book_min_days")), name="space_booking_window"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("events:space", kwargs={"slug": self.slug})

    def search_texts(self):
        return space_search_texts(self)

    def clean(self):
        errors = {}
        if self.min_minutes is not None and self.max_minutes is not None:
            if self.min_minutes <= 0 or self.max_minutes < self.min_minutes:
                errors["max_minutes"] = _("최대 이용 시간은 최소 이용 시간 이상이어야 합니다.")
        if self.book_min_days is not None and self.book_max_days is not None:
            if self.book_max_days < self.book_min_days:
                errors["book_max_days"] = _("신청 기간의 끝이 시작보다 앞설 수 없습니다.")
        if errors:
            raise ValidationError(errors)

    @property
    def equipment_list(self):
        return text_lines(self.equipment)

    def equipment_choices(self):
        """Return (Korean name, name in the page's language) of each piece of equipment.

        A request keeps the Korean names, which staff read; the English ones label the boxes
        where the English list has a line for every Korean one.
        """
        english = self.english_equipment()
        return [(name, pick(name, english.get(name))) for name in text_lines(self.equipment_ko)]

    def english_equipment(self):
        """Return {Korean name: English name}, where the English list has a line for every
        Korean one (else {}: a line cannot be matched to its translation)."""
        korean, english = text_lines(self.equipment_ko), text_lines(self.equipment_en)
        return dict(zip(korean, english, strict=True)) if len(english) == len(korean) else {}


class SpaceLayout(models.Model):
    """A way to set a space's seats, with the capacity it allows."""

    class Kind(models.TextChoices):
        THEATRE = "theatre", _("극장식")
        CLASSROOM = "classroom", _("강의식")
        BANQUET = "banquet", _("연회식")
        BOARDROOM = "boardroom", _("회의식")

    space = models.ForeignKey(
        Space, on_delete=models.CASCADE, related_name="layouts", verbose_name=_("공간")
    )
    kind = models.CharField(_("배치"), max_length=20, choices=Kind.choices)
    capacity = models.PositiveIntegerField(_("수용 인원"))

    class Meta:
        verbose_name = _("좌석 배치")
        verbose_name_plural = _("좌석 배치")
        ordering = ["space", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["space", "kind"], name="space_layout_once"),
        ]

    def __str__(self):
        return _("%(layout)s %(capacity)s명") % {
            "layout": self.get_kind_display(),
            "capacity": self.capacity,
        }

    def get_absolute_url(self):
        return self.space.get_absolute_url()


class SpaceHours(WeeklyHours):
    """A space's regular opening hours on one weekday (gvalley.hours, as the museum's)."""

    space = models.ForeignKey(
        Space, on_delete=models.CASCADE, related_name="weekly_hours", verbose_name=_("공간")
    )

    class Meta:
        verbose_name = _("요일별 운영 시간")
        verbose_name_plural = _("요일별 운영 시간")
        ordering = ["space", "weekday", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["space", "weekday"], name="space_hours_one_per_weekday"
            ),
            models.CheckConstraint(
                condition=WeeklyHours.open_before_close(), name="space_hours_open_before_close"
            ),
        ]


class SpaceClosure(SpecialDayBase):
    """A space's one-off closed day or changed hours (gvalley.hours)."""

    space = models.ForeignKey(
        Space, on_delete=models.CASCADE, related_name="closures", verbose_name=_("공간")
    )

    class Meta:
        verbose_name = _("휴관일·운영 시간 변경")
        verbose_name_plural = _("휴관일·운영 시간 변경")
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["space", "date"], name="space_closure_one_per_day"),
            models.CheckConstraint(
                condition=SpecialDayBase.open_before_close(),
                name="space_closure_open_before_close",
            ),
        ]
        indexes = [models.Index(fields=["space", "date"], name="space_closure_date_idx")]


class SpacePhoto(ResponsiveImage):
    UPLOAD_FOLDER = "events/spaces"

    space = models.ForeignKey(
        Space, on_delete=models.CASCADE, related_name="photos", verbose_name=_("공간")
    )
    alt = models.CharField(
        _("대체 텍스트"),
        max_length=200,
        help_text=_("화면을 볼 수 없는 사람에게 읽어 줄 사진 설명입니다."),
    )
    caption = models.CharField(_("사진 설명"), max_length=300, blank=True)
    caption_en = models.CharField(
        _("영문 사진 설명"),
        max_length=300,
        blank=True,
        help_text=_("영어 페이지와 외국인 방문자를 위해 한국어 설명 옆에 보여 줍니다."),
    )
    position = models.PositiveSmallIntegerField(_("순서"), default=0)

    class Meta:
        verbose_name = _("공간 사진")
        verbose_name_plural = _("공간 사진")
        ordering = ["space", "position", "pk"]

    def __str__(self):
        return self.alt

    def caption_in_language(self):
        """Return the caption for the page: the English one, or the Korean original, marked."""
        return pick(self.caption, self.caption_en)

    @property
    def alt_text(self):
        """The text alternative under the name the shared gallery reads (includes/_gallery)."""
        return self.alt

    def get_absolute_url(self):
        return self.space.get_absolute_url()


class TsTzRange(models.Func):
    """PostgreSQL's tstzrange(start, end), half-open [start, end)."""

    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


class BookingQuerySet(models.QuerySet):
    def holding(self):
        """Return the bookings that hold their slot: approved ones (the constraint's rows)."""
        return self.filter(status=Booking.Status.APPROVED)

    def shown(self):
        """Return the bookings an availability view shows: requested and approved."""
        return self.filter(status__in=[Booking.Status.PENDING, Booking.Status.APPROVED])

    def overlapping(self, space_id, starts_at, blocked_until):
        """Return the bookings of the space whose held time meets [starts_at, blocked_until)."""
        return self.filter(
            space_id=space_id, starts_at__lt=blocked_until, blocked_until__gt=starts_at
        )

    def visible_to(self, user):
        """Return the bookings a user may open: staff all, a manager their companies'."""
        from gvalley.roles import is_district_staff

        if is_district_staff(user):
            return self.all()
        return self.visible_to_manager(user)

    def visible_to_manager(self, user):
        """Return the bookings of the companies the user manages, and those they asked for."""
        from companies.models import Company

        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(company__in=Company.objects.managed_by(user)) | Q(requested_by=user))

    def with_conflicts(self):
        """Annotate how many other pending or approved bookings overlap each one."""
        others = (
            Booking.objects.shown()
            .filter(
                space=OuterRef("space"),
                starts_at__lt=OuterRef("blocked_until"),
                blocked_until__gt=OuterRef("starts_at"),
            )
            .exclude(pk=OuterRef("pk"))
            .order_by()
            .values("space")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(conflicts=Coalesce(Subquery(others), 0))


def screen_file_upload_to(instance, filename):
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"events/screens/{uuid.uuid4().hex}{suffix}"


class ScreenFieldFile(FieldFile):
    """An LED screen file: private, served only by the booking's download view."""

    @property
    def url(self):
        self._require_file()
        if self.instance.pk is None:
            return None
        return reverse("events:booking_screen", kwargs={"pk": self.instance.pk})


class ScreenFileField(models.FileField):
    attr_class = ScreenFieldFile


class Booking(models.Model):
    """A request for a space at a time, or a staff booking for a district event."""

    class Status(models.TextChoices):
        PENDING = "pending", _("승인 대기")
        APPROVED = "approved", _("예약 확정")
        REJECTED = "rejected", _("반려")
        CANCELLED = "cancelled", _("취소됨")

    class Kind(models.TextChoices):
        COMPANY = "company", _("기업 대관")
        DISTRICT = "district", _("구 행사")

    # A space deleted (sample data purged, a room gone) takes its bookings with it; the admin's
    # confirmation page lists them first.
    space = models.ForeignKey(
        Space, on_delete=models.CASCADE, related_name="bookings", verbose_name=_("공간")
    )
    kind = models.CharField(_("구분"), max_length=20, choices=Kind.choices, default=Kind.COMPANY)
    status = models.CharField(
        _("상태"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="space_bookings",
        verbose_name=_("신청 기업"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="space_bookings",
        verbose_name=_("신청자"),
    )
    starts_at = models.DateTimeField(_("시작"))
    ends_at = models.DateTimeField(_("종료"))
    blocked_until = models.DateTimeField(
        _("정리 끝"), editable=False, help_text=_("종료 시각에 정리 시간을 더한 시각")
    )
    purpose = models.CharField(_("사용 목적"), max_length=200)
    attendees = models.PositiveIntegerField(_("예상 인원"))
    layout = models.CharField(_("좌석 배치"), max_length=20, choices=SpaceLayout.Kind.choices)
    equipment = models.JSONField(_("필요 장비"), default=list, blank=True)
    screen_file = ScreenFileField(
        _("LED 화면 파일"),
        upload_to=screen_file_upload_to,
        storage=private_storage,
        max_length=200,
        blank=True,
    )
    contact_name = models.CharField(_("담당자 이름"), max_length=100, blank=True)
    contact_email = models.EmailField(_("담당자 이메일"), blank=True)
    contact_phone = models.CharField(_("담당자 전화"), max_length=30, blank=True)
    conditions = models.TextField(
        _("승인 조건"), blank=True, help_text=_("예: 음식물 반입은 연회식 배치에서만")
    )
    reject_reason = models.TextField(_("반려 사유"), blank=True)
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="space_bookings",
        verbose_name=_("연결된 행사"),
    )
    decided_at = models.DateTimeField(_("처리일"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("처리한 사람"),
    )
    cancelled_at = models.DateTimeField(_("취소일"), null=True, blank=True, editable=False)
    contact_purged_at = models.DateTimeField(
        _("연락처 삭제일"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("신청일"), auto_now_add=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("대관 신청")
        verbose_name_plural = _("대관 신청")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["space", "starts_at"], name="booking_space_start_idx"),
            models.Index(fields=["status", "created_at"], name="booking_status_created_idx"),
            models.Index(fields=["company", "starts_at"], name="booking_company_start_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="booking_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(blocked_until__gte=F("ends_at")), name="booking_buffer_after_end"
            ),
            # Never double-booked: two approved bookings of a space never share a moment,
            # setup time included, whatever the application does (btree_gist for "space =").
            ExclusionConstraint(
                name="booking_no_overlap",
                expressions=[
                    ("space", RangeOperators.EQUAL),
                    (TsTzRange("starts_at", "blocked_until"), RangeOperators.OVERLAPS),
                ],
                condition=Q(status="approved"),
            ),
        ]

    def __str__(self):
        who = self.company or (self.event and self.event.title) or self.get_kind_display()
        return f"{self.space} · {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M} · {who}"

    def get_absolute_url(self):
        return reverse("events:booking", kwargs={"pk": self.pk})

    def save(self, *args, **kwargs):
        if self.ends_at is not None and self.space_id is not None:
            # The slot is held until the space is set up again for the next booking.
            self.blocked_until = self.ends_at + datetime.timedelta(
                minutes=self.space.buffer_minutes
            )
        super().save(*args, **kwargs)

    @property
    def is_open(self):
        """Whether the booking still asks for or holds its slot."""
        return self.status in (self.Status.PENDING, self.Status.APPROVED)

    def cancel_deadline(self):
        """Return the last moment the requester may cancel (local midnight, N days before)."""
        day = timezone.localtime(self.starts_at).date() - datetime.timedelta(
            days=self.space.cancel_min_days
        )
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))

    def can_cancel(self, now=None):
        return self.is_open and (now or timezone.now()) < self.cancel_deadline()

    def equipment_names(self, language=None):
        """Return the equipment asked for in the page's language: each Korean name (as staff
        read it) by the space's English name where its English list matches line for line (as
        Space.equipment_choices labels the boxes: Space.english_equipment), or the Korean one marked."""
        english = self.space.english_equipment()
        return [pick(name, english.get(name), language) for name in self.equipment]


# --- Open calls: a contest or a call for stories, with entries, judging and awards -----------------


class CallQuerySet(models.QuerySet):
    def public(self):
        """Return the calls a visitor may see: those of events the public sees."""
        return self.filter(event__in=Event.objects.public())

    def judged_by(self, user):
        """Return the calls the user judges: holds the judge role and is assigned to them."""
        if not is_judge(user):  # a visitor, or a judge whose role was taken away
            return self.none()
        return self.filter(judges=user)


class Call(SampleFlagged):
    """An open call of an event: who may enter, what an entry holds, its dates and its consents."""

    class Kind(models.TextChoices):
        CONTEST = "contest", _("그림·웹툰 공모")
        STORIES = "stories", _("사연 모집")

    class Entrants(models.TextChoices):
        SIGNED_IN = "signed_in", _("로그인한 누구나")
        # The portal knows who manages a listed company (CompanyMembership), not who works
        # there: there is no employee tie to check, so "employees" cannot be offered honestly.
        COMPANY_MANAGERS = "company_managers", _("입주기업 담당자")
        GUARDIANS = "guardians", _("학생의 법정대리인(보호자)")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="calls", verbose_name=_("행사")
    )
    kind = models.CharField(_("종류"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("공모명"), max_length=150)
    slug = models.SlugField(_("주소용 이름"), max_length=160, unique=True)
    description = models.TextField(_("안내"), blank=True)
    entrants = models.CharField(
        _("참여 대상"), max_length=20, choices=Entrants.choices, default=Entrants.SIGNED_IN
    )
    opens_at = models.DateTimeField(_("접수 시작"))
    closes_at = models.DateTimeField(_("접수 마감"))
    results_on = models.DateField(_("결과 발표일"))
    max_pages = models.PositiveSmallIntegerField(
        _("최대 이미지 쪽수"),
        default=0,
        help_text=_("0이면 이미지를 받지 않습니다. 그림 한 장이면 1, 웹툰이면 여러 쪽."),
    )
    max_text_chars = models.PositiveIntegerField(
        _("글 최대 글자 수"), default=0, help_text=_("0이면 글을 받지 않습니다.")
    )
    allows_file = models.BooleanField(
        _("PDF 파일 첨부"),
        default=False,
        help_text=_("응모자가 PDF 파일 하나(10MB 이하)를 덧붙일 수 있습니다."),
    )
    entries_per_person = models.PositiveSmallIntegerField(_("1인당 응모 수"), default=1)
    needs_guardian = models.BooleanField(
        _("보호자 동의·확인 필요"),
        default=False,
        help_text=_(
            "만 14세 미만 학생의 개인정보: 보호자의 수집 동의와 이메일 확인이 있어야 접수됩니다."
        ),
    )
    public_entries = models.BooleanField(
        _("선정작 공개"), default=True, help_text=_("수상·선정된 응모작을 누리집에 보입니다.")
    )
    retention_days = models.PositiveSmallIntegerField(
        _("보관 기간(일)"),
        default=30,
        help_text=_(
            "결과 발표 후 이 기간이 지나면 수상·선정되지 않은 응모작과 개인정보를 지웁니다."
        ),
    )
    exhibition_starts_on = models.DateField(_("전시 시작"), null=True, blank=True)
    exhibition_ends_on = models.DateField(_("전시 끝"), null=True, blank=True)
    exhibition_venue = models.ForeignKey(
        Venue,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("전시 장소"),
    )
    judges = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="judged_calls",
        verbose_name=_("심사위원"),
    )
    judging_closed_at = models.DateTimeField(_("심사 마감"), null=True, blank=True, editable=False)
    results_published_at = models.DateTimeField(
        _("결과 공개"), null=True, blank=True, editable=False
    )

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("공모")
        verbose_name_plural = _("공모")
        ordering = ["-opens_at", "pk"]
        indexes = [models.Index(fields=["event", "opens_at"], name="call_event_opens_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="call_closes_after_opens"
            ),
            models.CheckConstraint(
                condition=Q(exhibition_ends_on__gte=F("exhibition_starts_on"))
                | Q(exhibition_starts_on__isnull=True)
                | Q(exhibition_ends_on__isnull=True),
                name="call_exhibition_dates_in_order",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:call", kwargs={"slug": self.slug})

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("접수 마감은 접수 시작보다 늦어야 합니다.")})
        if (
            self.exhibition_starts_on
            and self.exhibition_ends_on
            and self.exhibition_ends_on < self.exhibition_starts_on
        ):
            raise ValidationError(
                {"exhibition_ends_on": _("전시 끝은 전시 시작보다 늦어야 합니다.")}
            )

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    @property
    def is_contest(self):
        return self.kind == self.Kind.CONTEST

    @property
    def results_published(self):
        return self.results_published_at is not None


class EntryQuerySet(models.QuerySet):
    def of_entrant(self, user):
        """Return the user's own entries (none for a visitor)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(entrant=user)

    def submitted(self):
        return self.filter(status=Entry.Status.SUBMITTED)

    def for_judging(self, call):
        """Return the call's entries a judge scores: submitted ones, without personal data."""
        return (
            self.submitted()
            .filter(call=call)
            .only("pk", "call_id", "code", "title", "text", "status", "attachment")
            .order_by("code", "pk")
        )

    def winners(self):
        """Return the awarded entries of calls whose results are published, best first."""
        return self.submitted().filter(
            award_rank__isnull=False, call__results_published_at__isnull=False
        )

    def visible_to(self, user):
        """Return the entries whose work (pictures, attached file) the user may see: a published
        winner's to everyone; before that, the entrant's own, the submitted ones of calls the
        user judges (anonymised: the files carry no name), and staff all."""
        public = Q(pk__in=Entry.objects.public_winners().values("pk"))
        if not user.is_authenticated:
            return self.filter(public)
        if is_district_staff(user):
            return self.all()
        judged = Q(status=Entry.Status.SUBMITTED, call__in=Call.objects.judged_by(user))
        return self.filter(public | Q(entrant=user) | judged)

    def public_winners(self):
        """Return the winners everyone may see: of public calls that show their entries."""
        return self.winners().filter(call__in=Call.objects.public(), call__public_entries=True)

    def picked_stories(self):
        return self.submitted().filter(picked=True, call__kind=Call.Kind.STORIES)


def entry_file_upload_to(instance, filename):
    return f"calls/files/{uuid.uuid4().hex}.pdf"


def new_entry_code():
    return "".join(secrets.choice(TICKET_CODE_ALPHABET) for _i in range(6))


class Entry(models.Model):
    """One entry to a call: a pupil's work sent by a guardian, or a worker's story."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("보호자 확인 대기")
        SUBMITTED = "submitted", _("접수됨")
        WITHDRAWN = "withdrawn", _("철회됨")

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="entries", verbose_name=_("공모")
    )
    entrant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="call_entries",
        verbose_name=_("응모한 사람"),
    )
    code = models.CharField(
        _("심사 번호"), max_length=12, unique=True, default=new_entry_code, editable=False
    )
    status = models.CharField(
        _("상태"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    title = models.CharField(_("작품 제목"), max_length=100, blank=True)
    text = models.TextField(_("글"), blank=True)
    nickname = models.CharField(_("별명"), max_length=40, blank=True)
    attachment = PrivateFileField(
        _("첨부 파일 (PDF)"),
        upload_to=entry_file_upload_to,
        validators=[validate_pdf],
        max_length=200,
        blank=True,
        help_text=_("PDF · 10MB 이하. 공모가 허용할 때만 받습니다."),
    )
    pupil_name = models.CharField(_("학생 이름"), max_length=50, blank=True)
    pupil_school = models.CharField(_("학교"), max_length=80, blank=True)
    pupil_grade = models.PositiveSmallIntegerField(_("학년"), null=True, blank=True)
    guardian_name = models.CharField(_("보호자 이름"), max_length=50, blank=True)
    guardian_email = models.EmailField(_("보호자 이메일"), blank=True)
    consent_collection_at = models.DateTimeField(
        _("개인정보 수집 동의"), null=True, blank=True, editable=False
    )
    consent_publish = models.BooleanField(
        _("이름·학교 공개 동의"),
        default=False,
        help_text=_("수상하면 작품과 함께 이름과 학교를 보입니다."),
    )
    consent_perform_at = models.DateTimeField(
        _("공연·게시 동의"), null=True, blank=True, editable=False
    )
    verify_code_hash = models.CharField(max_length=128, blank=True, editable=False)
    verify_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    verify_tries = models.PositiveSmallIntegerField(default=0, editable=False)
    guardian_verified_at = models.DateTimeField(
        _("보호자 확인"), null=True, blank=True, editable=False
    )
    award = models.CharField(_("상"), max_length=40, blank=True)
    award_rank = models.PositiveSmallIntegerField(
        _("수상 순서"),
        null=True,
        blank=True,
        help_text=_("1이 가장 높은 상입니다. 비우면 수상하지 않습니다."),
    )
    picked = models.BooleanField(_("공연 사연으로 선정"), default=False)
    submitted_at = models.DateTimeField(_("접수일"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("작성일"), auto_now_add=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("응모작")
        verbose_name_plural = _("응모작")
        ordering = ["call", "code", "pk"]
        indexes = [
            models.Index(fields=["call", "status"], name="entry_call_status_idx"),
            models.Index(fields=["entrant", "created_at"], name="entry_entrant_idx"),
        ]
        constraints = [
            # A pupil's personal data is never held without the guardian's consent.
            models.CheckConstraint(
                condition=Q(pupil_name="") | Q(consent_collection_at__isnull=False),
                name="entry_pupil_needs_consent",
            ),
            models.CheckConstraint(
                condition=~Q(status="submitted")
                | Q(pupil_name="")
                | Q(guardian_verified_at__isnull=False),
                name="entry_submitted_pupil_verified",
            ),
            models.CheckConstraint(
                condition=Q(award_rank__isnull=True) | ~Q(award=""), name="entry_award_named"
            ),
        ]

    def __str__(self):
        return f"{self.call} · {self.code}"

    def get_absolute_url(self):
        return reverse("events:entry", kwargs={"pk": self.pk})

    def get_file_url(self):
        return reverse("events:entry_file", kwargs={"pk": self.pk})

    def clean(self):
        if self.award_rank is not None and not self.award:
            raise ValidationError({"award": _("수상 순서를 넣었다면 상 이름도 넣어 주세요.")})

    @property
    def shows_name(self):
        """Whether the public may see the pupil's name and school with the work."""
        return self.consent_publish and bool(self.pupil_name)


class EntryPageQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return the pages of the entries the user may see (Entry.objects.visible_to)."""
        return self.filter(entry__in=Entry.objects.visible_to(user))

    def with_public_flag(self):
        """Annotate is_public: whether everyone may see the page (a published winner's)."""
        return self.annotate(
            is_public=Exists(Entry.objects.public_winners().filter(pk=OuterRef("entry_id")))
        )


class EntryPage(ResponsiveImage):
    """One image of an entry: the drawing, or a page of a webtoon (shared image rules).

    A pupil's work is personal data until it is a published winner: the image and its renditions
    are private files (gvalley.storage), served by `events:entry_page_file`, which checks who
    asks (EntryPage.objects.visible_to), never from the public media folder.
    """

    UPLOAD_FOLDER = "calls"

    image = PrivateFileField(
        _("이미지 파일"),
        upload_to=image_upload_to,
        validators=[validate_image_file],
        max_length=255,
        help_text=_(
            "JPEG, PNG, WebP · 5MB 이하 · 2,500만 화소 이하. 위치 정보 등 메타데이터는 지워집니다."
        ),
    )
    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="pages", verbose_name=_("응모작")
    )
    position = models.PositiveSmallIntegerField(_("순서"), default=1)

    objects = EntryPageQuerySet.as_manager()

    class Meta:
        verbose_name = _("응모작 이미지")
        verbose_name_plural = _("응모작 이미지")
        ordering = ["entry", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "position"], name="entry_page_position_unique")
        ]

    def __str__(self):
        return f"{self.entry.code} · {self.position}"

    @property
    def alt_text(self):
        """The picture's text alternative: the work's title and page (no name of anyone)."""
        return gettext("‘%(title)s’ %(n)s쪽") % {"title": self.entry.title, "n": self.position}

    def get_absolute_url(self):
        return self.entry.get_absolute_url()

    def get_file_url(self):
        return reverse("events:entry_page_file", kwargs={"pk": self.pk})

    def rendition_file_url(self, width, name):
        return reverse("events:entry_page_rendition", kwargs={"pk": self.pk, "width": width})

    def file_name(self, width=None):
        """Return the stored name of the original (width None) or of a rendition, else None."""
        if width is None:
            return self.image.name or None
        rendition = self.renditions.get(str(width))
        return rendition["name"] if rendition else None


class Criterion(models.Model):
    """One line of a call's rubric, with its most points."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("공모")
    )
    name = models.CharField(_("심사 기준"), max_length=80)
    max_points = models.PositiveSmallIntegerField(_("배점"), default=10)
    position = models.PositiveSmallIntegerField(_("순서"), default=1)

    class Meta:
        verbose_name = _("심사 기준")
        verbose_name_plural = _("심사 기준")
        ordering = ["call", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(max_points__gt=0), name="criterion_points_positive")
        ]

    def __str__(self):
        return f"{self.name} ({self.max_points})"

    def get_absolute_url(self):
        return self.call.get_absolute_url()


class Score(models.Model):
    """A judge's points for one entry on one criterion."""

    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="scores", verbose_name=_("응모작")
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="call_scores",
        verbose_name=_("심사위원"),
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="scores", verbose_name=_("심사 기준")
    )
    points = models.PositiveSmallIntegerField(_("점수"))
    scored_at = models.DateTimeField(_("채점일"), auto_now=True)

    class Meta:
        verbose_name = _("점수")
        verbose_name_plural = _("점수")
        ordering = ["entry", "judge", "criterion", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "judge", "criterion"], name="score_once_per_judge_criterion"
            )
        ]

    def __str__(self):
        return f"{self.entry.code} · {self.criterion.name} · {self.points}"

    def get_absolute_url(self):
        return self.entry.get_absolute_url()


# The 수출상담회's models live in their own module; importing them here registers them with the app.
from events.consultation_models import (  # noqa: E402, F401
    Absence,
    Buyer,
    BuyerInvitation,
    BuyerWish,
    CompanyWish,
    Consultation,
    ConsultationBreak,
    Interpreter,
    Meeting,
    Participant,
    Slot,
)
