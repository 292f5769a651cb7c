"""The reviewer's queue and the state bodies' notifications in the admin (seed 001 p. 7–11).

- Queue: oldest submission first; filters by state, organisation, violation type, channel;
  search by URL, domain, IP, IMEI or MAC on the normalised, indexed fact columns (exact and
  prefix match, never a leading-% LIKE); a constant number of queries per page, and the same
  cost at any depth (``cases.changelists``: the page's columns are computed for its rows only).
- Change form: the legal steps (the buttons and the legal-path panel both judged by
  ``cases.steps.moves``; each button runs the step's one service), facts and screenshots inline
  (editable only by the reporting state body while the report is a draft or returned),
  duplicates already confirmed in other reports with links, the restriction order (p. 10) as a
  document with its CSV; the letters of the case in the case page's one letters panel
  (cases/templates/cases/case_files_letters.html).
- Screenshots (p. 8): several chosen at once (``add_screenshots``); what was chosen survives a
  refused form (``cases.staging``: listed as attached, saved with the form once it is right).
"""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cases.admin_mixins import CaseAdminMixin, ReadOnlyAdminMixin, ReferenceDataHistoryMixin, ScopedAdminMixin
from cases.changelists import DepthChangeListMixin
from cases.staging import StagedUploadsAdminMixin
from registries.models import Organisation
from registries.people import person_label
from registries.roles import STATE_BODY_STAFF, OrganisationKind
from registries.scoping import has_role, organisation_of, sees_everything

from .choices import ReportState
from .conditions import check_fact_count
from .forms import ADD_SCREENSHOTS, screenshots_field
from .models import RestrictionOrder, Screenshot, ViolationFact, ViolationReport, ViolationType
from .selectors import (
    duplicates_visible_to,
    reference_visible_to,
    restriction_order_of,
    search_reports,
    with_queue_columns,
)
from .services import restriction_csv_bytes
from .uploads import EXTENSIONS


def can_edit_content(user, report) -> bool:
    """Only the reporting state body edits, and only a draft or a returned report."""
    if report is None:
        return has_role(user, *STATE_BODY_STAFF)
    if not report.is_editable or not has_role(user, *STATE_BODY_STAFF):
        return False
    return user.is_superuser or getattr(organisation_of(user), "pk", None) == report.organisation_id


