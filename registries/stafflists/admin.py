import contextlib

from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportActionMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.tmp_storages import TempFolderStorage
from simple_history.admin import SimpleHistoryAdmin

from cases.admin_mixins import CaseAdminMixin, ReadOnlyAdminMixin, ScopedAdminMixin
from cases.changelists import DepthChangeListMixin
from registries.scoping import sees_everything
from registries.sweeps.filters import HalfYearListFilter, StaffListHalfYearFilter, half_year_column
from registries.sweeps.halfyear import half_year_label

from . import rules
from .choices import OPEN_STATES
from .forms import ColumnNamesExportForm, StaffListConfirmForm, StaffListImportForm
from .models import StaffList, StaffListCompliance, StaffListEntry, StaffListReminder, StaffListState
from .resources import StaffListEntryResource
from .selectors import importable_organisations
from .services.compliance import RefreshStatus, annotate_refresh, current_half_year
from .services.importing import ImportRefused, import_staff_list

IMPORT_SALT = "stafflists.import"
IMPORT_TOKEN_MAX_AGE = 3600


@admin.register(StaffList)
class StaffListAdmin(CaseAdminMixin, SimpleHistoryAdmin):
    list_display = ("organisation", "half_year_label", "state", "entry_count", "submitted_at", "decided_at")
    list_filter = ("state", HalfYearListFilter)
    search_fields = ("organisation__name_kk", "organisation__name_ru", "organisation__bin")
    list_select_related = ("organisation",)
    change_list_template = "admin/stafflists/stafflist/change_list.html"
    half_year_label = half_year_column()
    fields = (
        "organisation", "half_year", "addressee", "signatory_position", "signatory_name", "state", "return_reason",
        "withdrawal_reason", "entry_count", "entries_link", "source_file_name", "letter_reference", "submitted_at",
        "decided_at", "accounts_note", "appendix_link", "created_by",
    )
    base_readonly = (
        "addressee", "state", "return_reason", "withdrawal_reason", "entry_count", "entries_link", "source_file_name",
        "letter_reference", "submitted_at", "decided_at", "accounts_note", "appendix_link", "created_by",
    )

    def get_fields(self, request, obj=None):
        """A saved list shows its half-year by its label (read-only); a new one picks it."""
        fields = super().get_fields(request, obj)
        return [("half_year_label" if name == "half_year" and obj is not None else name) for name in fields]

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(self.base_readonly)
        if obj is not None:
            fields += ("organisation", "half_year_label")
            if obj.state not in OPEN_STATES or sees_everything(request.user) and not request.user.is_superuser:
                fields += ("signatory_position", "signatory_name")
        return fields + tuple(f for f in self.case_readonly_fields if obj is not None and f not in fields)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organisation":
            kwargs["queryset"] = importable_organisations(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            StaffList.ensure_legal_act_applicable()
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        return False

    def lookup_allowed(self, lookup, value, request=None):
        if lookup == "organisation__id__exact":
            return True
        return super().lookup_allowed(lookup, value, request)

    @admin.display(description=_("entries"))
    def entries_link(self, obj):
        if not obj.pk:
            return "—"
        url = reverse("admin:stafflists_stafflistentry_changelist") + f"?staff_list__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, gettext("%(count)s entries: view and export") % {"count": obj.entry_count})

    @admin.display(description=_("Appendix 1 (PDF)"))
    def appendix_link(self, obj):
        from .services.letters import issued_appendix1

        if not obj.pk or obj.state != StaffListState.ACCEPTED:
            return "—"
        url = reverse("admin:stafflists_stafflist_appendix1", args=[obj.pk])
        letter = issued_appendix1(obj)
        if letter is None:
            return format_html('<a href="{}">{}</a>', url, gettext("Not issued yet: issue the Appendix 1 letter"))
        return format_html('<a href="{}">{}</a>', url, gettext("Download the Appendix 1 letter %(number)s (PDF)")
                           % {"number": letter.register_number})

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="stafflists_stafflist_import"),
            path("<int:pk>/appendix-1/", self.admin_site.admin_view(self.appendix1_view), name="stafflists_stafflist_appendix1"),
            *super().get_urls(),
        ]

    # --- import with dry-run preview, then confirm --------------------------------------

    def _render_import(self, request, form, result=None, token=None, organisation=None, half_year=None):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Import a staff list"),
            "form": form,
            "result": result,
            "token": token,
            "organisation": organisation,
            "half_year": half_year,
        }
        return TemplateResponse(request, "admin/stafflists/stafflist/import.html", context)

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        organisations = importable_organisations(request.user)
        if request.method == "POST" and "token" in request.POST:
            return self._confirm_import(request, organisations)
        form = StaffListImportForm(request.POST or None, request.FILES or None, organisations=organisations)
        if request.method != "POST" or not form.is_valid():
            return self._render_import(request, form)
        upload = form.cleaned_data["import_file"]
        data = upload.read()
        organisation = form.cleaned_data["organisation"]
        half_year = form.cleaned_data["half_year"]
        try:
            result = import_staff_list(data, organisation=organisation, half_year=half_year, user=request.user, dry_run=True)
        except ImportRefused as refusal:
            form.add_error("import_file", refusal.messages)
            return self._render_import(request, form)
        token = None
        if result.ok:
            storage = TempFolderStorage(read_mode="rb")
            storage.save(data)
            token = signing.dumps(
                {
                    "file": storage.name, "name": upload.name[:300], "user": request.user.pk, "org": organisation.pk,
                    "half": half_year, "position": form.cleaned_data["signatory_position"],
                    "signatory": form.cleaned_data["signatory_name"],
                },
                salt=IMPORT_SALT,
            )
        return self._render_import(request, form, result, token, organisation, half_year)

    def _confirm_import(self, request, organisations):
        form = StaffListConfirmForm(request.POST)
        try:
            if not form.is_valid():
                raise signing.BadSignature("no token")
            payload = signing.loads(form.cleaned_data["token"], salt=IMPORT_SALT, max_age=IMPORT_TOKEN_MAX_AGE)
        except signing.BadSignature:
            self.message_user(request, gettext("The preview has expired; upload the file again."), messages.ERROR)
            return redirect("admin:stafflists_stafflist_import")
        if payload["user"] != request.user.pk:
            raise PermissionDenied
        organisation = get_object_or_404(organisations, pk=payload["org"])
        storage = TempFolderStorage(name=payload["file"], read_mode="rb")
        try:
            data = storage.read()
        except OSError:
            imported = StaffList.objects.filter(
                organisation=organisation, half_year=payload["half"], state__in=OPEN_STATES, source_file_name=payload["name"][:300]
            ).first()
            if imported is not None:  # confirmed twice (a double click): the one list it made
                self.message_user(request, gettext("This file is already imported into the list below."), messages.INFO)
                return HttpResponseRedirect(reverse("admin:stafflists_stafflist_change", args=[imported.pk]))
            self.message_user(request, gettext("The preview has expired; upload the file again."), messages.ERROR)
            return redirect("admin:stafflists_stafflist_import")
        try:
            result = import_staff_list(
                data, organisation=organisation, half_year=payload["half"], user=request.user, dry_run=False,
                file_name=payload["name"], signatory_position=payload["position"], signatory_name=payload["signatory"],
            )
        except ImportRefused as refusal:
            self.message_user(request, " ".join(refusal.messages), messages.ERROR)
            return redirect("admin:stafflists_stafflist_import")
        if not result.ok:
            # Something changed since the preview (e.g. another organisation's list was accepted).
            form = StaffListImportForm(organisations=organisations)
            return self._render_import(request, form, result, None, organisation, payload["half"])
        with contextlib.suppress(OSError):
            storage.remove()
        self.message_user(request, gettext("Staff list imported: %(summary)s") % {"summary": result.summary()}, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:stafflists_stafflist_change", args=[result.staff_list.pk]))

    # --- Appendix 1 letter ---------------------------------------------------------------

    def appendix1_view(self, request, pk):
        """GET shows the issued letter (the PDF) or, before it is issued, a page with the POST
        button for those allowed to issue; POST issues it once (seed 001 p. 5, Appendix 1)."""
        from .services.letters import Appendix1Unavailable, issue_appendix1, issued_appendix1, may_issue_appendix1

        staff_list = self.get_queryset(request).filter(pk=pk).select_related("organisation").first()
        if staff_list is None:
            raise Http404
        if staff_list.state != StaffListState.ACCEPTED:
            self.message_user(request, gettext("Appendix 1 is issued from an accepted list only."), messages.ERROR)
            return redirect("admin:stafflists_stafflist_change", pk)
        letter = issued_appendix1(staff_list)
        if request.method == "POST":
            if letter is not None:
                self.message_user(request, gettext("Appendix 1 is already issued: %(number)s.") % {"number": letter.register_number},
                                  messages.INFO)
                return redirect("admin:stafflists_stafflist_change", pk)
            try:
                letter = issue_appendix1(staff_list, by=request.user)
            except Appendix1Unavailable as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                self.message_user(request, gettext("Appendix 1 issued: %(number)s.") % {"number": letter.register_number},
                                  messages.SUCCESS)
            return redirect("admin:stafflists_stafflist_change", pk)
        if letter is not None:
            return FileResponse(
                letter.pdf.open("rb"), content_type="application/pdf", filename=f"{letter.register_number.replace('/', '-')}.pdf"
            )
        may_issue = may_issue_appendix1(staff_list, request.user)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": staff_list,
            "title": gettext("Appendix 1 letter"),
            "may_issue": may_issue,
            "refusal": "" if may_issue else gettext(
                "Only an official of %(organisation)s allowed to issue its letters may issue Appendix 1."
            ) % {"organisation": staff_list.organisation.name_kk},
            "citation": rules.SUBMIT,
        }
        return TemplateResponse(request, "admin/stafflists/stafflist/appendix1.html", context)


