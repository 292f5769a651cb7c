from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cases.admin_mixins import CaseAdminMixin, ScopedAdminMixin
from registries.roles import AUTHORISED_OFFICIALS, Role

from .filters import half_year_column
from .forms import EntryReviewForm, ReactivationForm, SweepFormingForm
from .halfyear import half_year_label
from .models import AccountDeactivation, AccountSweep, AccountSweepEntry
from .permissions import is_authorised_body_user
from .services import form_sweep, reactivate_account, set_exclusion


class AuthorisedBodyOnly:
    """Sweeps are the authorised body's work: nobody else even sees the menu entry."""

    def has_module_permission(self, request):
        return is_authorised_body_user(request.user, *AUTHORISED_OFFICIALS) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return is_authorised_body_user(request.user, *AUTHORISED_OFFICIALS) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return is_authorised_body_user(request.user, *AUTHORISED_OFFICIALS) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccountSweep)
class AccountSweepAdmin(AuthorisedBodyOnly, CaseAdminMixin, admin.ModelAdmin):
    list_display = ("half_year_label", "state", "entries_count", "deactivated_count", "formed_by", "created_at", "applied_at")
    list_filter = ("state",)
    list_select_related = ("formed_by", "applied_by")
    search_fields = ("half_year",)
    actions = ["print_list"]
    half_year_label = half_year_column()
    readonly_fields = (
        "half_year_label", "state", "citation_display", "rule_text", "period_start", "period_end", "min_account_age_days",
        "entries_link", "formed_by", "created_at", "applied_at", "applied_by", "deactivated_count",
    )

    def has_add_permission(self, request):
        return is_authorised_body_user(request.user, *AUTHORISED_OFFICIALS) and super().has_add_permission(request)

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = SweepFormingForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return ["half_year"] if obj is None else list(self.readonly_fields)

    def get_readonly_fields(self, request, obj=None):
        return super().get_readonly_fields(request, obj) if obj is not None else ()

    def save_model(self, request, obj, form, change):
        if change:
            return
        sweep, created = form_sweep(form.cleaned_data["half_year"], by=request.user)
        obj.__dict__.update({k: v for k, v in sweep.__dict__.items() if k != "_state"})
        obj._state.adding = False
        if not created:
            self.message_user(
                request,
                gettext("The sweep of %(half)s was already formed; here it is.") % {"half": half_year_label(sweep.half_year)},
                level=messages.WARNING,
            )

    @admin.display(description=_("legal basis"))
    def citation_display(self, obj):
        return obj.citation

    @admin.display(description=_("listed accounts"))
    def entries_link(self, obj):
        url = reverse("admin:sweeps_accountsweepentry_changelist") + f"?sweep__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, gettext("%(count)d accounts") % {"count": obj.entries_count})

    @admin.action(description=_("Print the list"))
    def print_list(self, request, queryset):
        from .printing import print_sweep_list

        if queryset.count() != 1:
            self.message_user(request, gettext("Choose exactly one sweep to print."), level=messages.ERROR)
            return None
        sweep = queryset.get()
        try:
            letter = print_sweep_list(sweep, request.user)
        except (ValidationError, PermissionDenied) as exc:
            text = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            self.message_user(request, gettext("The list was not printed: %(error)s") % {"error": text}, level=messages.ERROR)
            return None
        letter.pdf.open("rb")
        try:
            content = letter.pdf.read()
        finally:
            letter.pdf.close()
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="sweep-{sweep.half_year}.pdf"'
        return response


