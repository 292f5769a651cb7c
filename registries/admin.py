from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cases.admin_mixins import ReferenceDataHistoryMixin, ScopedAdminMixin

from .forms import OrganisationForm
from .models import CalendarOverride, LegalAct, OnlinePlatform, Organisation, RegionalObject, UserProfile


@admin.register(Organisation)
class OrganisationAdmin(ReferenceDataHistoryMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    form = OrganisationForm
    list_display = ("name_kk", "kind", "bin", "parent", "email", "phone", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name_kk", "name_ru", "bin", "email")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)
    fieldsets = (
        (None, {"fields": ("kind", "name_kk", "name_ru", "bin", "parent", "is_active")}),
        (_("Contacts"), {"fields": ("address", "email", "phone", "head_position", "head_name")}),
        (_("Working schedule"), {"fields": ("work_weekdays", "work_start", "work_end", "lunch_start", "lunch_end")}),
    )


@admin.register(UserProfile)
class UserProfileAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ("user", "organisation", "role", "position", "is_service_account", "last_action_at")
    list_filter = ("role", "is_service_account", "organisation__kind")
    search_fields = ("user__username", "user__email", "user__last_name", "organisation__name_kk")
    list_select_related = ("user", "organisation")
    autocomplete_fields = ("organisation",)
    raw_id_fields = ("user",)
    readonly_fields = ("last_action_at",)


@admin.register(LegalAct)
class LegalActAdmin(ReferenceDataHistoryMixin, SimpleHistoryAdmin):
    """The registry of acts: each act's entry-into-force rule (its final clause) beside the date
    the rule yields, and its repeal."""

    list_display = ("code", "number", "signed_on", "mj_registration_number", "entry_into_force", "in_force_from", "status", "repealed_on")
    list_filter = ("status", "entry_into_force")
    list_select_related = ("amends",)
    raw_id_fields = ("amends",)
    search_fields = ("title_kk", "title_ru", "number", "mj_registration_number")
    readonly_fields = ("in_force_from",)
    fieldsets = (
        (None, {"fields": ("code", "title_kk", "title_ru", "issuer", "number", "signed_on", "amends", "sets_current_wording")}),
        (_("State registration and publication"), {"fields": ("mj_registration_number", "mj_registration_date", "published_on")}),
        (
            _("Entry into force"),
            {"fields": ("entry_into_force", "entry_into_force_clause", "entry_into_force_on", "in_force_from")},
        ),
        (_("Repeal"), {"fields": ("status", "repealed_on", "repealed_by")}),
    )

    @admin.display(description=_("in force from"))
    def in_force_from(self, obj):
        """The date the act's own rule yields; while the publication is not recorded, the earliest
        day it can be ("not before"). An amended act whose procedure follows a later wording says
        from when that wording applies."""
        if obj is None or obj.pk is None:
            return "—"
        if obj.in_force_from:
            text = f"{obj.in_force_from:%d.%m.%Y}"
        else:
            text = _("not before %(date)s (the publication date is not recorded)") % {"date": f"{obj.own_applies_from:%d.%m.%Y}"}
        wording = obj.wording_act
        if wording.pk != obj.pk:
            text = _("%(own)s; the procedure applies in the wording of № %(number)s from %(date)s") % {
                "own": text,
                "number": wording.number,
                "date": f"{wording.own_applies_from:%d.%m.%Y}",
            }
        return text

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("amendments")


@admin.register(RegionalObject)
class RegionalObjectAdmin(ReferenceDataHistoryMixin, SimpleHistoryAdmin):
    list_display = ("code", "name_kk", "name_ru", "kind")
    list_filter = ("kind",)
    search_fields = ("name_kk", "name_ru", "code")


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(ReferenceDataHistoryMixin, SimpleHistoryAdmin):
    list_display = ("date", "is_working", "basis")
    list_filter = ("is_working",)
    search_fields = ("basis",)
    date_hierarchy = "date"


@admin.register(OnlinePlatform)
class OnlinePlatformAdmin(ReferenceDataHistoryMixin, SimpleHistoryAdmin):
    # A website typed without a scheme is read as https:// (Django 6's default, chosen now
    # instead of the RemovedInDjango60Warning).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("name", "kind", "is_foreign", "average_daily_users_kz", "legal_representative")
    list_filter = ("kind", "is_foreign")
    search_fields = ("name", "website", "email")
from . import auth_admin, otp_admin  # noqa: E402, F401  (translated admins of auth and the second factor)
