"""Admin of seed 004: officials work the case; the STS sees what is addressed to it, without
``selectors.STS_HIDDEN_FIELDS``; the legal steps, deadlines and timeline come from the shared
``CaseAdminMixin``."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.admin_mixins import CaseAdminMixin, ReadOnlyAdminMixin, ScopedAdminMixin
from cases.changelists import DepthChangeListMixin
from cases.staging import StagedUploadsAdminMixin
from cases.uploads import type_check
from registries.fields import plain_number_column
from registries.models import Organisation
from registries.roles import OrganisationKind
from registries.scoping import organisation_of

from .forms import StatisticsGridForm
from .models import (
    PlatformCase,
    PlatformCaseState,
    PlatformEvidence,
    ThrottleInstruction,
    ThrottleLimit,
    TrafficStatistic,
)
from .records import SCREENSHOT_TYPE_MESSAGE, SCREENSHOT_TYPES
from .selectors import STS_HIDDEN_FIELDS, hides_personal_data, may_enter_statistics, visible_fields
from .traffic import (
    StatisticsGridRejected,
    ensure_request_open,
    request_open,
    save_statistics_grid,
    statistics_closed_error,
)


class LetterLinkMixin:
    @admin.display(description=_("letter (PDF)"))
    def letter_link(self, instruction):
        """The guarded download of the instruction's letter (scoped), never MEDIA_URL; a letter sent
        on paper shows its register number."""
        letter = instruction.letter
        if letter is None or not letter.pdf:
            return instruction.register_number or "—"
        url = reverse("admin:forms_kz_outgoingletter_download", args=[letter.pk])
        return format_html('<a href="{}">{}</a>', url, letter.register_number)


class HttpsURLField(forms.URLField):
    """A link typed without a scheme is read as https:// (Django 6's default, chosen now instead of
    the RemovedInDjango60Warning)."""

    def __init__(self, **kwargs):
        super().__init__(assume_scheme="https", **kwargs)


class PlatformEvidenceForm(forms.ModelForm):
    """The screenshot is checked by its content and size (``PlatformEvidence.clean``, the shared
    ``cases.uploads`` check): a field error in Kazakh, nothing stored. A screenshot chosen in a row
    of a form refused for another reason stays attached (``cases.staging``, images only)."""

    staging_checks = {"screenshot": type_check(SCREENSHOT_TYPES, SCREENSHOT_TYPE_MESSAGE)}

    class Meta:
        model = PlatformEvidence
        fields = ("url", "screenshot", "description")
        field_classes = {"url": HttpsURLField}


class PlatformEvidenceInline(admin.TabularInline):
    model = PlatformEvidence
    form = PlatformEvidenceForm
    extra = 1
    fields = ("url", "screenshot", "description")

    def has_view_permission(self, request, obj=None):
        return not hides_personal_data(request.user) and super().has_view_permission(request, obj)


class TrafficStatisticInline(admin.TabularInline):
    model = TrafficStatistic
    extra = 0
    fields = ("regional_object", "period_start", "period_end", "peak_kbps", "submitted_at")
    readonly_fields = fields
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("regional_object")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ThrottleInstructionInline(LetterLinkMixin, admin.TabularInline):
    """The instructions of the case, each with its numbered letter (Appendix 3, lifting, Art. 41-1)."""

    model = ThrottleInstruction
    extra = 0
    fields = ("kind", "level", "letter_link", "issued_at", "executed_at", "execution_report")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PlatformCase)
class PlatformCaseAdmin(StagedUploadsAdminMixin, DepthChangeListMixin, CaseAdminMixin, admin.ModelAdmin):
    list_display = (plain_number_column(PlatformCase, "id"), "platform", "ground", "state", "detected_at", "notice_sent_at", "sts",
                    "created_at")
    list_filter = ("state", "ground", "platform__kind", "sts")
    list_select_related = ("platform", "organisation", "sts")
    search_fields = ("platform__name", "violation_type", "notice_register_number")
    sortable_by = ("id", "created_at")  # the key and created_at (db_index): cases.changelists
    date_hierarchy = "created_at"
    inlines = (PlatformEvidenceInline, TrafficStatisticInline, ThrottleInstructionInline)
    case_readonly_fields = ("deadlines_panel", "timeline_panel")
    official_readonly = (
        "detected_at", "sts", "warning_sent_at", "notice_sent_at", "notice_register_number", "notice_received_at", "content_removed_at",
        "restriction_ordered_at", "restriction_basis", "statistics_requested_at", "statistics_answered_at",
        "withdrawal_reason", "closed_at",
    )

    fieldsets_all = (
        (None, {"fields": ("organisation", "platform", "ground", "state")}),
        (_("Detection (p. 3–5)"), {"fields": ("detected_at", "detection_summary", "violation_type", "legal_norms",
                                                "offending_user_data", "content_to_remove")}),
        (_("User complaint (messengers, p. 4)"), {"fields": ("complaint_received_at", "complaint_from", "complaint_text",
                                                              "complaint_reports_repeated")}),
        (_("Letters and steps"), {"fields": ("warning_sent_at", "notice_sent_at", "notice_register_number",
                                              "notice_received_at", "content_removed_at", "restriction_ordered_at", "restriction_basis",
                                              "sts", "statistics_requested_at", "statistics_answered_at",
                                              "withdrawal_reason", "closed_at")}),
        (_("Deadlines and timeline"), {"fields": ("deadlines_panel", "timeline_panel")}),
    )

    def get_fieldsets(self, request, obj=None):
        fieldsets = []
        for title, options in self.fieldsets_all:
            names = [f for f in options["fields"] if obj is not None or f not in self.case_readonly_fields]
            if obj is None:
                names = [f for f in names if f not in self.official_readonly and f != "state"]
            names = visible_fields(names, request.user)
            if names:
                fieldsets.append((title, {"fields": names}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if hides_personal_data(request.user):
            return tuple({f.name for f in PlatformCase._meta.concrete_fields} - set(STS_HIDDEN_FIELDS)) + self.case_readonly_fields
        extra = self.official_readonly + (("organisation", "platform", "ground") if obj else ())
        return fields + tuple(f for f in extra if f not in fields)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None and "organisation" in form.base_fields:
            own = organisation_of(request.user)
            queryset = Organisation.objects.filter(kind=OrganisationKind.AUTHORISED_BODY)
            if own is not None and not request.user.is_superuser:
                queryset = queryset.filter(pk=own.pk)
            form.base_fields["organisation"].queryset = queryset
            form.base_fields["organisation"].initial = own.pk if own else None
        return form

    def get_inlines(self, request, obj):
        if obj is None:
            return (PlatformEvidenceInline,)
        if hides_personal_data(request.user):
            return (TrafficStatisticInline, ThrottleInstructionInline)
        return self.inlines

    def has_delete_permission(self, request, obj=None):
        return False

    # --- the STS's statistics as one grid (p. 7–8) -------------------------------------------

    change_form_template = "platforms/platformcase_change_form.html"  # extends cases/case_change_form.html

    def get_urls(self):
        return [
            path("<path:object_id>/statistics-grid/", self.admin_site.admin_view(self.statistics_grid_view),
                 name="platforms_platformcase_statistics_grid"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The case page; to the STS the request went to, while it is open, the link to the grid."""
        extra_context = dict(extra_context or {})
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and request_open(obj) and may_enter_statistics(obj, request.user):
            extra_context["statistics_grid_url"] = reverse("admin:platforms_platformcase_statistics_grid", args=[obj.pk])
        return super().change_view(request, object_id, form_url, extra_context)

    def statistics_grid_view(self, request, object_id):
        """The case's statistics as a grid of regional objects × periods of the day, saved at once by
        ``traffic.save_statistics_grid``: every wrong cell answered at its place, nothing saved then,
        every typed value kept. Only for the STS the request went to (anyone else: 404); read-only
        once the request is answered."""
        case = self.get_object(request, unquote(object_id))
        if case is None or not may_enter_statistics(case, request.user):
            raise Http404
        editable = request_open(case)
        form = StatisticsGridForm(request.POST if request.method == "POST" and editable else None, case=case)
        paste_problems: list[str] = []
        if form.is_bound and "fill" in request.POST:
            paste_problems = form.take_paste()
        elif form.is_bound and form.is_valid():
            try:
                saved = save_statistics_grid(case, form.cells(), by=request.user)
            except StatisticsGridRejected as rejected:
                form.add_cell_errors(rejected.cell_errors)
            except ValidationError as refused:  # the request was answered meanwhile
                form.add_error(None, refused.messages)
            else:
                self.message_user(request, gettext(
                    "The statistics are saved: %(created)s added, %(updated)s changed, %(deleted)s removed."
                ) % {"created": saved.created, "updated": saved.updated, "deleted": saved.deleted}, messages.SUCCESS)
                return redirect("admin:platforms_platformcase_statistics_grid", case.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "case": case,
            "case_url": reverse("admin:platforms_platformcase_change", args=[case.pk]),
            "title": gettext("Traffic statistics: %(platform)s") % {"platform": case.platform},
            "form": form,
            "editable": editable,
            "closed_message": "" if editable else statistics_closed_error(),
            "paste_problems": paste_problems,
        }
        return TemplateResponse(request, "platforms/statistics_grid.html", context)


