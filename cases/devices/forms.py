"""Admin forms: the steps that need input, and the demand's lines (validated by ``lines``)."""

import re
from contextvars import ContextVar

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.utils.translation import gettext_lazy as _

from registries.validators import normalise_imei, normalise_kz_mobile

from . import selectors
from .choices import DemandKind
from .lines import LinesInvalid, clean_lines, normalised_or_raw
from .models import DemandDevice, DeviceDemand

#: The user taking a step in the admin (set by ``DeviceDemandAdmin.fsm_transition_view``): a
#: mobile operator's execution form lists only that operator's lines.
acting_user: ContextVar = ContextVar("devices_acting_user", default=None)


def real_time_field(label, help_text):
    """The real time of a step done outside the system (``occurred_at`` of ``cases.steps``)."""
    return forms.SplitDateTimeField(label=label, help_text=help_text, required=False, widget=AdminSplitDateTime)


def comment_field():
    return forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReceiveForm(forms.Form):
    """p. 20-2 / 20-6: when the database operator received the demand (empty: now)."""

    occurred_at = real_time_field(
        _("Received at"),
        _("Leave empty for now; for a demand received by post, its real time of receipt. "
          "The 1-hour and 24-hour terms run from this moment."),
    )
    comment = comment_field()


class NotifyForm(forms.Form):
    """p. 20-3 / 20-7: when the mobile operators were notified (empty: now)."""

    occurred_at = real_time_field(
        _("Notified at"),
        _("Leave empty for now; if the mobile operators were notified outside the system, the real time. "
          "Their 3-working-hour terms (p. 20-4 / 20-8) run from this moment."),
    )
    comment = comment_field()


