import axes.apps
import django_tasks_db.apps
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class GValleyConfig(AppConfig):
    default = True  # the app's own config; AxesConfig below is django-axes'
    name = "gvalley"
    verbose_name = _("G밸리 포털")

    def ready(self):
        from allauth.account.signals import password_reset
        from corsheaders.signals import check_request_enabled
        from django.db.models.signals import post_migrate

        from . import adapters, api, cache, checks, roles  # noqa: F401 (checks registers itself)

        cache.connect_invalidation()
        # After every app's post_migrate (permissions are created app by app), so that the
        # roles always end up with the permissions of every installed app.
        post_migrate.connect(roles.sync_role_permissions, dispatch_uid="gvalley-sync-roles")
        password_reset.connect(adapters.unlock_after_password_reset, dispatch_uid="gvalley-unlock")
        check_request_enabled.connect(api.cors_for_api_reads, dispatch_uid="gvalley-api-cors")


class AxesConfig(axes.apps.AppConfig):
    """django-axes (sign-in lock-outs) under a name the admin shows in its own language.

    Django's way to rename a third-party app: its models' names come from gvalley's Korean
    catalogue (gvalley/locale/ko), as axes ships no Korean.
    """

    verbose_name = _("로그인 잠금")


class TasksDbConfig(django_tasks_db.apps.TasksAppConfig):
    """django-tasks-db (background jobs) under a Korean name in the admin."""

    verbose_name = _("백그라운드 작업")

    def ready(self):
        super().ready()
        from django_tasks_db.models import DBTaskResult

        # The model's names are English only in the package; the admin lists it in Korean.
        DBTaskResult._meta.verbose_name = pgettext_lazy("background job", "작업")
        DBTaskResult._meta.verbose_name_plural = pgettext_lazy("background job", "작업")