class TrafficStatisticForm(forms.ModelForm):
    class Meta:
        model = TrafficStatistic
        fields = ("case", "regional_object", "period_start", "period_end", "peak_kbps")

    def clean_case(self):
        case = self.cleaned_data["case"]
        try:
            ensure_request_open(case)
        except ValidationError as exc:
            raise forms.ValidationError(exc.message_dict["case"]) from exc
        return case


@admin.register(TrafficStatistic)
class TrafficStatisticAdmin(ScopedAdminMixin, admin.ModelAdmin):
    form = TrafficStatisticForm
    list_display = ("case", "regional_object", "period_start", "period_end", "peak_kbps", "submitted_at")
    list_filter = ("regional_object",)
    list_select_related = ("case__platform", "regional_object")
    search_fields = ("case__platform__name",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "case" and formfield is not None:
            formfield.queryset = formfield.queryset.filter(state=PlatformCaseState.STATISTICS_REQUESTED).select_related("platform")
        return formfield

    def has_change_permission(self, request, obj=None):
        if obj is not None and not request_open(obj.case):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not request_open(obj.case):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.submitted_by = request.user
        super().save_model(request, obj, form, change)


class ThrottleLimitInline(admin.TabularInline):
    model = ThrottleLimit
    extra = 0
    fields = ("regional_object", "period_start", "period_end", "peak_kbps", "limit_kbps")
    readonly_fields = fields
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("regional_object")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ThrottleInstruction)
class ThrottleInstructionAdmin(LetterLinkMixin, ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("id", "case", "kind", "level", "register_number", "issued_at", "executed_at")
    list_filter = ("kind", "level")
    list_select_related = ("case__platform",)
    inlines = (ThrottleLimitInline,)
    readonly_fields = (
        "case", "kind", "level", "issued_at", "issued_by", "notice_register_number", "notice_sent_at",
        "register_number", "letter_link", "executed_at", "execution_report", "reported_by",
    )
    exclude = ("letter_id",)
