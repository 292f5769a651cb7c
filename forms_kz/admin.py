"""Admin of the outgoing-letter register: drafts are edited, previewed with the ЖОБА watermark,
issued (number, PDF, hash, lock) and downloaded; issued letters are read-only and can only be
cancelled (with a reason)."""

import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cases.admin_mixins import ScopedAdminMixin
from cases.changelists import DepthChangeListMixin
from cases.timeline import letter_title
from registries.people import person_label
from registries.scoping import organisation_of

from .models import LetterState, OutgoingLetter
from .schema_types import BOOL, CHOICE, DATE, DATETIME, INT, LIST, STR, TEXT
from .schemas import FORM_SCHEMAS, check_data
from .selectors import choices_of, form_title, key_label, letter_data_rows
from .services import ISSUER_KINDS, LetterIncomplete, cancel_letter, issue_letter, render_letter


class OutgoingLetterForm(forms.ModelForm):
    """The letter's register fields. Its data are edited through the fields its form's schema
    generates (``schema_form``), never as JSON."""

    class Meta:
        model = OutgoingLetter
        fields = ["form_code", "organisation", "addressee", "addressee_organisation",
                  "signatory_position", "signatory_name"]

    #: the schema whose fields the form carries (set by ``schema_form``)
    schema = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.schema is not None:
            data = self.instance.data or {}
            for key in self.schema.keys:
                name = data_field_name(key.name)
                if name in self.fields:
                    self.initial.setdefault(name, initial_value(key, data.get(key.name)))

    def clean(self):
        cleaned = super().clean()
        form_code = cleaned.get("form_code") or getattr(self.instance, "form_code", None)
        organisation = cleaned.get("organisation") or getattr(self.instance, "organisation", None)
        if form_code and organisation and organisation.kind not in ISSUER_KINDS.get(form_code, ()):
            self.add_error("organisation", _("An organisation of this kind does not issue this form."))
        if self.schema is None or form_code != self.schema.code:
            return cleaned
        data = data_from_fields(self.schema, cleaned, self.instance.data or {}, self)
        for name in REGISTER_KEYS:  # the register's own fields are the letter's signature
            if cleaned.get(name):
                data[name] = cleaned[name]
        _missing, errors = check_data(form_code, data)
        for where, message in errors.items():
            self.add_error(*field_error(self.schema, where, message, self.fields))
        if not self.errors:
            self.instance.data = data
        return cleaned


#: Keys of the data the register's own fields carry (edited once, as the letter's fields).
REGISTER_KEYS = ("signatory_position", "signatory_name")


def data_keys(schema):
    """The schema's keys edited as the letter's data (the register's own fields excluded)."""
    return [key for key in schema.keys if key.name not in REGISTER_KEYS]


#: Cells of a row of a list key typed one row per line, the columns separated by this.
CELL_SEPARATOR = "|"


def data_field_name(key_name: str) -> str:
    return f"data__{key_name}"


def formfield_for_key(key):
    """The form field of one key of a form's schema, labelled for a person."""
    required = key.required and key.default is None
    common = {"label": key_label(key), "required": required}
    if key.type == TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "cols": 60}), **common)
    if key.type == DATE:
        return forms.DateField(widget=admin.widgets.AdminDateWidget, **common)
    if key.type == DATETIME:
        return forms.SplitDateTimeField(widget=admin.widgets.AdminSplitDateTime, **common)
    if key.type == INT:
        return forms.IntegerField(**common)
    if key.type == BOOL:
        return forms.BooleanField(**common)
    if key.type == CHOICE:
        choices = choices_of(key)
        return forms.ChoiceField(choices=choices if required else [("", "—"), *choices], **common)
    if key.type == LIST:
        columns = f" {CELL_SEPARATOR} ".join(key_label(column) for column in key.row)
        return forms.CharField(
            widget=forms.Textarea(attrs={"rows": 5, "cols": 80, "class": "letter-rows"}),
            help_text=format_html(
                "{} <strong>{}</strong>",
                gettext("One row per line, the columns in this order, separated by “|”:"), columns,
            ),
            **common,
        )
    return forms.CharField(max_length=2000, widget=forms.TextInput(attrs={"size": 60}), **common)


