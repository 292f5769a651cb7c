from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cases.admin_mixins import ScopedAdminMixin

from .forms import OrganisationForm
from .models import CalendarOverride, LegalAct, OnlinePlatform, Organisation, RegionalObject, UserProfile


@admin.register(Organisation)
class OrganisationAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
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
class LegalActAdmin(SimpleHistoryAdmin):
    list_display = ("code", "number", "signed_on", "mj_registration_number", "status", "in_force_from", "repealed_on")
    list_filter = ("status",)
    search_fields = ("title_kk", "title_ru", "number", "mj_registration_number")
    readonly_fields = ("in_force_from",)

    @admin.display(description=_("in force from"))
    def in_force_from(self, obj):
        return obj.in_force_from or "—"


@admin.register(RegionalObject)
class RegionalObjectAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name_kk", "name_ru", "kind")
    list_filter = ("kind",)
    search_fields = ("name_kk", "name_ru", "code")


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(SimpleHistoryAdmin):
    list_display = ("date", "is_working", "basis")
    list_filter = ("is_working",)
    search_fields = ("basis",)
    date_hierarchy = "date"


@admin.register(OnlinePlatform)
class OnlinePlatformAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "is_foreign", "average_daily_users_kz", "legal_representative")
    list_filter = ("kind", "is_foreign")
    search_fields = ("name", "website", "email")
from . import auth_admin, otp_admin  # noqa: E402, F401  (translated admins of auth and the second factor)
