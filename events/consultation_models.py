"""수출상담회 (export consultation): overseas buyers meet selected companies in 1:1 meetings.

Kept apart from events/models.py (which imports this module) so the consultation's tables read as one
piece: the grid (slots, tables, interpreters), the buyers and the participating companies with their
wishes and absences, and the meetings the scheduler (events/scheduling.py) fills in. The rules that two
meetings may not share a table, a buyer, a company or an interpreter in one slot are unique constraints.
"""

import datetime
import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gvalley.documents import validate_pdf
from gvalley.models import Invitation, invitation_token
from gvalley.roles import is_district_staff
from gvalley.storage import PrivateFileField


class Consultation(models.Model):
    """The grid of one 수출상담회: its day, slot length, hours, tables and meeting counts."""

    event = models.OneToOneField(
        "events.Event",
        on_delete=models.CASCADE,
        related_name="consultation",
        verbose_name=_("행사"),
    )
    date = models.DateField(_("상담일"))
    starts_at = models.TimeField(_("상담 시작 시각"), default=datetime.time(10, 0))
    ends_at = models.TimeField(_("상담 종료 시각"), default=datetime.time(17, 0))
    slot_minutes = models.PositiveSmallIntegerField(
        _("상담 시간(분)"),
        default=20,
        validators=[MinValueValidator(5), MaxValueValidator(180)],
        help_text=_(
            "한 상담의 길이. 쉬는 시간을 뺀 나머지를 이 길이로 나눠 상담 시간대를 만듭니다."
        ),
    )
    tables = models.PositiveSmallIntegerField(
        _("상담 테이블 수"), default=10, validators=[MinValueValidator(1)]
    )
    min_meetings_per_company = models.PositiveSmallIntegerField(
        _("기업당 최소 상담 수"),
        default=3,
        help_text=_("배치할 수 있는 한 모든 선정 기업이 이만큼의 상담을 받습니다."),
    )
    max_meetings_per_buyer = models.PositiveSmallIntegerField(
        _("바이어당 최대 상담 수"), default=12, validators=[MinValueValidator(1)]
    )
    last_run = models.JSONField(
        _("마지막 배정 결과"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("마지막 자동 배정의 요약: 상담 수, 상호 희망 충족률, 최소 상담 미달 기업."),
    )
    generated_at = models.DateTimeField(_("배정일"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("공개일"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("수출상담회")
        verbose_name_plural = _("수출상담회")
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="consultation_hours_order"
            ),
            models.CheckConstraint(condition=Q(tables__gte=1), name="consultation_tables_min"),
            models.CheckConstraint(
                condition=Q(slot_minutes__gte=5), name="consultation_slot_minutes_min"
            ),
        ]

    def __str__(self):
        return f"{self.event} · {self.date:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("events:consultation_timetable", kwargs={"slug": self.event.slug})

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("종료 시각은 시작 시각보다 늦어야 합니다.")})


class ConsultationBreak(models.Model):
    """A pause in the grid (lunch): no slot overlaps it."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="breaks", verbose_name=_("수출상담회")
    )
    starts_at = models.TimeField(_("시작"))
    ends_at = models.TimeField(_("종료"))

    class Meta:
        verbose_name = _("쉬는 시간")
        verbose_name_plural = _("쉬는 시간")
        ordering = ["consultation", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="consultation_break_order"
            ),
        ]

    def __str__(self):
        return f"{self.starts_at:%H:%M}–{self.ends_at:%H:%M}"

    def get_absolute_url(self):
        return self.consultation.get_absolute_url()


class Slot(models.Model):
    """One time slot of the grid, made from the consultation's hours and breaks."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="slots", verbose_name=_("수출상담회")
    )
    starts_at = models.DateTimeField(_("시작"))
    ends_at = models.DateTimeField(_("종료"))

    class Meta:
        verbose_name = _("상담 시간대")
        verbose_name_plural = _("상담 시간대")
        ordering = ["consultation", "starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "starts_at"], name="unique_consultation_slot_start"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="consultation_slot_order"
            ),
        ]

    def __str__(self):
        # Local time (Seoul): the datetimes are stored in UTC, and 01:00 would mislead staff.
        start, end = timezone.localtime(self.starts_at), timezone.localtime(self.ends_at)
        return f"{start:%H:%M}–{end:%H:%M}"

    def get_absolute_url(self):
        return self.consultation.get_absolute_url()


