from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .admin_mixins import ReadOnlyAdminMixin
from .changelists import DepthChangeListMixin
from .models import Deadline, TransitionLog
from .rules import rule_label


@admin.register(Deadline)
class DeadlineAdmin(DepthChangeListMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("rule", "citation", "start", "due", "met_at", "awaiting_organisation", "content_type")
    ordering = ("due", "id")  # total, as the index (due, id) serves it (cases.changelists)
    sortable_by = ("due",)
    list_filter = ("rule_code", "awaiting_organisation__kind")
    list_select_related = ("awaiting_organisation", "content_type")
    date_hierarchy = "due"

    @admin.display(description=_("Rule"), ordering="rule_code")
    def rule(self, obj):
        """The rule by its label (``cases.rules.rule_label``), never its stored code."""
        return rule_label(obj.rule_code)

    def get_queryset(self, request):
        from registries.scoping import organisation_of, sees_everything

        queryset = admin.ModelAdmin.get_queryset(self, request)
        if sees_everything(request.user):
            return queryset
        organisation = organisation_of(request.user)
        return queryset.filter(awaiting_organisation=organisation) if organisation else queryset.none()


@admin.register(TransitionLog)
class TransitionLogAdmin(DepthChangeListMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("at", "transition", "source", "target", "by", "content_type", "object_id")
    sortable_by = ("at",)  # the log's order (at, pk), served by the index (at, id)
    list_filter = ("content_type",)
    list_select_related = ("by", "content_type")
    search_fields = ("comment", "transition")
    date_hierarchy = "at"

    def get_queryset(self, request):
        from registries.scoping import sees_everything

        queryset = super().get_queryset(request)
        return queryset if sees_everything(request.user) else queryset.none()

