from django.contrib import admin

from .admin_mixins import ReadOnlyAdminMixin
from .models import Deadline, TransitionLog


@admin.register(Deadline)
class DeadlineAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("rule_code", "citation", "start", "due", "met_at", "awaiting_organisation", "content_type")
    list_filter = ("rule_code", "awaiting_organisation__kind")
    list_select_related = ("awaiting_organisation", "content_type")
    date_hierarchy = "due"

    def get_queryset(self, request):
        from registries.scoping import organisation_of, sees_everything

        queryset = admin.ModelAdmin.get_queryset(self, request)
        if sees_everything(request.user):
            return queryset
        organisation = organisation_of(request.user)
        return queryset.filter(awaiting_organisation=organisation) if organisation else queryset.none()


@admin.register(TransitionLog)
class TransitionLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("at", "transition", "source", "target", "by", "content_type", "object_id")
    list_filter = ("content_type",)
    list_select_related = ("by", "content_type")
    search_fields = ("comment", "transition")
    date_hierarchy = "at"

    def get_queryset(self, request):
        from registries.scoping import sees_everything

        queryset = super().get_queryset(request)
        return queryset if sees_everything(request.user) else queryset.none()

