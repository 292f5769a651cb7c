"""Admin of the device demands (seed 000, ch. 3-1).

- The penitentiary authority drafts a demand with its lines (IMEI + phone, mobile operator) and
  sends it; the database operator receives it, chooses / corrects the mobile operator of each
  line until it notifies, notifies, and informs the requester; each mobile operator sees only
  its own lines and marks them executed: the step "Mark my devices executed" on the demand
  page (its form lists the operator's own lines), or the action on the "devices in demands" list.
- Every step runs through its one service (``cases.steps.take_step``); the step buttons are
  links to the step's page, so an organisation that only reads the demand (a mobile operator)
  takes its step there, never through the change form it may not post.
- Each line shows the device's current state of service; the "device service states" list
  shows, per IMEI, suspended / restored since and its full history.
"""

from itertools import groupby

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cases.admin_mixins import CaseAdminMixin, ReadOnlyAdminMixin, ScopedAdminMixin
from cases.changelists import DepthChangeListMixin
from cases.services import TransitionRefused
from registries.people import person_label
from registries.roles import OrganisationKind, Role
from registries.scoping import has_role, organisation_of, sees_everything

from . import letters, rules, selectors, services
from .forms import DemandDeviceForm, DemandDeviceFormSet, DemandLinesGridForm, acting_user
from .models import DemandDevice, DemandState, DeviceDemand, DeviceServiceState, DeviceStatus


def _filter_field(entry) -> str:
    """The field a ``list_filter`` entry filters on ("name" or ("name", FilterClass))."""
    return entry[0] if isinstance(entry, (tuple, list)) else entry if isinstance(entry, str) else ""


def _local(value):
    return f"{timezone.localtime(value):%d.%m.%Y %H:%M}" if value else "—"


def service_state_text(state) -> str:
    if state is None:
        return gettext("in service (never suspended)")
    return gettext("%(status)s since %(since)s") % {"status": state.get_status_display(), "since": _local(state.since)}


def reference_as_text(model, name):
    """A read-only reference shown as its name (see ``PlainReferencesMixin``)."""

    @admin.display(description=model._meta.get_field(name).verbose_name)
    def text(self, obj):
        value = getattr(obj, name, None) if obj is not None else None
        if value is None:
            return self.get_empty_value_display()
        if isinstance(value, get_user_model()):
            return person_label(value)  # a person by full name and position, never a login
        return str(value)

    return text


class PlainReferencesMixin:
    """Read-only references to records the user may not open (an organisation, a user) are shown
    as text: Django links every read-only foreign key to its change page, which would answer a
    bare 403. Each name in ``plain_references`` has a ``<name>_text`` display in the read-only
    fields."""

    plain_references: tuple = ()

    def _unopenable(self, request, obj) -> set[str]:
        readonly = set(self.get_readonly_fields(request, obj))
        names = set()
        for name in self.plain_references:
            target = self.admin_site._registry.get(self.model._meta.get_field(name).related_model)
            if name in readonly and (target is None or not target.has_view_permission(request)):
                names.add(name)
        return names

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        plain = self._unopenable(request, obj)
        if not plain:
            return fieldsets
        return [
            (title, {**options, "fields": [f"{f}_text" if f in plain else f for f in options["fields"]]})
            for title, options in fieldsets
        ]