def _cell_text(key, value) -> str:
    if value is None:
        return ""
    if key.type == DATE and isinstance(value, str) and len(value) == 10 and value[4] == "-":
        return f"{value[8:10]}.{value[5:7]}.{value[0:4]}"
    return str(value)


def initial_value(key, value):
    """The stored value as the field shows it (a list key: one line per row)."""
    if value is None or value == "":
        return None
    if key.type == LIST:
        rows = value if isinstance(value, list) else []
        return "\n".join(
            f" {CELL_SEPARATOR} ".join(_cell_text(column, row.get(column.name)) for column in key.row)
            for row in rows if isinstance(row, dict)
        )
    if key.type == DATE:
        return parse_date(str(value)) if isinstance(value, str) else value
    if key.type == DATETIME:
        moment = parse_datetime(str(value)) if isinstance(value, str) else value
        return timezone.localtime(moment) if moment is not None and timezone.is_aware(moment) else moment
    return value


def _cell_value(key, text: str):
    text = text.strip()
    if not text:
        return None
    if key.type == INT and re.fullmatch(r"-?\d+", text.replace(" ", "")):
        return int(text.replace(" ", ""))
    if key.type == DATE:
        match = re.fullmatch(r"(\d{2})\.(\d{2})\.(\d{4})", text)
        if match:
            return f"{match[3]}-{match[2]}-{match[1]}"
    return text


def data_from_fields(schema, cleaned: dict, stored: dict, form=None) -> dict:
    """The letter's data from the form's fields: the stored data (keys the schema does not
    declare are kept) with every schema key replaced by its field's value; a blank value removes
    the key (its default applies)."""
    data = dict(stored)
    for key in schema.keys:
        name = data_field_name(key.name)
        if name not in cleaned:
            continue
        value = cleaned[name]
        if key.type == LIST:
            rows = []
            for number, line in enumerate((value or "").splitlines(), start=1):
                if not line.strip():
                    continue
                cells = line.split(CELL_SEPARATOR)
                if len(cells) > len(key.row) and form is not None:
                    form.add_error(name, gettext("Row %(number)s has more columns than the form: %(count)s.") % {
                        "number": number, "count": len(key.row)})
                row = {}
                for column, cell in zip(key.row, cells, strict=False):
                    cell_value = _cell_value(column, cell)
                    if cell_value is not None:
                        row[column.name] = cell_value
                rows.append(row)
            value = rows or None
        elif key.type == DATE:
            value = value.isoformat() if value else None
        elif key.type == DATETIME:
            value = timezone.localtime(value).isoformat(timespec="minutes") if value and timezone.is_aware(value) else (
                value.isoformat(timespec="minutes") if value else None)
        elif key.type == BOOL:
            value = bool(value)
        elif key.type in (STR, TEXT, CHOICE) and isinstance(value, str):
            value = value.strip() or None
        if value is None:
            data.pop(key.name, None)
        else:
            data[key.name] = value
    return data


def field_error(schema, path: str, message, fields) -> tuple:
    """(field name, message) of a schema check's error at ``path`` (``limits[2].limit_kbps``)."""
    match = re.fullmatch(r"(\w+)(?:\[(\d+)\]\.(\w+))?", path)
    if not match or data_field_name(match[1]) not in fields:
        return None, f"{key_label(path)}: {message}"
    name = data_field_name(match[1])
    if match[2] is None:
        return name, message
    return name, gettext("Row %(number)s, %(column)s: %(message)s") % {
        "number": int(match[2]) + 1, "column": key_label(match[3]), "message": message}


def schema_form(form_class, schema):
    """``form_class`` with one field per key of ``schema`` (``data__<key>``)."""
    fields = {data_field_name(key.name): formfield_for_key(key) for key in data_keys(schema)}
    return type(f"{schema.code.replace('-', '_')}LetterForm", (form_class,), {"schema": schema, **fields})


