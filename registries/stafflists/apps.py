from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffListsConfig(AppConfig):
    name = "registries.stafflists"
    label = "stafflists"
    verbose_name = _("Staff lists")