class Interpreter(models.Model):
    """An interpreter of the consultation and the languages they interpret into Korean."""

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        related_name="interpreters",
        verbose_name=_("수출상담회"),
    )
    name = models.CharField(_("이름"), max_length=100)
    languages = ArrayField(
        models.CharField(max_length=8),
        verbose_name=_("통역 언어"),
        help_text=_("언어 코드를 쉼표로 구분합니다. 예: vi,en"),
    )

    class Meta:
        verbose_name = _("통역사")
        verbose_name_plural = _("통역사")
        ordering = ["consultation", "name", "pk"]

    def __str__(self):
        return f"{self.name} ({', '.join(self.languages)})"

    def get_absolute_url(self):
        return self.consultation.get_absolute_url()


class Buyer(models.Model):
    """An overseas buyer: who they are, what they look for, which language they need."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="buyers", verbose_name=_("수출상담회")
    )
    company_name = models.CharField(_("바이어 회사명"), max_length=150)
    country = models.CharField(
        _("국가"), max_length=2, help_text=_("ISO 3166 두 글자 국가 코드. 예: VN, JP, TH")
    )
    contact_name = models.CharField(_("담당자"), max_length=100, blank=True)
    email = models.EmailField(_("이메일"), blank=True)
    industries = models.ManyToManyField(
        "companies.IndustryDivision",
        blank=True,
        related_name="consultation_buyers",
        verbose_name=_("관심 업종"),
    )
    keywords = models.CharField(
        _("관심 품목 키워드"),
        max_length=300,
        blank=True,
        help_text=_("영어 키워드를 쉼표로 구분합니다. 예: e-learning, CCTV"),
    )
    languages = ArrayField(
        models.CharField(max_length=8),
        default=list,
        blank=True,
        verbose_name=_("사용 언어"),
        help_text=_("언어 코드를 쉼표로 구분합니다. 예: vi,en"),
    )
    interpreter_language = models.CharField(
        _("통역 언어"),
        max_length=8,
        blank=True,
        help_text=_("통역이 필요하면 통역사가 말해야 할 언어 코드. 필요 없으면 비워 둡니다."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultation_buyer",
        verbose_name=_("바이어 계정"),
    )

    class Meta:
        verbose_name = _("바이어")
        verbose_name_plural = _("바이어")
        ordering = ["consultation", "company_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                "consultation",
                Lower("company_name"),
                "country",
                name="unique_consultation_buyer",
                violation_error_message=_("같은 국가의 같은 이름 바이어가 이미 있습니다."),
            ),
            models.CheckConstraint(
                condition=Q(country__regex=r"^[A-Z]{2}$"), name="buyer_country_iso"
            ),
        ]

    def __str__(self):
        return f"{self.company_name} ({self.country})"

    def get_absolute_url(self):
        return self.consultation.get_absolute_url()

    @property
    def needs_interpreter(self):
        return bool(self.interpreter_language)

    @property
    def keyword_list(self):
        return [word.strip().lower() for word in self.keywords.split(",") if word.strip()]


def catalogue_upload_to(instance, filename):
    # Never the uploaded name (it may say anything); the download names the file itself.
    return f"consultation/catalogues/{uuid.uuid4().hex}.pdf"


# The migrations that made the token field name this; the function is gvalley's.
_invitation_token = invitation_token


class BuyerInvitation(Invitation):
    """Staff's invitation of a buyer by email to link an account and fill its own profile.

    As a company manager's invitation (companies.models.Invitation): a token in a link, valid
    VALID_DAYS, one open invitation per buyer (inviting again replaces it), accepted once.
    """

    buyer = models.ForeignKey(
        Buyer, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("바이어")
    )

    class Meta:
        verbose_name = _("바이어 초대")
        verbose_name_plural = _("바이어 초대")
        ordering = ["buyer", "-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["buyer"],
                condition=Q(accepted_at__isnull=True),
                name="one_open_invitation_per_buyer",
            )
        ]

    def __str__(self):
        return f"{self.buyer} → {self.email}"

    def get_absolute_url(self):
        return reverse(
            "events:consultation_invitation",
            kwargs={"slug": self.buyer.consultation.event.slug, "token": self.token},
        )


class ParticipantQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return the participants whose consultation profile the user may read: staff all; a
        company manager their own company's; a buyer those it has a published meeting with."""
        if is_district_staff(user):
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(company__memberships__user=user)
            | Q(meetings__buyer__user=user, meetings__published=True)
        ).distinct()