@admin.register(StaffListEntry)
class StaffListEntryAdmin(DepthChangeListMixin, ReadOnlyAdminMixin, ScopedAdminMixin, ExportActionMixin, admin.ModelAdmin):
    resource_classes = [StaffListEntryResource]
    export_form_class = ColumnNamesExportForm
    formats = [XLSX, CSV]
    list_display = ("row_number", "full_name", "email", "phone", "position", "subordinate_name", "staff_list")
    list_filter = ("staff_list__state", StaffListHalfYearFilter)
    search_fields = ("full_name", "email", "phone")
    list_select_related = ("staff_list", "staff_list__organisation")
    list_per_page = 100
    # in the lists' order only (staff list, row): no column has an index of its own (cases.changelists)
    sortable_by = ()

    def lookup_allowed(self, lookup, value, request=None):
        if lookup in ("staff_list__id__exact", "staff_list__organisation__id__exact"):
            return True
        return super().lookup_allowed(lookup, value, request)

    def get_export_queryset(self, request):
        return super().get_export_queryset(request).select_related("staff_list__organisation")

    def has_export_permission(self, request):
        # django-import-export lets every staff user export unless a permission code is set: only
        # those who may view the entries export them (the staff's personal data of Appendix 1, p. 5).
        return self.has_view_permission(request)


