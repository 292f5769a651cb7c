from django.contrib import admin
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.admin_mixins import CaseAdminMixin, ReadOnlyAdminMixin, ScopedAdminMixin, render_letters_table
from cases.changelists import DepthChangeListMixin
from registries.fields import plain_number_column
from registries.models import Organisation
from registries.roles import OrganisationKind
from registries.scoping import organisation_of

from . import rules
from .models import Complaint, PersonalDataAccess, ServiceRequest
from .privacy import mask_iin, mask_phone, record_access
from .selectors import is_provider_staff, letters_of
from .services import register_complaint


def _duration(value) -> str:
    if value is None:
        return "—"
    seconds = int(value.total_seconds())
    return f"{seconds // 60}:{seconds % 60:02d}"


class WithinTermFilter(admin.SimpleListFilter):
    title = _("10-minute term")
    parameter_name = "term"

    def lookups(self, request, model_admin):
        return (("within", _("Within 10 minutes")), ("over", _("Over the term")))

    def queryset(self, request, queryset):
        if self.value() == "within":
            return queryset.filter(within_term=True)
        if self.value() == "over":
            return queryset.filter(within_term=False)
        return queryset


class ReviewingBodyKindFilter(admin.SimpleListFilter):
    """The two kinds of reviewing body of p. 10 (5 / 15 working days), not every organisation kind."""

    title = _("reviewing body")
    parameter_name = "body"

    def lookups(self, request, model_admin):
        return [(kind.value, kind.label) for kind in (OrganisationKind.COMPLAINT_BODY, OrganisationKind.QUALITY_BODY)]

    def queryset(self, request, queryset):
        return queryset.filter(reviewing_body__kind=self.value()) if self.value() else queryset


def errors_on_own_fields(form, errors: ValidationError) -> ValidationError:
    """The model's errors as ``form`` can show them: an error keyed by a field the form lacks (a
    read-only field of a registered complaint, for instance) becomes a form-level error naming
    that field, instead of Django's ValueError "… has no field named …" (a 500)."""
    if not hasattr(errors, "error_dict"):
        return errors
    kept, moved = {}, []
    for name, field_errors in errors.error_dict.items():
        if name == NON_FIELD_ERRORS or name in form.fields:
            kept[name] = field_errors
            continue
        try:
            label = form.instance._meta.get_field(name).verbose_name
        except FieldDoesNotExist:  # not a model field: the message alone
            label = ""
        for error in field_errors:
            for message in ValidationError(error).messages:
                moved.append(ValidationError(f"{label}: {message}" if label else message, code=error.code))
    if moved:
        kept[NON_FIELD_ERRORS] = [*kept.get(NON_FIELD_ERRORS, []), *moved]
    return ValidationError(kept)


class LettersPanelMixin:
    """The letters of the record, only those the viewer may see (the record remembers its viewer
    when the admin loads it; a record without one shows none)."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            obj._viewer = request.user
        return obj

    @admin.display(description=_("Letters"))
    def letters_panel(self, obj):
        # the shared letters table: the form by its title (never its code), number, date, state, download
        return render_letters_table(letters_of(obj, getattr(obj, "_viewer", None)))


class LoggedChangeViewMixin:
    """Opening a full record with personal data is written to the access log."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            obj = getattr(response, "context_data", {}).get("original") if hasattr(response, "context_data") else None
            if obj is not None:
                record_access(request.user, obj, PersonalDataAccess.Via.ADMIN)
        return response


