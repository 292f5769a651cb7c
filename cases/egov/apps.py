from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EgovConfig(AppConfig):
    name = "cases.egov"
    label = "egov"
    verbose_name = _("Subscriber number linking service")
