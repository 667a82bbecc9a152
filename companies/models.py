"""The company directory's models. (Core: company, its managers; extended by the directory work.)"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gvalley.models import SampleFlagged


class CompanyQuerySet(models.QuerySet):
    def listed(self):
        """Return the companies the public may see: approved and not hidden."""
        return self.filter(status=Company.Status.APPROVED)

    def managed_by(self, user):
        """Return the companies the user manages (any status)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)


class Company(SampleFlagged):
    class Status(models.TextChoices):
        PENDING = "pending", _("검토 대기")
        APPROVED = "approved", _("승인")
        REJECTED = "rejected", _("반려")
        HIDDEN = "hidden", _("숨김")

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

    objects = CompanyQuerySet.as_manager()

    class Meta:
        verbose_name = _("기업")
        verbose_name_plural = _("기업")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["status", "name"], name="company_status_name_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("companies:detail", kwargs={"slug": self.slug})


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
