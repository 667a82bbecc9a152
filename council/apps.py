from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "council"
    verbose_name = _("G밸리 발전협의회")
