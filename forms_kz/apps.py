from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormsKzConfig(AppConfig):
    name = "forms_kz"
    label = "forms_kz"
    verbose_name = _("Official letters")
