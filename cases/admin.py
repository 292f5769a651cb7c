from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from registries.fields import plain_number_column
from registries.people import person_label

from .admin_mixins import ReadOnlyAdminMixin
from .changelists import DepthChangeListMixin
from .exports.filters import WaitingForMyOrganisationFilter
from .models import Deadline, TransitionLog
from .rules import declared_rules, rule_label
from .timeline import state_label, step_label


def case_link(obj) -> str:
    """The case a deadline or log entry belongs to, as a link to its page ("№ 32")."""
    model = obj.content_type.model_class()
    if model is None:
        return f"№ {obj.object_id}"
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.object_id])
    return format_html('<a href="{}">№ {}</a>', url, obj.object_id)


def procedure_name(content_type) -> str:
    """A case type as people name it (the procedure's model name), not "app | model"."""
    model = content_type.model_class() if content_type is not None else None
    return str(model._meta.verbose_name).capitalize() if model is not None else ""


class ProcedureFilter(admin.SimpleListFilter):
    """The case types of the procedures (not every content type of the project), by name."""

    title = _("case type")
    parameter_name = "content_type__id__exact"

    def lookups(self, request, model_admin):
        from django.contrib.contenttypes.models import ContentType

        from .monitoring.status import procedure_models

        found = ContentType.objects.get_for_models(*procedure_models())
        return sorted(((str(ct.pk), procedure_name(ct)) for ct in found.values()), key=lambda item: item[1])

    def queryset(self, request, queryset):
        return queryset.filter(content_type_id=self.value()) if self.value() else queryset


class RuleFilter(admin.SimpleListFilter):
    """The deadline rules by their labels (``cases.rules.rule_label``), never their codes."""

    title = _("Rule")
    parameter_name = "rule_code__exact"

    def lookups(self, request, model_admin):
        labelled = (code for code, rule in declared_rules().items() if rule.label)  # the procedures' rules
        return sorted(((code, rule_label(code)) for code in labelled), key=lambda item: item[1])

    def queryset(self, request, queryset):
        return queryset.filter(rule_code=self.value()) if self.value() else queryset


@admin.register(Deadline)
class DeadlineAdmin(DepthChangeListMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("rule", "citation", "start", "due", "met_at", "awaiting_organisation", "case_type")
    ordering = ("due", "id")  # total, as the index (due, id) serves it (cases.changelists)
    sortable_by = ("due",)
    list_filter = (RuleFilter, "awaiting_organisation__kind", ProcedureFilter, WaitingForMyOrganisationFilter)
    list_select_related = ("awaiting_organisation", "content_type")
    date_hierarchy = "due"
    fields = ("rule", "citation", "case_type", "case_link", "start", "due", "met_at", "outcome", "awaiting_organisation")
    readonly_fields = ("rule", "case_type", "case_link")

    @admin.display(description=_("Rule"), ordering="rule_code")
    def rule(self, obj):
        """The rule by its label (``cases.rules.rule_label``), never its stored code."""
        return rule_label(obj.rule_code)

    @admin.display(description=_("case type"))
    def case_type(self, obj):
        return procedure_name(obj.content_type)

    @admin.display(description=_("case"))
    def case_link(self, obj):
        return case_link(obj)

    def get_queryset(self, request):
        from registries.scoping import organisation_of, sees_everything

        queryset = admin.ModelAdmin.get_queryset(self, request)
        if sees_everything(request.user):
            return queryset
        organisation = organisation_of(request.user)
        return queryset.filter(awaiting_organisation=organisation) if organisation else queryset.none()


@admin.register(TransitionLog)
class TransitionLogAdmin(DepthChangeListMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "at", "step", "source_state", "target_state", "person", "case_type", plain_number_column(TransitionLog, "object_id"),
    )
    sortable_by = ("at",)  # the log's order (at, pk), served by the index (at, id)
    list_filter = (ProcedureFilter,)
    list_select_related = ("by", "content_type")
    search_fields = ("comment", "transition")
    date_hierarchy = "at"
    fields = (
        "case_type", "case_link", "step", "source_state", "target_state", "person", "at", "comment",
        "recorded_afterwards", "entered_at",
    )
    readonly_fields = ("case_type", "case_link", "step", "source_state", "target_state", "person")

    def get_queryset(self, request):
        from registries.scoping import sees_everything

        queryset = super().get_queryset(request)
        return queryset if sees_everything(request.user) else queryset.none()


    @admin.display(description=_("step"))
    def step(self, obj):
        model = obj.content_type.model_class()
        return step_label(model, obj.transition) if model else obj.transition

    @admin.display(description=_("from state"))
    def source_state(self, obj):
        model = obj.content_type.model_class()
        return state_label(model, obj.source) if model else obj.source

    @admin.display(description=_("to state"))
    def target_state(self, obj):
        model = obj.content_type.model_class()
        return state_label(model, obj.target) if model else obj.target

    @admin.display(description=_("by"))
    def person(self, obj):
        return person_label(obj.by) or "—"

    @admin.display(description=_("case type"))
    def case_type(self, obj):
        return procedure_name(obj.content_type)

    @admin.display(description=_("case"))
    def case_link(self, obj):
        return case_link(obj)