@admin.register(ViolationType)
class ViolationTypeAdmin(ReferenceDataHistoryMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ("name_kk", "name_ru", "code", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name_kk", "name_ru", "code")


class ScopedOrganisationFilter(admin.RelatedFieldListFilter):
    """Organisation filter listing only state bodies the user may see."""

    def field_choices(self, field, request, model_admin):
        organisations = Organisation.objects.visible_to(request.user).filter(kind=OrganisationKind.STATE_BODY)
        return [(o.pk, str(o)) for o in organisations.order_by("name_kk")]


class ReportChildInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and can_edit_content(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and can_edit_content(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and can_edit_content(request.user, obj)


class FactFormSet(BaseInlineFormSet):
    """At most ``MAX_FACTS`` facts per notification, refused with a message and nothing saved."""

    def clean(self):
        super().clean()
        kept = [f for f in self.forms if f.has_changed() or f.instance.pk]
        kept = [f for f in kept if not (self.can_delete and self._should_delete_form(f))]
        try:
            check_fact_count(len(kept))
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["facts"]) from exc


class ViolationFactInline(ReportChildInline):
    model = ViolationFact
    formset = FactFormSet
    fields = ("kind", "raw_value", "protocol", "value", "value_ascii")
    readonly_fields = ("value", "value_ascii")
    extra = 1


class ScreenshotInline(ReportChildInline):
    """The screenshots already attached: each as a thumbnail opening full size through the guarded
    file view, with its original name (never the storage path); the reporting body may remove one
    from a draft. New ones are chosen, several at once, in the form's ``add_screenshots`` field."""

    model = Screenshot
    fields = ("preview", "file_format", "file_size", "uploaded_at")
    readonly_fields = fields
    extra = 0

    @admin.display(description=_("file format"))
    def file_format(self, obj):
        return EXTENSIONS.get(obj.content_type, "—").upper() if obj else "—"

    @admin.display(description=_("file size"))
    def file_size(self, obj):
        return filesizeformat(obj.size) if obj and obj.size else "—"

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("screenshot"))
    def preview(self, obj):
        if obj is None or not obj.file:
            return "—"
        return format_html(
            '<a href="{0}" target="_blank" rel="noopener"><img src="{0}" alt="{1}" class="case-thumb" loading="lazy"></a>'
            '<div class="case-file-caption">{1}</div>',
            obj.file.url, obj.original_name or "—",
        )

    def has_change_permission(self, request, obj=None):
        # An uploaded screenshot is evidence: it may be removed from a draft, never altered.
        return False


@admin.register(ViolationReport)
class ViolationReportAdmin(StagedUploadsAdminMixin, DepthChangeListMixin, CaseAdminMixin, SimpleHistoryAdmin):
    list_display = (
        "number", "submitted_at", "organisation", "violation_type", "first_fact", "state", "channel", "possible_duplicate",
    )
    list_filter = ("state", ("organisation", ScopedOrganisationFilter), "violation_type", "channel")
    list_select_related = ("organisation", "violation_type")
    ordering = ("submitted_at", "id")
    search_fields = ("facts__value_ascii",)  # replaced by get_search_results (index-friendly)
    search_help_text = _("URL, domain, IP address, IMEI or MAC (exact; a URL also finds longer URLs starting with it), or the notification number.")
    list_per_page = 50
    # Each sort is served by an index with the queue's order as the tie-break (cases.changelists):
    # violation_queue (submitted_at, id), violation_state_queue (state, submitted_at, id), the key.
    # Organisation, type and channel sort by the related name or a free column: not offered.
    sortable_by = ("number", "submitted_at", "state")
    search_numbers_any_length = True  # the notification number: a key lookup
    inlines = (ViolationFactInline, ScreenshotInline)
    readonly_fields = (
        "state", "organisation_display", "reporter_name", "submitted_at", "lawfulness_confirmed_at", "reviewer_name", "decided_at",
        "return_reason", "rejection_grounds", "withdrawal_reason", "reference_report_link", "duplicates_panel",
        "restriction_panel",
    )
    content_fields = (
        "violation_type", "legal_act", "legal_norm", "description", "channel", "addressee",
        "signatory_position", "signatory_name", "lawfulness_confirmed",
    )

    # --- queue --------------------------------------------------------------------------------

    def get_queryset(self, request):
        return with_queue_columns(super().get_queryset(request), request.user)

    def get_search_results(self, request, queryset, search_term):
        return search_reports(queryset, search_term), False

    @admin.display(description=_("No."), ordering="id")
    def number(self, obj):
        return obj.pk

    @admin.display(description=_("first fact"))
    def first_fact(self, obj):
        return getattr(obj, "first_fact_value", None) or "—"

    @admin.display(description=_("already confirmed elsewhere"), boolean=True)
    def possible_duplicate(self, obj):
        return bool(getattr(obj, "has_duplicate", False))

    # --- form ---------------------------------------------------------------------------------

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else (ViolationFactInline,)  # no screenshot yet to list

    def extra_form_fields(self, request, obj=None) -> dict:
        fields = super().extra_form_fields(request, obj)
        if can_edit_content(request.user, obj):
            fields[ADD_SCREENSHOTS] = screenshots_field()
        return fields

    def get_fieldsets(self, request, obj=None):
        content = list(self.content_fields)
        if obj is None and sees_everything(request.user):
            content.insert(0, "organisation")
        if can_edit_content(request.user, obj):
            content.append(ADD_SCREENSHOTS)
        main = (None, {"fields": content})
        if obj is None:
            return (main,)
        review = (
            _("Review"),
            {"fields": ("state", "organisation_display", "reporter_name", "submitted_at", "lawfulness_confirmed_at", "reviewer_name",
                        "decided_at", "return_reason", "rejection_grounds", "withdrawal_reason", "reference_report_link",
                        "timeline_panel")},
        )
        panels = (_("Duplicates and restriction"), {"fields": ("duplicates_panel", "restriction_panel")})
        if sees_everything(request.user):
            return (panels, review, main)
        return (main, review, panels)

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and not can_edit_content(request.user, obj):
            fields += tuple(f for f in self.content_fields if f not in fields)
        return fields

    def has_add_permission(self, request):
        return super().has_add_permission(request) and has_role(request.user, *STATE_BODY_STAFF)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or (obj.state == ReportState.DRAFT and can_edit_content(request.user, obj))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, object_id)
        if obj is not None and not can_edit_content(request.user, obj):
            extra_context.update(show_save=False, show_save_and_continue=False, show_save_and_add_another=False)
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.reporter = request.user
            if not obj.organisation_id:
                obj.organisation = organisation_of(request.user)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        """The screenshots chosen (or staged by an earlier refused attempt) are attached, each
        checked by its content (``Screenshot.clean``)."""
        super().save_related(request, form, formsets, change)
        for upload in form.cleaned_data.get(ADD_SCREENSHOTS) or ():
            Screenshot(report=form.instance, file=upload).save()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "addressee":
            # Every state body addresses the authorised body, which its own scope does not include.
            kwargs["queryset"] = Organisation.objects.filter(kind=OrganisationKind.AUTHORISED_BODY, is_active=True)
            return admin.ModelAdmin.formfield_for_foreignkey(self, db_field, request, **kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is None and not sees_everything(request.user):
            organisation = organisation_of(request.user)

            class OwnOrganisationForm(form):
                def __init__(self, *args, **kw):
                    super().__init__(*args, **kw)
                    self.instance.organisation = organisation
                    self.instance.reporter = request.user

            return OwnOrganisationForm
        return form

    # --- read-only panels -----------------------------------------------------------------------

    @admin.display(description=_("reporting state body"))
    def organisation_display(self, obj):
        return obj.organisation

    @admin.display(description=_("reported by"))
    def reporter_name(self, obj):
        """The person by full name and position (``registries.people``), never the login."""
        return person_label(obj.reporter) or "—"

    @admin.display(description=_("reviewer"))
    def reviewer_name(self, obj):
        return person_label(obj.reviewer) or "—"

    @admin.display(description=_("confirmed by reference to"))
    def reference_report_link(self, obj):
        if not obj.reference_report_id:
            return "—"
        reference = reference_visible_to(obj, getattr(obj, "_viewer", None))
        if reference is None:
            # Another body's report: the state body learns neither its number nor its organisation.
            return _("an earlier confirmed notification")
        url = reverse("admin:violations_violationreport_change", args=[reference.pk])
        return format_html('<a href="{}">{}</a>', url, reference)

    @admin.display(description=_("Facts already confirmed in other reports"))
    def duplicates_panel(self, obj):
        """Only the reports the viewer may see (``obj._viewer``, set when the change form is drawn;
        without a viewer nothing is shown)."""
        duplicates = list(duplicates_visible_to(obj, getattr(obj, "_viewer", None)))
        return render_to_string("violations/duplicates_panel.html", {"duplicates": duplicates})

    @admin.display(description=_("Restriction order"))
    def restriction_panel(self, obj):
        order = restriction_order_of(obj)
        if order is None:
            return "—"
        csv_url = reverse("admin:violations_restrictionorder_csv", args=[order.pk])
        return render_to_string("violations/restriction_panel.html", {"order": order, "csv_url": csv_url, "facts": order.restricted_facts()})


@admin.register(RestrictionOrder)
class RestrictionOrderAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ("__str__", "report", "ordered_at", "ordered_by", "legal_basis")
    list_select_related = ("report", "ordered_by")
    list_filter = (("report__organisation", ScopedOrganisationFilter),)
    date_hierarchy = "ordered_at"
    readonly_fields = ("report", "ordered_at", "ordered_by", "measure", "legal_basis", "csv_link")
    actions = ("export_csv",)

    def get_urls(self):
        return [
            path("<int:pk>/csv/", self.admin_site.admin_view(self.csv_view), name="violations_restrictionorder_csv"),
            *super().get_urls(),
        ]

    def csv_view(self, request, pk):
        orders = self.get_queryset(request).filter(pk=pk)
        if not self.has_view_permission(request) or not orders.exists():
            raise Http404
        return self._csv_response(orders, f"restriction-order-{pk}.csv")

    @admin.action(description=_("Export what is to be restricted (CSV)"))
    def export_csv(self, request, queryset):
        return self._csv_response(queryset, f"restriction-orders-{timezone.localdate():%Y%m%d}.csv")

    @staticmethod
    def _csv_response(orders, filename):
        response = HttpResponse(restriction_csv_bytes(orders), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    @admin.display(description=_("CSV"))
    def csv_link(self, obj):
        return format_html('<a href="{}">CSV</a>', reverse("admin:violations_restrictionorder_csv", args=[obj.pk]))
