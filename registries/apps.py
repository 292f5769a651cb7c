from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistriesConfig(AppConfig):
    name = "registries"
    verbose_name = _("Registries")

    def ready(self):
        from . import language, signals  # noqa: F401