@admin.register(AccountSweepEntry)
class AccountSweepEntryAdmin(AuthorisedBodyOnly, ScopedAdminMixin, SimpleHistoryAdmin):
    form = EntryReviewForm
    list_display = ("user", "organisation", "last_login", "last_action_at", "reason", "excluded", "deactivated_at", "sweep")
    list_filter = ("sweep", "excluded", "reason", ("deactivated_at", admin.EmptyFieldListFilter))
    list_select_related = ("user", "organisation", "sweep")
    search_fields = ("user__username", "user__last_name", "user__first_name", "user__email", "organisation__name_kk")
    list_per_page = 100
    show_full_result_count = False
    actions = ["reactivate_accounts"]
    base_readonly = (
        "sweep", "user", "organisation", "last_login", "last_action_at", "date_joined", "reason",
        "excluded_by", "excluded_at", "deactivated_at",
    )

    def has_add_permission(self, request):
        return False

    def get_fields(self, request, obj=None):
        return [*self.base_readonly[:7], "excluded", "exclusion_reason", *self.base_readonly[7:]]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.sweep.is_reviewable:
            return self.base_readonly
        return (*self.base_readonly, "excluded", "exclusion_reason")

    def save_model(self, request, obj, form, change):
        set_exclusion(obj, request.user, form.cleaned_data["excluded"], form.cleaned_data.get("exclusion_reason", ""))

    @admin.action(description=_("Reactivate the selected accounts (with a reason)"))
    def reactivate_accounts(self, request, queryset):
        entries = queryset.select_related("user", "sweep", "organisation").filter(deactivated_at__isnull=False, user__is_active=False)
        rows = [(entry.pk, entry.user, f"{entry.organisation or '—'} ({half_year_label(entry.sweep.half_year)})") for entry in entries]
        return reactivation_page(self, request, rows, "reactivate_accounts")


def reactivation_page(model_admin, request, rows, action_name):
    """The reactivation action of the account log and of the sweep entries: the supervisor gives
    one reason, recorded with each account (and sent to each person)."""
    if not is_authorised_body_user(request.user, Role.AUTHORISED_SUPERVISOR):
        model_admin.message_user(request, gettext("Only the authorised body's supervisor reactivates accounts."), level=messages.ERROR)
        return None
    rows = list({user.pk: (pk, user, label) for pk, user, label in rows if not user.is_active}.values())
    if not rows:
        model_admin.message_user(request, gettext("None of the selected accounts is deactivated."), level=messages.WARNING)
        return None
    form = ReactivationForm(request.POST if "confirm" in request.POST else None)
    if "confirm" in request.POST and form.is_valid():
        for _pk, user, _label in rows:
            reactivate_account(user, request.user, form.cleaned_data["reason"])
        model_admin.message_user(
            request, gettext("%(count)d accounts reactivated.") % {"count": len(rows)}, level=messages.SUCCESS
        )
        return HttpResponseRedirect(request.get_full_path())
    context = {
        **model_admin.admin_site.each_context(request),
        "title": gettext("Reactivate accounts"),
        "opts": model_admin.model._meta,
        "rows": rows,
        "action_name": action_name,
        "form": form,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "sweeps/reactivate.html", context)


@admin.register(AccountDeactivation)
class AccountDeactivationAdmin(AuthorisedBodyOnly, ScopedAdminMixin, admin.ModelAdmin):
    """The account log: deactivations by sweeps (seed 001 p. 6) and by accepted staff lists (p. 5),
    and their reversals."""

    list_display = ("user", "action", "sweep", "staff_list", "reason", "by", "at")
    list_filter = ("action", "sweep", ("staff_list", admin.EmptyFieldListFilter))
    list_select_related = ("user", "sweep", "staff_list__organisation", "by")
    search_fields = ("user__username", "user__last_name", "user__email", "reason")
    date_hierarchy = "at"
    show_full_result_count = False
    actions = ["reactivate_accounts"]

    @admin.action(description=_("Reactivate the selected accounts (with a reason)"))
    def reactivate_accounts(self, request, queryset):
        records = queryset.filter(action=AccountDeactivation.Action.DEACTIVATED).select_related("user", "sweep", "staff_list")
        rows = [(record.pk, record.user, record.reason) for record in records]
        return reactivation_page(self, request, rows, "reactivate_accounts")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
