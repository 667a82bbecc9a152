"""The company directory's models.

A `Company` row always holds the version the public may see. Changes that need a staff review
(name, 사업자등록번호, logo) wait in a `PendingChange` until staff apply them; every change is
written to `CompanyHistory`.
"""

import operator
import re

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from gvalley.images import ResponsiveImage
from gvalley.models import Invitation as BaseInvitation
from gvalley.models import SampleFlagged, invitation_token
from gvalley.search import bigram_query

BUSINESS_NUMBER_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def normalise_business_number(value):
    """Return the digits of a 사업자등록번호 written with or without hyphens."""
    return re.sub(r"[\s-]", "", value or "")


def business_number_check_digit(first_nine):
    """Return the check digit of the first nine digits (국세청 algorithm)."""
    digits = list(map(int, first_nine))
    if len(digits) != len(BUSINESS_NUMBER_WEIGHTS):
        raise ValueError(f"nine digits expected: {first_nine!r}")
    total = sum(map(operator.mul, digits, BUSINESS_NUMBER_WEIGHTS)) + digits[8] * 5 // 10
    return (10 - total % 10) % 10


def validate_business_number(value):
    """Refuse anything but ten digits whose last digit is the right check digit."""
    digits = normalise_business_number(value)
    if not re.fullmatch(r"[0-9]{10}", digits):
        raise ValidationError(
            _("사업자등록번호는 숫자 10자리입니다. (예: 123-45-67890)"), code="format"
        )
    if business_number_check_digit(digits[:9]) != int(digits[9]):
        raise ValidationError(
            _("올바른 사업자등록번호가 아닙니다. 숫자를 다시 확인해 주세요. (검증 숫자 불일치)"),
            code="checksum",
        )


def format_business_number(value):
    digits = normalise_business_number(value)
    if len(digits) != 10:
        return digits
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


def mask_business_number(value):
    """Return the number as the public sees it: 123-45-*****."""
    digits = normalise_business_number(value)
    if len(digits) != 10:
        return ""
    return f"{digits[:3]}-{digits[3:5]}-*****"


def unit_label(unit):
    """Return a unit as the page's language writes it: 1203호, or Unit 1203 in English.

    A unit written otherwise (B동 301호) is returned as it was typed.
    """
    number = re.fullmatch(r"\s*([0-9A-Za-z-]+)\s*호\s*", unit or "")
    return gettext("%(unit)s호") % {"unit": number[1]} if number else unit


def location_line(building_name, floor, unit):
    """Return building, floor and unit as one line: 대륭포스트타워 8차 12층 1203호."""
    parts = [building_name] if building_name else []
    if floor:
        parts.append(gettext("%(floor)s층") % {"floor": floor})
    if unit:
        parts.append(unit_label(unit))
    return " ".join(parts)


class Complex(models.TextChoices):
    FIRST = "1", _("1단지 (구로구)")
    SECOND = "2", _("2단지 (금천구)")
    THIRD = "3", _("3단지 (금천구)")


class EmployeeBand(models.TextChoices):
    # Values sort in size order, so ordering by the value is ordering by size.
    B1 = "a", _("1–9명")
    B10 = "b", _("10–49명")
    B50 = "c", _("50–99명")
    B100 = "d", _("100–299명")
    B300 = "e", _("300명 이상")


KSIC_ENGLISH_HELP = _("통계청이 발표한 한국표준산업분류의 공식 영문 이름")


class IndustrySection(models.Model):
    """한국표준산업분류(KSIC) 대분류, e.g. C 제조업."""

    code = models.CharField(_("코드"), max_length=1, primary_key=True)
    name = models.CharField(_("이름"), max_length=100)
    name_en = models.CharField(
        _("영문 이름"), max_length=150, blank=True, help_text=KSIC_ENGLISH_HELP
    )

    class Meta:
        verbose_name = _("산업 대분류")
        verbose_name_plural = _("산업 대분류 (KSIC)")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("companies:index") + f"?industry={self.code}"


class IndustryDivision(models.Model):
    """한국표준산업분류(KSIC) 중분류, e.g. 62 컴퓨터 프로그래밍, 시스템 통합 및 관리업."""

    code = models.CharField(_("코드"), max_length=2, primary_key=True)
    section = models.ForeignKey(
        IndustrySection,
        on_delete=models.PROTECT,
        related_name="divisions",
        verbose_name=_("대분류"),
    )
    name = models.CharField(_("이름"), max_length=100)
    name_en = models.CharField(
        _("영문 이름"), max_length=150, blank=True, help_text=KSIC_ENGLISH_HELP
    )

    class Meta:
        verbose_name = _("산업 중분류")
        verbose_name_plural = _("산업 중분류 (KSIC)")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("companies:index") + f"?industry={self.code}"