#: What issuing a letter does, said before it is done (the register's one irreversible step).
ISSUE_CONSEQUENCE = _(
    "The letter gets its register number and date, its PDF is made and it is locked: it can no longer be changed, "
    "only cancelled with a reason."
)
#: The field of the confirmation page that says the official confirmed the issue.
CONFIRMED = "confirmed"


class IssueConfirmationForm(forms.Form):
    """The confirmation page of an issue (one letter or the selected drafts): what goes back with
    "yes, I confirm"."""

    confirmed = forms.CharField(widget=forms.HiddenInput, initial="1")


class IssueSelectedConfirmationForm(IssueConfirmationForm):
    action = forms.CharField(widget=forms.HiddenInput, initial="issue_selected")
    _selected_action = forms.MultipleChoiceField(widget=forms.MultipleHiddenInput)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), widget=forms.Textarea(attrs={"rows": 3}))


@admin.register(OutgoingLetter)
class OutgoingLetterAdmin(DepthChangeListMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    form = OutgoingLetterForm
    change_form_template = "admin/forms_kz/outgoingletter/change_form.html"
    list_display = ("register_number_display", "form_title_display", "organisation", "addressee_short", "state", "issued_at")
    list_filter = ("state", "form_code", "issued_at")
    search_fields = ("register_number", "addressee", "sha256")
    # the register's order, total, as the index letter_register_order (issued_at, created_at, id) serves it
    ordering = ("-issued_at", "-created_at", "-id")
    sortable_by = ("issued_at",)  # cases.changelists: the one sort an index serves
    list_select_related = ("organisation", "addressee_organisation")
    date_hierarchy = "issued_at"
    actions = ["issue_selected"]
    readonly_fields = ("schema_help",)

    #: what an issued or cancelled letter shows (read-only), people by name and position
    read_fields = ("form_title_display", "organisation", "register_number", "issued_at", "issued_by_display",
                   "addressee", "addressee_organisation", "signatory_position", "signatory_name", "sha256", "state",
                   "cancel_reason", "cancelled_at", "cancelled_by_display")

    # ------------------------------------------------------------------ display
    @admin.display(description=_("register number"), ordering="register_number")
    def register_number_display(self, obj):
        return obj.register_number or gettext("(draft)")

    @admin.display(description=_("form"), ordering="form_code")
    def form_title_display(self, obj):
        return form_title(obj.form_code) if obj.form_code else "—"

    @admin.display(description=_("Letter issued by"))
    def issued_by_display(self, obj):
        return self._person_with_organisation(obj.issued_by, obj.organisation) if obj.issued_by_id else "—"

    @admin.display(description=_("Letter cancelled by"))
    def cancelled_by_display(self, obj):
        return self._person_with_organisation(obj.cancelled_by, obj.organisation) if obj.cancelled_by_id else "—"

    @staticmethod
    def _person_with_organisation(user, organisation):
        """"Серікбаев Ерлан Асқарұлы, төраға (Ақпарат комитеті)" — never a login."""
        return f"{person_label(user)} ({organisation})" if organisation is not None else person_label(user)

    @admin.display(description=_("addressee"))
    def addressee_short(self, obj):
        return (obj.addressee or "")[:80]

    @admin.display(description=_("Form data"))
    def data_table(self, obj):
        return render_to_string("admin/forms_kz/outgoingletter/data_table.html", {"rows": letter_data_rows(obj, skip=REGISTER_KEYS)})

    @admin.display(description=_("The form"))
    def schema_help(self, obj):
        if not obj or not obj.form_code:
            return gettext("Choose the form and save: its fields appear here.")
        schema = FORM_SCHEMAS[obj.form_code]
        missing, _errors = check_data(obj.form_code, obj.data or {})
        warn = format_html("<p><strong>{}</strong> {}</p>", gettext("Not filled yet:"), ", ".join(
            key_label(name.split("[")[0]) for name in missing)) if missing else ""
        return format_html("<p>{} — {}</p>{}", schema.title, schema.citation, warn)

    # ------------------------------------------------------------------ permissions / fields
    def _schema_for(self, request, obj=None):
        """The schema whose fields the page carries: the draft's form, or the form chosen on the
        add page (posted, or ``?form_code=`` in its address)."""
        if obj is not None:
            if obj.state != LetterState.DRAFT:
                return None
            code = obj.form_code
        else:
            code = request.POST.get("form_code") or request.GET.get("form_code")
        return FORM_SCHEMAS.get(code or "")

    def get_fieldsets(self, request, obj=None):
        if obj is not None and obj.state != LetterState.DRAFT:
            return [(None, {"fields": self.read_fields}), (_("Form data"), {"fields": ("data_table",)})]
        main = ["organisation", "addressee", "addressee_organisation", "signatory_position", "signatory_name"]
        main.insert(0, "form_title_display" if obj is not None else "form_code")
        fieldsets = [(None, {"fields": main})]
        schema = self._schema_for(request, obj)
        if schema is not None:
            fieldsets.append((_("Form data"), {
                "fields": ["schema_help", *(data_field_name(key.name) for key in data_keys(schema))],
                "classes": ("letter-data",),
            }))
        else:
            fieldsets.append((_("Form data"), {"fields": ["schema_help"]}))
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        schema = self._schema_for(request, obj)
        if schema is not None:
            kwargs["form"] = schema_form(self.form, schema)
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ("schema_help",)
        if obj.state == LetterState.DRAFT:
            return ("form_title_display", "organisation", "schema_help")
        return (*self.read_fields, "data_table")

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

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "form_code":
            kwargs["choices"] = [("", "—"), *((code, form_title(code)) for code in FORM_SCHEMAS)]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

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

    def _may_issue(self, request, letter) -> bool:
        """Would issuing succeed (a draft of the user's organisation, the permission, its data
        complete)? Only then is the official asked to confirm; otherwise the refusal comes at once."""
        if not (letter.state == LetterState.DRAFT and self._own(request, letter) and (
            request.user.is_superuser or request.user.has_perm("forms_kz.issue_outgoingletter")
        )):
            return False
        missing, errors = check_data(letter.form_code, letter.data)
        signed = letter.signatory_name or (letter.data or {}).get("signatory_name")
        return not missing and not errors and bool(signed)

    def _issue_confirmation(self, request, letters, *, form, cancel_url, record=None):
        """Issuing is irreversible: the page says what will happen, names the letters and asks once
        more ("yes, I confirm" / cancel), drawn as every step's page (cases/transition_form.html)."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": record,
            "record_label": letter_title(record) if record is not None else "",
            "title": gettext("Issue the letter") if record is not None else gettext("Issue the selected draft letters"),
            "confirm": ISSUE_CONSEQUENCE,
            "items": [f"{letter_title(letter)} — {letter.addressee or letter.addressee_organisation or '—'}" for letter in letters],
            "transition_form": form,
            "cancel_url": cancel_url,
            "media": self.media,
        }
        return TemplateResponse(request, "cases/transition_form.html", context)

    def issue_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        letter = self._letter(request, pk)
        if request.POST.get(CONFIRMED) != "1" and self._may_issue(request, letter):
            return self._issue_confirmation(
                request, [letter], form=IssueConfirmationForm(), cancel_url=self._change_url(letter), record=letter,
            )
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
        """Issue the selected drafts, after a confirmation page naming them."""
        drafts = list(queryset.filter(state=LetterState.DRAFT).select_related("organisation", "addressee_organisation"))
        if not drafts:
            self.message_user(request, gettext("None of the selected letters is a draft."), level=messages.WARNING)
            return None
        if request.POST.get(CONFIRMED) != "1":
            chosen = [str(letter.pk) for letter in drafts]
            form = IssueSelectedConfirmationForm(initial={"_selected_action": chosen})
            form.fields["_selected_action"].choices = [(pk, pk) for pk in chosen]
            return self._issue_confirmation(
                request, drafts, form=form, cancel_url=reverse("admin:forms_kz_outgoingletter_changelist"),
            )
        for letter in drafts:
            self._issue_one(request, letter)
        return None

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