class Participant(models.Model):
    """A selected company taking part, with its consultation profile (in English, for buyers)."""

    class Experience(models.TextChoices):
        NONE = "none", _("수출 경험 없음")
        SOME = "some", _("수출 경험 있음")
        REGULAR = "regular", _("정기적으로 수출")

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("수출상담회"),
    )
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.CASCADE,
        related_name="consultation_entries",
        verbose_name=_("기업"),
    )
    products_en = models.TextField(
        _("제품 소개(영어)"), blank=True, help_text=_("바이어가 읽는 영어 제품 소개")
    )
    export_experience = models.CharField(
        _("수출 경험"), max_length=10, choices=Experience.choices, default=Experience.NONE
    )
    target_countries = ArrayField(
        models.CharField(max_length=2),
        default=list,
        blank=True,
        verbose_name=_("목표 국가"),
        help_text=_("ISO 3166 두 글자 국가 코드를 쉼표로 구분합니다."),
    )
    catalogue = PrivateFileField(
        _("카탈로그 (PDF)"),
        upload_to=catalogue_upload_to,
        validators=[validate_pdf],
        max_length=200,
        blank=True,
        help_text=_("바이어가 내려받는 영문 카탈로그. PDF · 10MB 이하."),
    )

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("참가 기업")
        verbose_name_plural = _("참가 기업")
        ordering = ["consultation", "company__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "company"], name="unique_consultation_company"
            ),
        ]

    def __str__(self):
        return str(self.company)

    def get_absolute_url(self):
        return self.company.get_absolute_url()

    def get_profile_url(self):
        """The consultation profile buyers read (ParticipantDetailView)."""
        return reverse(
            "events:consultation_company",
            kwargs={"slug": self.consultation.event.slug, "pk": self.pk},
        )

    def get_file_url(self):
        """The catalogue's download, which checks who asks (gvalley.storage)."""
        return reverse(
            "events:consultation_catalogue",
            kwargs={"slug": self.consultation.event.slug, "pk": self.pk},
        )


