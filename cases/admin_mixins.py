"""Admin building blocks every procedure's admin uses.

- ``ScopedAdminMixin``: changelist, change form, foreign-key choices limited to what the
  user's organisation may see (``visible_to``); others' records answer 404.
- ``CaseAdminMixin``: the next-deadline badge column, the deadline filter (overdue, due
  today, due soon) and "waiting for my organisation" (``cases.exports.filters``) on every
  case changelist; django-fsm-2 transition buttons (only those marked ``custom={"admin": True}``), run through ``cases.services.run_transition`` in one
  transaction with the role, state and preconditions checked; the deadlines and the
  timeline of the case shown read-only on the change form.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.admin.utils import NotRelationField, flatten_fieldsets, get_fields_from_path, unquote
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm.admin import FSMAdminMixin

from registries.fields import NormalisingAdminMixin
from registries.people import person_label
from registries.roles import Role
from registries.scoping import has_role, scoped, sees_everything

from .exports.filters import WaitingForMyOrganisationFilter
from .legal_path import LegalPathAdminMixin, case_summary
from .monitoring.badges import deadline_badge, with_next_deadline
from .monitoring.filters import DeadlineStatusFilter
from .rules import rule_label
from .selectors import case_deadlines
from .services import TransitionRefused, transition_method
from .steps import (
    OCCURRED_AT_HELP,
    OCCURRED_AT_LABEL,
    MoveStatus,
    confirmation_of,
    moves,
    take_step,
    transition_named,
)
from .timeline import case_logs, letter_title
from .versioning import VERSION_FIELD, stale, version_of

#: The required reason of a restored version of reference data (kept as ``history_change_reason``).
REVERT_REASON_FIELD = "history_change_reason"


class StepForm(forms.Form):
    """The form of a step that declares none: a comment."""

    comment = forms.CharField(label=_("comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


def with_occurred_at(form_class):
    """The step's form plus the real time of a step done outside the system (``occurred_at``)."""
    if "occurred_at" in getattr(form_class, "base_fields", {}):
        return form_class
    field = forms.SplitDateTimeField(
        label=OCCURRED_AT_LABEL,
        help_text=OCCURRED_AT_HELP,
        required=False,
        widget=admin.widgets.AdminSplitDateTime,
    )
    return type(f"{form_class.__name__}WithOccurredAt", (form_class,), {"occurred_at": field})


#: The format a date / time is typed in (the kk ``DATE_INPUT_FORMATS``, registries/formats/kk).
DATE_FORMAT_HINT = _("Date format: DD.MM.YYYY.")
TIME_FORMAT_HINT = _("Time format: HH:MM.")
DATETIME_FORMAT_HINT = _("Date format: DD.MM.YYYY, time format: HH:MM.")
INVALID_DATE = _("Enter the date as DD.MM.YYYY, e.g. 24.11.2026.")
INVALID_TIME = _("Enter the time as HH:MM, e.g. 14:30.")
INCOMPLETE_DATETIME = _("Enter both the date and the time.")


def _with_hint(help_text, hint):
    return format_lazy("{} {}", help_text, hint) if help_text else hint


def with_admin_date_widgets(form):
    """Every date and time field of a step form gets the admin's pickers (a ``DateTimeField``
    becomes the admin's split date + time field), the expected format in its help text and a
    mistyped-value error that names the format — whatever the procedure's ``forms.py`` declares.
    Labels start with a capital letter, as the admin's own forms' do."""
    for name, field in list(form.fields.items()):
        if field.widget.is_hidden:
            continue
        if field.label:
            field.label = capfirst(field.label)
        if isinstance(field, forms.DateTimeField):
            field = forms.SplitDateTimeField(
                label=field.label, help_text=field.help_text, required=field.required, initial=field.initial,
                validators=field.validators, disabled=field.disabled,
            )
            form.fields[name] = field
        if isinstance(field, forms.SplitDateTimeField):
            if not isinstance(field.widget, admin.widgets.AdminSplitDateTime):
                field.widget = admin.widgets.AdminSplitDateTime()
            date_field, time_field = field.fields
            date_field.error_messages["invalid"] = field.error_messages["invalid_date"] = INVALID_DATE
            time_field.error_messages["invalid"] = field.error_messages["invalid_time"] = INVALID_TIME
            field.error_messages["incomplete"] = INCOMPLETE_DATETIME
            field.help_text = _with_hint(field.help_text, DATETIME_FORMAT_HINT)
        elif isinstance(field, forms.DateField):
            if not isinstance(field.widget, admin.widgets.AdminDateWidget):
                field.widget = admin.widgets.AdminDateWidget()
            field.error_messages["invalid"] = INVALID_DATE
            field.help_text = _with_hint(field.help_text, DATE_FORMAT_HINT)
        elif isinstance(field, forms.TimeField):
            if not isinstance(field.widget, admin.widgets.AdminTimeWidget):
                field.widget = admin.widgets.AdminTimeWidget()
            field.error_messages["invalid"] = INVALID_TIME
            field.help_text = _with_hint(field.help_text, TIME_FORMAT_HINT)
    return form