class DemandDeviceInline(PlainReferencesMixin, ScopedAdminMixin, admin.TabularInline):
    model = DemandDevice
    form = DemandDeviceForm
    formset = DemandDeviceFormSet
    fk_name = "demand"
    extra = 0
    fields = ("imei", "phone", "operator", "suspension", "status", "notified_at", "acknowledged_at",
              "executed_at", "executed_by", "service_state")
    readonly_fields = ("status", "notified_at", "acknowledged_at", "executed_at", "executed_by", "service_state",
                       "operator_text", "executed_by_text")
    plain_references = ("operator", "executed_by")
    operator_text = reference_as_text(DemandDevice, "operator")
    executed_by_text = reference_as_text(DemandDevice, "executed_by")
    autocomplete_fields = ()
    raw_id_fields = ("suspension",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("operator", "executed_by", "suspension").order_by("row")

    def extra_form_fields(self, request, obj=None) -> dict:
        """No form fields of the admin mixins on the lines: an inline's formset is not built by
        ``get_form`` (the demand's own change form carries its version)."""
        return {}

    def get_extra(self, request, obj=None, **kwargs):
        return 3 if self._lines_editable(request, obj) and obj is None else 0

    #: The execution's columns (p. 20-3 … 20-8): empty in a draft, so not drawn there.
    execution_columns = ("status", "notified_at", "acknowledged_at", "executed_at", "executed_by", "executed_by_text")

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is None or obj.state == DemandState.DRAFT:
            return [name for name in fields if name not in self.execution_columns]
        return fields

    def _lines_editable(self, request, obj) -> bool:
        """The penitentiary authority writes the lines while the demand is a draft."""
        if obj is not None and obj.state != DemandState.DRAFT:
            return False
        return has_role(request.user, Role.PENITENTIARY_OFFICER)

    def _operator_editable(self, request, obj) -> bool:
        """The mobile operator of a line is editable until the operators are notified: by the
        penitentiary authority in the draft, by the database operator once sent."""
        return selectors.may_choose_operators(obj, request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if not self._lines_editable(request, obj):
            fields += ["imei", "phone", "suspension"]
        if not self._operator_editable(request, obj):
            fields += ["operator"]
        return fields

    def has_add_permission(self, request, obj=None):
        return self._lines_editable(request, obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._lines_editable(request, obj) and super().has_delete_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return (self._lines_editable(request, obj) or self._operator_editable(request, obj)) and super().has_change_permission(
            request, obj
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "operator":
            from registries.models import Organisation

            kwargs["queryset"] = Organisation.objects.filter(kind=OrganisationKind.MOBILE_OPERATOR, is_active=True)
            return admin.TabularInline.formfield_for_foreignkey(self, db_field, request, **kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("current state of service"))
    def service_state(self, obj):
        if not obj.pk:
            return "—"
        state = DeviceServiceState.objects.filter(imei=obj.imei).first()
        text = service_state_text(state)
        if state is None:
            return text
        url = reverse("admin:devices_deviceservicestate_change", args=[state.pk])
        return format_html('<a href="{}">{}</a>', url, text)


@admin.register(DeviceDemand)
class DeviceDemandAdmin(DepthChangeListMixin, PlainReferencesMixin, CaseAdminMixin, SimpleHistoryAdmin):
    inlines = [DemandDeviceInline]
    list_display = ("number", "kind", "institution", "penitentiary", "state", "progress_display", "received_at", "created_at")
    list_filter = ("state", "kind", "penitentiary")
    list_select_related = ("penitentiary", "db_operator")
    search_fields = ("institution", "reference", "signatory_name")
    date_hierarchy = "created_at"
    # sorts served by an index (cases.changelists): the key, created_at, received_at (each db_index)
    sortable_by = ("number", "received_at", "created_at")
    fieldsets = (
        (None, {"fields": ("kind", "penitentiary", "institution", "reference", "db_operator")}),
        (_("Signed by the head"), {"fields": ("signatory_position", "signatory_name")}),
        (_("Progress"), {"fields": ("state", "progress_display", "sent_at", "received_at", "notified_at",
                                    "executed_at", "informed_at", "answer_shown", "withdrawn_at", "withdrawal_reason")}),
    )
    header_fields = ("kind", "penitentiary", "institution", "reference", "db_operator", "signatory_position", "signatory_name")
    always_readonly = ("progress_display", "sent_at", "received_at", "notified_at", "executed_at", "informed_at", "answer_shown",
                       "withdrawn_at", "withdrawal_reason", "penitentiary_text", "db_operator_text")
    plain_references = ("penitentiary", "db_operator")
    penitentiary_text = reference_as_text(DeviceDemand, "penitentiary")
    db_operator_text = reference_as_text(DeviceDemand, "db_operator")
    change_form_template = "devices/devicedemand_change_form.html"  # extends cases/case_change_form.html

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The demand letters, only to whom the letter register shows them (the issuing
        penitentiary authority and the addressed database operator; never a mobile operator,
        since the letter lists every operator's devices), and the user's step buttons."""
        extra_context = dict(extra_context or {})
        obj = self.get_object(request, object_id)
        if obj is not None:
            extra_context["demand_letters"] = letters.letters_for(obj, request.user)
            if services.may_write_lines(obj, request.user):
                extra_context["lines_grid_url"] = reverse("admin:devices_devicedemand_lines_grid", args=[obj.pk])
            if request.method == "GET":
                self._warn(request, obj)
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path("<path:object_id>/lines-grid/", self.admin_site.admin_view(self.lines_grid_view), name="devices_devicedemand_lines_grid"),
            *super().get_urls(),
        ]

    def lines_grid_view(self, request, object_id):
        """The draft's lines as one grid, many rows pasted at once, saved by the one service
        (``services.replace_demand_lines``): every wrong cell answered at its place, nothing saved
        then, everything typed kept. Only the penitentiary authority drafting it (anyone else: 404)."""
        demand = self.get_object(request, unquote(object_id))
        if demand is None or not services.may_write_lines(demand, request.user):
            raise Http404
        form = DemandLinesGridForm(request.POST if request.method == "POST" else None, demand=demand)
        paste_problems: list[str] = []
        if form.is_bound and "fill" in request.POST:
            paste_problems = form.take_paste()
        elif form.is_bound and form.is_valid():
            given = form.lines()
            try:
                saved = services.replace_demand_lines(demand=demand, actor=request.user, lines=[line for _i, line in given])
            except services.LinesInvalid as invalid:
                if given:
                    form.add_line_errors([i for i, _line in given], invalid.rows)
                else:
                    form.add_error(None, invalid.messages)
            except (ValidationError, TransitionRefused) as refused:  # sent meanwhile
                form.add_error(None, [str(m) for m in refused.messages])
            else:
                self.message_user(request, gettext(
                    "The lines are saved: %(created)s added, %(updated)s changed, %(deleted)s removed."
                ) % {"created": saved.created, "updated": saved.updated, "deleted": saved.deleted}, messages.SUCCESS)
                self._warn(request, demand)
                return redirect("admin:devices_devicedemand_lines_grid", demand.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "demand": demand,
            "demand_url": reverse("admin:devices_devicedemand_change", args=[demand.pk]),
            "title": gettext("Devices of demand %(demand)s") % {"demand": demand},
            "form": form,
            "paste_problems": paste_problems,
        }
        return TemplateResponse(request, "devices/lines_grid.html", context)

    def _warn(self, request, obj):
        """The restoration lines without a suspension recorded here: a warning, never a refusal
        (p. 20-5), for the lines this user may see."""
        lines = DemandDevice.objects.visible_to(request.user).filter(demand=obj)
        for warning in services.restoration_warnings(obj, list(lines)):
            self.message_user(request, warning, messages.WARNING)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            self._warn(request, form.instance)

    def fsm_transition_view(self, request, object_id, transition_name, **kwargs):
        """A step's page; the execution form lists the acting mobile operator's own lines."""
        token = acting_user.set(request.user)
        try:
            return super().fsm_transition_view(request, object_id, transition_name, **kwargs)
        finally:
            acting_user.reset(token)

    def get_queryset(self, request):
        return selectors.with_progress(super().get_queryset(request), request.user)

    def get_fieldsets(self, request, obj=None):
        """The withdrawal's time and reason only on a withdrawn demand."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.state == DemandState.WITHDRAWN:
            return fieldsets
        hidden = {"withdrawn_at", "withdrawal_reason"}
        return [(name, {**options, "fields": [f for f in options["fields"] if f not in hidden]}) for name, options in fieldsets]

    def get_list_filter(self, request):
        """The shared scoped filters (``ScopedAdminMixin``: a related filter names only what the
        user may see); the filter by penitentiary authority only for those who see all."""
        filters = super().get_list_filter(request)
        if sees_everything(request.user):
            return filters
        return tuple(f for f in filters if _filter_field(f) != "penitentiary")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj)) + list(self.always_readonly)
        editable = has_role(request.user, Role.PENITENTIARY_OFFICER) and (obj is None or obj.state == DemandState.DRAFT)
        if not editable:
            fields += list(self.header_fields)
        elif not request.user.is_superuser:
            fields.append("penitentiary")
        return tuple(dict.fromkeys(fields))

    def get_changeform_initial_data(self, request):
        from registries.models import Organisation

        initial = super().get_changeform_initial_data(request)
        organisation = organisation_of(request.user)
        if organisation is not None:
            initial.setdefault("signatory_position", organisation.head_position)
            initial.setdefault("signatory_name", organisation.head_name)
        db_operator = Organisation.objects.filter(kind=OrganisationKind.IMEI_DB_OPERATOR, is_active=True).first()
        if db_operator:
            initial.setdefault("db_operator", db_operator.pk)
        return initial

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        from registries.models import Organisation

        if db_field.name == "db_operator":
            kwargs["queryset"] = Organisation.objects.filter(kind=OrganisationKind.IMEI_DB_OPERATOR, is_active=True)
            return admin.ModelAdmin.formfield_for_foreignkey(self, db_field, request, **kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request):
        return (request.user.is_superuser or has_role(request.user, Role.PENITENTIARY_OFFICER)) and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        original_clean = form.clean

        def clean(this):
            cleaned = original_clean(this)
            if this.instance.pk is None:
                try:
                    DeviceDemand.ensure_legal_act_applicable()
                except ValidationError as exc:
                    this.add_error(None, exc)
            return cleaned

        form.clean = clean
        return form

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            organisation = organisation_of(request.user)
            if not request.user.is_superuser and organisation is not None:
                obj.penitentiary = organisation
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for deleted in formset.deleted_objects:
            deleted.delete()
        used = set(DemandDevice.objects.filter(demand=form.instance).exclude(pk__in=[i.pk for i in instances if i.pk]).values_list("row", flat=True))
        next_row = max(used, default=0) + 1
        for instance in instances:
            if instance.pk is None:
                instance.row = next_row
                next_row += 1
            instance.save()
        formset.save_m2m()

    @admin.display(description=_("number"), ordering="pk")
    def number(self, obj):
        return f"№ {obj.pk}"

    @admin.display(description=DeviceDemand._meta.get_field("answer").verbose_name)
    def answer_shown(self, obj):
        """The answer to the requester, without the lines the viewer may not see (it names every
        device; a mobile operator reads only its own)."""
        if not obj.answer:
            return self.get_empty_value_display()
        return selectors.mask_hidden_lines(obj, getattr(obj, "_viewer", None), obj.answer)

    @admin.display(description=_("executed / devices"))
    def progress_display(self, obj):
        if obj.pk is None:
            return "—"
        if hasattr(obj, "n_devices"):
            done, total = obj.n_executed, obj.n_devices
        else:
            done, total = obj.progress()
        return f"{done} / {total}"


class ServiceStateFilter(admin.SimpleListFilter):
    title = _("executed")
    parameter_name = "executed"

    def lookups(self, request, model_admin):
        return (("no", _("awaiting execution")), ("yes", _("executed")))

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.exclude(status=DeviceStatus.EXECUTED)
        if self.value() == "yes":
            return queryset.filter(status=DeviceStatus.EXECUTED)
        return queryset


@admin.register(DemandDevice)
class DemandDeviceAdmin(DepthChangeListMixin, PlainReferencesMixin, ReadOnlyAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    """Each organisation's list of device lines; a mobile operator sees only its own and marks
    them executed (p. 20-4 / 20-8)."""

    list_display = ("imei", "phone", "demand_link", "kind_display", "operator", "status", "notified_at", "due_display",
                    "executed_at")
    list_filter = ("status", ServiceStateFilter, "demand__kind", "operator")
    list_select_related = ("demand", "operator")
    search_fields = ("imei", "phone")
    # sorts served by an index (cases.changelists): the demand (unique demand, row), the IMEI (imei, status)
    sortable_by = ("imei", "demand_link")
    actions = ["mark_executed", "acknowledge"]
    fields = ("demand", "row", "imei", "phone", "operator", "status", "notified_at", "acknowledged_at",
              "executed_at", "executed_by", "suspension")
    readonly_fields = (*fields, "operator_text", "executed_by_text")
    plain_references = ("operator", "executed_by")
    operator_text = reference_as_text(DemandDevice, "operator")
    executed_by_text = reference_as_text(DemandDevice, "executed_by")

    def has_execute_permission(self, request):
        return has_role(request.user, Role.MOBILE_OPERATOR)

    def get_list_filter(self, request):
        """The shared scoped filters (``ScopedAdminMixin``); a mobile operator sees only its own
        lines: no filter by operator at all."""
        filters = super().get_list_filter(request)
        own, _organisation = selectors.mobile_operator_only(request.user)
        return tuple(f for f in filters if _filter_field(f) != "operator") if own else filters

    def get_queryset(self, request):
        from cases.models import Deadline

        queryset = super().get_queryset(request)
        return queryset.prefetch_related(
            Prefetch("demand__deadlines", queryset=Deadline.objects.filter(met_at__isnull=True), to_attr="open_deadlines")
        )

    @admin.display(description=_("demand"), ordering="demand_id")
    def demand_link(self, obj):
        url = reverse("admin:devices_devicedemand_change", args=[obj.demand_id])
        return format_html('<a href="{}">№ {}</a>', url, obj.demand_id)

    @admin.display(description=_("demand"))
    def kind_display(self, obj):
        return obj.demand.get_kind_display()

    @admin.display(description=_("due"))
    def due_display(self, obj):
        if obj.status != DeviceStatus.NOTIFIED:
            return "—"
        code = rules.execute_rule(obj.demand.kind).code
        for deadline in getattr(obj.demand, "open_deadlines", []):
            if deadline.rule_code == code and deadline.awaiting_organisation_id == obj.operator_id:
                return f"{_local(deadline.due)} ({deadline.citation})"
        return "—"

    @admin.action(description=_("Mark the selected devices executed (p. 20-4 / 20-8)"), permissions=["execute"])
    def mark_executed(self, request, queryset):
        """The execution step of each demand concerned, through its one service; all or nothing."""
        devices = list(queryset.select_related("demand").order_by("demand_id", "row"))
        try:
            with transaction.atomic():
                for _demand_id, lines in groupby(devices, key=lambda device: device.demand_id):
                    lines = list(lines)
                    services.device_demand_execute_device(case=lines[0].demand, actor=request.user, devices=lines)
        except TransitionRefused as refusal:
            self.message_user(
                request, gettext("Nothing was marked: %(errors)s") % {"errors": "; ".join(map(str, refusal.messages))},
                level=messages.ERROR,
            )
            return
        self.message_user(request, gettext("%(count)s device(s) marked executed.") % {"count": len(devices)}, messages.SUCCESS)

    @admin.action(description=_("Acknowledge the notification of the selected devices"), permissions=["execute"])
    def acknowledge(self, request, queryset):
        try:
            count = services.acknowledge_devices(queryset, request.user)
        except TransitionRefused as refusal:
            self.message_user(request, "; ".join(map(str, refusal.messages)), level=messages.ERROR)
            return
        self.message_user(request, gettext("%(count)s device(s) acknowledged.") % {"count": count}, messages.SUCCESS)


@admin.register(DeviceServiceState)
class DeviceServiceStateAdmin(DepthChangeListMixin, ReadOnlyAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    """Per IMEI: suspended since / restored since, and the full history of executed lines."""

    list_display = ("imei", "status", "since_display", "phone", "operator")
    list_filter = ("status",)
    list_select_related = ("device__operator", "device__demand")
    search_fields = ("imei", "device__phone")
    sortable_by = ("imei",)  # unique: the one sort served by an index (cases.changelists)
    fields = ("imei", "status", "since_display", "phone", "operator")
    readonly_fields = fields
    change_form_template = "devices/deviceservicestate_change_form.html"

    @admin.display(description=_("since"), ordering="since")
    def since_display(self, obj):
        return _local(obj.since)

    @admin.display(description=_("phone number"))
    def phone(self, obj):
        return obj.device.phone

    @admin.display(description=_("mobile operator"))
    def operator(self, obj):
        return obj.device.operator

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        obj = self.get_object(request, object_id)
        if obj is not None:
            extra_context["service_history"] = obj.history_rows(None if sees_everything(request.user) else request.user)
        return super().change_view(request, object_id, form_url, extra_context)
