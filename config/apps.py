from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class ComplianceAdminConfig(AdminConfig):
    default_site = "registries.security.ComplianceAdminSite"

    def ready(self):
        super().ready()
        from registries.security import connect_signals

        from .admin_icons import install

        connect_signals()
        install()  # yes / no icons with their alt text in Kazakh / Russian


class ApiTokensConfig(AppConfig):
    """django-rest-knox (API tokens) under a translated name in the admin."""

    name = "knox"
    label = "knox"
    verbose_name = _("API access")
    default_auto_field = "django.db.models.AutoField"


class ProjectConfig(AppConfig):
    """The project's own infrastructure (request and JSON limits, the 413 page): an app so its
    messages keep a catalogue of their own (``config/locale``) and its templates are found."""

    name = "config"
    label = "project"
    verbose_name = _("System")
