from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GValleyConfig(AppConfig):
    name = "gvalley"
    verbose_name = _("G밸리 포털")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import cache, roles

        cache.connect_invalidation()
        post_migrate.connect(roles.sync_role_permissions, sender=self)
