"""The log-in security admins (second factor, lock-outs) in the officials' language.

django-otp marks none of its labels for translation ("TOTP devices", "Confirmed", every field's
help text, the fieldsets, "Search by user's …") and django-axes names its records in English
("Access Log for … @ …"). This module replaces django-otp's TOTPDevice and StaticDevice admins by
ours, with translated model names, fieldsets, field labels and help texts, list columns and filter
titles (the QR-code enrolment views of django-otp's TOTPDeviceAdmin are kept: ours subclasses
it), and gives the axes records translated names.

Importing this module twice is safe. It is imported from ``registries/admin.py``
(``from . import auth_admin, otp_admin  # noqa: F401``).
"""

from django.contrib import admin
from django.contrib.admin.filters import BooleanFieldListFilter, DateFieldListFilter
from django.template import engines
from django.template.response import TemplateResponse
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin as LibraryStaticDeviceAdmin
from django_otp.plugins.otp_static.admin import StaticTokenInline as LibraryStaticTokenInline
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin as LibraryTOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

#: Labels and help texts of django-otp's fields (theirs are English literals).
FIELD_TEXTS = {
    "user": (_("user"), _("The user this device belongs to.")),
    "name": (_("name"), _("A name of this device people can read (e.g. “Phone of D. Alieva”).")),
    "confirmed": (_("confirmed"), _("Is this device ready for use?")),
    "key": (_("secret key"), _("A hex-encoded secret key of up to 40 bytes.")),
    "step": (_("time step"), _("The time step in seconds.")),
    "t0": (_("start of counting"), _("The Unix time at which counting of steps begins.")),
    "digits": (_("number of digits"), _("The number of digits of a one-time code.")),
    "tolerance": (_("tolerance"), _("The number of time steps in the past or future allowed.")),
    "drift": (_("clock drift"), _("The number of time steps the device is known to be off our clock.")),
    "last_t": (_("last time step"), _("The time step of the last verified code; the next code must be later.")),
    "throttling_failure_timestamp": (
        _("last failed attempt"),
        _("When the last failed attempt was made (further attempts are delayed after failures)."),
    ),
    "throttling_failure_count": (_("failed attempts"), _("The number of failed attempts in a row.")),
    "token": (_("code"), _("A one-off emergency code.")),
}

#: The models' names (the library's are English literals: "TOTP device", "static device").
MODEL_NAMES = {
    TOTPDevice: (_("authenticator app"), _("authenticator apps")),
    StaticDevice: (_("set of emergency codes"), _("sets of emergency codes")),
    StaticToken: (_("emergency code"), _("emergency codes")),
}


def _name_models():
    """Give the library models translated names. Only ``_meta``'s computed names change (not
    ``Meta``'s original options), so migrations see nothing new."""
    for model, (singular, plural) in MODEL_NAMES.items():
        model._meta.verbose_name = singular
        model._meta.verbose_name_plural = plural