class WithdrawForm(forms.Form):
    """A demand opened in error is withdrawn before its receipt, with its reason."""

    reason = forms.CharField(
        label=_("Reason for the withdrawal"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the demand was opened in error (recorded on the demand)."),
    )
    occurred_at = real_time_field(_("Withdrawn at"), _("Leave empty for now; for a withdrawal by letter, its real time."))
    comment = comment_field()


class InformForm(forms.Form):
    """The form of the Appendix asks to be informed within 24 hours of receipt: the answer."""

    answer = forms.CharField(
        label=_("Answer to the requester"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was done, device by device (sent to the penitentiary-system authority)."),
    )
    occurred_at = real_time_field(
        _("Informed at"), _("Leave empty for now; if the requester was informed outside the system, the real time.")
    )
    comment = comment_field()


class ExecuteForm(forms.ModelForm):
    """p. 20-4 / 20-8: the mobile operator marks its own notified lines executed."""

    devices = forms.ModelMultipleChoiceField(
        label=_("Devices executed"),
        queryset=DemandDevice.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only the lines addressed to your organisation that await execution."),
    )
    occurred_at = real_time_field(
        _("Executed at"),
        _("Leave empty for now. Not in the future, not before the notification."),
    )
    comment = comment_field()

    class Meta:
        model = DeviceDemand
        fields: list = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = acting_user.get()
        lines = selectors.lines_to_execute(self.instance, user) if user is not None and self.instance.pk else DemandDevice.objects.none()
        field = self.fields["devices"]
        field.queryset = lines
        field.label_from_instance = lambda line: f"{line.label()} — {line.phone}"
        field.initial = list(lines)


class DemandDeviceForm(forms.ModelForm):
    """One line: IMEI and phone accepted in any common notation and normalised; their errors
    (naming the line) come from the formset's one validator, ``lines.clean_lines``."""

    imei = forms.CharField(label=_("identification code (IMEI)"), max_length=40)
    phone = forms.CharField(label=_("phone number"), max_length=40)

    class Meta:
        model = DemandDevice
        fields = ("imei", "phone", "operator", "suspension")

    def clean_imei(self):
        return normalised_or_raw(normalise_imei, self.cleaned_data.get("imei"))

    def clean_phone(self):
        return normalised_or_raw(normalise_kz_mobile, self.cleaned_data.get("phone"))

    def _get_validation_exclusions(self):
        return super()._get_validation_exclusions() | {"imei", "phone"}


class DemandDeviceFormSet(forms.BaseInlineFormSet):
    """The act's rules over all lines of the demand (``lines.clean_lines``): every error is put
    on its line and names line and IMEI; good lines get their normalised values."""

    def _live_forms(self):
        return [
            form for form in self.forms
            if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
            and (form.has_changed() or form.instance.pk is not None)
        ]

    def clean(self):
        super().clean()
        live = self._live_forms()
        if not live or "imei" not in live[0].fields:
            return  # no line, or only the mobile operator of the lines is being chosen
        kind = getattr(self.instance, "kind", None) or DemandKind.SUSPEND
        fields = ("imei", "phone", "operator", "suspension")
        lines = [{name: form.cleaned_data.get(name) for name in fields} for form in live]
        try:
            cleaned = clean_lines(kind, lines, demand_id=self.instance.pk)
        except LinesInvalid as exc:
            for form, errors in zip(live, exc.rows, strict=True):
                for name, messages in errors.items():
                    form.add_error(name if name in form.fields else None, messages)
            return
        for form, line in zip(live, cleaned, strict=True):
            form.instance.imei, form.instance.phone, form.instance.suspension = line.imei, line.phone, line.suspension


class DemandLinesGridForm(forms.Form):
    """The lines of a draft demand as one grid (seed 000 ch. 3-1): a row per device — IMEI, phone
    number, mobile operator — and a box to paste many rows from a spreadsheet at once. The one
    service (``services.replace_demand_lines``) checks and saves them all; a restoration's
    suspension is found by its IMEI (``lines.clean_lines``)."""

    #: Empty rows offered after the stored lines (a paste adds as many as it needs).
    EXTRA_ROWS = 5
    MAX_ROWS = 2000
    _CELL = re.compile(r"^l(\d+)_(imei|phone|operator)$")

    paste = forms.CharField(
        label=_("Paste from a spreadsheet"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        help_text=_("Copy the rows in Excel or LibreOffice — IMEI, phone number, mobile operator; with or without "
                    "the header row — and paste them here (they are added after the filled rows), or straight into a cell."),
    )

    def __init__(self, *args, demand, **kwargs):
        super().__init__(*args, **kwargs)
        from registries.models import Organisation
        from registries.roles import OrganisationKind

        self.demand = demand
        self.operators = list(Organisation.objects.filter(kind=OrganisationKind.MOBILE_OPERATOR, is_active=True).order_by("name_kk"))
        self.stored = list(demand.devices.select_related("operator", "suspension").order_by("row"))
        self._build(self._typed_count() if self.is_bound else len(self.stored) + self.EXTRA_ROWS)

    def _typed_count(self) -> int:
        indexes = [int(m.group(1)) for m in (self._CELL.match(key) for key in self.data) if m]
        return min(max(indexes, default=-1) + 1, self.MAX_ROWS) or 1

    def _build(self, count: int) -> None:
        choices = [("", "—")] + [(str(o.pk), str(o)) for o in self.operators]
        for name in [n for n in self.fields if self._CELL.match(n)]:
            del self.fields[name]
        for i in range(count):
            line = self.stored[i] if not self.is_bound and i < len(self.stored) else None
            number = i + 1
            self.fields[f"l{i}_imei"] = forms.CharField(
                label=_("line %(row)s: IMEI") % {"row": number}, required=False, max_length=40, initial=line.imei if line else "")
            self.fields[f"l{i}_phone"] = forms.CharField(
                label=_("line %(row)s: phone number") % {"row": number}, required=False, max_length=40,
                initial=line.phone if line else "")
            self.fields[f"l{i}_operator"] = forms.ChoiceField(
                label=_("line %(row)s: mobile operator") % {"row": number}, required=False, choices=choices,
                initial=str(line.operator_id) if line and line.operator_id else "")
        self.row_count = count

    def rows(self):
        """(line number, its IMEI, phone and operator bound fields) for the template."""
        return [(i + 1, [self[f"l{i}_{name}"] for name in ("imei", "phone", "operator")]) for i in range(self.row_count)]

    def _typed(self, i: int, name: str) -> str:
        return str(self.data.get(self.add_prefix(f"l{i}_{name}"), "") or "").strip()

    def _filled(self, i: int) -> bool:
        return any(self._typed(i, name) for name in ("imei", "phone", "operator"))

    def lines(self) -> list[tuple[int, dict]]:
        """The filled rows as (grid index, line for ``services.replace_demand_lines``); an empty row is skipped."""
        operators = {str(o.pk): o for o in self.operators}
        suspensions = {line.imei: line.suspension for line in self.stored if line.suspension_id}
        found = []
        for i in range(self.row_count):
            if not self._filled(i):
                continue
            imei = self.cleaned_data.get(f"l{i}_imei", "")
            found.append((i, {
                "row": i + 1,
                "imei": imei,
                "phone": self.cleaned_data.get(f"l{i}_phone", ""),
                "operator": operators.get(self.cleaned_data.get(f"l{i}_operator") or ""),
                "suspension": suspensions.get(normalised_or_raw(normalise_imei, imei)),
            }))
        return found

    def take_paste(self) -> list[str]:
        """Add the pasted rows after the last filled one (nothing is saved): the problems of the paste."""
        from .lines import organisation_name_key, read_pasted_lines

        pasted = read_pasted_lines(self.data.get(self.add_prefix("paste"), ""))
        problems = list(pasted.problems)
        by_name = {organisation_name_key(name): str(o.pk) for o in self.operators for name in (o.name_kk, o.name_ru) if name}
        start = max((i + 1 for i in range(self.row_count) if self._filled(i)), default=0)
        data = self.data.copy()
        for offset, line in enumerate(pasted.lines[: self.MAX_ROWS - start]):
            i = start + offset
            data[self.add_prefix(f"l{i}_imei")] = line["imei"]
            data[self.add_prefix(f"l{i}_phone")] = line["phone"]
            operator = line["operator"]
            data[self.add_prefix(f"l{i}_operator")] = by_name.get(organisation_name_key(operator), "") if operator else ""
            if operator and not data[self.add_prefix(f"l{i}_operator")]:
                problems.append(_("Line %(row)s: no mobile operator “%(name)s”; choose it in the list.") % {"row": i + 1, "name": operator})
        data[self.add_prefix("paste")] = ""
        self.data = data
        self._build(max(start + len(pasted.lines), self.row_count) + 1)
        return problems

    def add_line_errors(self, indexes: list[int], rows: list[dict]) -> None:
        """``LinesInvalid.rows`` (aligned with ``indexes``, the grid rows given) put at their cells."""
        for i, errors in zip(indexes, rows, strict=False):
            for name, messages in errors.items():
                field = f"l{i}_{name}"
                self.add_error(field if field in self.fields else None, messages)

    def error_count(self) -> int:
        return sum(1 for name in self.errors if self._CELL.match(name))