def draws_itself(form) -> bool:
    """Does the form bring its own template (e.g. the staff list's acceptance plan)? Then the step
    page draws it as it is rather than as the admin's aligned rows."""
    return any(
        getattr(type(form), attribute) != getattr(forms.Form, attribute)
        for attribute in ("template_name", "template_name_div")
    )


class ExtraFormFieldsMixin:
    """Form fields the mixins add to a model's admin form (``extra_form_fields``): declared on a
    subclass of the admin's form and appended to its fieldsets, whatever fields or fieldsets
    the admin declares."""

    def extra_form_fields(self, request, obj=None) -> dict:
        return {}

    def get_form(self, request, obj=None, change=False, **kwargs):
        extra = self.extra_form_fields(request, obj)
        if not extra:
            return super().get_form(request, obj, change=change, **kwargs)
        if "fields" not in kwargs:  # as ModelAdmin.get_form: the fields of the fieldsets
            kwargs["fields"] = flatten_fieldsets(self.get_fieldsets(request, obj))
        if kwargs["fields"] is not None:
            kwargs["fields"] = [name for name in kwargs["fields"] if name not in extra]
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), dict(extra))

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(name, dict(options)) for name, options in super().get_fieldsets(request, obj)]
        missing = [name for name in self.extra_form_fields(request, obj) if name not in flatten_fieldsets(fieldsets)]
        if missing:
            if not fieldsets:
                fieldsets = [(None, {"fields": []})]
            name, options = fieldsets[-1]
            options["fields"] = [*options.get("fields", ()), *missing]
        return fieldsets


    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """An admin that builds its own fieldsets (``get_fieldsets`` without ``super``) still
        shows the extra fields: appended to its last fieldset."""
        adminform = context.get("adminform")
        if adminform is not None:
            present = set(flatten_fieldsets(adminform.fieldsets))
            missing = [name for name in self.extra_form_fields(request, obj) if name in adminform.form.fields and name not in present]
            if missing:
                fieldsets = [(name, dict(options)) for name, options in adminform.fieldsets] or [(None, {"fields": []})]
                fieldsets[-1][1]["fields"] = [*fieldsets[-1][1].get("fields", ()), *missing]
                adminform.fieldsets = fieldsets
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)


