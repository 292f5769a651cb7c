from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ViolationsConfig(AppConfig):
    name = "cases.violations"
    label = "violations"
    verbose_name = _("Prohibited-content notifications")
