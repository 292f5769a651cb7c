"""Users and groups in the officials' language.

Permissions are stored in English in the database ("Can add organisation"), and groups are named
by role codes ("authorised_officer"). The User and Group admins are re-registered so that:

- each permission is offered as "<action> — <model> (<application>)", all three translated (the
  action from the codename's prefix add / change / delete / view, the model's and the
  application's names from their ``verbose_name``); other permissions by their translated name;
- each role's group is shown under the role's translated name (``registries.roles.Role``).

The API tokens (django-rest-knox) get their admin here too (``ApiTokenAdmin``).

Importing this module twice is safe. It is imported from ``registries/admin.py``
(``from . import auth_admin, otp_admin  # noqa: F401``).
"""

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
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


class ApiTokenForm(forms.ModelForm):
    """Issuing a token asks nothing: it is the requesting user's, with the configured lifetime."""

    class Meta:
        fields = ()


class ApiTokenAdmin(admin.ModelAdmin):
    """API tokens (django-rest-knox): each person lists, issues and revokes their own; the
    authorised body lists and revokes everyone's. The token text is shown once, when issued; only
    its hash is stored. Nobody edits a token."""

    form = ApiTokenForm
    list_display = ("token_owner", "token_start", "issued", "valid_until", "token_state")
    list_select_related = ("user",)
    search_fields = ("user__username", "user__email")
    search_help_text = _("Search by the user's login name or e-mail address")
    ordering = ("-created",)
    actions = ["delete_selected"]

    def get_queryset(self, request):
        from .security import api_tokens_visible_to

        return api_tokens_visible_to(request.user)

    def _visible(self, request, obj) -> bool:
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and self._visible(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return False

    def get_fields(self, request, obj=None):
        return () if obj is None else ("token_owner", "token_start", "issued", "valid_until", "token_state")

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def save_form(self, request, form, change):
        from .security import build_api_token

        record, text = build_api_token(request.user)
        request._issued_api_token = text
        return record

    def save_model(self, request, obj, form, change):
        obj.save(force_insert=True)
        self.message_user(
            request,
            gettext("Your new API token (copy it now: it is not shown again): %(token)s") % {
                "token": request._issued_api_token},
            messages.WARNING,
        )

    def save_related(self, request, form, formsets, change):
        """A token has no relations to save (the form saved nothing: save_form built the record)."""

    def response_add(self, request, obj, post_url_continue=None):
        return HttpResponseRedirect(reverse("admin:knox_authtoken_changelist"))

    @admin.display(description=_("user"), ordering="user__username")
    def token_owner(self, token):
        return token.user

    @admin.display(description=_("beginning of the token"))
    def token_start(self, token):
        return f"{token.token_key[:6]}…"

    @admin.display(description=_("issued"), ordering="created")
    def issued(self, token):
        return token.created

    @admin.display(description=_("valid until"), ordering="expiry")
    def valid_until(self, token):
        return token.expiry

    @admin.display(description=_("valid"), boolean=True)
    def token_state(self, token):
        return token.expiry is None or token.expiry > timezone.now()


def _register_api_tokens(site):
    from knox.models import AuthToken

    AuthToken._meta.verbose_name = _("API token")
    AuthToken._meta.verbose_name_plural = _("API tokens")
    if site.is_registered(AuthToken):
        if isinstance(site._registry[AuthToken], ApiTokenAdmin):
            return
        site.unregister(AuthToken)
    site.register(AuthToken, ApiTokenAdmin)


def register(site=admin.site):
    """Re-register the User and Group admins with translated permissions (idempotent; an admin
    already customised elsewhere is kept and extended); our API-token admin replaces knox's."""
    _name_historical_models()
    if apps.is_installed("knox"):
        _register_api_tokens(site)
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
