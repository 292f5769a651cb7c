"""Admin of the outgoing-letter register: drafts are edited, previewed with the ЖОБА watermark,
issued (number, PDF, hash, lock) and downloaded; issued letters are read-only and can only be
cancelled (with a reason)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cases.admin_mixins import ScopedAdminMixin
from config.json_limits import JSONFormField
from registries.scoping import organisation_of

from .models import LetterState, OutgoingLetter
from .schemas import FORM_SCHEMAS, check_data
from .services import ISSUER_KINDS, LetterIncomplete, cancel_letter, issue_letter, render_letter


class OutgoingLetterForm(forms.ModelForm):
    class Meta:
        model = OutgoingLetter
        fields = ["form_code", "organisation", "addressee", "addressee_organisation",
                  "signatory_position", "signatory_name", "data"]
        # Depth, size and the NUL character checked on the field (config.json_limits).
        field_classes = {"data": JSONFormField}

    def clean(self):
        cleaned = super().clean()
        form_code = cleaned.get("form_code") or getattr(self.instance, "form_code", None)
        organisation = cleaned.get("organisation") or getattr(self.instance, "organisation", None)
        if form_code and organisation and organisation.kind not in ISSUER_KINDS.get(form_code, ()):
            self.add_error("organisation", _("An organisation of this kind does not issue this form."))
        data = cleaned.get("data")
        if form_code and data is not None:
            if not isinstance(data, dict):
                self.add_error("data", _("The form data must be a JSON object."))
            else:
                _missing, errors = check_data(form_code, data)
                for name, message in errors.items():
                    self.add_error("data", f"{name}: {message}")
        return cleaned


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), widget=forms.Textarea(attrs={"rows": 3}))


@admin.register(OutgoingLetter)
class OutgoingLetterAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    form = OutgoingLetterForm
    change_form_template = "admin/forms_kz/outgoingletter/change_form.html"
    list_display = ("register_number_display", "form_code", "organisation", "addressee_short", "state", "issued_at")
    list_filter = ("state", "form_code", "issued_at")
    search_fields = ("register_number", "addressee", "sha256")
    list_select_related = ("organisation", "addressee_organisation")
    date_hierarchy = "issued_at"
    actions = ["issue_selected"]
    readonly_fields = ("schema_help",)

    # ------------------------------------------------------------------ display
    @admin.display(description=_("register number"), ordering="register_number")
    def register_number_display(self, obj):
        return obj.register_number or gettext("(draft)")

    @admin.display(description=_("addressee"))
    def addressee_short(self, obj):
        return (obj.addressee or "")[:80]

    @admin.display(description=_("Keys of the form"))
    def schema_help(self, obj):
        if not obj or not obj.form_code:
            return gettext("Choose the form and save: its keys are listed here.")
        schema = FORM_SCHEMAS[obj.form_code]
        missing, _errors = check_data(obj.form_code, obj.data or {})
        rows = format_html_join(
            "", "<li><code>{}</code> ({}){}: {}</li>",
            ((k.name, k.type, " *" if k.required else "", k.meaning) for k in schema.keys),
        )
        warn = format_html("<p><strong>{}</strong> {}</p>", gettext("Missing:"), ", ".join(missing)) if missing else ""
        return format_html("<p>{} — {}</p><ul>{}</ul>{}", schema.title, schema.citation, rows, warn)

    # ------------------------------------------------------------------ permissions / fields
    def get_fields(self, request, obj=None):
        if obj is None or obj.state == LetterState.DRAFT:
            return ["form_code", "organisation", "addressee", "addressee_organisation",
                    "signatory_position", "signatory_name", "data", "schema_help"]
        return ["form_code", "organisation", "register_number", "issued_at", "issued_by", "addressee",
                "addressee_organisation", "signatory_position", "signatory_name", "sha256", "state",
                "cancel_reason", "cancelled_at", "cancelled_by", "data"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ("schema_help",)
        if obj.state == LetterState.DRAFT:
            return ("form_code", "organisation", "schema_help")
        return tuple(self.get_fields(request, obj))

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.state != LetterState.DRAFT:
            return False  # issued / cancelled: read-only
        if obj is not None and not self._own(request, obj):
            return False  # an addressee only reads
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (obj.state != LetterState.DRAFT or not self._own(request, obj)):
            return False
        return super().has_delete_permission(request, obj)

    def _own(self, request, obj) -> bool:
        if request.user.is_superuser:
            return True
        organisation = organisation_of(request.user)
        return organisation is not None and organisation.pk == obj.organisation_id

    # ------------------------------------------------------------------ history
    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        """The addressee reads only what was issued to it (issued and cancelled versions): the
        drafts before the issue were never sent."""
        records = super().get_history_queryset(request, history_manager, pk_name, object_id)
        letter = self.model._base_manager.filter(pk=unquote(object_id)).only("organisation_id").first()
        if letter is not None and not self._own(request, letter):
            records = records.exclude(state=LetterState.DRAFT)
        return records

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        letter = self.model._base_manager.filter(pk=unquote(object_id)).only("organisation_id").first()
        drafts_hidden = letter is not None and not self._own(request, letter)
        if drafts_hidden and not self.model.history.filter(
            id=letter.pk, history_id=version_id).exclude(state=LetterState.DRAFT).exists():
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context=extra_context)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "organisation" and not request.user.is_superuser and formfield is not None:
            organisation = organisation_of(request.user)
            formfield.queryset = formfield.queryset.filter(pk=getattr(organisation, "pk", None))
        if db_field.name == "addressee_organisation" and formfield is not None:
            from registries.models import Organisation

            formfield.queryset = Organisation.objects.all()  # any organisation may be addressed
        return formfield

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        organisation = organisation_of(request.user)
        if organisation is not None:
            initial.setdefault("organisation", organisation.pk)
        return initial

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    # ------------------------------------------------------------------ views
    def get_urls(self):
        custom = [
            path("<int:pk>/preview/", self.admin_site.admin_view(self.preview_view), name="forms_kz_outgoingletter_preview"),
            path("<int:pk>/download/", self.admin_site.admin_view(self.download_view), name="forms_kz_outgoingletter_download"),
            path("<int:pk>/issue/", self.admin_site.admin_view(self.issue_view), name="forms_kz_outgoingletter_issue"),
            path("<int:pk>/cancel/", self.admin_site.admin_view(self.cancel_view), name="forms_kz_outgoingletter_cancel"),
        ]
        return custom + super().get_urls()

    def _letter(self, request, pk) -> OutgoingLetter:
        letter = self.get_queryset(request).filter(pk=pk).first()
        if letter is None or not self.has_view_permission(request, letter):
            raise Http404
        return letter

    def _change_url(self, letter):
        return reverse("admin:forms_kz_outgoingletter_change", args=[letter.pk])

    def preview_view(self, request, pk):
        """A draft rendered with the ЖОБА watermark (nothing stored); an issued letter's stored file."""
        letter = self._letter(request, pk)
        if letter.state != LetterState.DRAFT:
            return self.download_view(request, pk, inline=True)
        response = HttpResponse(render_letter(letter, draft=True), content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="draft.pdf"'
        response["Cache-Control"] = "no-store"
        return response

    def download_view(self, request, pk, inline=False):
        letter = self._letter(request, pk)
        if not letter.pdf:
            raise Http404
        name = f"{letter.register_number.replace('/', '-')}.pdf"
        response = FileResponse(letter.pdf.open("rb"), content_type="application/pdf", as_attachment=not inline,
                                filename=name)
        response["Cache-Control"] = "no-store"
        return response

    def _issue_one(self, request, letter) -> bool:
        try:
            issue_letter(letter, by=request.user)
        except LetterIncomplete as refusal:
            self.message_user(request, refusal.summary(), level=messages.ERROR)
            return False
        except PermissionDenied as refusal:
            self.message_user(request, str(refusal), level=messages.ERROR)
            return False
        except ValidationError as refusal:
            self.message_user(request, "; ".join(refusal.messages), level=messages.ERROR)
            return False
        self.message_user(request, gettext("Letter issued: %(number)s.") % {"number": letter.register_number},
                          level=messages.SUCCESS)
        return True

    def issue_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        letter = self._letter(request, pk)
        self._issue_one(request, letter)
        return HttpResponseRedirect(self._change_url(letter))

    def cancel_view(self, request, pk):
        letter = self._letter(request, pk)
        form = CancelForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                cancel_letter(letter, by=request.user, reason=form.cleaned_data["reason"])
            except PermissionDenied as refusal:
                self.message_user(request, str(refusal), level=messages.ERROR)
            except ValidationError as refusal:
                self.message_user(request, "; ".join(refusal.messages), level=messages.ERROR)
            else:
                self.message_user(request, gettext("Letter cancelled."), level=messages.SUCCESS)
            return HttpResponseRedirect(self._change_url(letter))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta, "original": letter, "form": form,
            "title": gettext("Cancel letter %(number)s") % {"number": letter.register_number},
        }
        return render(request, "admin/forms_kz/outgoingletter/cancel.html", context)

    @admin.action(description=_("Issue the selected draft letters"))
    def issue_selected(self, request, queryset):
        for letter in queryset.filter(state=LetterState.DRAFT).select_related("organisation"):
            self._issue_one(request, letter)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        letter = self.get_queryset(request).filter(pk=object_id).first()
        if letter is not None:
            extra_context.update({
                "letter": letter,
                "can_issue": letter.state == LetterState.DRAFT and self._own(request, letter)
                and (request.user.is_superuser or request.user.has_perm("forms_kz.issue_outgoingletter")),
                "can_cancel": letter.state == LetterState.ISSUED and self._own(request, letter)
                and (request.user.is_superuser or request.user.has_perm("forms_kz.cancel_outgoingletter")),
            })
        return super().change_view(request, object_id, form_url, extra_context)