class Absence(models.Model):
    """A buyer or a participating company that is not there during one slot."""

    slot = models.ForeignKey(
        Slot,
        on_delete=models.CASCADE,
        related_name="absences",
        verbose_name=pgettext_lazy("consultation", "시간대"),
    )
    buyer = models.ForeignKey(
        Buyer,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="absences",
        verbose_name=_("바이어"),
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="absences",
        verbose_name=_("참가 기업"),
    )

    class Meta:
        verbose_name = _("불참 시간대")
        verbose_name_plural = _("불참 시간대")
        ordering = ["slot", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(buyer__isnull=True, participant__isnull=False)
                | Q(buyer__isnull=False, participant__isnull=True),
                name="absence_one_party",
            ),
            models.UniqueConstraint(
                fields=["slot", "buyer"],
                name="unique_buyer_absence",
                condition=Q(buyer__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["slot", "participant"],
                name="unique_participant_absence",
                condition=Q(participant__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.buyer or self.participant} · {self.slot}"

    def get_absolute_url(self):
        return self.slot.get_absolute_url()


class CompanyWish(models.Model):
    """A participating company's ranked wish to meet a buyer (1 = most wanted)."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="wishes", verbose_name=_("참가 기업")
    )
    buyer = models.ForeignKey(
        Buyer, on_delete=models.CASCADE, related_name="wished_by", verbose_name=_("바이어")
    )
    rank = models.PositiveSmallIntegerField(_("순위"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("기업의 상담 희망")
        verbose_name_plural = _("기업의 상담 희망")
        ordering = ["participant", "rank", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "buyer"], name="unique_company_wish"),
            models.UniqueConstraint(
                fields=["participant", "rank"], name="unique_company_wish_rank"
            ),
            models.CheckConstraint(condition=Q(rank__gte=1), name="company_wish_rank_min"),
        ]

    def __str__(self):
        return f"{self.participant} → {self.buyer} ({self.rank})"

    def get_absolute_url(self):
        return self.buyer.get_absolute_url()


class BuyerWish(models.Model):
    """A buyer's ranked wish to meet a participating company (optional, 1 = most wanted)."""

    buyer = models.ForeignKey(
        Buyer, on_delete=models.CASCADE, related_name="wishes", verbose_name=_("바이어")
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="wished_by", verbose_name=_("참가 기업")
    )
    rank = models.PositiveSmallIntegerField(_("순위"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("바이어의 상담 희망")
        verbose_name_plural = _("바이어의 상담 희망")
        ordering = ["buyer", "rank", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["buyer", "participant"], name="unique_buyer_wish"),
            models.UniqueConstraint(fields=["buyer", "rank"], name="unique_buyer_wish_rank"),
            models.CheckConstraint(condition=Q(rank__gte=1), name="buyer_wish_rank_min"),
        ]

    def __str__(self):
        return f"{self.buyer} → {self.participant} ({self.rank})"

    def get_absolute_url(self):
        return self.buyer.get_absolute_url()


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return the meetings the user may see: staff all; a buyer or a company manager their
        own published ones; anyone else none."""
        if is_district_staff(user):
            return self
        if not user.is_authenticated:
            return self.none()
        return (
            self.filter(published=True)
            .filter(Q(buyer__user=user) | Q(participant__company__memberships__user=user))
            .distinct()
        )


class Meeting(models.Model):
    """A 1:1 meeting of a buyer and a company at one table in one slot."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("예정")
        HELD = "held", _("상담 완료")
        NO_SHOW = "no_show", _("불참(노쇼)")

    class Outcome(models.TextChoices):
        CONTRACT_LIKELY = "contract_likely", _("계약 가능성 높음")
        FOLLOW_UP = "follow_up", _("후속 상담")
        NONE = "none", _("성과 없음")

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("수출상담회"),
    )
    slot = models.ForeignKey(
        Slot,
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name=pgettext_lazy("consultation", "시간대"),
    )
    table = models.PositiveSmallIntegerField(_("테이블 번호"), validators=[MinValueValidator(1)])
    buyer = models.ForeignKey(
        Buyer, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("바이어")
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("참가 기업")
    )
    interpreter = models.ForeignKey(
        Interpreter,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("통역사"),
    )
    locked = models.BooleanField(
        _("고정"),
        default=False,
        help_text=_("고정한 상담은 자동 배정을 다시 돌려도 그대로 남습니다."),
    )
    published = models.BooleanField(_("공개"), default=False)
    status = models.CharField(
        _("상태"), max_length=12, choices=Status.choices, default=Status.SCHEDULED
    )
    amount_usd = models.DecimalField(
        _("상담 금액(USD)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    outcome = models.CharField(_("상담 결과"), max_length=16, choices=Outcome.choices, blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("상담")
        verbose_name_plural = _("상담")
        ordering = ["slot__starts_at", "table", "pk"]
        indexes = [
            models.Index(fields=["consultation", "slot"], name="meeting_consultation_slot_idx"),
            models.Index(fields=["participant", "slot"], name="meeting_participant_slot_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["slot", "table"], name="unique_meeting_slot_table"),
            models.UniqueConstraint(fields=["slot", "buyer"], name="unique_meeting_slot_buyer"),
            models.UniqueConstraint(
                fields=["slot", "participant"], name="unique_meeting_slot_participant"
            ),
            models.UniqueConstraint(
                fields=["slot", "interpreter"],
                name="unique_meeting_slot_interpreter",
                condition=Q(interpreter__isnull=False),
            ),
            models.UniqueConstraint(fields=["buyer", "participant"], name="unique_meeting_pair"),
            models.CheckConstraint(condition=Q(table__gte=1), name="meeting_table_min"),
            models.CheckConstraint(
                condition=Q(amount_usd__isnull=True) | Q(amount_usd__gte=0),
                name="meeting_amount_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.slot} · {self.table} · {self.buyer} × {self.participant}"

    def get_absolute_url(self):
        return self.consultation.get_absolute_url()

    def clean(self):
        if self.table and self.consultation_id and self.table > self.consultation.tables:
            raise ValidationError({"table": _("테이블 번호가 상담 테이블 수보다 큽니다.")})
