from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlatformsConfig(AppConfig):
    name = "cases.platforms"
    label = "platforms"
    verbose_name = _("Online platforms and messengers")
