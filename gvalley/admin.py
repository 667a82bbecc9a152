from axes import admin as axes_admin
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import (
    AdminPasswordChangeForm,
    ReadOnlyPasswordHashWidget,
    SetUnusablePasswordMixin,
    UserChangeForm,
)
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .models import User


class PasswordSummaryWidget(ReadOnlyPasswordHashWidget):
    """Django's summary of a password hash, without the `disabled` its <div> may not carry."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].pop("disabled", None)
        return context


class PortalUserChangeForm(UserChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "password" in self.fields:
            self.fields["password"].widget = PasswordSummaryWidget()


class PortalAdminPasswordChangeForm(AdminPasswordChangeForm):
    """Django's form, its warning a run of text: the page puts the help text inside a <p>.

    Django appends a <ul> (which no <p> may hold) and writes its warning in English only.
    """

    usable_password_help_text = format_lazy(
        '{} <span id="id_unusable_warning" class="messagelist">{}</span>',
        SetUnusablePasswordMixin.usable_password_help_text,
        _("비활성화하면 이 사용자의 지금 비밀번호는 지워집니다."),
    )


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = PortalUserChangeForm
    change_password_form = PortalAdminPasswordChangeForm
    ordering = ["email"]
    list_display = ["email", "name", "is_staff", "is_active", "date_joined", "is_sample"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups", "is_sample"]
    search_fields = ["email", "name"]
    readonly_fields = [
        "last_login",
        "date_joined",
        "privacy_consent_at",
        "marketing_consent_at",
        "consent_version",
    ]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("개인 정보"), {"fields": ["name"]}),
        (
            _("동의"),
            {"fields": ["privacy_consent_at", "marketing_consent_at", "consent_version"]},
        ),
        (
            _("권한"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("기록"), {"fields": ["last_login", "date_joined", "is_sample"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]


if settings.AXES_ENABLE_ADMIN:
    # django-axes' own admin, with its two unnamed columns named (their headers were English).
    admin.site.unregister(AccessAttempt)

    @admin.register(AccessAttempt)
    class AccessAttemptAdmin(axes_admin.AccessAttemptAdmin):
        @admin.display(description=_("상태"))
        def status(self, obj):
            return super().status(obj)

        @admin.display(description=_("만료 시각"))
        def expiration(self, obj):
            return super().expiration(obj)
