from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """One search box across every procedure (admin header)."""

    name = "cases.search"
    label = "search"
    verbose_name = _("Search across every procedure")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        """Import every app's ``search`` module: each registers its hook (cases.search.registry)."""
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("search")