def titled(filter_class, title):
    """A list filter of ``filter_class`` shown under ``title`` instead of the field's name."""

    class Titled(filter_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.title = title

    Titled.__name__ = f"Titled{filter_class.__name__}"
    return Titled


class TranslatedFieldsMixin:
    """Form fields labelled and explained from ``FIELD_TEXTS``; timestamps shown read-only under
    translated names."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and db_field.name in FIELD_TEXTS:
            formfield.label, formfield.help_text = FIELD_TEXTS[db_field.name]
            formfield.label = str(formfield.label)[:1].upper() + str(formfield.label)[1:]
        return formfield


def _when(value):
    return formats.localize(value) if value else "—"


class DeviceColumnsMixin(TranslatedFieldsMixin):
    list_display = ["device_user", "device_name", "created", "last_used", "device_confirmed"]
    list_filter = [
        ("created_at", titled(DateFieldListFilter, _("created"))),
        ("last_used_at", titled(DateFieldListFilter, _("last used"))),
        ("confirmed", titled(BooleanFieldListFilter, _("confirmed"))),
    ]
    search_help_text = _("Search by the user's login name or e-mail address")
    readonly_fields = ["created", "last_used"]

    @admin.display(description=_("user"), ordering="user__username")
    def device_user(self, device):
        return device.user

    @admin.display(description=_("name"), ordering="name")
    def device_name(self, device):
        return device.name

    @admin.display(description=_("confirmed"), boolean=True, ordering="confirmed")
    def device_confirmed(self, device):
        return device.confirmed

    @admin.display(description=_("created"), ordering="created_at")
    def created(self, device):
        return _when(device.created_at)

    @admin.display(description=_("last used"), ordering="last_used_at")
    def last_used(self, device):
        return _when(device.last_used_at)


#: The enrolment page (django-otp's template says "Install segno or qrcode…" in English).
CONFIG_TEMPLATE = """{% extends "admin/base_site.html" %}{% load i18n %}
{% block content %}
<div class="qrcode-container">
  <p>{{ instruction }}</p>
  <p id="qrcode"><img width="200" height="200" class="qrcode-image" alt="{{ qr_alt }}" src="{{ qrcode_url }}"></p>
  <p>{{ url_label }}</p>
  <p><code>{{ device.config_url }}</code></p>
</div>
{% endblock %}"""


class TOTPDeviceAdmin(DeviceColumnsMixin, LibraryTOTPDeviceAdmin):
    """django-otp's TOTP admin (with its QR-code views) under translated labels."""

    readonly_fields = ["created", "last_used", "qrcode_link"]

    def get_list_display(self, request):
        return [*self.list_display, "qrcode_link"] if "qrcode_link" in super().get_list_display(request) else self.list_display

    def get_fieldsets(self, request, obj=None):
        names = {
            "Identity": _("Identity"),
            "Timestamps": _("Dates"),
            "Configuration": _("Configuration"),
            "State": _("State"),
            "Throttling": _("Failed attempts"),
        }
        fieldsets = []
        for title, options in super().get_fieldsets(request, obj):
            fields = [{"created_at": "created", "last_used_at": "last_used"}.get(f, f) for f in options["fields"]]
            fieldsets.append((names.get(title, title), {**options, "fields": fields}))
        return fieldsets

    @admin.display(description=_("QR code"))
    def qrcode_link(self, device):
        from django.urls import reverse

        return format_html('<a href="{}">{}</a>', reverse("admin:otp_totp_totpdevice_config", kwargs={"pk": device.pk}),
                           gettext("Show the QR code"))

    def config_view(self, request, pk):
        response = super().config_view(request, pk)
        if not isinstance(response, TemplateResponse):
            return response
        from django.urls import reverse

        device = response.context_data["device"]
        context = {
            **response.context_data,
            "title": gettext("Enrol the authenticator app"),
            "subtitle": device.name,
            "instruction": gettext("Scan this QR code with the authenticator app on the phone of the user."),
            "qr_alt": gettext("QR code"),
            "qrcode_url": reverse("admin:otp_totp_totpdevice_qrcode", kwargs={"pk": device.pk}),
            "url_label": gettext("If the code cannot be scanned, enter this address in the app:"),
        }
        template = engines["django"].from_string(CONFIG_TEMPLATE)
        return TemplateResponse(request, template, context)


class StaticTokenInline(TranslatedFieldsMixin, LibraryStaticTokenInline):
    verbose_name = _("emergency code")
    verbose_name_plural = _("emergency codes")


class StaticDeviceAdmin(DeviceColumnsMixin, LibraryStaticDeviceAdmin):
    fieldsets = [
        (_("Identity"), {"fields": ["user", "name", "confirmed"]}),
        (_("Dates"), {"fields": ["created", "last_used"]}),
    ]
    inlines = [StaticTokenInline]


def _name_axes_records():
    """django-axes' records by translated names ("Access Log for … @ …" in the library)."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    def attempt(record):
        return gettext("Log-in attempt of %(username)s, %(when)s") % {
            "username": record.username or "—", "when": _when(record.attempt_time)}

    def access_log(record):
        return gettext("Log-in of %(username)s, %(when)s") % {"username": record.username or "—", "when": _when(record.attempt_time)}

    def failure(record):
        text = gettext("Failed log-in of %(username)s, %(when)s, from %(ip)s") % {
            "username": record.username or "—", "when": _when(record.attempt_time), "ip": record.ip_address or "—"}
        return text + (gettext(" (locked out)") if record.locked_out else "")

    AccessAttempt.__str__ = attempt
    AccessLog.__str__ = access_log
    AccessFailureLog.__str__ = failure


def register(site=admin.site):
    """Replace django-otp's admins by ours (idempotent)."""
    _name_models()
    _name_axes_records()
    for model, model_admin in ((TOTPDevice, TOTPDeviceAdmin), (StaticDevice, StaticDeviceAdmin)):
        if site.is_registered(model):
            if isinstance(site._registry[model], model_admin):
                continue
            site.unregister(model)
        site.register(model, model_admin)


register()