class Building(SampleFlagged):
    """A building in G밸리 (지식산업센터 or another), so its tenants are one click away."""

    class Kind(models.TextChoices):
        KNOWLEDGE_CENTRE = "knowledge", _("지식산업센터")
        OFFICE = "office", _("업무용 빌딩")
        FACTORY = "factory", _("공장")
        PUBLIC = "public", _("공공·지원 시설")

    name = models.CharField(_("건물명"), max_length=100, unique=True)
    name_en = models.CharField(
        _("영문 건물명"),
        max_length=100,
        blank=True,
        help_text=_(
            "건물 소유주·관리단이 쓰는 영문 표기 (예: Daeryung Post Tower 8). 비워 두면 영문 "
            "페이지에 한국어 이름이 ‘한국어 원문’ 표시와 함께 나옵니다."
        ),
    )
    slug = models.SlugField(_("주소용 이름"), max_length=120, unique=True, allow_unicode=True)
    kind = models.CharField(
        _("종류"), max_length=20, choices=Kind.choices, default=Kind.KNOWLEDGE_CENTRE
    )
    complex = models.CharField(_("단지"), max_length=1, choices=Complex.choices)
    road_address = models.CharField(_("도로명 주소"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("건물")
        verbose_name_plural = _("건물")
        ordering = ["complex", "name", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("companies:index") + f"?building={self.pk}"


class Certification(models.Model):
    """A certification a company may hold (벤처기업, 이노비즈, 메인비즈, …)."""

    name = models.CharField(_("이름"), max_length=60, unique=True)
    name_en = models.CharField(
        _("영문 이름"),
        max_length=100,
        blank=True,
        help_text=_(
            "인증 기관이 쓰는 공식 영문 이름 (예: INNOBIZ). 비워 두면 영문 페이지에 한국어 "
            "이름이 ‘한국어 원문’ 표시와 함께 나옵니다."
        ),
    )
    slug = models.SlugField(_("주소용 이름"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("인증")
        verbose_name_plural = _("인증")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("companies:index") + f"?certification={self.slug}"


class ExportMarket(models.Model):
    """A country or region a company exports to (ISO 3166 code or a region code)."""

    code = models.CharField(_("코드"), max_length=8, unique=True)
    name = models.CharField(_("이름"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("수출 시장")
        verbose_name_plural = _("수출 시장")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("companies:index") + f"?market={self.code}"


# What companies/cards.py reads of a company.
CARD_FIELDS = (
    "pk",
    "name",
    "slug",
    "name_en",
    "industry_id",
    "complex",
    "building_id",
    "floor",
    "unit",
    "products_ko",
    "products_en",
    "logo_id",
    "certification_ids",
)
# The texts a company may give in English (companies/translation.py), in the form's order.
ENGLISH_FIELDS = ("products", "keywords", "description", "road_address")


def search_texts(company):
    """Return what the search vector indexes: name, listed texts, description; both languages.

    English words are indexed as Korean ones are (character bigrams, gvalley/search.py), so
    "semiconductor" finds a company whose English products say "Semiconductor test sockets".
    """

    def both(field):
        # A migration's historical model before 0007_english_fields has the plain column only.
        korean = getattr(company, f"{field}_ko", None)
        if korean is None:
            korean = getattr(company, field, "")
        return f"{korean or ''} {getattr(company, f'{field}_en', None) or ''}".strip()

    return (
        f"{company.name} {company.name_en}",
        f"{both('keywords')} {both('products')}",
        strip_tags(both("description")),
    )


class CompanyQuerySet(models.QuerySet):
    def listed(self):
        """Return the companies the public may see: approved and not hidden."""
        return self.filter(status=Company.Status.APPROVED)

    def with_english_profile(self):
        """Return the companies that tell a buyer in English what they make or do."""
        return self.filter(Q(products_en__gt="") | Q(description_en__gt=""))

    def managed_by(self, user):
        """Return the companies the user manages (any status)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)

    def visible_to(self, user):
        """Return what the user may open: listed ones, plus their own; staff see everything."""
        from gvalley.roles import is_district_staff

        if is_district_staff(user):
            return self.all()
        if not user.is_authenticated:
            return self.listed()
        return self.filter(Q(status=Company.Status.APPROVED) | self.manager_check(user))

    @staticmethod
    def manager_check(user):
        """Return an expression: whether the (signed-in) user manages the row's company."""
        return Exists(CompanyMembership.objects.filter(company=OuterRef("pk"), user=user))

    def for_cards(self):
        """Return what a list card shows, as named tuples (see companies/cards.py).

        A page of twenty cards needs no model instances (they cost more than the query).
        Industry, building and certification names come from the shared reference data and
        logos from one query for the page, so the query joins nothing: a join would keep
        counts of the same queryset from using an index-only scan.
        """
        # rewrite(False): the card reads both languages' columns itself (cards.py) and the rows
        # stay plain named tuples (modeltranslation would resolve the fallback in Python).
        return self.rewrite(False).with_certification_ids().values_list(*CARD_FIELDS, named=True)

    def with_certification_ids(self):
        """Add `certification_ids`, the ids of each company's certifications (one subquery)."""
        held = Company.certifications.through.objects.filter(company_id=OuterRef("pk"))
        return self.annotate(certification_ids=ArraySubquery(held.values("certification_id")))

    def with_market_ids(self):
        """Add `market_ids`, the ids of each company's export markets (one subquery)."""
        held = Company.export_markets.through.objects.filter(company_id=OuterRef("pk"))
        return self.annotate(market_ids=ArraySubquery(held.values("exportmarket_id")))

    def search(self, query):
        """Return the companies matching every word of the query (see companies/search.py)."""
        search_query = bigram_query(query)
        if search_query is None:
            return self
        return self.filter(search_vector=search_query)

    def newest(self):
        return self.order_by(F("approved_at").desc(nulls_last=True), "-pk")


class Company(SampleFlagged):
    class Status(models.TextChoices):
        PENDING = "pending", _("검토 대기")
        APPROVED = "approved", _("승인")
        REJECTED = "rejected", _("반려")
        HIDDEN = "hidden", _("숨김")

    # Fields whose change needs a staff review before the public sees it.
    REVIEWED_FIELDS = ("name", "business_number", "logo")

    name = models.CharField(_("기업명"), max_length=100)
    slug = models.SlugField(_("주소용 이름"), max_length=120, unique=True, allow_unicode=True)
    business_number = models.CharField(
        _("사업자등록번호"),
        max_length=10,
        unique=True,
        help_text=_("숫자 10자리. 공개 화면에는 가운데를 가려서 보여 줍니다."),
    )
    status = models.CharField(
        _("상태"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="CompanyMembership",
        related_name="managed_companies",
        verbose_name=_("기업 담당자"),
        blank=True,
    )
    created_at = models.DateTimeField(_("등록일"), auto_now_add=True)
    updated_at = models.DateTimeField(_("수정일"), auto_now=True)

    name_en = models.CharField(_("영문 기업명"), max_length=100, blank=True)
    representative_title = models.CharField(
        _("대표자 직함"),
        max_length=40,
        blank=True,
        help_text=_("예: 대표이사. 대표자 개인의 이름은 싣지 않습니다."),
    )
    industry = models.ForeignKey(
        IndustryDivision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="companies",
        verbose_name=_("업종 (KSIC 중분류)"),
    )
    complex = models.CharField(_("단지"), max_length=1, choices=Complex.choices, blank=True)
    road_address = models.CharField(_("도로명 주소"), max_length=200, blank=True)
    building = models.ForeignKey(
        Building,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="companies",
        verbose_name=_("건물"),
    )
    floor = models.CharField(_("층"), max_length=10, blank=True, help_text=_("예: 12, B1"))
    unit = models.CharField(_("호실"), max_length=20, blank=True, help_text=_("예: 1203호"))
    founded_year = models.PositiveSmallIntegerField(
        _("설립 연도"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    employee_band = models.CharField(
        _("직원 수"), max_length=1, choices=EmployeeBand.choices, blank=True
    )
    products = models.TextField(_("주요 제품·서비스"), max_length=1000, blank=True)
    keywords = models.CharField(
        _("키워드"),
        max_length=200,
        blank=True,
        help_text=_("쉼표로 구분합니다. 예: 보안, 클라우드"),
    )
    certifications = models.ManyToManyField(
        Certification, blank=True, related_name="companies", verbose_name=_("인증")
    )
    export_markets = models.ManyToManyField(
        ExportMarket, blank=True, related_name="companies", verbose_name=_("수출 시장")
    )
    website = models.URLField(_("웹사이트"), max_length=200, blank=True)
    phone = models.CharField(
        _("대표 전화"),
        max_length=20,
        blank=True,
        validators=[
            RegexValidator(
                r"^0\d{1,2}-?\d{3,4}-?\d{4}$|^1\d{3}-?\d{4}$",
                _("전화번호 형식이 아닙니다. 예: 02-1234-5678, 1588-1234"),
            )
        ],
    )
    email = models.EmailField(_("대표 이메일"), blank=True)
    logo = models.ForeignKey(
        "CompanyLogo",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("로고"),
    )
    description = models.TextField(_("소개"), max_length=20000, blank=True)

    search_vector = SearchVectorField(_("검색 색인"), null=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("등록한 사람"),
    )
    approved_at = models.DateTimeField(_("최초 승인일"), null=True, blank=True)
    status_reason = models.TextField(
        _("반려·숨김 사유"), blank=True, help_text=_("담당자에게 보내는 메일에 들어갑니다.")
    )

    objects = CompanyQuerySet.as_manager()

    class Meta:
        verbose_name = _("기업")
        verbose_name_plural = _("기업")
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["status", "name"], name="company_status_name_idx"),
            # Matches newest(): approved_at DESC NULLS LAST, then pk, so LIMIT reads 6 rows.
            models.Index(
                F("status"),
                F("approved_at").desc(nulls_last=True),
                F("id").desc(),
                name="company_status_newest_idx",
            ),
            models.Index(fields=["status", "complex"], name="company_status_complex_idx"),
            models.Index(fields=["status", "employee_band"], name="company_status_band_idx"),
            GinIndex(fields=["search_vector"], name="company_search_gin"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(business_number__regex=r"^[0-9]{10}$"),
                name="company_business_number_digits",
            ),
            models.CheckConstraint(
                condition=Q(founded_year__isnull=True)
                | Q(founded_year__gte=1900, founded_year__lte=2100),
                name="company_founded_year_range",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("companies:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.business_number:
            self.business_number = normalise_business_number(self.business_number)
        if self.building_id and not self.complex:
            self.complex = self.building.complex

    @property
    def is_listed(self):
        return self.status == self.Status.APPROVED

    @property
    def masked_business_number(self):
        return mask_business_number(self.business_number)

    @property
    def formatted_business_number(self):
        return format_business_number(self.business_number)

    @property
    def location(self):
        """Return building, floor and unit as one line (or the road address alone)."""
        return location_line(self.building.name if self.building_id else "", self.floor, self.unit)

    @property
    def keyword_list(self):
        return [k.strip() for k in self.keywords.split(",") if k.strip()]

    def build_search_vector(self):
        """Return the tsvector literal of the public text: name first, then the rest."""
        from .search import company_tsvector

        return company_tsvector(*search_texts(self))

    def save(self, *args, **kwargs):
        self.search_vector = self.build_search_vector()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_vector"}
        super().save(*args, **kwargs)


class CompanyMembership(models.Model):
    """A user who manages a company's profile."""

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("기업")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="company_memberships",
        verbose_name=_("사용자"),
    )
    created_at = models.DateTimeField(_("등록일"), auto_now_add=True)

    class Meta:
        verbose_name = _("기업 담당자")
        verbose_name_plural = _("기업 담당자")
        ordering = ["company", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["company", "user"], name="unique_company_member")
        ]

    def __str__(self):
        return f"{self.company} · {self.user}"

    def get_absolute_url(self):
        return reverse("companies:managers", kwargs={"slug": self.company.slug})


class CompanyLogo(ResponsiveImage):
    """A logo upload; the company shows the one staff approved (`Company.logo`)."""

    UPLOAD_FOLDER = "companies/logos"

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="logos", verbose_name=_("기업")
    )
    uploaded_at = models.DateTimeField(_("올린 날"), auto_now_add=True)

    class Meta:
        verbose_name = _("로고")
        verbose_name_plural = _("로고")
        ordering = ["company", "-uploaded_at", "pk"]

    def __str__(self):
        return f"{self.company} 로고"

    def get_absolute_url(self):
        return self.image.url


class CompanyPhoto(ResponsiveImage):
    UPLOAD_FOLDER = "companies/photos"
    MAX_PER_COMPANY = 6

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="photos", verbose_name=_("기업")
    )
    caption = models.CharField(
        pgettext_lazy("alternative text", "사진 설명"),
        max_length=120,
        help_text=_("사진을 볼 수 없는 분께 읽어 주는 설명입니다."),
    )
    uploaded_at = models.DateTimeField(_("올린 날"), auto_now_add=True)

    class Meta:
        verbose_name = _("사진")
        verbose_name_plural = _("사진")
        ordering = ["company", "uploaded_at", "pk"]

    def __str__(self):
        return self.caption

    def get_absolute_url(self):
        return self.company.get_absolute_url()


class PendingChange(models.Model):
    """Name, 사업자등록번호 or logo changes of a listed company, waiting for staff."""

    class Status(models.TextChoices):
        PENDING = "pending", _("검토 대기")
        APPLIED = "applied", _("반영")
        REJECTED = "rejected", _("반려")

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="pending_changes", verbose_name=_("기업")
    )
    status = models.CharField(
        _("상태"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    name = models.CharField(_("새 기업명"), max_length=100, blank=True)
    business_number = models.CharField(_("새 사업자등록번호"), max_length=10, blank=True)
    logo = models.ForeignKey(
        CompanyLogo,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("새 로고"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("요청한 사람"),
    )
    requested_at = models.DateTimeField(_("요청일"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("처리한 사람"),
    )
    decided_at = models.DateTimeField(_("처리일"), null=True, blank=True)
    reason = models.TextField(_("반려 사유"), blank=True)

    class Meta:
        verbose_name = _("검토 대기 변경")
        verbose_name_plural = _("검토 대기 변경 (기업명·번호·로고)")
        ordering = ["status", "requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["company"],
                condition=Q(status="pending"),
                name="one_pending_change_per_company",
            )
        ]
        indexes = [models.Index(fields=["status", "requested_at"], name="change_status_idx")]

    def __str__(self):
        return f"{self.company} · {self.summary()}"

    def get_absolute_url(self):
        return self.company.get_absolute_url()

    @property
    def business_number_shown(self):
        return format_business_number(self.business_number)

    def summary(self):
        """Return the change in Korean, for the history and the admin (pages word it in their
        language: templates/companies/_change.jinja)."""
        parts = []
        if self.name:
            parts.append(f"기업명 → {self.name}")
        if self.business_number:
            parts.append(f"사업자등록번호 → {format_business_number(self.business_number)}")
        if self.logo_id:
            parts.append("새 로고")
        return ", ".join(parts)


class ClaimRequest(models.Model):
    """A user's request to manage a listed company; staff decide."""

    class Status(models.TextChoices):
        PENDING = "pending", _("검토 대기")
        APPROVED = "approved", _("승인")
        REJECTED = "rejected", _("반려")

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="claims", verbose_name=_("기업")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="company_claims",
        verbose_name=_("요청한 사람"),
    )
    position = models.CharField(_("회사에서의 직함"), max_length=60)
    message = models.TextField(
        _("확인에 필요한 내용"),
        max_length=2000,
        help_text=_("담당자임을 확인할 수 있는 회사 이메일, 연락 방법 등을 적어 주세요."),
    )
    status = models.CharField(
        _("상태"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("요청일"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("처리한 사람"),
    )
    decided_at = models.DateTimeField(_("처리일"), null=True, blank=True)
    reason = models.TextField(_("반려 사유"), blank=True)

    class Meta:
        verbose_name = _("관리 권한 요청")
        verbose_name_plural = _("관리 권한 요청")
        ordering = ["status", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "user"],
                condition=Q(status="pending"),
                name="one_pending_claim_per_user",
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="claim_status_idx")]

    def __str__(self):
        return f"{self.company} · {self.user}"

    def get_absolute_url(self):
        return self.company.get_absolute_url()


# The migrations that made the token field name this; the function is gvalley's.
_invitation_token = invitation_token


class Invitation(BaseInvitation):
    """A manager's invitation of a colleague by email, accepted through a link."""

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("기업")
    )

    class Meta:
        verbose_name = _("담당자 초대")
        verbose_name_plural = _("담당자 초대")
        ordering = ["company", "-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "email"],
                condition=Q(accepted_at__isnull=True),
                name="one_open_invitation_per_email",
            )
        ]

    def __str__(self):
        return f"{self.company} → {self.email}"

    def get_absolute_url(self):
        return reverse("companies:accept_invitation", kwargs={"token": self.token})


class CompanyHistory(models.Model):
    """One change of a company, who made it and what changed (read by staff)."""

    class Action(models.TextChoices):
        REGISTERED = "registered", _("등록 신청")
        IMPORTED = "imported", _("일괄 등록")
        EDITED = "edited", _("수정 (바로 반영)")
        CHANGE_REQUESTED = "change_requested", _("변경 검토 요청")
        CHANGE_APPLIED = "change_applied", _("변경 승인·반영")
        CHANGE_REJECTED = "change_rejected", _("변경 반려")
        APPROVED = "approved", _("승인")
        REJECTED = "rejected", _("반려")
        HIDDEN = "hidden", _("숨김")
        UNHIDDEN = "unhidden", _("다시 공개")
        RESUBMITTED = "resubmitted", _("다시 검토 요청")
        MANAGER_ADDED = "manager_added", _("담당자 추가")
        MANAGER_REMOVED = "manager_removed", _("담당자 삭제")
        INVITED = "invited", _("담당자 초대")
        CLAIM_REQUESTED = "claim_requested", _("관리 권한 요청")
        CLAIM_APPROVED = "claim_approved", _("관리 권한 승인")
        CLAIM_REJECTED = "claim_rejected", _("관리 권한 반려")
        PHOTO_ADDED = "photo_added", _("사진 추가")
        PHOTO_REMOVED = "photo_removed", _("사진 삭제")
        STAFF_EDITED = "staff_edited", _("관리자 수정")

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="history", verbose_name=_("기업")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("변경한 사람"),
    )
    action = models.CharField(
        pgettext_lazy("history entry", "내용"), max_length=20, choices=Action.choices
    )
    changes = models.JSONField(
        _("바뀐 값"), default=dict, blank=True, help_text=_("필드별 [이전 값, 새 값]")
    )
    note = models.TextField(_("메모"), blank=True)
    created_at = models.DateTimeField(_("일시"), default=timezone.now)

    class Meta:
        verbose_name = _("변경 이력")
        verbose_name_plural = _("변경 이력")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["company", "-created_at"], name="history_company_idx")]

    def __str__(self):
        return f"{self.company} · {self.get_action_display()}"

    def get_absolute_url(self):
        return self.company.get_absolute_url()


class ImportJob(models.Model):
    """A CSV import run by a background worker: its file, its progress and its report."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("대기 중")
        RUNNING = "running", _("진행 중")
        DONE = "done", _("완료")
        FAILED = "failed", _("실패")

    class Stage(models.TextChoices):
        CHECKING = "checking", _("검사")
        SAVING = "saving", _("저장")

    file_name = models.CharField(_("파일 이름"), max_length=255)
    content = models.BinaryField(_("파일 내용"), editable=False)
    update_existing = models.BooleanField(_("등록된 기업 고치기"), default=False)
    status = models.CharField(
        _("상태"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    stage = models.CharField(
        _("단계"), max_length=10, choices=Stage.choices, default=Stage.CHECKING
    )
    rows_total = models.PositiveIntegerField(_("전체 행"), default=0)
    rows_done = models.PositiveIntegerField(_("검사한 행"), default=0)
    rows_saved = models.PositiveIntegerField(_("저장한 행"), default=0)
    created = models.PositiveIntegerField(_("가져온 기업"), default=0)
    updated = models.PositiveIntegerField(_("고친 기업"), default=0)
    unchanged = models.PositiveIntegerField(_("바뀐 내용 없음"), default=0)
    errors = models.JSONField(_("오류 행"), default=list, blank=True)
    message = models.TextField(_("실패 이유"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("올린 사람"),
    )
    created_at = models.DateTimeField(_("올린 때"), auto_now_add=True)
    finished_at = models.DateTimeField(_("끝난 때"), null=True, blank=True)

    class Meta:
        verbose_name = _("CSV 가져오기")
        verbose_name_plural = _("CSV 가져오기")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rows_done__lte=F("rows_total")), name="import_done_within_total"
            ),
        ]

    def __str__(self):
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self):
        return reverse("admin:companies_importjob_change", args=[self.pk])

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self):
        return round(100 * self.rows_done / self.rows_total) if self.rows_total else 0
