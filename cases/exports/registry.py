"""Which admin lists export and keep saved filters: every case changelist (an admin with
``cases.admin_mixins.CaseAdminMixin``) and the lists officials work from beside them — the
deadlines and the letters register."""

from django.contrib import admin

#: lists that are not case changelists but export too (``app_label.model_name``)
EXTRA_LISTS = ("cases.deadline", "forms_kz.outgoingletter")


def label_of(model) -> str:
    """``app_label.model_name`` of ``model`` (the key a saved view keeps)."""
    return f"{model._meta.app_label}.{model._meta.model_name}"


def exportable(model_admin) -> bool:
    from cases.admin_mixins import CaseAdminMixin

    return isinstance(model_admin, CaseAdminMixin) or label_of(model_admin.model) in EXTRA_LISTS


def list_admin(label: str, site=None):
    """The registered admin of the exportable list ``label`` (``app_label.model_name``), or None."""
    site = site or admin.site
    for model, model_admin in site._registry.items():
        if label_of(model) == label:
            return model_admin if exportable(model_admin) else None
    return None


def exportable_admins(site=None) -> list:
    site = site or admin.site
    return [model_admin for model_admin in site._registry.values() if exportable(model_admin)]
