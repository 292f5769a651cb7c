from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    """Case lists exported as CSV / XLSX, and the filters users save as named views."""

    name = "cases.exports"
    label = "exports"
    verbose_name = _("Saved views and exports")
    default_auto_field = "django.db.models.BigAutoField"