class VersionedAdminMixin(ExtraFormFieldsMixin):
    """A stale form never overwrites a newer record (``cases.versioning``): the change form
    carries the version it was drawn from in a hidden field; saving it (and so a one-click step,
    which posts the change form) compares it with the row locked in the save's transaction and
    refuses, naming who changed the record and when, with nothing written. Step pages carry the
    same field (``fsm_transition_view``). A POST without the field is not checked."""

    def versioned(self, request, obj) -> bool:
        return (
            not isinstance(self, InlineModelAdmin)  # an inline's ``obj`` is its parent record
            and obj is not None and obj.pk is not None and not getattr(request, "_history_revert", False)
            and self.has_change_permission(request, obj)
        )

    def extra_form_fields(self, request, obj=None) -> dict:
        fields = super().extra_form_fields(request, obj)
        if self.versioned(request, obj):
            fields[VERSION_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if VERSION_FIELD in form.base_fields:
            return versioned_form(form)
        return form


def versioned_form(form_class, check=True):
    """``form_class`` with the hidden version of its record (``instance`` or ``record=``); with
    ``check`` the form's ``clean`` refuses a stale version (the row locked: call inside the
    write's transaction, as the admin's change view is)."""

    class Versioned(form_class):
        def __init__(self, *args, record=None, **kwargs):
            super().__init__(*args, **kwargs)
            self._record = record if record is not None else getattr(self, "instance", None)
            if VERSION_FIELD not in self.fields:
                self.fields[VERSION_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
            if self._record is not None and self._record.pk is not None:
                self.fields[VERSION_FIELD].initial = version_of(self._record)

        def clean(self):
            cleaned = super().clean()
            if check and self._record is not None:
                message = stale(self._record, (cleaned or self.cleaned_data).get(VERSION_FIELD))
                if message:
                    raise forms.ValidationError(message, code="stale_version")
            return cleaned

    Versioned.__name__ = form_class.__name__
    Versioned.__qualname__ = form_class.__qualname__
    return Versioned


class ScopedHistoryMixin:
    """History pages (Django's and django-simple-history's version / revert pages) answer 404 for
    records the user may not see: the libraries look the record up without the organisation filter.

    The history of a case, a letter, a log, a term, or anything a step writes is read-only for
    everyone: the version page shows the old version without a revert button, and a revert POST
    answers 403 with the reason. Reference data (``ReferenceDataHistoryMixin``) may be reverted,
    by the authorised body's supervisor only, with a reason kept in the history."""

    #: May a version of this model's records be restored at all (reference data only)?
    history_revert = False

    def revert_allowed(self, request, obj=None) -> bool:
        user = request.user
        return (
            self.history_revert and has_role(user, Role.AUTHORISED_SUPERVISOR) and sees_everything(user)
            and self.has_change_permission(request, obj)
        )

    def revert_disabled(self, request, obj=None):
        return not self.revert_allowed(request, obj)

    def _require_visible(self, request, object_id):
        pk = unquote(object_id)
        if self.get_queryset(request).filter(pk=pk).exists():
            return
        # A deleted record's history stays readable to those who see everything (the audit).
        if sees_everything(request.user) and not self.model._base_manager.filter(pk=pk).exists():
            return
        raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._require_visible(request, object_id)
        return super().history_view(request, object_id, extra_context=extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._require_visible(request, object_id)
        if request.method == "POST" and not self.revert_allowed(request, self.model._base_manager.filter(pk=unquote(object_id)).first()):
            return self.revert_refused(request, object_id)
        request._history_revert = True
        return super().history_form_view(request, object_id, version_id, extra_context=extra_context)

    def revert_refused(self, request, object_id):
        if self.history_revert:
            reason = gettext("Only the authorised body's supervisor may restore an earlier version of reference data.")
        else:
            reason = gettext(
                "The history of this record is read-only: what the procedure's steps wrote is never "
                "restored from an earlier version."
            )
        opts = self.model._meta
        context = self.admin_site.each_context(request) | {
            "title": gettext("Restoring an earlier version is refused"),
            "reason": reason,
            "opts": opts,
            "back_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[unquote(object_id)]),
        }
        return TemplateResponse(request, "cases/history_read_only.html", context, status=403)


class ReferenceDataHistoryMixin(VersionedAdminMixin, ScopedHistoryMixin):
    """Reference data (legal acts, regional objects, calendar overrides, online platforms,
    organisations, violation types): an earlier version may be restored by the authorised body's
    supervisor only, with a required reason recorded in the history (``history_change_reason``)
    with who restored it."""

    history_revert = True

    def extra_form_fields(self, request, obj=None) -> dict:
        fields = super().extra_form_fields(request, obj)
        if getattr(request, "_history_revert", False) and self.revert_allowed(request, obj):
            fields[REVERT_REASON_FIELD] = forms.CharField(
                label=_("Reason for restoring this version"), max_length=100, required=True,
                widget=forms.TextInput(attrs={"size": 80}),
            )
        return fields

    def save_model(self, request, obj, form, change):
        if getattr(request, "_history_revert", False):
            obj._change_reason = form.cleaned_data[REVERT_REASON_FIELD]
        super().save_model(request, obj, form, change)


class ReadOnlyAdminMixin:
    """Records written only by the system (logs, reminders, issued rows): nobody adds, changes or
    deletes them in the admin. Works for model admins and inlines alike."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ScopedRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """A related-field list filter naming only what the user may see: the related model's
    ``visible_to(user)``; a related model without a visibility rule (e.g. users) offers only
    what the user's own rows refer to. Those who see everything get Django's full list."""

    def field_choices(self, field, request, model_admin):
        user = request.user
        if sees_everything(user):
            return super().field_choices(field, request, model_admin)
        related = field.related_model
        if hasattr(related, "visibility_q"):
            limit = Q(pk__in=scoped(related._base_manager.all(), user).values("pk"))
        else:
            referenced = model_admin.get_queryset(request).order_by().values(f"{self.field_path}__pk")
            limit = Q(pk__in=referenced)
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(include_blank=False, limit_choices_to=limit, ordering=ordering)


def scoped_list_filter(model, entry):
    """``entry`` of ``list_filter`` with every related-field filter made a scoped one."""
    if isinstance(entry, str):
        try:
            field = get_fields_from_path(model, entry)[-1]
        except (FieldDoesNotExist, NotRelationField):
            return entry
        return (entry, ScopedRelatedFieldListFilter) if field.is_relation and field.related_model else entry
    if isinstance(entry, (tuple, list)) and len(entry) == 2 and isinstance(entry[1], type) and issubclass(
        entry[1], admin.RelatedFieldListFilter
    ) and not issubclass(entry[1], ScopedRelatedFieldListFilter):
        return (entry[0], ScopedRelatedFieldListFilter)
    return entry


class ScopedAdminMixin(NormalisingAdminMixin, VersionedAdminMixin, ScopedHistoryMixin):
    """Scoped records and choices (above); phones, IMEI, IIN and BIN typed with spaces, dashes,
    brackets are normalised before they are checked, decimals take a decimal comma
    (``registries.fields.NormalisingAdminMixin``)."""

    def get_queryset(self, request):
        return scoped(super().get_queryset(request), request.user)

    def get_list_filter(self, request):
        """Every related-field filter names only what the user may see (``ScopedRelatedFieldListFilter``)."""
        return tuple(scoped_list_filter(self.model, entry) for entry in super().get_list_filter(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if formfield is not None and hasattr(formfield, "queryset"):
            related = formfield.queryset.model
            if hasattr(related, "visibility_q"):
                formfield.queryset = scoped(formfield.queryset, request.user)
        return formfield

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        """Every input of an inline row is named by its column's title for screen readers: a tabular
        inline prints the title once, in the table's head, and no ``<label>`` (WCAG 1.3.1, 4.1.2)."""
        for formset in formsets:
            fields = [*formset.form.base_fields.values()]  # the rows "add another" clones (class made per request)
            fields += [field for form in formset.forms for field in form.fields.values()]
            for field in fields:
                if field.label and not field.widget.is_hidden:
                    field.widget.attrs.setdefault("aria-label", str(capfirst(field.label)))
        return super().get_inline_formsets(request, formsets, inline_instances, obj)


def case_files(case, exclude=()) -> list[dict]:
    """The files attached to ``case`` (screenshots and other evidence): every record of a
    reverse one-to-many relation of the case whose file lives in a ``GuardedStorage`` — its URL is
    the permission-checked view (``cases.uploads``), never a public path. Images are marked so
    the page draws them as thumbnails. The case is one the viewer may see; the view checks again.
    Models in ``exclude`` (drawn by the admin's own inline) are left out."""
    from .uploads import GuardedStorage

    found = []
    for relation in case._meta.related_objects:
        if not relation.one_to_many or relation.hidden:
            continue
        model = relation.related_model
        if model in exclude:
            continue
        file_fields = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        if not file_fields:
            continue
        for record in getattr(case, relation.get_accessor_name()).all():
            for file_field in file_fields:
                stored = getattr(record, file_field.name)
                if not stored or not isinstance(stored.storage, GuardedStorage):
                    continue
                content_type = str(getattr(record, "content_type", "") or "")
                found.append({
                    "url": stored.url,
                    "image": content_type.startswith("image/"),
                    "name": getattr(record, "original_name", "") or getattr(record, "description", "") or str(record),
                    "caption": getattr(record, "description", "") or getattr(record, "url", ""),
                    "size": getattr(record, "size", None),
                    "kind": str(model._meta.verbose_name),
                })
    return found


def case_letters(case, user) -> list[dict]:
    """The letters of ``case`` as ``user`` may read them (the register's scoping: the issuing
    organisation, and the addressee once issued), as ``letter_rows``."""
    try:
        from forms_kz.models import OutgoingLetter
    except ImportError:  # pragma: no cover - forms_kz is installed
        return []
    if user is None or case.pk is None:
        return []
    return letter_rows(OutgoingLetter.objects.for_case(case).visible_to(user).order_by("created_at", "pk"))


def letter_rows(letters) -> list[dict]:
    """Letters as the letters table shows them (cases/letters_table.html): the form by its title,
    number, date, state and — for a letter with its PDF — the register's permission-checked
    download link. ``letters`` are already those the viewer may read."""
    return [
        {
            "letter": letter,
            "number": letter.register_number,
            "date": letter.issued_at or letter.created_at,
            "state": letter.state,
            "state_label": letter.get_state_display(),
            "title": letter_title(letter),
            "change_url": reverse("admin:forms_kz_outgoingletter_change", args=[letter.pk]),
            "download_url": reverse("admin:forms_kz_outgoingletter_download", args=[letter.pk]) if letter.pdf else "",
        }
        for letter in letters
    ]


def render_letters_table(letters) -> str:
    """The letters table of any page that lists a record's letters (a case, a service request)."""
    return render_to_string("cases/letters_table.html", {"case_letters": letter_rows(letters)})


class CaseAdminMixin(LegalPathAdminMixin, ScopedAdminMixin, FSMAdminMixin):
    fsm_fields = ["state"]
    fsm_transition_success_msg = _("Step “{transition_name}” done.")
    fsm_transition_error_msg = _("Step “{transition_name}” refused: {error}.")
    fsm_transition_not_allowed_msg = _("Step “{transition_name}” is not allowed.")
    case_readonly_fields = ("deadline_badge", "deadlines_panel", "timeline_panel")

    @admin.display(description=_("Next deadline"))
    def deadline_badge(self, obj):
        return deadline_badge(obj)

    def get_queryset(self, request):
        return with_next_deadline(super().get_queryset(request))

    def get_list_display(self, request):
        display = tuple(super().get_list_display(request))
        return display if "deadline_badge" in display else (*display, "deadline_badge")

    def get_list_filter(self, request):
        filters = tuple(super().get_list_filter(request))
        for extra in (DeadlineStatusFilter, WaitingForMyOrganisationFilter):
            filters = filters if extra in filters else (*filters, extra)
        return filters

    @staticmethod
    def get_fsm_block_label(fsm_field_name):
        return gettext("Legal steps")

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        return fields + tuple(f for f in self.case_readonly_fields if f not in fields) if obj else fields

    def get_help_text(self, transition):
        # django-fsm-2's step form prints the help text as is: no text rather than "None"
        return transition.custom.get("help_text") or ""

    def get_fsm_label(self, transition):
        return str(transition.custom.get("label") or transition.name)

    # --- legal steps: the buttons are exactly the moves judged available (cases.steps) ---------

    change_form_template = "cases/case_change_form.html"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The change form with ``step_buttons`` (cases/case_change_form.html); django-fsm-2's
        own button context is skipped (it would load the case once more for nothing)."""
        extra_context = dict(extra_context or {})
        obj = self.get_object(request, unquote(object_id))
        if obj is not None:
            extra_context["step_buttons"] = self.step_buttons(request, obj)
            extra_context["case_summary"] = case_summary(obj, request.user)
            shown = {  # files an inline already draws (a read-only ``preview``) are not listed twice
                inline.model for inline in self.get_inline_instances(request, obj)
                if "preview" in (inline.get_fields(request, obj) or ())
            }
            extra_context["case_files"] = case_files(obj, exclude=shown)
            extra_context["case_letters"] = case_letters(obj, request.user)
        return super(FSMAdminMixin, self).change_view(request, object_id, form_url, extra_context)

    def step_buttons(self, request, obj) -> list[dict]:
        """The steps this user may take now (``cases.steps.moves``, as the legal-path panel): a
        one-click step posts the change form; a step with a form (its input or its real time),
        or any step of a user who only reads the case, links to the step's page (posting the
        change form would answer a bare 403 to a reader)."""
        posts = self.has_change_permission(request, obj)
        url_name = f"admin:{self.opts.app_label}_{self.opts.model_name}_transition"
        buttons = []
        for move in moves(obj, request.user):
            if move.status != MoveStatus.AVAILABLE:
                continue
            transition = transition_named(type(obj), move.name)
            # an irreversible decision (``step(confirm=...)``) is never one click: its page asks once more
            one_click = posts and self.own_step_form(transition) is None and not move.confirm
            page = reverse(url_name, args=[obj.pk, move.name])
            buttons.append({
                "name": move.name,
                "label": move.label,
                "citation": move.citation,
                "url": None if one_click else page,
                "confirm": bool(move.confirm),
                # a one-click step done outside the system: its page records the real time
                "afterwards_url": page if one_click and move.afterwards else None,
            })
        return buttons

    def own_step_form(self, transition):
        """The form the step declares (its input), or None for a one-click step."""
        return super().get_fsm_transition_form(transition)

    def get_fsm_transition_form(self, transition):
        """The step page's form: the step's own form, plus the real time of a step that may be
        recorded afterwards (a one-click step gets a page for that too)."""
        custom = transition.custom or {}
        form = self.own_step_form(transition)
        if form is None and custom.get("afterwards"):
            form = StepForm
        if form is not None and custom.get("afterwards"):
            form = with_occurred_at(form)
        return form

    def response_change(self, request, obj):
        """A posted step button: a step with its own form opens its page, and so does an
        irreversible decision (its page says what will happen and asks once more); a one-click
        step runs now."""
        name = request.POST.get(self.fsm_post_param)
        transition = transition_named(type(obj), name) if name else None
        if transition is None or self.own_step_form(transition) is not None:
            return super().response_change(request, obj)
        if confirmation_of(transition):
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_transition", obj.pk, name)
        self._apply_fsm_transition(obj=obj, transition_name=name, request=request)
        return redirect(request.path)

    def _take_step(self, obj, transition_name, user, data):
        """The step's one service (``cases.steps.take_step``)."""
        return take_step(obj, transition_name, user, **data)

    def _refused_message(self, label, reason) -> str:
        """"Step … refused: <reasons>." — the reasons' own final full stop is not doubled."""
        return self.fsm_transition_error_msg.format(transition_name=label, error=str(reason).rstrip(". "))

    @staticmethod
    def _refusal(obj, transition_name, user):
        """(the move, why this user may not take it now — or "" when they may)."""
        move = next((m for m in moves(obj, user) if m.name == transition_name), None)
        if move is None:
            return None, gettext("This step is not possible in the case's current state.")
        if move.status == MoveStatus.BLOCKED:
            return move, "; ".join(str(u) for u in move.unmet)
        if move.status == MoveStatus.OTHERS:
            return move, gettext("This step is taken by: %(actor)s.") % {"actor": move.actor}
        if move.status == MoveStatus.SYSTEM:
            return move, gettext("The system takes this step itself.")
        return move, ""

    def _apply_fsm_transition(self, *, obj, transition_name, request, kwargs=None, form=None):
        label = transition_name
        transition = transition_named(type(obj), transition_name)
        if transition is not None:
            label = self.get_fsm_label(transition)
        _move, reason = self._refusal(obj, transition_name, request.user)
        if reason:
            self.message_user(request, self._refused_message(label, reason), level=messages.ERROR)
            return False
        data = {key: value for key, value in (kwargs or {}).items() if not (key == "occurred_at" and value is None)}
        try:
            self._take_step(obj, transition_name, request.user, data)
        except TransitionRefused as refusal:
            if form is not None and refusal.errors:
                for name, errors in refusal.errors.items():
                    form.add_error(name if name in form.fields else None, errors)
                return False
            self.message_user(
                request,
                self._refused_message(label, "; ".join(map(str, refusal.messages))),
                level=messages.ERROR,
            )
            return False
        self.message_user(request, self.fsm_transition_success_msg.format(transition_name=label), level=messages.SUCCESS)
        return True

    step_page_template = "cases/transition_form.html"

    def fsm_transition_view(self, request, object_id, transition_name, **kwargs):
        """A step's page, drawn like the admin's change form (``cases/transition_form.html``): the
        case it acts on, the step's clause, its form with the admin's date and time pickers, and
        for an irreversible decision what will happen with "yes, I confirm". Only for a step this
        user may take now; otherwise back to the case with the reason (never a bare error page).
        A refused or mistyped entry is answered next to its field with everything typed kept."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        change_url = f"admin:{self.opts.app_label}_{self.opts.model_name}_change"
        move, reason = self._refusal(obj, transition_name, request.user)
        if reason:
            label = move.label if move else transition_name
            self.message_user(request, self._refused_message(label, reason), level=messages.ERROR)
            return redirect(change_url, object_id=obj.pk)
        transition = transition_named(type(obj), transition_name)
        # the page carries the case's version: a step posted from a page older than the case is refused
        form_class = versioned_form(self.get_fsm_transition_form(transition) or StepForm, check=False)
        data = request.POST if request.method == "POST" else None
        if issubclass(form_class, forms.ModelForm):
            transition_form = form_class(data=data, instance=obj, record=obj)
        else:
            transition_form = form_class(data=data, record=obj)
        with_admin_date_widgets(transition_form)
        if request.method == "POST" and transition_form.is_valid():
            cleaned = dict(transition_form.cleaned_data)
            with transaction.atomic():
                refusal = stale(obj, cleaned.pop(VERSION_FIELD, ""))
                if refusal:
                    transition_form.add_error(None, refusal)
                    applied = False
                else:
                    applied = self._apply_fsm_transition(
                        obj=obj, transition_name=transition_name, request=request, kwargs=cleaned, form=transition_form
                    )
            if applied or not transition_form.errors:
                return redirect(change_url, object_id=obj.pk)
        return TemplateResponse(request, self.step_page_template, self.step_page_context(request, obj, move, transition_form))

    def step_page_context(self, request, obj, move, transition_form) -> dict:
        visible = [name for name, field in transition_form.fields.items() if not field.widget.is_hidden]
        return self.admin_site.each_context(request) | {
            "opts": self.model._meta,
            "original": obj,
            "title": move.label,
            "step": move,
            "confirm": move.confirm,
            "case_summary": case_summary(obj, request.user),
            "transition_form": transition_form,
            "adminform": helpers.AdminForm(transition_form, [(None, {"fields": visible})], {}),
            "form_draws_itself": draws_itself(transition_form),
            "errors": helpers.AdminErrorList(transition_form, []),
            "cancel_url": reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk]),
            "media": self.media + transition_form.media,
        }

    def _get_fsm_transition_func(self, *, obj, transition_name):
        try:
            return transition_method(obj, transition_name)
        except TransitionRefused as refusal:
            raise ValueError(str(refusal)) from refusal

    @admin.display(description=_("Deadlines"))
    def deadlines_panel(self, obj):
        deadlines = case_deadlines(obj, getattr(obj, "_viewer", None))
        for deadline in deadlines:
            deadline.rule_label = rule_label(deadline.rule_code)
        return render_to_string("cases/deadlines_panel.html", {"deadlines": deadlines, "now": timezone.now()})

    @admin.display(description=_("Timeline"))
    def timeline_panel(self, obj):
        state_field = obj._meta.get_field("state")
        states = {str(value): label for value, label in state_field.choices}
        steps = {t.name: t.custom.get("label") or t.name for t in state_field.get_all_transitions(type(obj))}
        logs = [
            {
                "at": log.at,
                "step": steps.get(log.transition, log.transition),
                "source": states.get(log.source, log.source),
                "target": states.get(log.target, log.target),
                "by": person_label(log.by),
                "comment": log.comment,
                "afterwards": log.recorded_afterwards,
                "entered_at": log.entered_at,
            }
            for log in case_logs(obj, getattr(obj, "_viewer", None))
        ]
        opts = obj._meta
        page = reverse("case-timeline", args=[opts.app_label, opts.model_name, obj.pk])
        return render_to_string("cases/timeline_panel.html", {"logs": logs, "timeline_page": page})
