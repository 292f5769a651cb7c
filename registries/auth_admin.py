"""Users and groups in the officials' language.

Permissions are stored in English in the database ("Can add organisation"), and groups are named
by role codes ("authorised_officer"). The User and Group admins are re-registered so that:

- each permission is offered as "<action> — <model> (<application>)", all three translated (the
  action from the codename's prefix add / change / delete / view, the model's and the
  application's names from their ``verbose_name``); other permissions by their translated name;
- each role's group is shown under the role's translated name (``registries.roles.Role``).

Importing this module twice is safe. It is imported from ``registries/admin.py``
(``from . import auth_admin, otp_admin  # noqa: F401``).
"""

from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.utils.functional import lazy
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalChanges

from .roles import Role

#: The actions of Django's default permissions (codename prefix → translated action).
ACTIONS = {
    "add": pgettext_lazy("permission", "Add"),
    "change": pgettext_lazy("permission", "Change"),
    "delete": pgettext_lazy("permission", "Delete"),
    "view": pgettext_lazy("permission", "View"),
}


def permission_label(permission) -> str:
    """ "<action> — <model> (<application>)" in the current language."""
    content_type = permission.content_type
    model = content_type.model_class()
    action, _sep, model_name = permission.codename.partition("_")
    if model is None:
        return f"{gettext(permission.name)} ({content_type.app_label})"
    application = model._meta.app_config.verbose_name
    if action in ACTIONS and model_name == model._meta.model_name:
        return f"{ACTIONS[action]} — {model._meta.verbose_name} ({application})"
    return f"{gettext(permission.name)} — {model._meta.verbose_name} ({application})"


def group_label(group) -> str:
    """The translated name of a role's group; other groups by their own name."""
    try:
        return str(Role(group.name).label)
    except ValueError:
        return group.name


class PermissionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return permission_label(obj)


class GroupChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return group_label(obj)


class TranslatedPermissionsMixin:
    translated_permissions = True

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name in ("permissions", "user_permissions"):
            kwargs["form_class"] = PermissionChoiceField
        elif db_field.name == "groups":
            kwargs["form_class"] = GroupChoiceField
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class TranslatedGroupAdmin(TranslatedPermissionsMixin, GroupAdmin):
    list_display = ("role_name", "name")

    @admin.display(description=_("role"), ordering="name")
    def role_name(self, group):
        return group_label(group)


class TranslatedUserAdmin(TranslatedPermissionsMixin, UserAdmin):
    pass


def _historical_name(model, plural=False):
    original = model.instance_type._meta
    name = original.verbose_name_plural if plural else original.verbose_name
    return gettext("%(name)s (history)") % {"name": name}


lazy_historical_name = lazy(_historical_name, str)


def _name_historical_models():
    """django-simple-history names its models "historical <name>" in English, untranslatable
    (``format_lazy("historical {}", …)``): name them "<name> (history)" in the current language
    (the permissions, the content-type filters). Only ``_meta``'s computed names change, so
    migrations see nothing new."""
    for model in apps.get_models():
        if isinstance(model, type) and issubclass(model, HistoricalChanges) and hasattr(model, "instance_type"):
            model._meta.verbose_name = lazy_historical_name(model)
            model._meta.verbose_name_plural = lazy_historical_name(model, plural=True)


def register(site=admin.site):
    """Re-register the User and Group admins with translated permissions (idempotent; an admin
    already customised elsewhere is kept and extended)."""
    _name_historical_models()
    for model, default in ((get_user_model(), TranslatedUserAdmin), (Group, TranslatedGroupAdmin)):
        current = site._registry.get(model)
        if current is not None and getattr(current, "translated_permissions", False):
            continue
        if current is None or type(current) in (UserAdmin, GroupAdmin):
            admin_class = default
        else:
            admin_class = type(f"Translated{type(current).__name__}", (TranslatedPermissionsMixin, type(current)), {})
        if current is not None:
            site.unregister(model)
        site.register(model, admin_class)


register()