@admin.register(StaffListReminder)
class StaffListReminderAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("organisation", half_year_column(), "kind", "recipient", "sent_at")
    list_filter = ("kind", HalfYearListFilter)
    list_select_related = ("organisation",)
    search_fields = ("organisation__name_kk", "recipient")


class RefreshStatusFilter(admin.SimpleListFilter):
    title = _("refresh status")
    parameter_name = "refresh_status"

    def lookups(self, request, model_admin):
        return RefreshStatus.choices

    def queryset(self, request, queryset):
        return queryset.filter(refresh_status=self.value()) if self.value() else queryset


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return (("yes", _("Yes")), ("no", _("No")))

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(refresh_overdue=self.value() == "yes")
        return queryset


@admin.register(StaffListCompliance)
class StaffListComplianceAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """The refresh-compliance report (seed 001 p. 5: refreshed at least once every half-year)."""

    list_display = ("name_kk", "bin", "email", "half_year_col", "status_col", "overdue_col", "lists_link")
    list_filter = (RefreshStatusFilter, OverdueFilter)
    search_fields = ("name_kk", "name_ru", "bin")
    list_display_links = None
    list_select_related = ("parent",)

    def get_queryset(self, request):
        return annotate_refresh(super().get_queryset(request))

    @admin.display(description=_("half-year"))
    def half_year_col(self, obj):
        return half_year_label(current_half_year())

    @admin.display(description=_("status"), ordering="refresh_status")
    def status_col(self, obj):
        return dict(RefreshStatus.choices)[obj.refresh_status]

    @admin.display(description=_("overdue"), ordering="refresh_overdue")
    def overdue_col(self, obj):
        """Words, not Django's green / red icons: a red cross for "not overdue" read as a fault."""
        if obj.refresh_overdue:
            return format_html('<strong class="refresh-overdue">{}</strong>', gettext("Overdue"))
        return gettext("No")

    @admin.display(description=_("lists"))
    def lists_link(self, obj):
        url = reverse("admin:stafflists_stafflist_changelist") + f"?organisation__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, gettext("Lists"))
