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
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from . import jobs
from .models import ScheduledRun, User


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


# django-tasks-db's list of jobs, named in the admin's language, with failed jobs' errors and an
# action that runs them again.
admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class JobAdmin(DBTaskResultAdmin):
    list_display = ["task_name", "status", "attempts", "enqueued_at", "finished_at", "error"]
    list_filter = ["status", "queue_name"]
    actions = ["run_again"]

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("django_tasks_database.change_dbtaskresult")

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.has_change_permission(request):
            actions.pop("run_again", None)
        return actions

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Read-only page: the job's fields as django-tasks-db shows them, no save buttons.
        extra_context = {**(extra_context or {}), "show_save": False}
        extra_context.update(show_save_and_continue=False, show_save_and_add_another=False)
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("시도"))
    def attempts(self, job):
        return len(job.worker_ids)

    @admin.display(description=_("오류"))
    def error(self, job):
        lines = job.traceback.strip().splitlines()
        return lines[-1] if lines else ""

    @admin.action(description=_("선택한 실패 작업 다시 실행"))
    def run_again(self, request, queryset):
        failed = list(queryset.filter(status="FAILED"))
        for job in failed:
            jobs.retry(job)
        self.message_user(
            request, _("실패한 작업 %(count)s개를 다시 실행합니다.") % {"count": len(failed)}
        )


@admin.register(ScheduledRun)
class ScheduledRunAdmin(admin.ModelAdmin):
    list_display = ["name", "occurrence", "queued_at"]
    list_filter = ["name"]
    date_hierarchy = "occurrence"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
