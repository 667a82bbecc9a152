"""Site-wide models: the portal's user, and the sample-data flag every app's models share."""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def invitation_token():
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """Abstract base of an invitation by email, accepted once through a link with its token.

    A company manager's invitation of a colleague (companies.Invitation) and the staff's of a
    buyer (events.BuyerInvitation) add what is invited to, and their one-open-invitation rule.
    """

    VALID_DAYS = 14

    email = models.EmailField(_("받는 사람 이메일"))
    token = models.CharField(_("토큰"), max_length=64, unique=True, default=invitation_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("초대한 사람"),
    )
    created_at = models.DateTimeField(_("초대일"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("수락일"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("수락한 사람"),
    )

    class Meta:
        abstract = True

    @property
    def is_expired(self):
        return self.created_at < timezone.now() - datetime.timedelta(days=self.VALID_DAYS)


class SampleQuerySet(models.QuerySet):
    def sample(self):
        """Return the rows made by `load_demo` as sample data."""
        return self.filter(is_sample=True)


class SampleFlagged(models.Model):
    """Abstract base for content that `load_demo` may create as sample data.

    `python manage.py purge_sample_data` removes every flagged row before going live.
    """

    is_sample = models.BooleanField(
        _("샘플 데이터"),
        default=False,
        db_index=True,
        help_text=_("시연용 샘플입니다. 운영 전 purge_sample_data 명령으로 한 번에 지웁니다."),
    )

    class Meta:
        abstract = True


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser, SampleFlagged):
    """A person with an account; email is the login."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("이메일"), unique=True)
    name = models.CharField(_("이름"), max_length=50, blank=True)
    privacy_consent_at = models.DateTimeField(
        _("필수 개인정보 수집·이용 동의 일시"), null=True, blank=True
    )
    marketing_consent_at = models.DateTimeField(
        _("선택 정보(행사 소식 메일) 수신 동의 일시"),
        null=True,
        blank=True,
        help_text=_("비어 있으면 동의하지 않은 것입니다."),
    )
    consent_version = models.CharField(_("동의한 약관 버전"), max_length=20, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("사용자")
        verbose_name_plural = _("사용자")
        ordering = ["email", "pk"]

    def __str__(self):
        return self.name or self.email

    def get_absolute_url(self):
        return reverse("account_profile")

    def get_full_name(self):
        return self.name or self.email

    def get_short_name(self):
        return self.name or self.email.split("@")[0]


class ScheduledRun(models.Model):
    """One occurrence of a periodic job (gvalley.jobs.SCHEDULE), queued by exactly one worker."""

    name = models.CharField(pgettext_lazy("background job", "작업"), max_length=200)
    occurrence = models.DateTimeField(_("예정 시각"))
    queued_at = models.DateTimeField(_("등록 시각"), auto_now_add=True)

    class Meta:
        ordering = ["-occurrence", "name", "pk"]
        verbose_name = _("정기 작업 실행")
        verbose_name_plural = _("정기 작업 실행")
        constraints = [
            models.UniqueConstraint(fields=["name", "occurrence"], name="unique_scheduled_run"),
        ]

    def __str__(self):
        return f"{self.name} @ {self.occurrence:%Y-%m-%d %H:%M}"