@admin.register(ServiceRequest)
class ServiceRequestAdmin(DepthChangeListMixin, LettersPanelMixin, LoggedChangeViewMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display_full = ("request_number", "submitted_local", "channel", "kind", "applicant_iin", "phone", "result",
                         "duration_display", "within_term")
    list_display_masked = ("request_number", "submitted_local", "channel", "kind", "masked_iin", "masked_phone",
                           "result", "duration_display", "within_term")
    list_display = list_display_masked
    list_filter = (WithinTermFilter, "result", "channel", "kind", "refusal_ground")
    list_select_related = ("provider",)
    search_fields = ("=request_number", "=applicant_iin", "=phone")
    date_hierarchy = "submitted_at"
    # the one sort served by an index (cases.changelists): the time of the request
    sortable_by = ("submitted_local",)
    search_numbers_any_length = True  # exact matches only: a key lookup
    fieldsets = (
        (None, {"fields": ("provider", "request_number", "channel", "kind", "applicant_iin", "applicant_name", "phone",
                           "previous_phone")}),
        (_("Steps (№ 58 бұйрықпен бекітілген Қағидалардың 5–8-тармақтары)"), {"fields": ("submitted_at", "otp_at", "otp_passed", "eds_signed_at",
                                                       "biometrics_at", "biometrics_passed", "completed_at")}),
        (_("Result"), {"fields": ("result", "refusal_ground", "refusal_reasons", "duration_display", "within_term",
                                  "term_citation", "letters_panel")}),
        (_("Record"), {"fields": ("created_at", "created_by")}),
    )

    def get_list_display(self, request):
        return self.list_display_full if is_provider_staff(request.user) else self.list_display_masked

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields] + ["duration_display", "term_citation", "letters_panel"]

    def has_add_permission(self, request):
        return False  # requests arrive from the integrations through the API

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("request made"), ordering="submitted_at")
    def submitted_local(self, obj):
        return timezone.localtime(obj.submitted_at).strftime("%d.%m.%Y %H:%M:%S")

    @admin.display(description=_("applicant's IIN"))
    def masked_iin(self, obj):
        return mask_iin(obj.applicant_iin)

    @admin.display(description=_("subscriber number"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone)

    @admin.display(description=_("duration (min:s)"), ordering="duration")
    def duration_display(self, obj):
        return _duration(obj.duration)

    @admin.display(description=_("service term"))
    def term_citation(self, obj):
        return rules.SERVICE_TERM_CITATION


class ComplaintLinkedRequestPanel:
    @admin.display(description=_("linked request"))
    def linked_request_panel(self, obj):
        return render_to_string("egov/linked_request_panel.html", {"service_request": obj.service_request})


@admin.register(Complaint)
class ComplaintAdmin(DepthChangeListMixin, LettersPanelMixin, LoggedChangeViewMixin, ComplaintLinkedRequestPanel, CaseAdminMixin,
                     admin.ModelAdmin):
    list_display_full = ("registration_number", "state", "registered_local", "complainant_name", "complainant_iin",
                         "complainant_phone", "reviewing_body", "provider")
    list_display_masked = ("registration_number", "state", "registered_local", "complainant_name", "masked_iin",
                           "masked_phone", "reviewing_body", "provider")
    list_display = list_display_masked
    list_filter = ("state", ReviewingBodyKindFilter)
    list_select_related = ("provider", "reviewing_body")
    search_fields = ("=registration_number", "=complainant_iin", "complainant_name")
    date_hierarchy = "registered_at"
    sortable_by = ("registration_number", "registered_local")  # each db_index / the queue's order
    add_fields = ("service_request", "reviewing_body", "complainant_name", "complainant_iin", "complainant_phone",
                  "subject", "contested_decision", "received_at", "registered_at")
    readonly_detail = ("registration_number", "provider", "reviewing_body", "service_request", "linked_request_panel",
                       "complainant_name", "complainant_iin", "complainant_phone", "subject", "contested_decision",
                       "received_at", "registered_at", "registered_afterwards", "resolution", "satisfied_at",
                       "administrative_case", "forwarded_at", "authority_registration_number",
                       "authority_registered_at", "decision_reasons", "measures", "partially",
                       "decided_at", "withdrawal_reason", "withdrawn_at", "created_by", "created_at")
    # its letters: the case page's one letters panel (cases/templates/cases/case_files_letters.html)

    #: What each step of p. 10 writes, shown once the complaint has taken it (keyed by its moment).
    step_fields = {
        "satisfied_at": ("resolution", "satisfied_at"),
        "forwarded_at": ("administrative_case", "forwarded_at"),
        "authority_registered_at": ("authority_registration_number", "authority_registered_at"),
        "decided_at": ("decision_reasons", "measures", "partially", "decided_at"),
        "withdrawn_at": ("withdrawal_reason", "withdrawn_at"),
    }

    def get_list_display(self, request):
        return self.list_display_full if is_provider_staff(request.user) else self.list_display_masked

    def get_fields(self, request, obj=None):
        if obj is None:
            return self.add_fields
        not_taken = {name for moment, names in self.step_fields.items() if getattr(obj, moment) is None for name in names}
        detail = (name for name in self.readonly_detail if name not in not_taken)
        return ("state", *detail, "deadlines_panel", "timeline_panel")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """A registered complaint changes only through its steps: no save buttons."""
        extra_context = {**(extra_context or {}), "show_save": False, "show_save_and_continue": False,
                         "show_save_and_add_another": False}
        return super().change_view(request, object_id, form_url, extra_context)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is None:
            return fields
        return tuple(dict.fromkeys((*fields, *self.readonly_detail)))

    def has_add_permission(self, request):
        return is_provider_staff(request.user) and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        organisation = organisation_of(request.user)

        class ProviderForm(form):
            def __init__(self, *args, **kw):
                super().__init__(*args, **kw)
                if self.instance.pk is None and organisation is not None:
                    self.instance.provider = organisation

            def _update_errors(self, errors):
                super()._update_errors(errors_on_own_fields(self, errors))

        return ProviderForm

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "reviewing_body" and formfield is not None:
            formfield.queryset = Organisation.objects.filter(
                kind__in=[OrganisationKind.COMPLAINT_BODY, OrganisationKind.QUALITY_BODY], is_active=True
            )
        return formfield

    def save_model(self, request, obj, form, change):
        if change:
            return  # a registered complaint changes only through its legal steps
        register_complaint(obj, request.user)

    @admin.display(description=_("registered"), ordering="registered_at")
    def registered_local(self, obj):
        return timezone.localtime(obj.registered_at).strftime("%d.%m.%Y %H:%M")

    @admin.display(description=_("complainant's IIN"))
    def masked_iin(self, obj):
        return mask_iin(obj.complainant_iin)

    @admin.display(description=_("complainant's phone"))
    def masked_phone(self, obj):
        return mask_phone(obj.complainant_phone)


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(DepthChangeListMixin, ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """The access log: readable by the authorised body only (no visibility_q: fail closed)."""

    list_display = ("at", "user", "content_type", plain_number_column(PersonalDataAccess, "object_id"), "via")
    list_filter = ("via", "content_type")
    list_select_related = ("user", "content_type")
    search_fields = ("user__username", "=object_id")
    date_hierarchy = "at"
    sortable_by = ("at",)  # egov_pda_at (at, id): cases.changelists
